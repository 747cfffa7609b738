// ResendTransport against FakeHttpProvider with Resend's request rules: request shape for every
// message field, Idempotency-Key, any-2xx success (Posthorn resend_test.go cases and beyond).
#include "TransportTestKit.h"
#include "core/Clock.h"
#include "transport/ResendTransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

class tst_ResendTransport : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void success200();
    void anyTwoHundredIsSuccess_data();
    void anyTwoHundredIsSuccess();
    void successWithoutMessageId_data();
    void successWithoutMessageId();
    void requestShapeMinimal();
    void requestShapeFullMessage();
    void omitsEmptyOptionalFields();
    void replyToSeveralIsArray();
    void idempotencyKeySameOnEveryAttempt();
    void idempotencyKeyBounded();
    void concurrentIdempotentRequestIsTransient();
    void noHeaderInjection_data();
    void noHeaderInjection();
    void apiKeyOnlyInAuthorization();
    void defaultAndCustomBaseUrl();
    void errorMessageAndName();

private:
    std::unique_ptr<FakeHttpProvider> m_fake;
    std::unique_ptr<ResendTransport> make();
};

void tst_ResendTransport::init()
{
    m_fake = std::make_unique<FakeHttpProvider>();
    QVERIFY(m_fake->start());
    FakeProviderRules::install(*m_fake, P::Resend, TransportTestKit::credentials());
}

std::unique_ptr<ResendTransport> tst_ResendTransport::make()
{
    return std::make_unique<ResendTransport>(TransportTestKit::config(P::Resend, m_fake->baseUrl()), Clock::system());
}

void tst_ResendTransport::success200()
{
    auto t = make();
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.messageId, QStringLiteral("re-1"));
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
}

void tst_ResendTransport::anyTwoHundredIsSuccess_data()
{
    QTest::addColumn<int>("status");
    for (int s : {200, 201, 202, 203, 299})
        QTest::addRow("%d", s) << s;
}

void tst_ResendTransport::anyTwoHundredIsSuccess()
{
    QFETCH(int, status);
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(status, R"({"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"})"));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QCOMPARE(r.status, status);
    QCOMPARE(r.messageId, QStringLiteral("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"));
}

void tst_ResendTransport::successWithoutMessageId_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("id not a string") << QByteArray(R"({"id":42})");
    QTest::newRow("not json") << QByteArray("ok");
}

void tst_ResendTransport::successWithoutMessageId()
{
    QFETCH(QByteArray, body);
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(200, body));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QVERIFY(r.messageId.isEmpty());
}

void tst_ResendTransport::requestShapeMinimal()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/emails"));
    QCOMPARE(req.header("Authorization"), "Bearer " + TransportTestKit::credentials().apiKey.toUtf8());
    QCOMPARE(req.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(req.header("Accept"), QByteArray("application/json"));
    QVERIFY(!req.hasHeader("Idempotency-Key")); // no submission id given
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(), (QStringList{"from", "reply_to", "subject", "text", "to"}));
    QCOMPARE(o.value("from").toString(), QStringLiteral("noreply@example.com"));
    QCOMPARE(o.value("to").toArray(), QJsonArray({"bob@example.org"}));
    QCOMPARE(o.value("reply_to").toString(), QStringLiteral("r@example.com"));
    QCOMPARE(o.value("subject").toString(), QStringLiteral("Hello"));
    QCOMPARE(o.value("text").toString(), QStringLiteral("Body text"));
}

