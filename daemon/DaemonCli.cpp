#include "DaemonCli.h"

#include "DaemonApp.h"
#include "SendTestCommand.h"

#include "core/ConfigLoader.h"
#include "core/Paths.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>

#include <cstdio>

namespace Postrider {

namespace {

struct Flags
{
    QHash<QString, QString> values;
    QStringList bools;
    QString error;
};

/// Go `flag` package rules: `-x`, `--x`, `-x=v`, `--x v`; parsing stops at the first non-flag.
Flags parseFlags(const QStringList &args, const QStringList &valueFlags, const QStringList &boolFlags)
{
    Flags f;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString a = args[i];
        if (!a.startsWith(u'-') || a == QLatin1String("-")) {
            f.error = QStringLiteral("unexpected argument \"%1\"").arg(a);
            return f;
        }
        a = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = a.indexOf(u'='); eq >= 0) {
            value = a.mid(eq + 1);
            a.truncate(eq);
            hasValue = true;
        }
        if (boolFlags.contains(a)) {
            if (hasValue && value != QLatin1String("true") && value != QLatin1String("1")) {
                if (value != QLatin1String("false") && value != QLatin1String("0"))
                    f.error = QStringLiteral("invalid boolean value \"%1\" for -%2").arg(value, a);
                continue;
            }
            f.bools.append(a);
            continue;
        }
        if (!valueFlags.contains(a)) {
            f.error = QStringLiteral("flag provided but not defined: -%1").arg(a);
            return f;
        }
        if (!hasValue) {
            if (i + 1 >= args.size()) {
                f.error = QStringLiteral("flag needs an argument: -%1").arg(a);
                return f;
            }
            value = args[++i];
        }
        if (a == QLatin1String("attach"))
            f.values[a] += (f.values[a].isEmpty() ? QString() : QStringLiteral("\n")) + value;
        else
            f.values[a] = value;
    }
    return f;
}

QString defaultConfigPath()
{
    const QString ours = Paths::defaultConfigFile();
#ifndef Q_OS_WIN
    // Migrating from Posthorn: its default location still works when ours does not exist yet.
    if (!QFileInfo::exists(ours) && QFileInfo::exists(QStringLiteral("/etc/posthorn/config.toml")))
        return QStringLiteral("/etc/posthorn/config.toml");
#endif
    return ours;
}

} // namespace

QString DaemonCli::usage()
{
    return QStringLiteral("Usage: postriderd <command> [flags]\n"
                          "\n"
                          "Commands:\n"
                          "  serve      run the gateway\n"
                          "               --config PATH     config file (default %1)\n"
                          "               --default-config  use the built-in development config instead\n"
                          "               --listen ADDR     HTTP listen address (default 127.0.0.1:8080)\n"
                          "  validate   check a config the way serve would, then exit\n"
                          "               --config PATH\n"
                          "  send-test  send one real test message through a configured transport\n"
                          "               --config PATH (--endpoint PATH | --smtp-listener | --transport NAME)\n"
                          "               --to ADDR [--html] [--attach FILE]...\n"
                          "  version    print the version\n"
                          "  help       print this help\n")
        .arg(Paths::defaultConfigFile());
}

int DaemonCli::run(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(args, out, err);
}

int DaemonCli::run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2) {
        err << usage();
        return 2;
    }
    const QString cmd = args[1];
    const QStringList rest = args.mid(2);
    const auto fail = [&err](const QString &message) {
        err << "postriderd: " << message << "\n";
        err.flush();
        return 1;
    };

    if (cmd == QLatin1String("version") || cmd == QLatin1String("-v") || cmd == QLatin1String("--version")) {
        out << "postriderd " << POSTRIDER_VERSION << "\n";
        return 0;
    }
    if (cmd == QLatin1String("help") || cmd == QLatin1String("-h") || cmd == QLatin1String("--help")) {
        out << usage();
        return 0;
    }
    if (cmd == QLatin1String("validate")) {
        const Flags f = parseFlags(rest, {QStringLiteral("config")}, {});
        if (!f.error.isEmpty())
            return fail(f.error);
        const QString path = f.values.value(QStringLiteral("config"), defaultConfigPath());
        const ConfigLoadResult loaded = ConfigLoader::loadFile(path);
        if (!loaded.ok())
            return fail(QStringLiteral("config has %1 error(s):\n").arg(loaded.errors.size()) + loaded.errorText());
        const Status built = DaemonApp::checkBuild(loaded.config);
        if (!built)
            return fail(built.error().message);
        out << "config OK: " << loaded.config.endpoints.size() << " endpoint(s)";
        if (loaded.config.smtpListener)
            out << ", smtp_listener on " << loaded.config.smtpListener->listen;
        out << "\n";
        return 0;
    }
    if (cmd == QLatin1String("serve")) {
        const Flags f =
            parseFlags(rest, {QStringLiteral("config"), QStringLiteral("listen")}, {QStringLiteral("default-config")});
        if (!f.error.isEmpty())
            return fail(f.error);
        DaemonApp::Options opts;
        opts.useDefaultConfig = f.bools.contains(QStringLiteral("default-config"));
        if (opts.useDefaultConfig && f.values.contains(QStringLiteral("config")))
            return fail(QStringLiteral("--config and --default-config are mutually exclusive"));
        opts.configPath = f.values.value(QStringLiteral("config"), defaultConfigPath());
        opts.listen = f.values.value(QStringLiteral("listen"));
        DaemonApp app(opts);
        const Status started = app.start();
        if (!started)
            return fail(started.error().message);
        return QCoreApplication::exec();
    }
    if (cmd == QLatin1String("send-test")) {
        const Flags f = parseFlags(rest,
                                   {QStringLiteral("config"), QStringLiteral("endpoint"), QStringLiteral("transport"),
                                    QStringLiteral("to"), QStringLiteral("attach"), QStringLiteral("from")},
                                   {QStringLiteral("smtp-listener"), QStringLiteral("html")});
        if (!f.error.isEmpty())
            return fail(f.error);
        SendTestCommand::Options o;
        o.configPath = f.values.value(QStringLiteral("config"), defaultConfigPath());
        o.endpoint = f.values.value(QStringLiteral("endpoint"));
        o.transport = f.values.value(QStringLiteral("transport"));
        o.smtpListener = f.bools.contains(QStringLiteral("smtp-listener"));
        o.to = f.values.value(QStringLiteral("to"));
        o.from = f.values.value(QStringLiteral("from"));
        o.html = f.bools.contains(QStringLiteral("html"));
        const QString attach = f.values.value(QStringLiteral("attach"));
        o.attachments = attach.isEmpty() ? QStringList() : attach.split(u'\n');
        return SendTestCommand::run(o, out, err);
    }
    err << "postriderd: unknown command \"" << cmd << "\"\n" << usage();
    return 2;
}

} // namespace Postrider
