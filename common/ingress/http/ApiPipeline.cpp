#include "ApiPipeline.h"

#include "ApiCredentials.h"
#include "ClientIp.h"
#include "FormPipeline.h"
#include "HttpMetrics.h"
#include "JsonFields.h"
#include "SubmissionDelivery.h"

#include "core/Clock.h"
#include "core/Crypto.h"
#include "outbox/Outbox.h"

namespace Postrider::Http {

void ApiPipeline::run(const SubmissionPtr &s)
{
    Endpoint &ep = s->endpoint;
    const EndpointConfig &c = ep.config();
    const HttpRequest &rq = s->request;
    HttpMetrics &metrics = *s->services.metrics;

    // 1. Method
    if (rq.method != "POST")
        return s->fail(405, QStringLiteral("method not allowed"), QStringLiteral("method_not_allowed"), false);
    // 2. Bearer key; failures are limited per client IP (trusted proxies apply here too, Posthorn §0.8)
    s->clientIp = ClientIp::resolve(rq.peer, rq.header("X-Forwarded-For"), c.trustedRanges);
    const int keyIndex =
        ApiCredentials::matchKey(ApiCredentials::bearerToken(rq.header("Authorization")), ep.apiKeys());
    if (keyIndex < 0) {
        if (!ep.authFailures().allow(s->clientIp, s->services.clock->nowMs())) {
            Log::Fields f;
            if (!c.stripClientIp)
                f.append({QStringLiteral("client_ip"), s->clientIp});
            s->log(Log::Level::Info, QStringLiteral("auth_rate_limited"), s->withLatency(f));
            metrics.rateLimited(ep.path());
            return s->fail(429, QStringLiteral("too many failed authentication attempts"),
                           QStringLiteral("auth_rate_limited"), false);
        }
        s->log(Log::Level::Info, QStringLiteral("auth_failed"), s->withLatency());
        metrics.authFailed(ep.path());
        return s->fail(401, QStringLiteral("unauthorized"), QStringLiteral("unauthorized"), false);
    }
    // 3. Idempotency-Key format
    const QByteArray key = rq.header("Idempotency-Key");
    if (key.isEmpty())
        return afterIdempotency(s, keyIndex);
    if (const QString problem = ApiCredentials::idempotencyKeyProblem(key); !problem.isEmpty())
        return s->fail(400, problem, QStringLiteral("invalid_idempotency_key"), false);
    // 4–6. Replay, conflict, or claim (durable, decisions §5)
    IdempotencyKey k{ep.idempotencyScope(keyIndex), QString::fromLatin1(key), sha256Hex(rq.body)};
    s->services.outbox->beginIdempotent(
        k, s->services.context, [s, k, keyIndex](Outbox::IdempotencyState state, const StoredResponse &stored) {
            const QString path = s->endpoint.path();
            switch (state) {
            case Outbox::IdempotencyState::Replay:
                s->log(Log::Level::Info, QStringLiteral("idempotent_replay"),
                       s->withLatency({{QStringLiteral("idempotency_key"), k.key},
                                       {QStringLiteral("replayed_status"), stored.status}}));
                s->services.metrics->idempotentReplay(path);
                return s->replay(stored);
            case Outbox::IdempotencyState::InFlight:
                s->log(Log::Level::Info, QStringLiteral("idempotent_conflict"),
                       s->withLatency({{QStringLiteral("idempotency_key"), k.key}}));
                return s->fail(409, QStringLiteral("duplicate request in flight for this Idempotency-Key"),
                               QStringLiteral("idempotency_in_flight"), false);
            case Outbox::IdempotencyState::Conflict:
                s->log(Log::Level::Info, QStringLiteral("idempotent_conflict"),
                       s->withLatency({{QStringLiteral("idempotency_key"), k.key},
                                       {QStringLiteral("reason"), QStringLiteral("different request body")}}));
                return s->fail(422, QStringLiteral("Idempotency-Key was already used with a different request body"),
                               QStringLiteral("idempotency_key_reused"), false);
            case Outbox::IdempotencyState::Fresh:
                s->idempotency = k;
                return afterIdempotency(s, keyIndex);
            }
        });
}

void ApiPipeline::afterIdempotency(const SubmissionPtr &s, int keyIndex)
{
    Endpoint &ep = s->endpoint;
    const HttpRequest &rq = s->request;
    // 7. Rate limit keyed by the matched API key (never logged)
    if (KeyedRateLimiter *limiter = ep.rateLimiter();
        limiter && !limiter->allow(QString::fromUtf8(ep.apiKeys().at(keyIndex)), s->services.clock->nowMs())) {
        s->log(Log::Level::Info, QStringLiteral("rate_limited"), s->withLatency());
        s->services.metrics->rateLimited(ep.path());
        return s->fail(429, QStringLiteral("rate limit exceeded"), QStringLiteral("rate_limited"), false);
    }
    // 8. Content type
    if (FormPipeline::mediaType(rq.header("Content-Type")) != "application/json")
        return s->fail(415, QStringLiteral("JSON body required (application/json)"),
                       QStringLiteral("unsupported_media_type"), false);
    // 9. Body
    if (rq.bodyTooLarge) {
        s->log(Log::Level::Info, QStringLiteral("body_too_large"),
               s->withLatency({{QStringLiteral("limit_bytes"), rq.bodyLimit}}));
        return s->fail(413, QStringLiteral("request body too large (limit: %1 bytes)").arg(rq.bodyLimit),
                       QStringLiteral("body_too_large"), false);
    }
    auto fields = JsonFields::parse(rq.body);
    if (!fields)
        return s->fail(400, QStringLiteral("parse JSON: ") + fields.error().message, QStringLiteral("invalid_json"),
                       false);
    s->fields = std::move(fields).value();
    SubmissionDelivery::run(s);
}

} // namespace Postrider::Http