void tst_ResendTransport::requestShapeFullMessage()
{
    auto t = make();
    const Message m = TransportTestKit::fullMessage();
    SendOptions opts;
    opts.idempotencyKey = m.submissionId;
    QVERIFY(TransportTestKit::send(*t, m, opts).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.header("Idempotency-Key"), "postrider/" + m.submissionId.toUtf8());
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(),
             (QStringList{"attachments", "bcc", "cc", "from", "headers", "html", "reply_to", "subject", "text", "to"}));
    QCOMPARE(o.value("from").toString(), QStringLiteral("Zoë Ärger <noreply@example.com>"));
    QCOMPARE(o.value("to").toArray(), QJsonArray({"Bob <bob@example.org>", "carol@example.net"}));
    QCOMPARE(o.value("cc").toArray(), QJsonArray({"Dave Ü <dave@example.org>"}));
    QCOMPARE(o.value("bcc").toArray(), QJsonArray({"audit@example.com"}));
    QCOMPARE(o.value("reply_to").toString(), QStringLiteral("Support <support@example.com>"));
    QCOMPARE(o.value("subject").toString(), m.subject);
    QCOMPARE(o.value("text").toString(), m.text);
    QCOMPARE(o.value("html").toString(), m.html);
    QCOMPARE(o.value("headers").toObject(),
             (QJsonObject{{"List-Unsubscribe", "<mailto:unsub@example.com>"}, {"X-Entity-Ref-ID", "ref-42 ✓"}}));
    const QJsonArray atts = o.value("attachments").toArray();
    QCOMPARE(atts.size(), 2);
    const QJsonObject pdf = atts[0].toObject();
    QCOMPARE(pdf.keys(), (QStringList{"content", "content_type", "filename"}));
    QCOMPARE(pdf.value("filename").toString(), QStringLiteral("Rechnung März.pdf"));
    QCOMPARE(pdf.value("content_type").toString(), QStringLiteral("application/pdf"));
    QCOMPARE(QByteArray::fromBase64(pdf.value("content").toString().toLatin1()), m.attachments[0].data);
    const QJsonObject logo = atts[1].toObject();
    QCOMPARE(logo.value("content_id").toString(), QStringLiteral("logo@postrider"));
    QCOMPARE(logo.value("filename").toString(), QStringLiteral("logo.png"));
    QCOMPARE(QByteArray::fromBase64(logo.value("content").toString().toLatin1()), m.attachments[1].data);
}

void tst_ResendTransport::omitsEmptyOptionalFields()
{
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    const QJsonObject o = m_fake->lastRequest().json().object();
    for (const char *absent : {"reply_to", "cc", "bcc", "html", "headers", "attachments"})
        QVERIFY2(!o.contains(QLatin1String(absent)), absent);
}

void tst_ResendTransport::replyToSeveralIsArray()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("a@example.com")}, {QStringLiteral("B"), QStringLiteral("b@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QCOMPARE(m_fake->lastRequest().json().object().value("reply_to").toArray(),
             QJsonArray({"a@example.com", "B <b@example.com>"}));
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_ResendTransport::idempotencyKeySameOnEveryAttempt()
{
    auto t = make();
    m_fake->enqueue(
        FakeProviderRules::error(P::Resend, 500, QStringLiteral("internal"), QStringLiteral("internal_server_error")));
    SendOptions opts;
    opts.idempotencyKey = QStringLiteral("sub-123");
    QCOMPARE(TransportTestKit::send(*t, TransportTestKit::minimalMessage(), opts).outcome, Outcome::Transient);
    opts.attempt = 2;
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage(), opts).ok());
    QCOMPARE(m_fake->requestCount(), 2);
    QCOMPARE(m_fake->requests()[0].header("Idempotency-Key"), QByteArray("postrider/sub-123"));
    QCOMPARE(m_fake->requests()[1].header("Idempotency-Key"), QByteArray("postrider/sub-123"));
    QCOMPARE(m_fake->requests()[0].body, m_fake->requests()[1].body); // same payload, or Resend answers 409
}

void tst_ResendTransport::idempotencyKeyBounded()
{
    QCOMPARE(ResendTransport::idempotencyKey(QString()), QByteArray());
    const QByteArray longKey = ResendTransport::idempotencyKey(QString(300, u'k'));
    QVERIFY(longKey.size() <= ResendTransport::kMaxIdempotencyKeyLength);
    QVERIFY(longKey.startsWith("postrider/sha256/"));
    QCOMPARE(longKey, ResendTransport::idempotencyKey(QString(300, u'k'))); // stable
    QVERIFY(longKey != ResendTransport::idempotencyKey(QString(301, u'k')));
}

