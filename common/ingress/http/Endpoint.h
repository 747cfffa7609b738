#pragma once

#include "CsrfTokens.h"

#include "core/Config.h"
#include "ingress/template/BodyRenderer.h"
#include "outbox/OutboxTypes.h"
#include "outbox/RateLimiter.h"

#include <memory>
#include <optional>

namespace Postrider::Http {

/// \brief One `[[endpoints]]` entry ready to serve: templates parsed, addresses parsed, limiters
/// and CSRF keys made, the outbox route resolved. Built once at start; `validate` builds it too,
/// so a template outside the supported subset is a config error, never a runtime surprise.
class Endpoint
{
public:
    /// Errors name the endpoint the way Posthorn does: `endpoints[i] (/path): gateway: …`.
    static Result<std::unique_ptr<Endpoint>> build(const EndpointConfig &config, const Config &all, int index);

    const EndpointConfig &config() const { return m_config; }
    const QString &path() const { return m_config.path; }
    bool isApi() const { return m_config.auth == EndpointAuth::ApiKey; }
    const Template::BodyRenderer &renderer() const { return m_renderer; }
    const Address &from() const { return m_from; }
    const AddressList &to() const { return m_to; }
    const Route &route() const { return m_route; }
    /// The `transport` of log lines and metrics: the transport types of the route (Posthorn logs
    /// the type), comma-separated when the route fails over.
    const QString &transportLabel() const { return m_transportLabel; }
    /// Type of a transport on this endpoint's route (for the label of a sync send), or its name.
    QString transportType(const QString &name) const;

    /// Effective body cap in bytes: `max_body_size` as configured, or kAbsoluteBodyCeiling when it
    /// is 0 (Posthorn's "no cap").
    qint64 bodyLimit() const;
    KeyedRateLimiter *rateLimiter() { return m_rateLimiter ? &*m_rateLimiter : nullptr; }
    KeyedRateLimiter &authFailures() { return m_authFailures; }
    const CsrfTokens *csrf() const { return m_csrf ? &*m_csrf : nullptr; }
    const QList<QByteArray> &apiKeys() const { return m_apiKeys; }
    /// Idempotency scope for a caller (decisions §5): endpoint path plus a hash of the API key.
    QString idempotencyScope(int keyIndex) const;

private:
    Endpoint() = default;

    EndpointConfig m_config;
    Template::BodyRenderer m_renderer;
    Address m_from;
    AddressList m_to;
    Route m_route;
    QString m_transportLabel;
    QHash<QString, QString> m_transportTypes;
    std::optional<KeyedRateLimiter> m_rateLimiter;
    KeyedRateLimiter m_authFailures{1, 1};
    std::optional<CsrfTokens> m_csrf;
    QList<QByteArray> m_apiKeys;
    QStringList m_scopes;
};

} // namespace Postrider::Http
