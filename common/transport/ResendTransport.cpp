#include "ResendTransport.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace Postrider {

namespace {
QJsonArray addressArray(const AddressList &list)
{
    QJsonArray a;
    for (const Address &addr : list)
        a.append(addr.toString());
    return a;
}
} // namespace

ResendTransport::ResendTransport(TransportConfig config, Clock *clock, QObject *parent)
    : HttpTransport(std::move(config), clock, QStringLiteral("resend"), parent)
    , m_auth("Bearer " + this->config().setting(QStringLiteral("api_key")).toUtf8())
{
    setDefaultBase(QLatin1String(kDefaultBase));
}

Status ResendTransport::validate(const TransportConfig &config)
{
    return validateSettings(config, {QStringLiteral("api_key")});
}

QByteArray ResendTransport::idempotencyKey(const QString &key)
{
    if (key.isEmpty())
        return {};
    QByteArray out = "postrider/" + key.toUtf8();
    if (out.size() > kMaxIdempotencyKeyLength)
        out = "postrider/sha256/" + QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
    return out;
}

QJsonObject ResendTransport::body(const Message &m) const
{
    QJsonObject o;
    o.insert(QStringLiteral("from"), m.from.toString());
    o.insert(QStringLiteral("to"), addressArray(m.to));
    if (!m.cc.isEmpty())
        o.insert(QStringLiteral("cc"), addressArray(m.cc));
    if (!m.bcc.isEmpty())
        o.insert(QStringLiteral("bcc"), addressArray(m.bcc));
    // reply_to is "string | string[]": one address as a string (Posthorn's shape), several as an array.
    if (m.replyTo.size() == 1)
        o.insert(QStringLiteral("reply_to"), m.replyTo.constFirst().toString());
    else if (!m.replyTo.isEmpty())
        o.insert(QStringLiteral("reply_to"), addressArray(m.replyTo));
    o.insert(QStringLiteral("subject"), m.subject);
    if (!m.text.isEmpty() || m.html.isEmpty())
        o.insert(QStringLiteral("text"), m.text);
    if (!m.html.isEmpty())
        o.insert(QStringLiteral("html"), m.html);
    if (!m.headers.isEmpty()) {
        QJsonObject headers; // an object: a repeated name keeps its last value
        for (const Header &h : m.headers)
            headers.insert(QString::fromLatin1(h.name), h.value);
        o.insert(QStringLiteral("headers"), headers);
    }
    if (!m.attachments.isEmpty()) {
        QJsonArray atts;
        for (const Attachment &a : m.attachments) {
            QJsonObject ao{{QStringLiteral("filename"), a.filename.isEmpty() ? a.contentId : a.filename},
                           {QStringLiteral("content"), QString::fromLatin1(a.data.toBase64())},
                           {QStringLiteral("content_type"), a.contentType}};
            // Inline images: `content_id`, referenced from the HTML as cid:<id> (Resend
            // "Embed inline images"; the REST field is snake_case like the others).
            if (a.isInline && !a.contentId.isEmpty())
                ao.insert(QStringLiteral("content_id"), a.contentId);
            atts.append(ao);
        }
        o.insert(QStringLiteral("attachments"), atts);
    }
    return o;
}

Result<HttpCall> ResendTransport::buildCall(const Message &message, const SendOptions &options)
{
    HttpCall call;
    call.url = baseUrl();
    call.url.setPath(call.url.path() + QStringLiteral("/emails"));
    call.headers = {{"Content-Type", "application/json"}, {"Authorization", m_auth}};
    const QByteArray key = idempotencyKey(options.idempotencyKey);
    if (!key.isEmpty())
        call.headers.append({"Idempotency-Key", key});
    call.body = toJson(body(message));
    return call;
}

QString ResendTransport::parseMessageId(const QByteArray &body) const
{
    return jsonObject(body).value(QStringLiteral("id")).toString();
}

ProviderError ResendTransport::parseError(const HttpHeaderList &, const QByteArray &body) const
{
    // {"statusCode": 422, "message": "...", "name": "validation_error"}
    const QJsonObject o = jsonObject(body);
    return {o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("message")).toString()};
}

Outcome ResendTransport::errorOutcome(int status, const ProviderError &error) const
{
    // 409 concurrent_idempotent_requests: the first attempt with this key is still running at
    // Resend; "it is safe to retry this request later" (Resend, Idempotency Keys).
    if (status == 409 && error.code == QLatin1String("concurrent_idempotent_requests"))
        return Outcome::Transient;
    return HttpTransport::errorOutcome(status, error);
}

} // namespace Postrider
