// MailgunTransport against FakeHttpProvider with Mailgun's request rules: the multipart form for
// every message field, file parts, region and domain handling (Posthorn mailgun_test.go cases
// and beyond).
#include "TransportTestKit.h"
#include "core/Clock.h"
#include "transport/MailgunTransport.h"

#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

class tst_MailgunTransport : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void success200();
    void successWithoutMessageId();
    void requestShapeMinimal();
    void requestShapeFullMessage();
    void omitsEmptyOptionalFields();
    void domainIsPercentEncoded();
    void noHeaderInjection_data();
    void noHeaderInjection();
    void fileNameCannotBreakPartHeaders();
    void apiKeyOnlyInBasicAuth();
    void defaultAndRegionalBaseUrl();
    void errorMessage();

private:
    std::unique_ptr<FakeHttpProvider> m_fake;
    std::unique_ptr<MailgunTransport> make(const QVariantMap &extra = {});
};

void tst_MailgunTransport::init()
{
    m_fake = std::make_unique<FakeHttpProvider>();
    QVERIFY(m_fake->start());
    FakeProviderRules::install(*m_fake, P::Mailgun, TransportTestKit::credentials());
}

std::unique_ptr<MailgunTransport> tst_MailgunTransport::make(const QVariantMap &extra)
{
    return std::make_unique<MailgunTransport>(TransportTestKit::config(P::Mailgun, m_fake->baseUrl(), extra),
                                              Clock::system());
}

void tst_MailgunTransport::success200()
{
    auto t = make();
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.messageId, QStringLiteral("<mg-1@fake.mailgun>"));
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
}

void tst_MailgunTransport::successWithoutMessageId()
{
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(200, R"({"message":"Queued. Thank you."})"));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QVERIFY(r.messageId.isEmpty());
}

void tst_MailgunTransport::requestShapeMinimal()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.to.append({QString(), QStringLiteral("c@example.org")});
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/v3/mg.example.com/messages"));
    QVERIFY(req.header("Content-Type").startsWith("multipart/form-data; boundary="));
    QCOMPARE(req.header("Authorization"),
             "Basic " + ("api:" + TransportTestKit::credentials().apiKey.toUtf8()).toBase64());
    QCOMPARE(req.header("Accept"), QByteArray("application/json"));
    QCOMPARE(req.partNames(), (QList<QByteArray>{"from", "to", "to", "h:Reply-To", "subject", "text"}));
    QCOMPARE(req.partValues("from"), QList<QByteArray>{"noreply@example.com"});
    QCOMPARE(req.partValues("to"), (QList<QByteArray>{"bob@example.org", "c@example.org"}));
    QCOMPARE(req.partValues("h:Reply-To"), QList<QByteArray>{"r@example.com"});
    QCOMPARE(req.partValues("subject"), QList<QByteArray>{"Hello"});
    QCOMPARE(req.partValues("text"), QList<QByteArray>{"Body text"});
    for (const auto &part : req.parts())
        QVERIFY(!part.hasFilename);
}

void tst_MailgunTransport::requestShapeFullMessage()
{
    auto t = make();
    const Message m = TransportTestKit::fullMessage();
    QVERIFY(TransportTestKit::send(*t, m).ok());
    QVERIFY2(m_fake->problems().isEmpty(), qPrintable(m_fake->problems().join(u'\n')));
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.partNames(),
             (QList<QByteArray>{"from", "to", "to", "cc", "bcc", "h:Reply-To", "subject", "text", "html",
                                "h:List-Unsubscribe", "h:X-Entity-Ref-ID", "attachment", "inline"}));
    QCOMPARE(req.partValues("from"), QList<QByteArray>{"Zoë Ärger <noreply@example.com>"});
    QCOMPARE(req.partValues("to"), (QList<QByteArray>{"Bob <bob@example.org>", "carol@example.net"}));
    QCOMPARE(req.partValues("cc"), QList<QByteArray>{"Dave Ü <dave@example.org>"});
    QCOMPARE(req.partValues("bcc"), QList<QByteArray>{"audit@example.com"});
    QCOMPARE(req.partValues("h:Reply-To"), QList<QByteArray>{"Support <support@example.com>"});
    QCOMPARE(req.partValues("subject"), QList<QByteArray>{m.subject.toUtf8()});
    QCOMPARE(req.partValues("text"), QList<QByteArray>{m.text.toUtf8()});
    QCOMPARE(req.partValues("html"), QList<QByteArray>{m.html.toUtf8()});
    QCOMPARE(req.partValues("h:List-Unsubscribe"), QList<QByteArray>{"<mailto:unsub@example.com>"});
    QCOMPARE(req.partValues("h:X-Entity-Ref-ID"), QList<QByteArray>{"ref-42 ✓"});
    const auto parts = req.parts();
    const auto &pdf = parts[parts.size() - 2];
    QVERIFY(pdf.hasFilename);
    QCOMPARE(pdf.filename, QByteArray("Rechnung März.pdf"));
    QCOMPARE(pdf.contentType, QByteArray("application/pdf"));
    QCOMPARE(pdf.body, m.attachments[0].data); // raw bytes, no transfer encoding
    const auto &logo = parts.last();
    QCOMPARE(logo.name, QByteArray("inline"));
    QCOMPARE(logo.filename, QByteArray("logo@postrider")); // Mailgun's cid: is the file name
    QCOMPARE(logo.contentType, QByteArray("image/png"));
    QCOMPARE(logo.body, m.attachments[1].data);
}

