// SesTransport against FakeHttpProvider with SES v2 rules (the fake recomputes every SigV4
// signature): Simple and Raw content, charsets, session token, configuration set, errors
// (Posthorn ses_test.go cases and beyond).
#include "MockClock.h"
#include "TransportTestKit.h"
#include "mime/MimeBuilder.h"
#include "mime/MimeParser.h"
#include "transport/SesTransport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

class tst_SesTransport : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void success200();
    void successWithoutMessageId();
    void requestShapeSimple();
    void requestShapeSimpleFull();
    void omitsEmptyOptionalFields();
    void rawWhenAttachmentsOrHeaders();
    void rawRefusesHeaderInjection();
    void sessionTokenSentAndSigned();
    void wrongSecretIsRejected();
    void configurationSet();
    void noHeaderInjectionSimple_data();
    void noHeaderInjectionSimple();
    void errorShapes();
    void defaultBaseUrlByRegion_data();
    void defaultBaseUrlByRegion();

private:
    std::unique_ptr<FakeHttpProvider> m_fake;
    MockClock m_clock;
    std::unique_ptr<SesTransport> make(const QVariantMap &extra = {});
};

void tst_SesTransport::init()
{
    m_fake = std::make_unique<FakeHttpProvider>();
    QVERIFY(m_fake->start());
    FakeProviderRules::install(*m_fake, P::Ses, TransportTestKit::credentials());
}

std::unique_ptr<SesTransport> tst_SesTransport::make(const QVariantMap &extra)
{
    return std::make_unique<SesTransport>(TransportTestKit::config(P::Ses, m_fake->baseUrl(), extra), &m_clock);
}

void tst_SesTransport::success200()
{
    auto t = make();
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.messageId, QStringLiteral("ses-1"));
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
}

void tst_SesTransport::successWithoutMessageId()
{
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(200, "{}"));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QVERIFY(r.messageId.isEmpty());
}

void tst_SesTransport::requestShapeSimple()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/v2/email/outbound-emails"));
    QCOMPARE(req.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(req.header("X-Amz-Date"), QByteArray("20240115T120000Z"));
    QCOMPARE(req.header("X-Amz-Content-Sha256"),
             QCryptographicHash::hash(req.body, QCryptographicHash::Sha256).toHex());
    QCOMPARE(req.headerCount("Host"), 1);
    QCOMPARE(req.header("Host"), QStringLiteral("127.0.0.1:%1").arg(m_fake->port()).toLatin1());
    const QByteArray authz = req.header("Authorization");
    QVERIFY(authz.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTEXAMPLE/20240115/eu-west-1/ses/aws4_request, "
                             "SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature="));
    QVERIFY(!req.hasHeader("X-Amz-Security-Token"));
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(), (QStringList{"Content", "Destination", "FromEmailAddress", "ReplyToAddresses"}));
    QCOMPARE(o.value("FromEmailAddress").toString(), QStringLiteral("noreply@example.com"));
    QCOMPARE(o.value("Destination").toObject(), (QJsonObject{{"ToAddresses", QJsonArray{"bob@example.org"}}}));
    QCOMPARE(o.value("ReplyToAddresses").toArray(), QJsonArray{"r@example.com"});
    const QJsonObject simple = o.value("Content").toObject().value("Simple").toObject();
    QCOMPARE(simple.value("Subject").toObject(), (QJsonObject{{"Data", "Hello"}, {"Charset", "UTF-8"}}));
    QCOMPARE(simple.value("Body").toObject(),
             (QJsonObject{{"Text", QJsonObject{{"Data", "Body text"}, {"Charset", "UTF-8"}}}}));
}

