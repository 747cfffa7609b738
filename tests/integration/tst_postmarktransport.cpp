// PostmarkTransport against FakeHttpProvider with Postmark's request rules: what arrives on the
// wire for every message field (Posthorn postmark_test.go request-shape cases and beyond).
// Error taxonomy, timeouts and TLS for all providers: tst_providererrors.
#include "TransportTestKit.h"
#include "core/Clock.h"
#include "transport/PostmarkTransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

class tst_PostmarkTransport : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void success200();
    void success202();
    void successWithoutMessageId_data();
    void successWithoutMessageId();
    void requestShapeMinimal();
    void requestShapeFullMessage();
    void omitsEmptyOptionalFields();
    void messageStream();
    void htmlOnly();
    void noHeaderInjection_data();
    void noHeaderInjection();
    void apiKeyOnlyInTokenHeader();
    void defaultAndCustomBaseUrl();
    void errorMessageAndCode();

private:
    std::unique_ptr<FakeHttpProvider> m_fake;
    std::unique_ptr<PostmarkTransport> make(const QVariantMap &extra = {});
};

void tst_PostmarkTransport::init()
{
    m_fake = std::make_unique<FakeHttpProvider>();
    QVERIFY(m_fake->start());
    FakeProviderRules::install(*m_fake, P::Postmark, TransportTestKit::credentials());
}

std::unique_ptr<PostmarkTransport> tst_PostmarkTransport::make(const QVariantMap &extra)
{
    return std::make_unique<PostmarkTransport>(TransportTestKit::config(P::Postmark, m_fake->baseUrl(), extra),
                                               Clock::system());
}

void tst_PostmarkTransport::success200()
{
    auto t = make();
    int callbacks = 0;
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage(), {}, 10000, &callbacks);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(callbacks, 1);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.messageId, QStringLiteral("pm-1"));
    QCOMPARE(m_fake->requestCount(), 1);
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
}

void tst_PostmarkTransport::success202()
{
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(202, R"({"MessageID":"abc-123","ErrorCode":0})"));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.status, 202);
    QCOMPARE(r.messageId, QStringLiteral("abc-123"));
}

void tst_PostmarkTransport::successWithoutMessageId_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("no id field") << QByteArray(R"({"ErrorCode":0,"Message":"OK"})");
    QTest::newRow("not json") << QByteArray("OK");
    QTest::newRow("empty body") << QByteArray();
}

void tst_PostmarkTransport::successWithoutMessageId()
{
    QFETCH(QByteArray, body);
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(200, body));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QVERIFY(r.messageId.isEmpty());
}

void tst_PostmarkTransport::requestShapeMinimal()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.to.append({QString(), QStringLiteral("c@example.org")});
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/email"));
    QCOMPARE(req.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(req.header("Accept"), QByteArray("application/json"));
    QCOMPARE(req.header("X-Postmark-Server-Token"), TransportTestKit::credentials().apiKey.toUtf8());
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(), (QStringList{"From", "ReplyTo", "Subject", "TextBody", "To"}));
    QCOMPARE(o.value("From").toString(), QStringLiteral("noreply@example.com"));
    QCOMPARE(o.value("To").toString(), QStringLiteral("bob@example.org, c@example.org"));
    QCOMPARE(o.value("ReplyTo").toString(), QStringLiteral("r@example.com"));
    QCOMPARE(o.value("Subject").toString(), QStringLiteral("Hello"));
    QCOMPARE(o.value("TextBody").toString(), QStringLiteral("Body text"));
}

void tst_PostmarkTransport::requestShapeFullMessage()
{
    auto t = make();
    const Message m = TransportTestKit::fullMessage();
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    // The body is UTF-8 JSON; non-ASCII travels as itself.
    QVERIFY(req.body.contains("Grüße aus Köln — 你好 ✓"));
    const QJsonObject o = req.json().object();
    QCOMPARE(o.keys(),
             (QStringList{"Attachments", "Bcc", "Cc", "From", "Headers", "HtmlBody", "ReplyTo", "Subject", "TextBody",
                          "To"}));
    QCOMPARE(o.value("From").toString(), QStringLiteral("Zoë Ärger <noreply@example.com>"));
    QCOMPARE(o.value("To").toString(), QStringLiteral("Bob <bob@example.org>, carol@example.net"));
    QCOMPARE(o.value("Cc").toString(), QStringLiteral("Dave Ü <dave@example.org>"));
    QCOMPARE(o.value("Bcc").toString(), QStringLiteral("audit@example.com"));
    QCOMPARE(o.value("ReplyTo").toString(), QStringLiteral("Support <support@example.com>"));
    QCOMPARE(o.value("Subject").toString(), m.subject);
    QCOMPARE(o.value("TextBody").toString(), m.text);
    QCOMPARE(o.value("HtmlBody").toString(), m.html);
    const QJsonArray headers = o.value("Headers").toArray();
    QCOMPARE(headers.size(), 2);
    QCOMPARE(headers[0].toObject(),
             (QJsonObject{{"Name", "List-Unsubscribe"}, {"Value", "<mailto:unsub@example.com>"}}));
    QCOMPARE(headers[1].toObject(), (QJsonObject{{"Name", "X-Entity-Ref-ID"}, {"Value", "ref-42 ✓"}}));
    const QJsonArray atts = o.value("Attachments").toArray();
    QCOMPARE(atts.size(), 2);
    const QJsonObject pdf = atts[0].toObject();
    QCOMPARE(pdf.keys(), (QStringList{"Content", "ContentType", "Name"}));
    QCOMPARE(pdf.value("Name").toString(), QStringLiteral("Rechnung März.pdf"));
    QCOMPARE(pdf.value("ContentType").toString(), QStringLiteral("application/pdf"));
    QCOMPARE(QByteArray::fromBase64(pdf.value("Content").toString().toLatin1()), m.attachments[0].data);
    const QJsonObject logo = atts[1].toObject();
    QCOMPARE(logo.value("ContentID").toString(), QStringLiteral("cid:logo@postrider"));
    QCOMPARE(logo.value("ContentType").toString(), QStringLiteral("image/png"));
    QCOMPARE(QByteArray::fromBase64(logo.value("Content").toString().toLatin1()), m.attachments[1].data);
}

