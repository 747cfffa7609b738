#include "FakeProviderRules.h"

#include "transport/SigV4Signer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace Postrider::Test {

namespace {

using P = FakeProviderRules::Provider;

/// Collects problems with a JSON document, each prefixed with the dotted path.
class JsonRules
{
public:
    QStringList problems;

    void keys(const QJsonObject &o, const QString &where, const QStringList &allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!allowed.contains(it.key()))
                problems.append(QStringLiteral("%1: unknown field \"%2\"").arg(where, it.key()));
    }
    bool string(const QJsonObject &o, const QString &key, const QString &where, bool required)
    {
        if (!o.contains(key)) {
            if (required)
                problems.append(QStringLiteral("%1.%2: missing").arg(where, key));
            return false;
        }
        if (!o.value(key).isString()) {
            problems.append(QStringLiteral("%1.%2: must be a string").arg(where, key));
            return false;
        }
        return true;
    }
    void stringArray(const QJsonObject &o, const QString &key, const QString &where, bool orString = false)
    {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        if (orString && v.isString())
            return;
        if (!v.isArray()) {
            problems.append(
                QStringLiteral("%1.%2: must be an array%3").arg(where, key, orString ? " or a string" : ""));
            return;
        }
        for (const QJsonValue &e : v.toArray())
            if (!e.isString())
                problems.append(QStringLiteral("%1.%2: elements must be strings").arg(where, key));
    }
    void base64(const QJsonObject &o, const QString &key, const QString &where)
    {
        const auto r =
            QByteArray::fromBase64Encoding(o.value(key).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!r)
            problems.append(QStringLiteral("%1.%2: not valid base64").arg(where, key));
    }
};

QStringList checkCommon(const FakeHttpRequest &r, const QByteArray &path, bool json)
{
    QStringList p;
    if (r.method != "POST")
        p.append(QStringLiteral("method must be POST, got ") + QString::fromLatin1(r.method));
    if (r.path != path)
        p.append(QStringLiteral("path must be %1, got %2").arg(QString::fromLatin1(path), QString::fromLatin1(r.path)));
    if (!r.query.isEmpty())
        p.append(QStringLiteral("unexpected query string"));
    if (json && !r.header("Content-Type").startsWith("application/json"))
        p.append(QStringLiteral("Content-Type must be application/json"));
    if (!r.header("Accept").contains("application/json"))
        p.append(QStringLiteral("Accept must include application/json"));
    return p;
}

QStringList checkPostmark(const FakeProviderRules::Credentials &cr, const FakeHttpRequest &r)
{
    QStringList p = checkCommon(r, "/email", true);
    if (r.headerCount("X-Postmark-Server-Token") != 1 || r.header("X-Postmark-Server-Token") != cr.apiKey.toUtf8())
        p.append(QStringLiteral("auth: X-Postmark-Server-Token missing or wrong"));
    const QJsonDocument doc = r.json();
    if (!doc.isObject())
        return p << QStringLiteral("body is not a JSON object");
    const QJsonObject o = doc.object();
    JsonRules j;
    j.keys(o, QStringLiteral("body"),
           {"From", "To", "Cc", "Bcc", "ReplyTo", "Subject", "Tag", "HtmlBody", "TextBody", "Headers", "TrackOpens",
            "TrackLinks", "Metadata", "Attachments", "MessageStream"});
    j.string(o, QStringLiteral("From"), QStringLiteral("body"), true);
    for (const char *k : {"To", "Cc", "Bcc", "ReplyTo", "Subject", "HtmlBody", "TextBody", "MessageStream", "Tag"})
        j.string(o, QLatin1String(k), QStringLiteral("body"), false);
    if (o.value(QStringLiteral("To")).toString().isEmpty() && o.value(QStringLiteral("Cc")).toString().isEmpty()
        && o.value(QStringLiteral("Bcc")).toString().isEmpty())
        j.problems.append(QStringLiteral("body: no recipients"));
    if (!o.contains(QStringLiteral("TextBody")) && !o.contains(QStringLiteral("HtmlBody")))
        j.problems.append(QStringLiteral("body: TextBody or HtmlBody required"));
    for (const QJsonValue &h : o.value(QStringLiteral("Headers")).toArray()) {
        j.keys(h.toObject(), QStringLiteral("Headers[]"), {"Name", "Value"});
        j.string(h.toObject(), QStringLiteral("Name"), QStringLiteral("Headers[]"), true);
        j.string(h.toObject(), QStringLiteral("Value"), QStringLiteral("Headers[]"), true);
    }
    for (const QJsonValue &v : o.value(QStringLiteral("Attachments")).toArray()) {
        const QJsonObject a = v.toObject();
        j.keys(a, QStringLiteral("Attachments[]"), {"Name", "Content", "ContentType", "ContentID"});
        for (const char *k : {"Name", "Content", "ContentType"})
            j.string(a, QLatin1String(k), QStringLiteral("Attachments[]"), true);
        j.base64(a, QStringLiteral("Content"), QStringLiteral("Attachments[]"));
        if (a.contains(QStringLiteral("ContentID"))
            && !a.value(QStringLiteral("ContentID")).toString().startsWith(QLatin1String("cid:")))
            j.problems.append(QStringLiteral("Attachments[].ContentID: must be cid:..."));
    }
    return p + j.problems;
}

