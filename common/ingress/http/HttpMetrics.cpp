#include "HttpMetrics.h"

#include "core/MetricsRegistry.h"

namespace Postrider::Http {

namespace {
const QString kEndpoint = QStringLiteral("endpoint");
const QString kTransport = QStringLiteral("transport");
} // namespace

HttpMetrics::HttpMetrics(MetricsRegistry *registry)
    : m_registry(registry)
{
    MetricsRegistry &r = *registry;
    r.defineCounter(QStringLiteral("submissions_received_total"),
                    QStringLiteral("Submissions that passed validation, counted before rendering."), {kEndpoint});
    r.defineCounter(QStringLiteral("submissions_sent_total"),
                    QStringLiteral("Submissions a synchronous delivery sent successfully."), {kEndpoint, kTransport});
    r.defineCounter(QStringLiteral("submissions_failed_total"),
                    QStringLiteral("Submissions whose synchronous delivery finally failed (502)."),
                    {kEndpoint, kTransport, QStringLiteral("error_class")});
    r.defineCounter(QStringLiteral("rate_limited_total"),
                    QStringLiteral("Requests refused with 429 by the rate limit or the failed-auth limiter."),
                    {kEndpoint});
    r.defineCounter(QStringLiteral("auth_failed_total"), QStringLiteral("API requests refused with 401."), {kEndpoint});
    r.defineCounter(QStringLiteral("spam_blocked_total"),
                    QStringLiteral("Submissions stopped by the honeypot or the origin check."),
                    {kEndpoint, QStringLiteral("kind")});
    r.defineCounter(QStringLiteral("validation_failed_total"),
                    QStringLiteral("Submissions refused with 422 for required or email fields."), {kEndpoint});
    r.defineCounter(QStringLiteral("idempotent_replay_total"),
                    QStringLiteral("Responses replayed for a repeated Idempotency-Key."), {kEndpoint});
    r.defineHistogram(QStringLiteral("send_latency_seconds"),
                      QStringLiteral("Time from request arrival to a successful synchronous send."),
                      {kEndpoint, kTransport});
    r.defineCounter(QStringLiteral("submissions_queued_total"),
                    QStringLiteral("Submissions accepted into the durable outbox (delivery = queue)."), {kEndpoint});
    r.defineCounter(QStringLiteral("http_rejected_total"),
                    QStringLiteral("Requests and connections the HTTP guard refused, by limit."),
                    {QStringLiteral("limit")});
    r.defineGauge(QStringLiteral("http_connections"), QStringLiteral("Open HTTP connections serving requests."));
}

void HttpMetrics::received(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("submissions_received_total"), {endpoint});
}

void HttpMetrics::queued(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("submissions_queued_total"), {endpoint});
}

void HttpMetrics::sent(const QString &endpoint, const QString &transport, double latencySeconds)
{
    m_registry->inc(QStringLiteral("submissions_sent_total"), {endpoint, transport});
    m_registry->observe(QStringLiteral("send_latency_seconds"), {endpoint, transport}, latencySeconds);
}

void HttpMetrics::failed(const QString &endpoint, const QString &transport, const QString &errorClass)
{
    m_registry->inc(QStringLiteral("submissions_failed_total"), {endpoint, transport, errorClass});
}

void HttpMetrics::rateLimited(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("rate_limited_total"), {endpoint});
}

void HttpMetrics::authFailed(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("auth_failed_total"), {endpoint});
}

void HttpMetrics::spamBlocked(const QString &endpoint, const QString &kind)
{
    m_registry->inc(QStringLiteral("spam_blocked_total"), {endpoint, kind});
}

void HttpMetrics::validationFailed(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("validation_failed_total"), {endpoint});
}

void HttpMetrics::idempotentReplay(const QString &endpoint)
{
    m_registry->inc(QStringLiteral("idempotent_replay_total"), {endpoint});
}

void HttpMetrics::guardRejected(const char *limit)
{
    m_registry->inc(QStringLiteral("http_rejected_total"), {QString::fromLatin1(limit)});
}

} // namespace Postrider::Http
