#include "Paths.h"

#include <QDir>
#include <QStandardPaths>

namespace Postrider::Paths {

QString defaultConfigFile()
{
#ifdef Q_OS_WIN
    return QDir::fromNativeSeparators(qEnvironmentVariable("ProgramData", QStringLiteral("C:/ProgramData")))
        + QStringLiteral("/Postrider/config.toml");
#else
    return QStringLiteral("/etc/postrider/config.toml");
#endif
}

QString defaultStateDir()
{
    const QString systemd = qEnvironmentVariable("STATE_DIRECTORY");
    if (!systemd.isEmpty())
        return systemd.split(u':').first();
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/postrider");
    return dir;
}

QString defaultControlSocket()
{
#ifdef Q_OS_WIN
    return QStringLiteral("postrider-control");
#else
    const QString runtime = qEnvironmentVariable("RUNTIME_DIRECTORY");
    if (!runtime.isEmpty())
        return runtime.split(u':').first() + QStringLiteral("/control.sock");
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + QStringLiteral("/postrider-control.sock");
#endif
}

QString resolve(const QString &baseDir, const QString &path)
{
    if (path.isEmpty() || path.startsWith(u':') || QDir::isAbsolutePath(path) || baseDir.isEmpty())
        return path;
    return QDir::cleanPath(QDir(baseDir).filePath(path));
}

} // namespace Postrider::Paths
