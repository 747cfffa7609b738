#pragma once

#include "core/Config.h"
#include "core/Result.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace Postrider {

class Clock;
class MetricsRegistry;
class Outbox;
class SmtpSession;
class SmtpTcpServer;
struct SmtpSessionContext;

/// \brief The SMTP submission ingress (`[smtp_listener]`): binds the STARTTLS port and the
/// optional implicit-TLS port, enforces the connection limits, and runs one SmtpSession per
/// connection, handing accepted messages to the outbox under the route `smtp_listener`.
class SmtpListener final : public QObject
{
    Q_OBJECT
public:
    /// Route name in the journal and metrics.
    static constexpr char kRouteName[] = "smtp_listener";

    /// `clock` drives the failed-AUTH lockout; `metrics` may be null.
    SmtpListener(const SmtpListenerConfig &config, Outbox *outbox, Clock *clock, MetricsRegistry *metrics,
                 QObject *parent = nullptr);
    ~SmtpListener() override;

    /// Loads or generates the certificate and binds the ports. Errors: `smtp.tls`, `smtp.listen`.
    Status start();
    /// Stops accepting, ends idle sessions with `421` and lets messages being committed get their
    /// answer; `done` runs once every session is gone (immediately when none is open).
    void stop(std::function<void()> done = {});

    quint16 port() const; ///< the bound STARTTLS/plain port (useful with port 0)
    quint16 implicitTlsPort() const; ///< 0 when not configured
    int sessionCount() const { return int(m_sessions.size()); }
    /// Received but unprocessed bytes held by all sessions (bounded per session; see SmtpLimits).
    qint64 bufferedInputBytes() const;
    /// True when the certificate in use was generated at startup (decisions §15).
    bool usesEphemeralCertificate() const { return m_ephemeral; }

private:
    Status setUpTls();
    Status bind(SmtpTcpServer *server, const QString &listen);
    void onConnection(qintptr descriptor, bool implicitTls);
    void onSessionFinished(SmtpSession *session);

    std::unique_ptr<SmtpSessionContext> m_ctx;
    SmtpTcpServer *m_server = nullptr;
    SmtpTcpServer *m_implicitServer = nullptr;
    QSet<SmtpSession *> m_sessions;
    QHash<QHostAddress, int> m_perIp;
    bool m_ephemeral = false;
    bool m_stopping = false;
    std::function<void()> m_onStopped;
};

} // namespace Postrider