QStringList checkResend(const FakeProviderRules::Credentials &cr, const FakeHttpRequest &r)
{
    QStringList p = checkCommon(r, "/emails", true);
    if (r.headerCount("Authorization") != 1 || r.header("Authorization") != "Bearer " + cr.apiKey.toUtf8())
        p.append(QStringLiteral("auth: Authorization must be Bearer <key>"));
    if (r.hasHeader("Idempotency-Key")) {
        const qsizetype n = r.header("Idempotency-Key").size();
        if (n < 1 || n > 256)
            p.append(QStringLiteral("Idempotency-Key must be 1-256 characters"));
    }
    const QJsonDocument doc = r.json();
    if (!doc.isObject())
        return p << QStringLiteral("body is not a JSON object");
    const QJsonObject o = doc.object();
    JsonRules j;
    j.keys(o, QStringLiteral("body"),
           {"from", "to", "cc", "bcc", "reply_to", "subject", "html", "text", "react", "headers", "attachments", "tags",
            "scheduled_at"});
    j.string(o, QStringLiteral("from"), QStringLiteral("body"), true);
    j.string(o, QStringLiteral("subject"), QStringLiteral("body"), true);
    j.string(o, QStringLiteral("text"), QStringLiteral("body"), false);
    j.string(o, QStringLiteral("html"), QStringLiteral("body"), false);
    if (!o.contains(QStringLiteral("to")))
        j.problems.append(QStringLiteral("body.to: missing"));
    for (const char *k : {"to", "cc", "bcc", "reply_to"})
        j.stringArray(o, QLatin1String(k), QStringLiteral("body"), true);
    const QJsonObject headers = o.value(QStringLiteral("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        if (!it.value().isString())
            j.problems.append(QStringLiteral("body.headers.%1: must be a string").arg(it.key()));
    for (const QJsonValue &v : o.value(QStringLiteral("attachments")).toArray()) {
        const QJsonObject a = v.toObject();
        j.keys(a, QStringLiteral("attachments[]"), {"content", "filename", "path", "content_type", "content_id"});
        j.string(a, QStringLiteral("filename"), QStringLiteral("attachments[]"), true);
        for (const char *k : {"content_type", "content_id", "path"})
            j.string(a, QLatin1String(k), QStringLiteral("attachments[]"), false);
        if (j.string(a, QStringLiteral("content"), QStringLiteral("attachments[]"),
                     !a.contains(QStringLiteral("path"))))
            j.base64(a, QStringLiteral("content"), QStringLiteral("attachments[]"));
    }
    return p + j.problems;
}

QStringList checkMailgun(const FakeProviderRules::Credentials &cr, const FakeHttpRequest &r)
{
    QStringList p = checkCommon(r, "/v3/" + QUrl::toPercentEncoding(cr.domain) + "/messages", false);
    if (r.headerCount("Authorization") != 1
        || r.header("Authorization") != "Basic " + ("api:" + cr.apiKey.toUtf8()).toBase64())
        p.append(QStringLiteral("auth: Authorization must be Basic api:<key>"));
    if (!r.header("Content-Type").startsWith("multipart/form-data"))
        return p << QStringLiteral("Content-Type must be multipart/form-data");
    const auto parts = r.parts();
    if (parts.isEmpty())
        return p << QStringLiteral("multipart body is malformed or empty");
    static const QSet<QByteArray> names = {"from",       "to",    "cc",       "bcc",      "subject",
                                           "text",       "html",  "amp-html", "template", "recipient-variables",
                                           "attachment", "inline"};
    QHash<QByteArray, int> count;
    for (const auto &part : parts) {
        ++count[part.name];
        const bool prefixed = part.name.startsWith("h:") || part.name.startsWith("o:") || part.name.startsWith("v:")
            || part.name.startsWith("t:");
        if (!names.contains(part.name) && !prefixed)
            p.append(QStringLiteral("unknown form field \"%1\"").arg(QString::fromUtf8(part.name)));
        const bool isFile = part.name == "attachment" || part.name == "inline";
        if (isFile && (!part.hasFilename || part.filename.isEmpty()))
            p.append(QStringLiteral("%1 part without a filename").arg(QString::fromUtf8(part.name)));
        if (!isFile && part.hasFilename)
            p.append(QStringLiteral("field \"%1\" sent as a file").arg(QString::fromUtf8(part.name)));
    }
    if (count.value("from") != 1)
        p.append(QStringLiteral("exactly one from field required"));
    if (count.value("to") < 1)
        p.append(QStringLiteral("at least one to field required"));
    for (const char *once : {"subject", "text", "html"})
        if (count.value(once) > 1)
            p.append(QStringLiteral("field \"%1\" repeated").arg(QLatin1String(once)));
    if (!count.contains("text") && !count.contains("html") && !count.contains("template"))
        p.append(QStringLiteral("text, html or template required"));
    return p;
}

QStringList checkSigV4(const FakeProviderRules::Credentials &cr, const FakeHttpRequest &r)
{
    QStringList p;
    static const QRegularExpression re(QStringLiteral(
        "^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), "
        "Signature=([0-9a-f]{64})$"));
    const auto m = re.match(QString::fromLatin1(r.header("Authorization")));
    if (r.headerCount("Authorization") != 1 || !m.hasMatch())
        return {QStringLiteral("auth: Authorization is not a SigV4 header")};
    const QByteArray amzDate = r.header("X-Amz-Date");
    if (m.captured(1) != cr.accessKeyId)
        p.append(QStringLiteral("auth: unknown access key id"));
    if (m.captured(2).toLatin1() != amzDate.left(8))
        p.append(QStringLiteral("auth: credential date does not match X-Amz-Date"));
    if (m.captured(3) != cr.region || m.captured(4) != QLatin1String("ses"))
        p.append(QStringLiteral("auth: credential scope must be <region>/ses"));
    const QStringList signedNames = m.captured(5).split(u';');
    for (const char *must : {"host", "x-amz-date", "x-amz-content-sha256"})
        if (!signedNames.contains(QLatin1String(must)))
            p.append(QStringLiteral("auth: %1 not signed").arg(QLatin1String(must)));
    if (r.header("X-Amz-Content-Sha256") != QCryptographicHash::hash(r.body, QCryptographicHash::Sha256).toHex())
        p.append(QStringLiteral("auth: X-Amz-Content-Sha256 does not match the body"));
    if (!cr.sessionToken.isEmpty()
        && (r.header("X-Amz-Security-Token") != cr.sessionToken.toUtf8()
            || !signedNames.contains(QLatin1String("x-amz-security-token"))))
        p.append(QStringLiteral("auth: X-Amz-Security-Token missing, wrong or unsigned"));
    if (cr.sessionToken.isEmpty() && r.hasHeader("X-Amz-Security-Token"))
        p.append(QStringLiteral("auth: unexpected X-Amz-Security-Token"));

    // Recompute the signature over what actually arrived, as AWS does.
    SigV4Signer::Request req;
    req.method = r.method;
    req.path = r.path;
    req.query = r.query;
    req.body = r.body;
    for (const QString &name : signedNames) {
        const QList<QByteArray> values = r.headerValues(name.toLatin1());
        if (values.isEmpty())
            p.append(QStringLiteral("auth: signed header %1 not sent").arg(name));
        for (const QByteArray &v : values)
            req.headers.append({name.toLatin1(), v});
    }
    SigV4Signer signer(cr.accessKeyId, cr.secretAccessKey, cr.region, QStringLiteral("ses"));
    const auto s = signer.sign(req, QDateTime());
    if (s.signature != m.captured(6).toLatin1())
        p.append(QStringLiteral("auth: SignatureDoesNotMatch"));
    return p;
}

bool isAscii(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x80; });
}