void tst_PostmarkTransport::omitsEmptyOptionalFields()
{
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    const QJsonObject o = m_fake->lastRequest().json().object();
    for (const char *absent : {"ReplyTo", "Cc", "Bcc", "HtmlBody", "Headers", "Attachments", "MessageStream"})
        QVERIFY2(!o.contains(QLatin1String(absent)), absent);
}

void tst_PostmarkTransport::messageStream()
{
    auto t = make({{QStringLiteral("message_stream"), QStringLiteral("broadcast")}});
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    QCOMPARE(m_fake->lastRequest().json().object().value("MessageStream").toString(), QStringLiteral("broadcast"));
}

void tst_PostmarkTransport::htmlOnly()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.text.clear();
    m.html = QStringLiteral("<p>x</p>");
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const QJsonObject o = m_fake->lastRequest().json().object();
    QVERIFY(!o.contains("TextBody"));
    QCOMPARE(o.value("HtmlBody").toString(), m.html);
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_PostmarkTransport::noHeaderInjection_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("payload");
    const QString crlf = QStringLiteral("x\r\nBcc: victim@evil.example\r\n\r\nbody");
    QTest::newRow("from name") << "from" << crlf;
    QTest::newRow("subject") << "subject" << crlf;
    QTest::newRow("subject LF only") << "subject" << QStringLiteral("x\nBcc: victim@evil.example");
    QTest::newRow("reply-to name") << "replyTo" << crlf;
    QTest::newRow("recipient name") << "to" << crlf;
    QTest::newRow("body") << "text" << crlf;
    QTest::newRow("custom header value") << "header" << crlf;
}

void tst_PostmarkTransport::noHeaderInjection()
{
    QFETCH(QString, field);
    QFETCH(QString, payload);
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    m.headers = {{"X-Tag", QStringLiteral("v")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const QStringList cleanKeys = m_fake->lastRequest().json().object().keys();
    const int cleanHeaderCount = int(m_fake->lastRequest().headers.size());

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
    QCOMPARE(int(req.headers.size()), cleanHeaderCount);
    QVERIFY(!req.hasHeader("Bcc"));
    // The payload survives verbatim inside its own JSON string.
    const QHash<QString, QString> keyOf = {
        {"from", "From"}, {"subject", "Subject"}, {"replyTo", "ReplyTo"}, {"to", "To"}, {"text", "TextBody"}};
    const QString value = field == "header" ? o.value("Headers").toArray()[0].toObject().value("Value").toString()
                                            : o.value(keyOf.value(field)).toString();
    QVERIFY2(value.contains(payload), qPrintable(value));
}

void tst_PostmarkTransport::apiKeyOnlyInTokenHeader()
{
    const QByteArray key = TransportTestKit::credentials().apiKey.toUtf8();
    auto t = make();
    // The error answer echoes the key: the result message must still not carry it.
    m_fake->enqueue(
        FakeProviderRules::error(P::Postmark, 401, QStringLiteral("bad token ") + QString::fromUtf8(key), "10"));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QVERIFY(!r.message.contains(QString::fromUtf8(key)));
    QVERIFY(!r.describe().contains(QString::fromUtf8(key)));
    const FakeHttpRequest req = m_fake->lastRequest();
    QVERIFY(!req.target.contains(key));
    QVERIFY(!req.body.contains(key));
    int carrying = 0;
    for (const auto &h : req.headers)
        if (h.second.contains(key))
            ++carrying;
    QCOMPARE(carrying, 1);
    QCOMPARE(req.header("X-Postmark-Server-Token"), key);
}

void tst_PostmarkTransport::defaultAndCustomBaseUrl()
{
    TransportConfig c = TransportTestKit::config(P::Postmark, QUrl());
    PostmarkTransport def(c, Clock::system());
    QCOMPARE(def.baseUrl(), QUrl(QStringLiteral("https://api.postmarkapp.com")));
    c.settings.insert(QStringLiteral("base_url"), QStringLiteral("https://postmark.internal.example:8443/api/"));
    PostmarkTransport custom(c, Clock::system());
    QCOMPARE(custom.baseUrl(), QUrl(QStringLiteral("https://postmark.internal.example:8443/api")));
}

void tst_PostmarkTransport::errorMessageAndCode()
{
    auto t = make();
    m_fake->enqueue(FakeProviderRules::error(P::Postmark, 422, QStringLiteral("Invalid 'From' address"), "300"));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.errorCode, QStringLiteral("300"));
    QCOMPARE(r.message, QStringLiteral("Invalid 'From' address"));
    m_fake->enqueue(FakeHttpResponse::text(422, "not json"));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("postmark rejected request"));
    QVERIFY(r.errorCode.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PostmarkTransport)
#include "tst_postmarktransport.moc"
