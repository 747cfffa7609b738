#include "Endpoint.h"

#include "HttpLimits.h"

#include "core/Crypto.h"

namespace Postrider::Http {

namespace {
qint64 toMs(Duration d)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}
} // namespace

Result<std::unique_ptr<Endpoint>> Endpoint::build(const EndpointConfig &c, const Config &all, int index)
{
    const QString where = QStringLiteral("endpoints[%1] (%2): ").arg(index).arg(c.path);
    const auto fail = [&](const QString &code, const QString &message) -> Result<std::unique_ptr<Endpoint>> {
        return Error(code, where + message);
    };
    std::unique_ptr<Endpoint> e(new Endpoint);
    e->m_config = c;

    Template::BodyRenderer::Options o;
    o.subject = c.subject;
    o.body = c.body;
    o.html = c.html;
    o.required = c.required;
    o.emailField = c.emailField;
    o.honeypot = c.honeypot;
    o.apiMode = c.auth == EndpointAuth::ApiKey;
    o.csrfEnabled = !c.csrfSecret.isEmpty();
    auto renderer = Template::BodyRenderer::create(o);
    if (!renderer)
        return fail(renderer.error().code, QStringLiteral("gateway: ") + renderer.error().message);
    e->m_renderer = std::move(renderer).value();

    auto from = Address::parse(c.from);
    if (!from)
        return fail(QStringLiteral("config.invalid"), QStringLiteral("from: ") + from.error().message);
    e->m_from = *from;
    for (const QString &t : c.to) {
        auto a = Address::parse(t);
        if (!a)
            return fail(QStringLiteral("config.invalid"), QStringLiteral("to: ") + a.error().message);
        e->m_to.append(*a);
    }

    e->m_route.name = c.path;
    e->m_route.transports = c.transports;
    QStringList types;
    for (const QString &name : c.transports) {
        const TransportConfig *t = all.transport(name);
        const QString type = t ? t->type : name;
        e->m_transportTypes.insert(name, type);
        if (!types.contains(type))
            types.append(type);
    }
    e->m_transportLabel = types.join(u',');

    if (c.rateLimit)
        e->m_rateLimiter.emplace(c.rateLimit->count, std::max<qint64>(1, toMs(c.rateLimit->interval)));
    e->m_authFailures = KeyedRateLimiter(kAuthFailureBurst, kAuthFailureIntervalMs);
    if (!c.csrfSecret.isEmpty()) {
        const qint64 ttl = toMs(c.csrfTokenTtl) > 0 ? toMs(c.csrfTokenTtl) : 3'600'000;
        e->m_csrf.emplace(c.csrfSecret, ttl);
    }
    for (const QString &k : c.apiKeys) {
        e->m_apiKeys.append(k.toUtf8());
        e->m_scopes.append(c.path + u'|' + QString::fromLatin1(sha256Hex(k.toUtf8())));
    }
    return e;
}

QString Endpoint::transportType(const QString &name) const
{
    return m_transportTypes.value(name, name);
}

qint64 Endpoint::bodyLimit() const
{
    return m_config.maxBodySize > 0 ? m_config.maxBodySize : kAbsoluteBodyCeiling;
}

QString Endpoint::idempotencyScope(int keyIndex) const
{
    return m_scopes.value(keyIndex);
}

} // namespace Postrider::Http