QStringList checkSes(const FakeProviderRules::Credentials &cr, const FakeHttpRequest &r)
{
    QStringList p = checkCommon(r, "/v2/email/outbound-emails", true) + checkSigV4(cr, r);
    const QJsonDocument doc = r.json();
    if (!doc.isObject())
        return p << QStringLiteral("body is not a JSON object");
    const QJsonObject o = doc.object();
    JsonRules j;
    j.keys(o, QStringLiteral("body"),
           {"FromEmailAddress", "FromEmailAddressIdentityArn", "Destination", "ReplyToAddresses",
            "FeedbackForwardingEmailAddress", "FeedbackForwardingEmailAddressIdentityArn", "Content", "EmailTags",
            "ConfigurationSetName", "ListManagementOptions", "EndpointId", "TenantName"});
    j.string(o, QStringLiteral("FromEmailAddress"), QStringLiteral("body"), false);
    j.string(o, QStringLiteral("ConfigurationSetName"), QStringLiteral("body"), false);
    const QJsonObject dest = o.value(QStringLiteral("Destination")).toObject();
    j.keys(dest, QStringLiteral("Destination"), {"ToAddresses", "CcAddresses", "BccAddresses"});
    QStringList addresses = {o.value(QStringLiteral("FromEmailAddress")).toString()};
    for (const char *k : {"ToAddresses", "CcAddresses", "BccAddresses"}) {
        j.stringArray(dest, QLatin1String(k), QStringLiteral("Destination"));
        for (const QJsonValue &v : dest.value(QLatin1String(k)).toArray())
            addresses.append(v.toString());
    }
    j.stringArray(o, QStringLiteral("ReplyToAddresses"), QStringLiteral("body"));
    for (const QJsonValue &v : o.value(QStringLiteral("ReplyToAddresses")).toArray())
        addresses.append(v.toString());
    // SES: addresses are 7-bit; a non-ASCII display name must be an RFC 2047 encoded word.
    for (const QString &a : std::as_const(addresses))
        if (!isAscii(a))
            j.problems.append(QStringLiteral("address is not 7-bit ASCII: ") + a);

    const QJsonObject content = o.value(QStringLiteral("Content")).toObject();
    j.keys(content, QStringLiteral("Content"), {"Simple", "Raw", "Template"});
    if (content.size() != 1)
        j.problems.append(QStringLiteral("Content: exactly one of Simple, Raw, Template"));
    if (content.contains(QStringLiteral("Simple"))) {
        const QJsonObject simple = content.value(QStringLiteral("Simple")).toObject();
        j.keys(simple, QStringLiteral("Simple"), {"Subject", "Body", "Headers"});
        auto contentObj = [&j](const QJsonObject &c, const QString &where, bool required) {
            if (c.isEmpty() && !required)
                return;
            j.keys(c, where, {"Data", "Charset"});
            j.string(c, QStringLiteral("Data"), where, true);
            j.string(c, QStringLiteral("Charset"), where, false);
        };
        contentObj(simple.value(QStringLiteral("Subject")).toObject(), QStringLiteral("Simple.Subject"), true);
        const QJsonObject body = simple.value(QStringLiteral("Body")).toObject();
        j.keys(body, QStringLiteral("Simple.Body"), {"Text", "Html"});
        if (body.isEmpty())
            j.problems.append(QStringLiteral("Simple.Body: Text or Html required"));
        contentObj(body.value(QStringLiteral("Text")).toObject(), QStringLiteral("Simple.Body.Text"), false);
        contentObj(body.value(QStringLiteral("Html")).toObject(), QStringLiteral("Simple.Body.Html"), false);
        if (dest.isEmpty())
            j.problems.append(QStringLiteral("Destination required for Simple content"));
    }
    if (content.contains(QStringLiteral("Raw"))) {
        const QJsonObject raw = content.value(QStringLiteral("Raw")).toObject();
        j.keys(raw, QStringLiteral("Raw"), {"Data"});
        if (j.string(raw, QStringLiteral("Data"), QStringLiteral("Raw"), true))
            j.base64(raw, QStringLiteral("Data"), QStringLiteral("Raw"));
    }
    return p + j.problems;
}

