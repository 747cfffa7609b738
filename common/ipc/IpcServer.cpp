#include "IpcServer.h"

#include "FrameCodec.h"
#include "IpcConnection.h"
#include "IpcErrors.h"
#include "IpcMessage.h"
#include "IpcProtocol.h"

#include "core/Crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>

#ifdef Q_OS_UNIX
#    include <cerrno>
#    include <cstring>
#    include <grp.h>
#    include <unistd.h>
#endif

namespace Postrider::Ipc {

namespace {
bool isPath(const QString &name)
{
    return name.contains(u'/') || name.contains(u'\\');
}

Error listenError(const QString &message, const QString &name)
{
    return Error(QString(ErrorCode::kListenFailed), message, {{QStringLiteral("socket"), name}});
}
} // namespace

IpcServer::IpcServer(IpcHandler *handler, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
{ }

IpcServer::~IpcServer()
{
    close();
}

Status IpcServer::listen(const IpcServerOptions &o)
{
    close();
    m_config.token = o.token;
    m_config.serverVersion = o.serverVersion;
    m_config.capabilities = o.capabilities;
    m_config.helloTimeoutMs = o.helloTimeoutMs;
    m_config.instanceId = QString::fromLatin1(randomBytes(8).toHex());
    m_maxConnections = o.maxConnections;

    if (isPath(o.socketName)) {
        const QFileInfo info(o.socketName);
        if (!QDir().mkpath(info.absolutePath()))
            return listenError(QStringLiteral("cannot create %1").arg(info.absolutePath()), o.socketName);
        // Only the holder of the lock may replace the socket file; a crashed daemon's lock is stale.
        m_lock = std::make_unique<QLockFile>(o.socketName + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0);
        if (!m_lock->tryLock(0)) {
            m_lock.reset();
            return Error(QString(ErrorCode::kInUse),
                         QStringLiteral("control socket %1 is in use by another postriderd").arg(o.socketName),
                         {{QStringLiteral("socket"), o.socketName}});
        }
        QLocalServer::removeServer(o.socketName);
    }
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(o.group.isEmpty() ? QLocalServer::UserAccessOption
                                                 : QLocalServer::UserAccessOption | QLocalServer::GroupAccessOption);
    if (!m_server->listen(o.socketName)) {
        const Error e = listenError(
            QStringLiteral("cannot listen on %1: %2").arg(o.socketName, m_server->errorString()), o.socketName);
        close();
        return e;
    }
#ifdef Q_OS_UNIX
    if (!o.group.isEmpty() && isPath(o.socketName)) {
        const struct group *g = ::getgrnam(o.group.toLocal8Bit().constData());
        const QByteArray path = QFile::encodeName(m_server->fullServerName());
        if (!g || ::chown(path.constData(), uid_t(-1), g->gr_gid) != 0) {
            const Error e = listenError(
                QStringLiteral("cannot give the control socket group \"%1\": %2")
                    .arg(o.group, g ? QString::fromLocal8Bit(std::strerror(errno)) : QStringLiteral("no such group")),
                o.socketName);
            close();
            return e;
        }
    }
#endif
    connect(m_server, &QLocalServer::newConnection, this, &IpcServer::onNewConnection);
    return {};
}

void IpcServer::close()
{
    for (IpcConnection *c : std::as_const(m_connections)) {
        disconnect(c, nullptr, this, nullptr);
        delete c;
    }
    m_connections.clear();
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

bool IpcServer::isListening() const
{
    return m_server && m_server->isListening();
}

QString IpcServer::fullServerName() const
{
    return m_server ? m_server->fullServerName() : QString();
}

void IpcServer::publish(const QString &event, const QJsonObject &data)
{
    const QJsonObject frame = m_events.append(event, data);
    for (IpcConnection *c : std::as_const(m_connections))
        c->session()->deliverEvent(frame);
}

void IpcServer::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= m_maxConnections) {
            const auto frame = encodeFrame(
                errorFrame(QJsonValue(),
                           Error(QString(ErrorCode::kConnections),
                                 QStringLiteral("more than %1 control connections").arg(m_maxConnections))));
            if (frame)
                socket->write(*frame);
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromServer();
            continue;
        }
        auto *session = new IpcSession(&m_config, m_handler, &m_events);
        auto *connection = new IpcConnection(socket, session, this);
        m_connections.append(connection);
        connect(connection, &IpcConnection::closed, this, [this, connection] {
            m_connections.removeOne(connection);
            connection->deleteLater();
        });
    }
}

} // namespace Postrider::Ipc
