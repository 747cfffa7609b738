#include "FormPipeline.h"

#include "ClientIp.h"
#include "CsrfTokens.h"
#include "HttpMetrics.h"
#include "MultipartParser.h"
#include "OriginCheck.h"
#include "ResponseBodies.h"
#include "SubmissionDelivery.h"
#include "UrlEncodedForm.h"

#include "core/Clock.h"

#include <QJsonArray>

namespace Postrider::Http {

QByteArray FormPipeline::mediaType(QByteArrayView contentType)
{
    const qsizetype semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.first(semi)).trimmed().toByteArray().toLower();
}

void FormPipeline::run(const SubmissionPtr &s)
{
    Endpoint &ep = s->endpoint;
    const EndpointConfig &c = ep.config();
    const HttpRequest &rq = s->request;
    HttpMetrics &metrics = *s->services.metrics;

    // 1. Method
    if (rq.method != "POST")
        return s->fail(405, QStringLiteral("method not allowed"), QStringLiteral("method_not_allowed"), false);
    // 2. Content type
    const QByteArray type = mediaType(rq.header("Content-Type"));
    const bool multipart = type == "multipart/form-data";
    if (type != "application/x-www-form-urlencoded" && !multipart)
        return s->fail(400,
                       QStringLiteral("form-encoded body required (application/x-www-form-urlencoded or "
                                      "multipart/form-data)"),
                       QStringLiteral("unsupported_content_type"), false);
    // 3. Origin / Referer
    if (c.allowedOrigins) {
        const OriginCheck::Verdict v = OriginCheck::check(*c.allowedOrigins, rq.header("Origin"), rq.header("Referer"));
        if (!v.allowed) {
            s->log(Log::Level::Info, QStringLiteral("spam_blocked"),
                   s->withLatency(
                       {{QStringLiteral("kind"), QStringLiteral("origin")}, {QStringLiteral("reason"), v.reason}}));
            metrics.spamBlocked(ep.path(), QStringLiteral("origin"));
            return s->fail(403, QStringLiteral("forbidden"), QStringLiteral("forbidden"), true);
        }
    }
    // 4. Rate limit, keyed by client IP; spent before the body is read (honeypot hits and 422s count)
    s->clientIp = ClientIp::resolve(rq.peer, rq.header("X-Forwarded-For"), c.trustedRanges);
    if (KeyedRateLimiter *limiter = ep.rateLimiter();
        limiter && !limiter->allow(s->clientIp, s->services.clock->nowMs())) {
        Log::Fields f;
        if (!c.stripClientIp)
            f.append({QStringLiteral("client_ip"), s->clientIp});
        s->log(Log::Level::Info, QStringLiteral("rate_limited"), s->withLatency(f));
        metrics.rateLimited(ep.path());
        return s->fail(429, QStringLiteral("rate limit exceeded"), QStringLiteral("rate_limited"), true);
    }
    // 5. Body
    if (rq.bodyTooLarge) {
        s->log(Log::Level::Info, QStringLiteral("body_too_large"),
               s->withLatency({{QStringLiteral("limit_bytes"), rq.bodyLimit}}));
        return s->fail(413, QStringLiteral("request body too large (limit: %1 bytes)").arg(rq.bodyLimit),
                       QStringLiteral("body_too_large"), true);
    }
    QString problem;
    QList<MultipartFile> files;
    if (multipart) {
        auto form = MultipartParser::parse(rq.body, rq.header("Content-Type"));
        if (!form)
            problem = form.error().message;
        else {
            s->fields = std::move(form->fields);
            files = std::move(form->files);
        }
    } else {
        problem = parseUrlEncoded(rq.body, s->fields);
    }
    // The URL query joins the fields after the body's values (Posthorn §0.4).
    const QString queryProblem = parseUrlEncoded(rq.rawQuery, s->fields);
    if (problem.isEmpty())
        problem = queryProblem;
    if (!problem.isEmpty())
        return s->fail(400, QStringLiteral("parse form: ") + problem, QStringLiteral("invalid_form"), false);
    if (!files.isEmpty()) {
        if (!c.attachments) {
            QJsonArray names;
            for (const MultipartFile &f : std::as_const(files))
                names.append(f.field);
            s->log(Log::Level::Info, QStringLiteral("attachments_dropped"), {{QStringLiteral("fields"), names}});
        } else {
            for (MultipartFile &f : files) {
                if (f.data.size() > c.maxAttachmentSize)
                    return s->fail(413,
                                   QStringLiteral("attachment \"%1\" too large (limit: %2 bytes)")
                                       .arg(f.filename)
                                       .arg(c.maxAttachmentSize),
                                   QStringLiteral("attachment_too_large"), true);
                Attachment a;
                a.filename = f.filename;
                a.contentType = f.contentType;
                a.data = std::move(f.data);
                s->attachments.append(std::move(a));
            }
        }
    }
    // 6. Honeypot: an answer indistinguishable from success, nothing sent
    if (!c.honeypot.isEmpty() && !allBlank(s->fields.value(c.honeypot))) {
        s->log(Log::Level::Info, QStringLiteral("spam_blocked"),
               s->withLatency({{QStringLiteral("kind"), QStringLiteral("honeypot")}}));
        metrics.spamBlocked(ep.path(), QStringLiteral("honeypot"));
        const bool sync = c.delivery == DeliveryMode::Sync;
        return s->succeed(successBody(s->id, sync ? DeliveryOutcome::Sent : DeliveryOutcome::Queued,
                                      sync ? newSubmissionId() : QString()));
    }
    // 7. CSRF
    if (const CsrfTokens *csrf = ep.csrf()) {
        const auto verdict =
            csrf->verify(firstValue(s->fields, QLatin1String(CsrfTokens::kField)).toUtf8(), s->services.clock->nowMs());
        if (verdict != CsrfTokens::Verdict::Valid) {
            s->log(Log::Level::Info, QStringLiteral("csrf_rejected"),
                   s->withLatency({{QStringLiteral("reason"), CsrfTokens::reason(verdict)}}));
            return s->fail(403, QStringLiteral("forbidden"), QStringLiteral("forbidden"), true);
        }
    }
    SubmissionDelivery::run(s);
}

} // namespace Postrider::Http