QByteArray prefix(P provider)
{
    switch (provider) {
    case P::Postmark:
        return "pm";
    case P::Resend:
        return "re";
    case P::Mailgun:
        return "mg";
    case P::Ses:
        return "ses";
    }
    return "x";
}

} // namespace

QStringList FakeProviderRules::check(Provider provider, const Credentials &credentials, const FakeHttpRequest &request)
{
    switch (provider) {
    case P::Postmark:
        return checkPostmark(credentials, request);
    case P::Resend:
        return checkResend(credentials, request);
    case P::Mailgun:
        return checkMailgun(credentials, request);
    case P::Ses:
        return checkSes(credentials, request);
    }
    return {};
}

QString FakeProviderRules::messageId(Provider provider, int n)
{
    if (provider == P::Mailgun)
        return QStringLiteral("<mg-%1@fake.mailgun>").arg(n);
    return QStringLiteral("%1-%2").arg(QString::fromLatin1(prefix(provider))).arg(n);
}

FakeHttpResponse FakeProviderRules::success(Provider provider, int n)
{
    const QJsonValue id = messageId(provider, n);
    switch (provider) {
    case P::Postmark:
        return FakeHttpResponse::json(200,
                                      QJsonDocument(QJsonObject{{"To", "x"},
                                                                {"SubmittedAt", "2024-01-15T12:00:00Z"},
                                                                {"MessageID", id},
                                                                {"ErrorCode", 0},
                                                                {"Message", "OK"}})
                                          .toJson(QJsonDocument::Compact));
    case P::Resend:
        return FakeHttpResponse::json(200, QJsonDocument(QJsonObject{{"id", id}}).toJson(QJsonDocument::Compact));
    case P::Mailgun:
        return FakeHttpResponse::json(
            200,
            QJsonDocument(QJsonObject{{"id", id}, {"message", "Queued. Thank you."}}).toJson(QJsonDocument::Compact));
    case P::Ses:
        return FakeHttpResponse::json(200,
                                      QJsonDocument(QJsonObject{{"MessageId", id}}).toJson(QJsonDocument::Compact));
    }
    return FakeHttpResponse::json(200, "{}");
}

