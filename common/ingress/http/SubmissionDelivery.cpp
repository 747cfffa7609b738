#include "SubmissionDelivery.h"

#include "FieldValidation.h"
#include "HttpMetrics.h"
#include "ResponseBodies.h"

#include "core/Clock.h"
#include "outbox/Outbox.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Postrider::Http {

namespace {

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

/// Posthorn's error classes for submissions_failed_total.
QString errorClass(const SubmitReceipt &r)
{
    if (r.status == SubmissionStatus::Cancelled)
        return QStringLiteral("unknown");
    return outcomeName(r.result.outcome);
}

void deliver(const SubmissionPtr &s, Message message);

} // namespace

Log::Field SubmissionDelivery::failedPayload(const Submission &s)
{
    const EndpointConfig &c = s.endpoint.config();
    if (!c.logFailedSubmissions)
        return {QStringLiteral("form_fields"), toJsonArray(s.fields.keys())};
    QJsonObject form;
    for (auto it = s.fields.cbegin(); it != s.fields.cend(); ++it) {
        if (!c.honeypot.isEmpty() && it.key() == c.honeypot) {
            QJsonArray redacted;
            for (qsizetype i = 0; i < it->size(); ++i)
                redacted.append(QStringLiteral("<redacted>"));
            form.insert(it.key(), redacted);
        } else {
            form.insert(it.key(), toJsonArray(*it));
        }
    }
    return {QStringLiteral("form"), form};
}

void SubmissionDelivery::run(const SubmissionPtr &s)
{
    Endpoint &ep = s->endpoint;
    const EndpointConfig &c = ep.config();
    HttpMetrics &metrics = *s->services.metrics;

    const FieldValidation::Result v = FieldValidation::check(s->fields, c.required, c.emailField);
    if (!v.ok()) {
        s->log(Log::Level::Info, QStringLiteral("validation_failed"),
               s->withLatency({{QStringLiteral("fields"), toJsonArray(v.logFields())}}));
        metrics.validationFailed(ep.path());
        return s->failValidation(v.fieldErrors());
    }
    s->log(Log::Level::Info, QStringLiteral("submission_received"));
    metrics.received(ep.path());

    auto rendered = ep.renderer().render(s->fields);
    if (!rendered) {
        s->log(Log::Level::Error, QStringLiteral("template_render_failed"),
               {{QStringLiteral("error"), rendered.error().message}});
        return s->fail(500, QStringLiteral("submission could not be processed"),
                       QStringLiteral("template_render_failed"), false);
    }

    Message m;
    m.from = ep.from();
    m.to = ep.to();
    QStringList toText = c.to;
    if (ep.isApi()) {
        // Reference §2.14: checked after rendering, answered 422 without a log line or metric.
        const FieldValidation::Override o = FieldValidation::toOverride(s->fields);
        if (!o.problem.isEmpty())
            return s->failValidation({{QStringLiteral("to_override"), o.problem}});
        if (o.present) {
            m.to.clear();
            for (const QString &t : o.recipients)
                m.to.append(*Address::parse(t));
            toText = o.recipients;
        }
    }
    const QString replyTo = FieldValidation::replyTo(s->fields, c.effectiveReplyToField());
    if (!replyTo.isEmpty())
        m.replyTo = {*Address::parse(replyTo)};
    m.subject = rendered->subject;
    m.text = rendered->text;
    m.html = rendered->html;
    m.attachments = s->attachments;
    m.ingress = ep.isApi() ? Ingress::HttpApi : Ingress::HttpForm;
    m.submissionId = s->id;
    m.createdAt = s->services.clock->now();
    m.metadata.insert(QStringLiteral("endpoint"), ep.path());
    if (!c.stripClientIp)
        m.metadata.insert(QStringLiteral("client_ip"), s->clientIp);

    if (c.dryRun) {
        PreparedMessage p;
        p.from = c.from;
        p.to = toText;
        p.replyTo = replyTo;
        p.subject = m.subject;
        p.bodyText = m.text;
        p.bodyHtml = m.html;
        for (const Attachment &a : std::as_const(m.attachments))
            p.attachments.append(a.filename);
        s->log(Log::Level::Info, QStringLiteral("submission_dry_run"), s->withLatency());
        return s->succeed(dryRunBody(s->id, p));
    }
    deliver(s, std::move(m));
}

namespace {

void deliver(const SubmissionPtr &s, Message message)
{
    Endpoint &ep = s->endpoint;
    const bool sync = ep.config().delivery == DeliveryMode::Sync;
    SubmitOptions options;
    options.mode = ep.config().delivery;
    if (s->idempotency && !sync) {
        // Queue mode: the remembered answer is committed in the same transaction as the message
        // (decisions §5), so a crash can never keep one without the other.
        options.idempotency = *s->idempotency;
        options.responseFor = [](const SubmitReceipt &r) {
            return StoredResponse{200, QByteArrayLiteral("application/json; charset=utf-8"),
                                  successBody(r.submissionId, DeliveryOutcome::Queued)};
        };
        s->idempotencyStoredByOutbox = true;
    }
    s->services.outbox->submit(
        std::move(message), ep.route(), std::move(options), s->services.context,
        [s, sync](const Result<SubmitReceipt> &result) {
            Endpoint &ep = s->endpoint;
            HttpMetrics &metrics = *s->services.metrics;
            if (!result) {
                if (s->idempotencyStoredByOutbox) {
                    s->services.outbox->releaseIdempotent(*s->idempotency);
                    s->idempotency.reset();
                }
                Log::Fields f = s->withLatency({{QStringLiteral("error"), result.error().toString()}});
                f.append(SubmissionDelivery::failedPayload(*s));
                s->log(Log::Level::Error, QStringLiteral("submission_failed"), f);
                return s->fail(503, QStringLiteral("submission could not be accepted"),
                               QStringLiteral("outbox_unavailable"), false);
            }
            const SubmitReceipt &r = *result;
            if (!sync) {
                s->log(Log::Level::Info, QStringLiteral("submission_queued"), s->withLatency());
                metrics.queued(ep.path());
                return s->succeed(successBody(r.submissionId, DeliveryOutcome::Queued));
            }
            const QString transport = ep.transportType(r.transport);
            if (r.status == SubmissionStatus::Sent) {
                Log::Fields f = s->withLatency();
                if (!r.result.messageId.isEmpty())
                    f.append({QStringLiteral("transport_message_id"), r.result.messageId});
                s->log(Log::Level::Info, QStringLiteral("submission_sent"), f);
                metrics.sent(ep.path(), transport, double(s->latencyMs()) / 1000.0);
                return s->succeed(successBody(r.submissionId, DeliveryOutcome::Sent, r.result.messageId));
            }
            Log::Fields f = s->withLatency({{QStringLiteral("error"), r.result.describe()}});
            f.append(SubmissionDelivery::failedPayload(*s));
            s->log(Log::Level::Error, QStringLiteral("submission_failed"), f);
            metrics.failed(ep.path(), transport, errorClass(r));
            // Posthorn: a failed send is 502 with a generic body, never a redirect.
            s->fail(502, QStringLiteral("submission could not be delivered"), QStringLiteral("delivery_failed"), false);
        });
}

} // namespace

} // namespace Postrider::Http
