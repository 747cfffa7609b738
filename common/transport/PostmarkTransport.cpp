#include "PostmarkTransport.h"

#include <QJsonArray>

namespace Postrider {

PostmarkTransport::PostmarkTransport(TransportConfig config, Clock *clock, QObject *parent)
    : HttpTransport(std::move(config), clock, QStringLiteral("postmark"), parent)
    , m_token(this->config().setting(QStringLiteral("api_key")).toUtf8())
    , m_stream(this->config().setting(QStringLiteral("message_stream")))
{
    setDefaultBase(QLatin1String(kDefaultBase));
}

Status PostmarkTransport::validate(const TransportConfig &config)
{
    return validateSettings(config, {QStringLiteral("api_key")});
}

QJsonObject PostmarkTransport::body(const Message &m) const
{
    // Postmark takes address lists as one comma-separated string (max 50 recipients in total).
    QJsonObject o;
    o.insert(QStringLiteral("From"), m.from.toString());
    o.insert(QStringLiteral("To"), formatAddressList(m.to));
    if (!m.cc.isEmpty())
        o.insert(QStringLiteral("Cc"), formatAddressList(m.cc));
    if (!m.bcc.isEmpty())
        o.insert(QStringLiteral("Bcc"), formatAddressList(m.bcc));
    if (!m.replyTo.isEmpty())
        o.insert(QStringLiteral("ReplyTo"), formatAddressList(m.replyTo));
    o.insert(QStringLiteral("Subject"), m.subject);
    // Postmark needs TextBody or HtmlBody; Posthorn always sent TextBody, so an HTML-only message
    // is the one case where it is left out.
    if (!m.text.isEmpty() || m.html.isEmpty())
        o.insert(QStringLiteral("TextBody"), m.text);
    if (!m.html.isEmpty())
        o.insert(QStringLiteral("HtmlBody"), m.html);
    if (!m.headers.isEmpty()) {
        QJsonArray headers;
        for (const Header &h : m.headers)
            headers.append(
                QJsonObject{{QStringLiteral("Name"), QString::fromLatin1(h.name)}, {QStringLiteral("Value"), h.value}});
        o.insert(QStringLiteral("Headers"), headers);
    }
    if (!m.attachments.isEmpty()) {
        QJsonArray atts;
        for (const Attachment &a : m.attachments) {
            QJsonObject ao{{QStringLiteral("Name"), a.filename.isEmpty() ? a.contentId : a.filename},
                           {QStringLiteral("Content"), QString::fromLatin1(a.data.toBase64())},
                           {QStringLiteral("ContentType"), a.contentType}};
            // Inline images: Postmark documents ContentID in the "cid:..." form.
            if (a.isInline && !a.contentId.isEmpty())
                ao.insert(QStringLiteral("ContentID"), QStringLiteral("cid:") + a.contentId);
            atts.append(ao);
        }
        o.insert(QStringLiteral("Attachments"), atts);
    }
    if (!m_stream.isEmpty())
        o.insert(QStringLiteral("MessageStream"), m_stream);
    return o;
}

Result<HttpCall> PostmarkTransport::buildCall(const Message &message, const SendOptions &)
{
    HttpCall call;
    call.url = baseUrl();
    call.url.setPath(call.url.path() + QStringLiteral("/email"));
    call.headers = {{"Content-Type", "application/json"}, {"X-Postmark-Server-Token", m_token}};
    call.body = toJson(body(message));
    return call;
}

QString PostmarkTransport::parseMessageId(const QByteArray &body) const
{
    return jsonObject(body).value(QStringLiteral("MessageID")).toString();
}

ProviderError PostmarkTransport::parseError(const HttpHeaderList &, const QByteArray &body) const
{
    // {"ErrorCode": 300, "Message": "Invalid 'From' address..."} (Postmark API error codes)
    const QJsonObject o = jsonObject(body);
    ProviderError e;
    const QJsonValue code = o.value(QStringLiteral("ErrorCode"));
    if (code.isDouble())
        e.code = QString::number(code.toInteger());
    else if (code.isString())
        e.code = code.toString();
    e.message = o.value(QStringLiteral("Message")).toString();
    return e;
}

} // namespace Postrider