void tst_SesTransport::requestShapeSimpleFull()
{
    auto t = make();
    Message m = TransportTestKit::fullMessage();
    m.attachments.clear();
    m.headers.clear(); // stays Simple
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const QJsonObject o = m_fake->lastRequest().json().object();
    // Non-ASCII display names become RFC 2047 encoded words (SES addresses are 7-bit).
    QCOMPARE(o.value("FromEmailAddress").toString(),
             QStringLiteral("=?UTF-8?B?Wm/DqyDDhHJnZXI=?= <noreply@example.com>"));
    const QJsonObject dest = o.value("Destination").toObject();
    QCOMPARE(dest.value("ToAddresses").toArray(), (QJsonArray{"Bob <bob@example.org>", "carol@example.net"}));
    QCOMPARE(dest.value("CcAddresses").toArray().size(), 1);
    QVERIFY(dest.value("CcAddresses").toArray()[0].toString().startsWith("=?UTF-8?B?"));
    QCOMPARE(dest.value("BccAddresses").toArray(), QJsonArray{"audit@example.com"});
    QCOMPARE(o.value("ReplyToAddresses").toArray(), QJsonArray{"Support <support@example.com>"});
    const QJsonObject simple = o.value("Content").toObject().value("Simple").toObject();
    QCOMPARE(simple.value("Subject").toObject(), (QJsonObject{{"Data", m.subject}, {"Charset", "UTF-8"}}));
    const QJsonObject body = simple.value("Body").toObject();
    QCOMPARE(body.value("Text").toObject(), (QJsonObject{{"Data", m.text}, {"Charset", "UTF-8"}}));
    QCOMPARE(body.value("Html").toObject(), (QJsonObject{{"Data", m.html}, {"Charset", "UTF-8"}}));
}

void tst_SesTransport::omitsEmptyOptionalFields()
{
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    const QJsonObject o = m_fake->lastRequest().json().object();
    QVERIFY(!o.contains("ReplyToAddresses"));
    QVERIFY(!o.contains("ConfigurationSetName"));
    const QJsonObject dest = o.value("Destination").toObject();
    QCOMPARE(dest.keys(), QStringList{"ToAddresses"});
    QVERIFY(!o.value("Content").toObject().value("Simple").toObject().value("Body").toObject().contains("Html"));
}

void tst_SesTransport::rawWhenAttachmentsOrHeaders()
{
    auto t = make();
    const Message m = TransportTestKit::fullMessage();
    QVERIFY(SesTransport::needsRaw(m));
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const QJsonObject o = m_fake->lastRequest().json().object();
    const QJsonObject content = o.value("Content").toObject();
    QCOMPARE(content.keys(), QStringList{"Raw"});
    const QByteArray mime = QByteArray::fromBase64(content.value("Raw").toObject().value("Data").toString().toLatin1());
    // Built by the MIME builder at the transport's clock time (its boundaries are random, so the
    // bytes are compared through the parser below).
    QVERIFY(mime.startsWith("Date: Mon, 15 Jan 2024 12:00:00 +0000\r\n"));
    QVERIFY(!mime.contains("audit@example.com")); // Bcc only in the Destination
    QVERIFY(mime.contains("Message-ID: <" + m.submissionId.toUtf8() + "@example.com>"));
    // Round trip through the MIME parser: every part the message had is in the raw data.
    const auto parsed = Mime::parseMessage(mime);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->subject, m.subject);
    QCOMPARE(parsed->from, m.from);
    QCOMPARE(parsed->to, m.to);
    QCOMPARE(parsed->cc, m.cc);
    QVERIFY(parsed->bcc.isEmpty());
    QCOMPARE(parsed->replyTo, m.replyTo);
    QCOMPARE(parsed->text.trimmed(), m.text.trimmed());
    QCOMPARE(parsed->html.trimmed(), m.html.trimmed());
    QCOMPARE(parsed->attachments.size(), 2);
    for (const Attachment &a : m.attachments) {
        const auto it = std::find_if(parsed->attachments.begin(), parsed->attachments.end(),
                                     [&a](const Attachment &p) { return p.data == a.data; });
        QVERIFY2(it != parsed->attachments.end(), qPrintable(a.filename));
        QCOMPARE(it->isInline, a.isInline);
        QCOMPARE(it->contentId, a.contentId);
        QCOMPARE(it->contentType, a.contentType);
        if (!a.isInline)
            QCOMPARE(it->filename, a.filename);
    }
    for (const Header &h : m.headers) {
        const bool found = std::any_of(parsed->headers.begin(), parsed->headers.end(), [&h](const Header &p) {
            return p.name.compare(h.name, Qt::CaseInsensitive) == 0 && p.value == h.value;
        });
        QVERIFY2(found, h.name.constData());
    }
    QCOMPARE(o.value("Destination").toObject().value("BccAddresses").toArray(), QJsonArray{"audit@example.com"});
    QCOMPARE(o.value("Destination").toObject().value("ToAddresses").toArray().size(), 2);

    Message headersOnly = TransportTestKit::minimalMessage();
    headersOnly.headers = {{"X-Campaign", QStringLiteral("spring")}};
    QVERIFY(TransportTestKit::send(*t, headersOnly).ok());
    QVERIFY(m_fake->lastRequest().json().object().value("Content").toObject().contains("Raw"));
}