FakeHttpResponse FakeProviderRules::error(Provider provider, int status, const QString &message, const QString &code)
{
    QJsonObject o;
    FakeHeaderList headers;
    switch (provider) {
    case P::Postmark:
        o = {{"ErrorCode", code.isEmpty() ? 300 : code.toInt()}, {"Message", message}};
        break;
    case P::Resend:
        o = {{"statusCode", status},
             {"message", message},
             {"name", code.isEmpty() ? QStringLiteral("validation_error") : code}};
        break;
    case P::Mailgun:
        o = {{"message", message}};
        break;
    case P::Ses:
        o = {{"message", message}};
        headers.append({"x-amzn-ErrorType",
                        (code.isEmpty() ? QStringLiteral("BadRequestException") : code).toLatin1()
                            + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/"});
        break;
    }
    return FakeHttpResponse::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact), headers);
}

void FakeProviderRules::install(FakeHttpProvider &fake, Provider provider, const Credentials &credentials)
{
    fake.setChecker([provider, credentials](const FakeHttpRequest &r) { return check(provider, credentials, r); });
    auto counter = std::make_shared<int>(0);
    fake.setHandler([provider, counter](const FakeHttpRequest &, const QStringList &problems) {
        if (problems.isEmpty())
            return success(provider, ++*counter);
        const bool auth = std::any_of(problems.begin(), problems.end(),
                                      [](const QString &s) { return s.startsWith(QLatin1String("auth:")); });
        if (auth) {
            const bool sig = provider == P::Ses;
            return error(provider, sig ? 403 : 401, problems.join(QStringLiteral("; ")),
                         sig ? QStringLiteral("SignatureDoesNotMatch") : QString());
        }
        return error(provider, provider == P::Mailgun || provider == P::Ses ? 400 : 422,
                     problems.join(QStringLiteral("; ")));
    });
}

} // namespace Postrider::Test
