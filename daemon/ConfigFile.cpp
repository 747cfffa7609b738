#include "ConfigFile.h"

#include "core/ConfigLoader.h"
#include "core/ConfigSecrets.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace Postrider {

namespace {
/// Largest config the admin app may send (the loader's own cap for files).
constexpr qsizetype kMaxConfigText = 4 << 20;

Error writeFailed(const QString &path, const QString &why)
{
    return Error(QStringLiteral("config.write_failed"), QStringLiteral("cannot write %1: %2").arg(path, why),
                 {{QStringLiteral("path"), path}});
}

/// A build-check error as a located config error: details first, else "file:line:col: " text.
ConfigError locate(const Error &e, const QString &path)
{
    ConfigError out;
    out.where.file = path;
    out.where.line = e.details.value(QLatin1String("line")).toInt();
    out.where.column = e.details.value(QLatin1String("column")).toInt();
    out.key = e.details.value(QLatin1String("key")).toString();
    out.message = e.message;
    static const QRegularExpression prefix(QStringLiteral(R"(^.*?:(\d+):(\d+): )"));
    if (const QRegularExpressionMatch m = prefix.match(e.message); m.hasMatch() && out.where.line == 0) {
        out.where.line = m.captured(1).toInt();
        out.where.column = m.captured(2).toInt();
        out.message = e.message.mid(m.capturedEnd());
    }
    return out;
}
} // namespace

Result<QString> ConfigFile::readRedacted(const QString &path, const QStringList &knownSecrets)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("config.read_failed"), QStringLiteral("%1: %2").arg(path, f.errorString()),
                     {{QStringLiteral("path"), path}});
    return ConfigSecrets::redact(QString::fromUtf8(f.read(kMaxConfigText)), knownSecrets);
}

ConfigFile::Checked ConfigFile::check(const QString &path, const QString &edited, const BuildCheck &buildCheck)
{
    Checked out;
    if (edited.size() > kMaxConfigText) {
        out.errors.append(ConfigError{SourceLocation{path, 0, 0},
                                      QString(),
                                      QStringLiteral("the config is larger than %1 bytes").arg(kMaxConfigText),
                                      {}});
        return out;
    }
    QString current;
    if (QFile f(path); f.open(QIODevice::ReadOnly))
        current = QString::fromUtf8(f.read(kMaxConfigText));
    const auto restored = ConfigSecrets::restore(edited, current);
    if (!restored) {
        out.errors.append(locate(restored.error(), path));
        return out;
    }
    out.text = *restored;
    const ConfigLoadResult loaded = ConfigLoader::loadText(out.text.toUtf8(), path, QFileInfo(path).absolutePath());
    if (!loaded.ok()) {
        out.errors = loaded.errors;
        return out;
    }
    if (buildCheck)
        if (const Status s = buildCheck(loaded.config); !s)
            out.errors.append(locate(s.error(), path));
    return out;
}

Status ConfigFile::save(const QString &path, const QString &text)
{
    if (QFile::exists(path)) {
        // QFile::copy writes through a 0600 temporary file and then copies the source's
        // permissions, so the secrets in the backup are never readable by more than the original.
        const QString backup = path + QStringLiteral(".bak");
        QFile::remove(backup);
        if (QFile source(path); !source.copy(backup))
            return writeFailed(backup, source.errorString());
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit())
        return writeFailed(path, f.errorString());
    return {};
}

} // namespace Postrider