void tst_MailgunTransport::omitsEmptyOptionalFields()
{
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    const auto names = m_fake->lastRequest().partNames();
    for (const char *absent : {"h:Reply-To", "cc", "bcc", "html", "attachment", "inline"})
        QVERIFY2(!names.contains(absent), absent);
}

void tst_MailgunTransport::domainIsPercentEncoded()
{
    auto creds = TransportTestKit::credentials();
    creds.domain = QStringLiteral("mg.example.com/../v4?x");
    FakeProviderRules::install(*m_fake, P::Mailgun, creds);
    auto t = make({{QStringLiteral("domain"), creds.domain}});
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    QCOMPARE(m_fake->lastRequest().target, QByteArray("/v3/mg.example.com%2F..%2Fv4%3Fx/messages"));
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_MailgunTransport::noHeaderInjection_data()
{
    QTest::addColumn<QString>("field");
    for (const char *f : {"from", "subject", "replyTo", "to", "text", "header"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void tst_MailgunTransport::noHeaderInjection()
{
    QFETCH(QString, field);
    const QString payload = QStringLiteral("x\r\nBcc: victim@evil.example\r\n\r\nbody");
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    m.replyTo = {{QString(), QStringLiteral("r@example.com")}};
    m.headers = {{"X-Tag", QStringLiteral("v")}};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const auto cleanNames = m_fake->lastRequest().partNames();
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
    QCOMPARE(req.partNames(), cleanNames);
    QVERIFY(!req.partNames().contains("bcc"));
    const QHash<QString, QByteArray> partOf = {{"from", "from"}, {"subject", "subject"}, {"replyTo", "h:Reply-To"},
                                               {"to", "to"},     {"text", "text"},       {"header", "h:X-Tag"}};
    QVERIFY(QString::fromUtf8(req.partValues(partOf.value(field)).constFirst()).contains(payload));
    QVERIFY(m_fake->problems().isEmpty());
}

void tst_MailgunTransport::fileNameCannotBreakPartHeaders()
{
    auto t = make();
    Message m = TransportTestKit::minimalMessage();
    Attachment a;
    a.filename = QStringLiteral("evil\"\r\nContent-Disposition: form-data; name=\"bcc\"\r\n\r\nx@evil.example");
    a.data = "data";
    m.attachments = {a};
    QVERIFY(TransportTestKit::send(*t, m).ok());
    const FakeHttpRequest req = m_fake->lastRequest();
    QCOMPARE(req.partNames(), (QList<QByteArray>{"from", "to", "subject", "text", "attachment"}));
    QVERIFY(!req.parts().last().filename.contains('\n'));
    QCOMPARE(req.parts().last().body, QByteArray("data"));
}

void tst_MailgunTransport::apiKeyOnlyInBasicAuth()
{
    const QByteArray key = TransportTestKit::credentials().apiKey.toUtf8();
    auto t = make();
    QVERIFY(TransportTestKit::send(*t, TransportTestKit::fullMessage()).ok());
    const FakeHttpRequest req = m_fake->lastRequest();
    QVERIFY(!req.target.contains(key));
    QVERIFY(!req.body.contains(key));
    for (const auto &h : req.headers)
        QVERIFY(!h.second.contains(key)); // only inside the base64 of Basic
}

void tst_MailgunTransport::defaultAndRegionalBaseUrl()
{
    TransportConfig c = TransportTestKit::config(P::Mailgun, QUrl());
    QCOMPARE(MailgunTransport(c, Clock::system()).baseUrl(), QUrl(QStringLiteral("https://api.mailgun.net")));
    c.settings.insert(QStringLiteral("region"), QStringLiteral("eu"));
    QCOMPARE(MailgunTransport(c, Clock::system()).baseUrl(), QUrl(QStringLiteral("https://api.eu.mailgun.net")));
    c.settings.insert(QStringLiteral("base_url"), QStringLiteral("https://mailgun.proxy.example"));
    QCOMPARE(MailgunTransport(c, Clock::system()).baseUrl(), QUrl(QStringLiteral("https://mailgun.proxy.example")));
}

void tst_MailgunTransport::errorMessage()
{
    auto t = make();
    m_fake->enqueue(FakeHttpResponse::json(400, R"({"message":"'to' parameter is not a valid address."})"));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.message, QStringLiteral("'to' parameter is not a valid address."));
    m_fake->enqueue(FakeHttpResponse::text(401, "Forbidden"));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("mailgun rejected request"));
}

QTEST_GUILESS_MAIN(tst_MailgunTransport)
#include "tst_mailguntransport.moc"
