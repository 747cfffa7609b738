#pragma once

#include <QStringList>
#include <QTextStream>

namespace Postrider {

/// \brief The `postriderd` command line, compatible with Posthorn's (`serve`, `validate`,
/// `version`, `help`; one or two dashes; `--flag value` or `--flag=value`) plus Postrider's own
/// commands. Exit codes: 0 success, 1 runtime or config error (and a second signal), 2 usage.
class DaemonCli
{
public:
    /// Runs the command in `args` (args[0] is the program). May enter the event loop (serve).
    static int run(const QStringList &args);
    /// Same, writing to the given streams (tests).
    static int run(const QStringList &args, QTextStream &out, QTextStream &err);
    static QString usage();
};

} // namespace Postrider
