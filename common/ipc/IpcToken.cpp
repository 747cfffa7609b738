#include "IpcToken.h"

#include "IpcErrors.h"

#include "core/Crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#ifdef Q_OS_UNIX
#    include <cerrno>
#    include <cstring>
#    include <fcntl.h>
#    include <grp.h>
#    include <sys/stat.h>
#    include <unistd.h>
#endif

namespace Postrider::Ipc {

namespace {
Error writeError(const QString &path, const QString &why)
{
    return Error(QString(ErrorCode::kTokenWrite), QStringLiteral("token file %1: %2").arg(path, why),
                 {{QStringLiteral("path"), path}});
}
} // namespace

QByteArray IpcToken::generate()
{
    return randomBytes(kTokenBytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString IpcToken::defaultPath(const QString &socketPath, const QString &stateDir)
{
    const bool isPath = socketPath.contains(u'/') || socketPath.contains(u'\\');
    if (!isPath)
        return QDir(stateDir).filePath(QStringLiteral("control.token"));
    const QFileInfo info(socketPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".token"));
}

Status IpcToken::write(const QString &path, const QByteArray &token, const QString &group)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return writeError(path, QStringLiteral("cannot create the directory"));
#ifdef Q_OS_UNIX
    gid_t gid = gid_t(-1);
    if (!group.isEmpty()) {
        const struct group *g = ::getgrnam(group.toLocal8Bit().constData());
        if (!g)
            return writeError(path, QStringLiteral("unknown group \"%1\"").arg(group));
        gid = g->gr_gid;
    }
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".new";
    ::unlink(temp.constData());
    // The mode is set at creation, before any byte of the token exists on disk.
    const mode_t mode = group.isEmpty() ? 0600 : 0640;
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return writeError(path, QString::fromLocal8Bit(std::strerror(errno)));
    const auto failed = [&](const QString &why) {
        ::close(fd);
        ::unlink(temp.constData());
        return writeError(path, why);
    };
    if (::fchmod(fd, mode) != 0) // the umask may have narrowed the mode open() used
        return failed(QString::fromLocal8Bit(std::strerror(errno)));
    if (gid != gid_t(-1) && ::fchown(fd, uid_t(-1), gid) != 0)
        return failed(
            QStringLiteral("cannot give it group \"%1\": %2").arg(group, QString::fromLocal8Bit(std::strerror(errno))));
    const QByteArray line = token + '\n';
    if (::write(fd, line.constData(), size_t(line.size())) != ssize_t(line.size()) || ::fsync(fd) != 0)
        return failed(QString::fromLocal8Bit(std::strerror(errno)));
    ::close(fd);
    if (::rename(temp.constData(), target.constData()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::unlink(temp.constData());
        return writeError(path, why);
    }
    return {};
#else
    Q_UNUSED(group)
    // Windows: the file inherits the ACL of the daemon's state directory.
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(token + '\n') < 0 || !f.commit())
        return writeError(path, f.errorString());
    return {};
#endif
}

Result<QByteArray> IpcToken::read(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(QString(ErrorCode::kTokenUnreadable), QStringLiteral("%1: %2").arg(path, f.errorString()),
                     {{QStringLiteral("path"), path}});
    const QByteArray token = f.read(kMaxTokenFileSize).trimmed();
    if (token.isEmpty())
        return Error(QString(ErrorCode::kTokenUnreadable), QStringLiteral("%1 is empty").arg(path),
                     {{QStringLiteral("path"), path}});
    return token;
}

} // namespace Postrider::Ipc
