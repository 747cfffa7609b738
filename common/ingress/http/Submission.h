#pragma once

#include "Endpoint.h"
#include "FormFields.h"
#include "HttpReply.h"

#include "core/Logging.h"

#include <QLoggingCategory>
#include <QObject>

#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Postrider {
class Clock;
class Outbox;
} // namespace Postrider

namespace Postrider::Http {

class HttpMetrics;

/// \brief The services every pipeline step may use.
struct IngressServices
{
    Outbox *outbox = nullptr;
    Clock *clock = nullptr;
    HttpMetrics *metrics = nullptr;
    QObject *context = nullptr; ///< asynchronous answers run on its thread, and not after it died
};

/// \brief One request on its way through an endpoint pipeline (FormPipeline, ApiPipeline,
/// SubmissionDelivery): the request, its answer handle, the submission id minted on arrival
/// (Posthorn §6.1), the fields read so far, and the idempotency claim it holds. Every answer goes
/// through one of the answer methods, which negotiate the representation (decisions §24), log
/// nothing themselves, and end an idempotency claim the way Posthorn §2.3 says (200 and 422 are
/// remembered, everything else releases the key).
class Submission
{
public:
    Submission(Endpoint &endpoint, const IngressServices &services, HttpRequest &&request, HttpReply reply);

    Endpoint &endpoint;
    IngressServices services;
    HttpRequest request;
    HttpReply reply;
    QString id;
    qint64 startMs = 0; ///< steady clock
    QString clientIp;
    FormFields fields;
    QList<Attachment> attachments;
    std::optional<IdempotencyKey> idempotency; ///< a claim this request holds
    bool idempotencyStoredByOutbox = false; ///< the outbox records the answer with the submission

    qint64 latencyMs() const;
    /// A log line with Posthorn's request fields first: submission_id, endpoint, transport.
    void log(Log::Level level, const QString &event, const Log::Fields &extra = {}) const;
    Log::Fields withLatency(Log::Fields extra = {}) const;

    /// An error: JSON `{"error","code"}`, Posthorn's text line when the client asks for text, or a
    /// 303 to `redirect_error` when `mayRedirect`, one is configured and the client prefers HTML.
    void fail(int status, const QString &message, const QString &code, bool mayRedirect);
    /// 422 with the failing fields (or the error redirect in form mode).
    void failValidation(const QMap<QString, QString> &fieldErrors);
    /// 200 with `jsonBody` (or a 303 to `redirect_success` in form mode).
    void succeed(const QByteArray &jsonBody);
    /// A stored answer replayed byte for byte.
    void replay(const StoredResponse &stored);

    /// Go's http.Redirect resolution of a configured target against the request path.
    static QByteArray resolveLocation(const QString &target, const QByteArray &requestPath);

private:
    void finish(const HttpResponse &response);
};

using SubmissionPtr = std::shared_ptr<Submission>;

} // namespace Postrider::Http
