#include "ResponseBodies.h"

#include "JsonWriter.h"

#include <algorithm>

namespace Postrider::Http {

QByteArray successBody(const QString &submissionId, DeliveryOutcome delivery, const QString &transportMessageId)
{
    JsonWriter w;
    w.beginObject().key(u"status").value(u"ok").key(u"submission_id").value(submissionId);
    w.key(u"delivery").value(delivery == DeliveryOutcome::Sent ? u"sent" : u"queued");
    if (!transportMessageId.isEmpty())
        w.key(u"transport_message_id").value(transportMessageId);
    return w.endObject().finish();
}

QByteArray validationBody(const QMap<QString, QString> &fields)
{
    QStringList keys = fields.keys();
    std::sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) { return a.toUtf8() < b.toUtf8(); });
    JsonWriter w;
    w.beginObject().key(u"error").value(u"validation failed").key(u"code").value(u"validation_failed");
    w.key(u"fields").beginObject();
    for (const QString &k : keys)
        w.key(k).value(fields.value(k));
    return w.endObject().endObject().finish();
}

QByteArray errorBody(const QString &message, const QString &code)
{
    JsonWriter w;
    return w.beginObject().key(u"error").value(message).key(u"code").value(code).endObject().finish();
}

QByteArray dryRunBody(const QString &submissionId, const PreparedMessage &m)
{
    JsonWriter w;
    w.beginObject().key(u"status").value(u"dry_run").key(u"submission_id").value(submissionId);
    w.key(u"prepared_message").beginObject();
    w.key(u"from").value(m.from);
    w.key(u"to").beginArray();
    for (const QString &t : m.to)
        w.value(t);
    w.endArray();
    if (!m.replyTo.isEmpty())
        w.key(u"reply_to").value(m.replyTo);
    w.key(u"subject").value(m.subject).key(u"body_text").value(m.bodyText);
    if (!m.bodyHtml.isEmpty())
        w.key(u"body_html").value(m.bodyHtml);
    if (!m.attachments.isEmpty()) {
        w.key(u"attachments").beginArray();
        for (const QString &a : m.attachments)
            w.value(a);
        w.endArray();
    }
    return w.endObject().endObject().finish();
}

QByteArray csrfTokenBody(const QByteArray &token, const QString &expiresAtRfc3339, qint64 expiresInSeconds)
{
    JsonWriter w;
    w.beginObject().key(u"token").value(QString::fromLatin1(token)).key(u"field").value(u"_csrf_token");
    w.key(u"expires_at").value(expiresAtRfc3339).key(u"expires_in").value(expiresInSeconds);
    return w.endObject().finish();
}

} // namespace Postrider::Http
