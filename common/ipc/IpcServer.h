#pragma once

#include "IpcEventLog.h"
#include "IpcSession.h"

#include "core/Result.h"

#include <QList>
#include <QObject>

#include <memory>

class QLocalServer;
class QLockFile;

namespace Postrider::Ipc {

class IpcConnection;
class IpcHandler;

/// Control connections open at once; one more is answered `limit.connections` and closed.
inline constexpr int kMaxConnections = 16;

/// \brief How a control server listens.
struct IpcServerOptions
{
    QString socketName; ///< a path, or a bare local-socket / named-pipe name
    QByteArray token;
    /// Unix: the socket's owner and this group may connect (mode 0660); empty = the owner only
    /// (0600, a per-user daemon). The daemon must be a member of the group.
    QString group;
    QString serverVersion;
    QStringList capabilities;
    int maxConnections = kMaxConnections;
    int helloTimeoutMs = kHelloTimeoutMs;
};

/// \brief The control socket (QLocalServer): accepts connections up to a limit, runs one
/// IpcSession per connection against the IpcHandler, numbers and broadcasts events, and keeps
/// the recent ones for `events.replay`. A lock file next to the socket keeps a second daemon
/// from taking over a socket that is in use; a stale socket from a crash is replaced.
class IpcServer final : public QObject
{
    Q_OBJECT
public:
    explicit IpcServer(IpcHandler *handler, QObject *parent = nullptr);
    ~IpcServer() override;

    /// Errors: `ipc.in_use`, `ipc.listen_failed`.
    Status listen(const IpcServerOptions &options);
    void close();
    bool isListening() const;
    /// The socket's full path (Unix) or pipe name.
    QString fullServerName() const;
    QString instanceId() const { return m_config.instanceId; }

    /// Numbers an event and sends it to every authenticated connection.
    void publish(const QString &event, const QJsonObject &data);
    quint64 lastSeq() const { return m_events.lastSeq(); }
    int connectionCount() const { return int(m_connections.size()); }

private:
    void onNewConnection();

    IpcHandler *m_handler;
    IpcSessionConfig m_config;
    IpcEventLog m_events;
    int m_maxConnections = kMaxConnections;
    QLocalServer *m_server = nullptr;
    std::unique_ptr<QLockFile> m_lock;
    QList<IpcConnection *> m_connections;
};

} // namespace Postrider::Ipc
