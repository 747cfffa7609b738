#include "SmtpMetrics.h"

#include "core/MetricsRegistry.h"

namespace Postrider {

namespace {
const QString kConnections = QStringLiteral("smtp_connections_total");
const QString kActive = QStringLiteral("smtp_connections_active");
const QString kTls = QStringLiteral("smtp_tls_sessions_total");
const QString kTlsFailed = QStringLiteral("smtp_tls_handshake_failures_total");
const QString kAuth = QStringLiteral("smtp_auth_total");
const QString kAccepted = QStringLiteral("smtp_messages_accepted_total");
const QString kRejected = QStringLiteral("smtp_messages_rejected_total");
const QString kBytes = QStringLiteral("smtp_received_bytes_total");
} // namespace

SmtpMetrics::SmtpMetrics(MetricsRegistry *registry)
    : m_registry(registry)
{
    if (!m_registry)
        return;
    m_registry->defineCounter(kConnections,
                              QStringLiteral("SMTP connections by outcome (accepted or refused by a limit)."),
                              {QStringLiteral("outcome")});
    m_registry->defineGauge(kActive, QStringLiteral("SMTP connections currently open."));
    m_registry->defineCounter(kTls, QStringLiteral("SMTP sessions that established TLS, by mode."),
                              {QStringLiteral("mode")});
    m_registry->defineCounter(kTlsFailed, QStringLiteral("Failed SMTP TLS handshakes."));
    m_registry->defineCounter(kAuth, QStringLiteral("SMTP AUTH attempts by mechanism and result."),
                              {QStringLiteral("mechanism"), QStringLiteral("result")});
    m_registry->defineCounter(kAccepted, QStringLiteral("Messages accepted over SMTP (committed to the outbox)."));
    m_registry->defineCounter(kRejected, QStringLiteral("SMTP messages, senders or recipients rejected, by reason."),
                              {QStringLiteral("reason")});
    m_registry->defineCounter(kBytes, QStringLiteral("Message bytes accepted over SMTP."));
}

void SmtpMetrics::connection(const char *outcome)
{
    if (m_registry)
        m_registry->inc(kConnections, {QLatin1String(outcome)});
}

void SmtpMetrics::activeConnections(int count)
{
    if (m_registry)
        m_registry->set(kActive, {}, count);
}

void SmtpMetrics::tlsEstablished(const char *mode)
{
    if (m_registry)
        m_registry->inc(kTls, {QLatin1String(mode)});
}

void SmtpMetrics::tlsFailed()
{
    if (m_registry)
        m_registry->inc(kTlsFailed);
}

void SmtpMetrics::auth(const char *mechanism, const char *result)
{
    if (m_registry)
        m_registry->inc(kAuth, {QLatin1String(mechanism), QLatin1String(result)});
}

void SmtpMetrics::accepted(qint64 bytes)
{
    if (!m_registry)
        return;
    m_registry->inc(kAccepted);
    m_registry->inc(kBytes, {}, double(bytes));
}

void SmtpMetrics::rejected(const char *reason)
{
    if (m_registry)
        m_registry->inc(kRejected, {QLatin1String(reason)});
}

} // namespace Postrider