void tst_ResendTransport::concurrentIdempotentRequestIsTransient()
{
    auto t = make();
    m_fake->enqueue(FakeProviderRules::error(P::Resend, 409, QStringLiteral("in progress"),
                                             QStringLiteral("concurrent_idempotent_requests")));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("concurrent_idempotent_requests"));
    m_fake->enqueue(FakeProviderRules::error(P::Resend, 409, QStringLiteral("different payload"),
                                             QStringLiteral("invalid_idempotent_request")));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
}

void tst_ResendTransport::noHeaderInjection_data()
{
    QTest::addColumn<QString>("field");
    const QStringList fields = {"from", "subject", "replyTo", "to", "text", "header"};
    for (const QString &f : fields)
        QTest::newRow(qPrintable(f)) << f;
}

void tst_ResendTransport::noHeaderInjection()
{
    QFETCH(QString, field);
    const QString payload = QStringLiteral("x\r\nBcc: victim@evil.example\r\n\r\nbody");
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    m.headers = {{"X-Tag", QStringLiteral("v")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const QStringList cleanKeys = m_fake->lastRequest().json().object().keys();
    const auto cleanHeaders = m_fake->lastRequest().headers.size();
    if (field == "from")
        m.from.name = payload;
    else if (field == "subject")
        m.subject = payload;
    else if (field == "replyTo")
        m.replyTo[0].name = payload;
    else if (field == "to")
        m.to[0].name = payload;
    else if (field == "text")
        m.text = payload;
    else
        m.headers[0].value = payload;
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const FakeHttpRequest req = m_fake->lastRequest();
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(), cleanKeys);
    QCOMPARE(req.headers.size(), cleanHeaders);
    QVERIFY(!req.hasHeader("Bcc"));
    QString value;
    if (field == "to")
        value = o.value("to").toArray()[0].toString();
    else if (field == "header")
        value = o.value("headers").toObject().value("X-Tag").toString();
    else
        value = o.value(field == "replyTo" ? "reply_to" : field).toString();
    QVERIFY2(value.contains(payload), qPrintable(value));
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_ResendTransport::apiKeyOnlyInAuthorization()
{
    const QByteArray key = TransportTestKit::credentials().apiKey.toUtf8();
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::fullMessage()).ok());
    const FakeHttpRequest req = m_fake->lastRequest();
    QVERIFY(!req.target.contains(key));
    QVERIFY(!req.body.contains(key));
    for (const auto &h : req.headers)
        QVERIFY(h.first == "Authorization" || !h.second.contains(key));
}

void tst_ResendTransport::defaultAndCustomBaseUrl()
{
    TransportConfig c = TransportTestKit::config(P::Resend, QUrl());
    ResendTransport def(c, Clock::system());
    QCOMPARE(def.baseUrl(), QUrl(QStringLiteral("https://api.resend.com")));
    c.settings.insert(QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:9/"));
    ResendTransport custom(c, Clock::system());
    QCOMPARE(custom.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:9")));
}

void tst_ResendTransport::errorMessageAndName()
{
    auto t = make();
    m_fake->enqueue(
        FakeHttpResponse::json(422, R"({"statusCode":422,"message":"Invalid `to` field.","name":"validation_error"})"));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.message, QStringLiteral("Invalid `to` field."));
    QCOMPARE(r.errorCode, QStringLiteral("validation_error"));
    m_fake->enqueue(FakeHttpResponse::json(403, R"({"error":"nope"})"));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("resend rejected request"));
}

QTEST_GUILESS_MAIN(tst_ResendTransport)
#include "tst_resendtransport.moc"
