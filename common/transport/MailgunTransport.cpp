#include "MailgunTransport.h"

#include <QHttpPart>

namespace Postrider {

namespace {

/// RFC 7578 §4.2 / WHATWG form encoding: a quoted parameter cannot carry '"', CR or LF, so
/// they are percent-encoded (a CRLF in a file name can never start a new part header).
QByteArray quoted(const QString &value)
{
    QByteArray v = value.toUtf8();
    v.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return '"' + v + '"';
}

QHttpPart field(const QByteArray &name, const QString &value)
{
    QHttpPart p;
    p.setRawHeader("Content-Disposition", "form-data; name=" + quoted(QString::fromLatin1(name)));
    p.setBody(value.toUtf8());
    return p;
}

QHttpPart file(const QByteArray &name, const QString &filename, const QString &contentType, const QByteArray &data)
{
    QHttpPart p;
    p.setRawHeader("Content-Disposition",
                   "form-data; name=" + quoted(QString::fromLatin1(name)) + "; filename=" + quoted(filename));
    QByteArray type = contentType.toUtf8();
    type.replace('\r', ' ').replace('\n', ' ');
    p.setRawHeader("Content-Type", type.isEmpty() ? QByteArray("application/octet-stream") : type);
    p.setBody(data);
    return p;
}

} // namespace

MailgunTransport::MailgunTransport(TransportConfig config, Clock *clock, QObject *parent)
    : HttpTransport(std::move(config), clock, QStringLiteral("mailgun"), parent)
    , m_auth("Basic " + ("api:" + this->config().setting(QStringLiteral("api_key")).toUtf8()).toBase64())
    , m_domain(this->config().setting(QStringLiteral("domain")))
{
    const bool eu = this->config().setting(QStringLiteral("region")) == QLatin1String("eu");
    setDefaultBase(QLatin1String(eu ? kEuBase : kUsBase));
}

Status MailgunTransport::validate(const TransportConfig &config)
{
    if (auto s = validateSettings(config, {QStringLiteral("api_key"), QStringLiteral("domain")}); !s)
        return s;
    const QString region = config.setting(QStringLiteral("region"));
    if (!region.isEmpty() && region != QLatin1String("us") && region != QLatin1String("eu"))
        return Error(QStringLiteral("transport.invalid"),
                     QStringLiteral("transport \"%1\": settings.region must be \"us\" or \"eu\"").arg(config.name));
    return {};
}

std::unique_ptr<QHttpMultiPart> MailgunTransport::form(const Message &m)
{
    auto mp = std::make_unique<QHttpMultiPart>(QHttpMultiPart::FormDataType);
    mp->append(field("from", m.from.toString()));
    // One part per recipient, as Mailgun's examples post repeated `to` fields.
    for (const Address &a : m.to)
        mp->append(field("to", a.toString()));
    for (const Address &a : m.cc)
        mp->append(field("cc", a.toString()));
    for (const Address &a : m.bcc)
        mp->append(field("bcc", a.toString()));
    if (!m.replyTo.isEmpty())
        mp->append(field("h:Reply-To", formatAddressList(m.replyTo)));
    mp->append(field("subject", m.subject));
    if (!m.text.isEmpty() || m.html.isEmpty())
        mp->append(field("text", m.text));
    if (!m.html.isEmpty())
        mp->append(field("html", m.html));
    for (const Header &h : m.headers)
        mp->append(field("h:" + h.name, h.value));
    for (const Attachment &a : m.attachments) {
        // Mailgun names an inline part's Content-ID after its file name, so the part is named
        // after the content id the HTML references (cid:<id>).
        if (a.isInline && !a.contentId.isEmpty())
            mp->append(file("inline", a.contentId, a.contentType, a.data));
        else
            mp->append(file("attachment", a.filename, a.contentType, a.data));
    }
    return mp;
}

Result<HttpCall> MailgunTransport::buildCall(const Message &message, const SendOptions &)
{
    HttpCall call;
    call.url = baseUrl();
    // The domain is one path segment: percent-encode it (Posthorn inserted it raw).
    const QString path = call.url.path(QUrl::FullyEncoded) + QStringLiteral("/v3/")
        + QString::fromLatin1(QUrl::toPercentEncoding(m_domain)) + QStringLiteral("/messages");
    call.url.setPath(path, QUrl::TolerantMode);
    call.headers = {{"Authorization", m_auth}};
    call.multipart = form(message);
    return call;
}

QString MailgunTransport::parseMessageId(const QByteArray &body) const
{
    return jsonObject(body).value(QStringLiteral("id")).toString();
}

ProviderError MailgunTransport::parseError(const HttpHeaderList &, const QByteArray &body) const
{
    // {"message": "..."}; Mailgun returns no error code.
    return {QString(), jsonObject(body).value(QStringLiteral("message")).toString()};
}

} // namespace Postrider
