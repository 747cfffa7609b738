#pragma once

#include <QString>

namespace Postrider {

class MetricsRegistry;

/// \brief The SMTP listener's Prometheus families (decisions §25) and null-safe helpers to
/// update them. Every label value comes from a fixed set named here, never from the client.
class SmtpMetrics
{
public:
    /// Defines the families in `registry` (idempotent); `registry` may be null (tests).
    explicit SmtpMetrics(MetricsRegistry *registry);

    /// `outcome`: accepted, rejected_total_limit, rejected_ip_limit.
    void connection(const char *outcome);
    void activeConnections(int count);
    /// `mode`: starttls, implicit.
    void tlsEstablished(const char *mode);
    void tlsFailed();
    /// `mechanism`: plain, login; `result`: ok, failed, malformed, locked_out.
    void auth(const char *mechanism, const char *result);
    void accepted(qint64 bytes);
    /// `reason`: sender, from_header, recipient, too_many_recipients, too_big, bare_line_break,
    /// line_too_long, malformed_mime, queue_failed, transport_failed.
    void rejected(const char *reason);

private:
    MetricsRegistry *m_registry;
};

} // namespace Postrider
