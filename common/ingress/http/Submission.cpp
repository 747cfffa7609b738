#include "Submission.h"

#include "ContentNegotiation.h"
#include "HttpRouter.h"
#include "ResponseBodies.h"

#include "core/Clock.h"
#include "outbox/Outbox.h"

#include <QUrl>

Q_LOGGING_CATEGORY(lcHttp, "postrider.http")

namespace Postrider::Http {

Submission::Submission(Endpoint &ep, const IngressServices &svc, HttpRequest &&rq, HttpReply r)
    : endpoint(ep)
    , services(svc)
    , request(std::move(rq))
    , reply(std::move(r))
    , id(newSubmissionId())
    , startMs(svc.clock->steadyMs())
{ }

qint64 Submission::latencyMs() const
{
    return services.clock->steadyMs() - startMs;
}

void Submission::log(Log::Level level, const QString &event, const Log::Fields &extra) const
{
    Log::Fields f;
    f.reserve(3 + extra.size());
    f.append({QStringLiteral("submission_id"), id});
    f.append({QStringLiteral("endpoint"), endpoint.path()});
    f.append({QStringLiteral("transport"), endpoint.transportLabel()});
    f.append(extra);
    Log::event(lcHttp(), level, event, f);
}

Log::Fields Submission::withLatency(Log::Fields extra) const
{
    extra.append({QStringLiteral("latency_ms"), latencyMs()});
    return extra;
}

QByteArray Submission::resolveLocation(const QString &target, const QByteArray &requestPath)
{
    const QUrl u(target);
    if (!u.isValid() || !u.scheme().isEmpty() || !u.host().isEmpty())
        return target.toUtf8();
    // Go's http.Redirect: a relative target is resolved against the request path's directory,
    // then cleaned, keeping a trailing slash and the query.
    QString url = target;
    if (url.isEmpty() || !url.startsWith(u'/')) {
        const QString oldPath = requestPath.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(requestPath);
        url = oldPath.left(oldPath.lastIndexOf(u'/') + 1) + url;
    }
    QString query;
    if (const qsizetype q = url.indexOf(u'?'); q >= 0) {
        query = url.mid(q);
        url.truncate(q);
    }
    const bool trailing = url.endsWith(u'/');
    url = HttpRouter::cleanPath(url);
    if (trailing && !url.endsWith(u'/'))
        url += u'/';
    return (url + query).toUtf8();
}

void Submission::finish(const HttpResponse &response)
{
    if (idempotency && !idempotencyStoredByOutbox) {
        // Posthorn §2.3: only 200 and 422 are remembered; anything else lets the key run afresh.
        if (response.status == 200 || response.status == 422)
            services.outbox->finishIdempotent(
                *idempotency,
                StoredResponse{response.status, headerValue(response.headers, "Content-Type"), response.body});
        else
            services.outbox->releaseIdempotent(*idempotency);
        idempotency.reset();
    }
    reply.send(response);
}

void Submission::fail(int status, const QString &message, const QString &code, bool mayRedirect)
{
    const QString &redirect = endpoint.config().redirectError;
    const bool canRedirect = mayRedirect && !endpoint.isApi() && !redirect.isEmpty();
    switch (ContentNegotiation::forError(request.header("Accept"), canRedirect)) {
    case Representation::Redirect:
        return finish(HttpResponse::seeOther(resolveLocation(redirect, request.path)));
    case Representation::Text:
        return finish(HttpResponse::text(status, message.toUtf8() + '\n'));
    case Representation::Json:
        return finish(HttpResponse::json(status, errorBody(message, code)));
    }
}

void Submission::failValidation(const QMap<QString, QString> &fieldErrors)
{
    const QString &redirect = endpoint.config().redirectError;
    const bool canRedirect = !endpoint.isApi() && !redirect.isEmpty();
    if (ContentNegotiation::forError(request.header("Accept"), canRedirect) == Representation::Redirect)
        return finish(HttpResponse::seeOther(resolveLocation(redirect, request.path)));
    // The 422 body carries structure, so it stays JSON even for a client asking for text.
    finish(HttpResponse::json(422, validationBody(fieldErrors)));
}

void Submission::succeed(const QByteArray &jsonBody)
{
    const QString &redirect = endpoint.config().redirectSuccess;
    const bool canRedirect = !endpoint.isApi() && !redirect.isEmpty();
    if (ContentNegotiation::forSuccess(request.header("Accept"), canRedirect) == Representation::Redirect)
        return finish(HttpResponse::seeOther(resolveLocation(redirect, request.path)));
    finish(HttpResponse::json(200, jsonBody));
}

void Submission::replay(const StoredResponse &stored)
{
    HttpResponse r;
    r.status = stored.status;
    if (!stored.contentType.isEmpty())
        r.headers.append({QByteArrayLiteral("Content-Type"), stored.contentType});
    r.body = stored.body;
    reply.send(r);
}

} // namespace Postrider::Http
