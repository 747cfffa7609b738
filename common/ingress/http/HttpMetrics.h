#pragma once

#include <QString>

namespace Postrider {
class MetricsRegistry;
}

namespace Postrider::Http {

/// \brief Posthorn's HTTP metric families (reference §2.19), recorded at the same pipeline steps,
/// plus Postrider's: queued submissions, requests the connection guard refused, live connections.
/// Names carry no prefix; /metrics prints them under `[metrics] prefix` (`postrider_` by default).
class HttpMetrics
{
public:
    /// Defines the families in `registry` (idempotent); `registry` must outlive this object.
    explicit HttpMetrics(MetricsRegistry *registry);

    void received(const QString &endpoint);
    void queued(const QString &endpoint);
    void sent(const QString &endpoint, const QString &transport, double latencySeconds);
    void failed(const QString &endpoint, const QString &transport, const QString &errorClass);
    void rateLimited(const QString &endpoint);
    void authFailed(const QString &endpoint);
    void spamBlocked(const QString &endpoint, const QString &kind);
    void validationFailed(const QString &endpoint);
    void idempotentReplay(const QString &endpoint);
    /// A request or connection the guard refused ("connections", "header_size", "body_size",
    /// "request_timeout", "bad_request").
    void guardRejected(const char *limit);

    MetricsRegistry *registry() const { return m_registry; }

private:
    MetricsRegistry *m_registry;
};

} // namespace Postrider::Http
