#include "SesTransport.h"

#include "core/Clock.h"
#include "core/Rfc2047.h"
#include "mime/MimeBuilder.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Postrider {

namespace {

bool isAscii(const QString &s)
{
    for (QChar c : s)
        if (c.unicode() > 0x7e)
            return false;
    return true;
}

/// SES wants non-ASCII display names as RFC 2047 encoded words ("the sender name ... must be
/// MIME encoded-word syntax", SES v2 SendEmail FromEmailAddress); folding is undone because the
/// value is a JSON string, not a header line.
QString sesAddress(const Address &a)
{
    if (a.name.isEmpty() || isAscii(a.name))
        return a.toString();
    QString encoded = QString::fromLatin1(Rfc2047::encodeText(a.name));
    encoded.replace(QLatin1String("\r\n "), QLatin1String(" "));
    return encoded + QStringLiteral(" <") + a.email + u'>';
}

QJsonArray sesAddresses(const AddressList &list)
{
    QJsonArray out;
    for (const Address &a : list)
        out.append(sesAddress(a));
    return out;
}

QJsonObject utf8Content(const QString &data)
{
    // Charset is required for anything but 7-bit ASCII (Posthorn §0.19 left it out).
    return {{QStringLiteral("Data"), data}, {QStringLiteral("Charset"), QStringLiteral("UTF-8")}};
}

} // namespace

SesTransport::SesTransport(TransportConfig config, Clock *clock, QObject *parent)
    : HttpTransport(std::move(config), clock, QStringLiteral("ses"), parent)
    , m_signer(this->config().setting(QStringLiteral("access_key_id")),
               this->config().setting(QStringLiteral("secret_access_key")),
               this->config().setting(QStringLiteral("region")), QStringLiteral("ses"),
               this->config().setting(QStringLiteral("session_token")))
    , m_configurationSet(this->config().setting(QStringLiteral("configuration_set")))
{
    setDefaultBase(defaultBase(this->config().setting(QStringLiteral("region"))));
}

Status SesTransport::validate(const TransportConfig &config)
{
    if (auto s = validateSettings(
            config, {QStringLiteral("access_key_id"), QStringLiteral("secret_access_key"), QStringLiteral("region")});
        !s)
        return s;
    // The region becomes part of a host name and of the credential scope.
    static const QRegularExpression re(QStringLiteral("^[a-z0-9-]{1,32}$"));
    if (!re.match(config.setting(QStringLiteral("region"))).hasMatch())
        return Error(QStringLiteral("transport.invalid"),
                     QStringLiteral("transport \"%1\": settings.region is not an AWS region name").arg(config.name));
    return {};
}

QString SesTransport::defaultBase(const QString &region)
{
    return QStringLiteral("https://email.%1.amazonaws.com").arg(region);
}

bool SesTransport::needsRaw(const Message &message)
{
    return !message.attachments.isEmpty() || !message.headers.isEmpty();
}

QByteArray SesTransport::hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

Result<QJsonObject> SesTransport::body(const Message &m) const
{
    QJsonObject o;
    o.insert(QStringLiteral("FromEmailAddress"), sesAddress(m.from));
    QJsonObject dest;
    if (!m.to.isEmpty())
        dest.insert(QStringLiteral("ToAddresses"), sesAddresses(m.to));
    if (!m.cc.isEmpty())
        dest.insert(QStringLiteral("CcAddresses"), sesAddresses(m.cc));
    if (!m.bcc.isEmpty())
        dest.insert(QStringLiteral("BccAddresses"), sesAddresses(m.bcc));
    o.insert(QStringLiteral("Destination"), dest);
    if (!m.replyTo.isEmpty())
        o.insert(QStringLiteral("ReplyToAddresses"), sesAddresses(m.replyTo));

    QJsonObject content;
    if (needsRaw(m)) {
        // Raw MIME is built by us, so a CR/LF in a header field would be real header
        // injection here (unlike the JSON shapes): refuse it before building.
        if (auto valid = m.validate(); !valid)
            return valid.error();
        Mime::BuildOptions opts;
        opts.date = clock()->now();
        opts.includeBcc = false; // Bcc travels only in Destination.BccAddresses
        opts.messageIdDomain = m.from.domain();
        // The same Message-ID on every attempt of a submission (SES may still replace it).
        if (!m.submissionId.isEmpty())
            opts.messageId = m.submissionId + u'@' + m.from.domain();
        const auto mime = Mime::buildMessage(m, opts);
        if (!mime)
            return mime.error();
        content.insert(QStringLiteral("Raw"),
                       QJsonObject{{QStringLiteral("Data"), QString::fromLatin1(mime->toBase64())}});
    } else {
        QJsonObject bodyObj;
        if (!m.text.isEmpty() || m.html.isEmpty())
            bodyObj.insert(QStringLiteral("Text"), utf8Content(m.text));
        if (!m.html.isEmpty())
            bodyObj.insert(QStringLiteral("Html"), utf8Content(m.html));
        content.insert(
            QStringLiteral("Simple"),
            QJsonObject{{QStringLiteral("Subject"), utf8Content(m.subject)}, {QStringLiteral("Body"), bodyObj}});
    }
    o.insert(QStringLiteral("Content"), content);
    if (!m_configurationSet.isEmpty())
        o.insert(QStringLiteral("ConfigurationSetName"), m_configurationSet);
    return o;
}

Result<HttpCall> SesTransport::buildCall(const Message &message, const SendOptions &)
{
    auto json = body(message);
    if (!json)
        return json.error();
    HttpCall call;
    call.url = baseUrl();
    call.url.setPath(call.url.path() + QStringLiteral("/v2/email/outbound-emails"));
    call.body = toJson(*json);

    // Sign exactly the headers Qt will send for them (Host is set explicitly so it cannot
    // differ), plus X-Amz-Date, X-Amz-Content-Sha256 and the session token.
    SigV4Signer::Request req;
    req.method = "POST";
    req.path = call.url.path(QUrl::FullyEncoded).toLatin1();
    req.headers = {
        {"Host", hostHeader(call.url)}, {"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = call.body;
    SigV4Signer::Options opts;
    opts.addContentSha256 = true;
    const SigV4Signer::Signed s = m_signer.sign(req, clock()->now(), opts);
    call.headers = req.headers;
    call.headers.append(s.addedHeaders);
    return call;
}

QString SesTransport::parseMessageId(const QByteArray &body) const
{
    return jsonObject(body).value(QStringLiteral("MessageId")).toString();
}

ProviderError SesTransport::parseError(const HttpHeaderList &headers, const QByteArray &body) const
{
    // AWS REST-JSON errors: code in the x-amzn-ErrorType header ("MessageRejected:http://...")
    // or in __type ("com.amazon...#MessageRejected"); text in "message" or "Message".
    const QJsonObject o = jsonObject(body);
    ProviderError e;
    QString code = QString::fromLatin1(headerValue(headers, "x-amzn-ErrorType"));
    if (code.isEmpty())
        code = o.value(QStringLiteral("__type")).toString();
    code = code.section(u':', 0, 0);
    e.code = code.section(u'#', -1);
    e.message = o.value(QStringLiteral("message")).toString();
    if (e.message.isEmpty())
        e.message = o.value(QStringLiteral("Message")).toString();
    return e;
}

} // namespace Postrider
