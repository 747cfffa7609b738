#pragma once

#include "RequestFramer.h"

#include <QHash>
#include <QSet>
#include <QTcpServer>

#include <functional>

namespace Postrider::Http {

class GuardedConnection;

/// \brief The listening socket QtHttpServer is bound to (bind(), never listen(): that is gone in
/// Qt 6.8). Every accepted connection is wrapped in a GuardedConnection that enforces the limits
/// QtHttpServer 6.4 lacks; QtHttpServer only ever sees the connection's ProxySocket.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    /// \brief The configurable limits (`[http]`, docs/configuration.md).
    struct Settings
    {
        int maxConnections = 512; ///< live connections; more are answered 503
        qsizetype maxHeaderBytes = 16 << 10; ///< request line + fields; beyond: 431
        int requestTimeoutMs = 10'000; ///< whole request received within this; else 408
        int idleTimeoutMs = 60'000; ///< keep-alive connection closed after this long idle
    };
    /// Body cap for a request, from its head (the endpoint's `max_body_size`).
    using BodyLimitResolver = std::function<qint64(const RequestFramer::Head &head)>;
    /// Called with the limit's name ("connections", "header_size", "body_size", "request_timeout",
    /// "bad_request") whenever the guard refuses something, for metrics.
    using RejectionObserver = std::function<void(const char *limit)>;

    explicit GuardedTcpServer(const Settings &settings, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    const Settings &settings() const { return m_settings; }
    void setBodyLimitResolver(BodyLimitResolver resolver) { m_bodyLimit = std::move(resolver); }
    void setRejectionObserver(RejectionObserver observer) { m_rejected = std::move(observer); }

    /// Connections serving requests (lingering closes are not counted).
    int connectionCount() const { return int(m_live.size()); }
    /// True after shutdown(): no new connections, and each live one closes after its answer.
    bool isShuttingDown() const { return m_shuttingDown; }
    int lingeringCount() const { return m_lingering; }
    /// The connection of a peer (Qt ≥ 6.5 hands handlers a request without its socket).
    GuardedConnection *connectionFor(const QHostAddress &peer, quint16 port) const;
    /// Stops accepting and closes connections that are idle between requests.
    void shutdown();

    // For GuardedConnection:
    qint64 bodyLimitFor(const RequestFramer::Head &head) const;
    void noteRejected(const char *limit);
    void connectionLingering(GuardedConnection *c);
    void connectionGone(GuardedConnection *c);
    bool mayLinger() const;

protected:
    void incomingConnection(qintptr handle) override;

private:
    Settings m_settings;
    BodyLimitResolver m_bodyLimit;
    RejectionObserver m_rejected;
    QSet<GuardedConnection *> m_live;
    QHash<QPair<QString, quint16>, GuardedConnection *> m_byPeer;
    int m_lingering = 0;
    bool m_shuttingDown = false;
};

} // namespace Postrider::Http
