#pragma once

#include "core/Config.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace Postrider {

/// \brief The daemon's config file as the admin app edits it: read without secrets, check an
/// edited text exactly as a reload would (secret markers restored first), and save atomically,
/// keeping the previous file as `<file>.bak` (house rule 9).
class ConfigFile
{
public:
    /// Checks beyond loading (DaemonApp::checkBuild).
    using BuildCheck = std::function<Status(const Config &)>;

    /// \brief An edited text with its secrets restored, and what is wrong with it.
    struct Checked
    {
        QString text; ///< with secrets: never leaves the daemon
        ConfigErrors errors;
        bool ok() const { return errors.isEmpty(); }
    };

    /// Errors: `config.read_failed`, `config.invalid` (the file is not TOML).
    static Result<QString> readRedacted(const QString &path, const QStringList &knownSecrets);
    static Checked check(const QString &path, const QString &edited, const BuildCheck &buildCheck);
    /// Writes `text` over `path` (QSaveFile), first saving the current content to `path.bak`.
    /// Errors: `config.write_failed` (details: path).
    static Status save(const QString &path, const QString &text);
};

} // namespace Postrider