void tst_SesTransport::rawRefusesHeaderInjection()
{
    auto t = make();
    Message m = TransportTestKit::fullMessage();
    m.subject = QStringLiteral("x\r\nBcc: victim@evil.example");
    const SendResult r = TransportTestKit::send(*t, m);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("message.invalid"));
    QCOMPARE(m_fake->requestCount(), 0);
}

void tst_SesTransport::sessionTokenSentAndSigned()
{
    auto creds = TransportTestKit::credentials();
    creds.sessionToken = QStringLiteral("FwoGZXIvYXdzEXAMPLETOKEN//+==");
    FakeProviderRules::install(*m_fake, P::Ses, creds);
    auto t = make({{QStringLiteral("session_token"), creds.sessionToken}});
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.header("X-Amz-Security-Token"), creds.sessionToken.toUtf8());
    QVERIFY(req.header("Authorization")
                .contains("SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;"
                          "x-amz-security-token,"));
}

void tst_SesTransport::wrongSecretIsRejected()
{
    // The fake recomputes the signature with the right secret: a transport with another secret
    // gets AWS's 403 SignatureDoesNotMatch (proves the check is real).
    auto t = make({{QStringLiteral("secret_access_key"), QStringLiteral("not-the-secret-0123456789")}});
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.errorCode, QStringLiteral("SignatureDoesNotMatch"));
    QVERIFY(m_fake->problems().join(u'\n').contains(QStringLiteral("SignatureDoesNotMatch")));
}

void tst_SesTransport::configurationSet()
{
    auto t = make({{QStringLiteral("configuration_set"), QStringLiteral("transactional")}});
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    QCOMPARE(m_fake->lastRequest().json().object().value("ConfigurationSetName").toString(),
             QStringLiteral("transactional"));
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_SesTransport::noHeaderInjectionSimple_data()
{
    QTest::addColumn<QString>("field");
    for (const char *f : {"subject", "text", "to", "replyTo"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void tst_SesTransport::noHeaderInjectionSimple()
{
    QFETCH(QString, field);
    const QString payload = QStringLiteral("x\r\nBcc: victim@evil.example\r\n\r\nbody");
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const QJsonObject clean = m_fake->lastRequest().json().object();
    if (field == "subject")
        m.subject = payload;
    else if (field == "text")
        m.text = payload;
    else if (field == "to")
        m.to[0].name = payload;
    else
        m.replyTo[0].name = payload;
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const QJsonObject o = m_fake->lastRequest().json().object();
    QCOMPARE(o.keys(), clean.keys());
    QCOMPARE(o.value("Destination").toObject().keys(), clean.value("Destination").toObject().keys());
    QCOMPARE(o.value("Content").toObject().value("Simple").toObject().keys(),
             clean.value("Content").toObject().value("Simple").toObject().keys());
    const QJsonObject simple = o.value("Content").toObject().value("Simple").toObject();
    if (field == "subject")
        QCOMPARE(simple.value("Subject").toObject().value("Data").toString(), payload);
    if (field == "text")
        QCOMPARE(simple.value("Body").toObject().value("Text").toObject().value("Data").toString(), payload);
}

void tst_SesTransport::errorShapes()
{
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(400, R"({"Message":"Email address is not verified."})"));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("Email address is not verified."));
    m_fake->enqueue(
        FakeHttpResponse::json(400, R"({"__type":"com.amazonaws.sesv2#MessageRejected","message":"Rejected"})"));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("Rejected"));
    QCOMPARE(r.errorCode, QStringLiteral("MessageRejected"));
    m_fake->enqueue(FakeProviderRules::error(P::Ses, 429, QStringLiteral("Maximum sending rate exceeded."),
                                             QStringLiteral("TooManyRequestsException")));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::RateLimited);
    QCOMPARE(r.errorCode, QStringLiteral("TooManyRequestsException"));
}

void tst_SesTransport::defaultBaseUrlByRegion_data()
{
    QTest::addColumn<QString>("region");
    for (const char *r : {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"})
        QTest::newRow(r) << QString::fromLatin1(r);
}

void tst_SesTransport::defaultBaseUrlByRegion()
{
    QFETCH(QString, region);
    TransportConfig c = TransportTestKit::config(P::Ses, QUrl(), {{QStringLiteral("region"), region}});
    SesTransport t(c, &m_clock);
    QCOMPARE(t.baseUrl(), QUrl(QStringLiteral("https://email.%1.amazonaws.com").arg(region)));
}

QTEST_GUILESS_MAIN(tst_SesTransport)
#include "tst_sestransport.moc"
