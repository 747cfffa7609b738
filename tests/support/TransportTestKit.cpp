#include "TransportTestKit.h"

#include <QTest>

namespace Postrider::Test {

FakeProviderRules::Credentials TransportTestKit::credentials()
{
    FakeProviderRules::Credentials c;
    c.apiKey = QStringLiteral("test-key-7f3a9c1e5b");
    c.domain = QStringLiteral("mg.example.com");
    c.accessKeyId = QStringLiteral("AKIDTESTEXAMPLE");
    c.secretAccessKey = QStringLiteral("secret/Key+Example0123456789abcdefXYZ");
    c.region = QStringLiteral("eu-west-1");
    return c;
}

QString TransportTestKit::typeName(FakeProviderRules::Provider provider)
{
    switch (provider) {
    case FakeProviderRules::Provider::Postmark:
        return QStringLiteral("postmark");
    case FakeProviderRules::Provider::Resend:
        return QStringLiteral("resend");
    case FakeProviderRules::Provider::Mailgun:
        return QStringLiteral("mailgun");
    case FakeProviderRules::Provider::Ses:
        return QStringLiteral("ses");
    }
    return {};
}

TransportConfig TransportTestKit::config(FakeProviderRules::Provider provider, const QUrl &baseUrl,
                                         const QVariantMap &extra, qint64 timeoutMs)
{
    const auto cr = credentials();
    TransportConfig c;
    c.type = typeName(provider);
    c.name = QStringLiteral("test-") + c.type;
    c.timeout = std::chrono::milliseconds(timeoutMs);
    if (baseUrl.isValid())
        c.settings.insert(QStringLiteral("base_url"), baseUrl.toString());
    switch (provider) {
    case FakeProviderRules::Provider::Mailgun:
        c.settings.insert(QStringLiteral("domain"), cr.domain);
        [[fallthrough]];
    case FakeProviderRules::Provider::Postmark:
    case FakeProviderRules::Provider::Resend:
        c.settings.insert(QStringLiteral("api_key"), cr.apiKey);
        break;
    case FakeProviderRules::Provider::Ses:
        c.settings.insert(QStringLiteral("access_key_id"), cr.accessKeyId);
        c.settings.insert(QStringLiteral("secret_access_key"), cr.secretAccessKey);
        c.settings.insert(QStringLiteral("region"), cr.region);
        break;
    }
    for (auto it = extra.begin(); it != extra.end(); ++it)
        c.settings.insert(it.key(), it.value());
    return c;
}

Message TransportTestKit::fullMessage()
{
    Message m;
    m.from = {QStringLiteral("Zoë Ärger"), QStringLiteral("noreply@example.com")};
    m.to = {{QStringLiteral("Bob"), QStringLiteral("bob@example.org")},
            {QString(), QStringLiteral("carol@example.net")}};
    m.cc = {{QStringLiteral("Dave Ü"), QStringLiteral("dave@example.org")}};
    m.bcc = {{QString(), QStringLiteral("audit@example.com")}};
    m.replyTo = {{QStringLiteral("Support"), QStringLiteral("support@example.com")}};
    m.subject = QStringLiteral("Grüße aus Köln — 你好 ✓");
    m.text = QStringLiteral("Hallo Bob,\nschöne Grüße.\n");
    m.html = QStringLiteral("<p>Hallo <b>Bob</b> <img src=\"cid:logo@postrider\"></p>");
    m.headers = {{"List-Unsubscribe", QStringLiteral("<mailto:unsub@example.com>")},
                 {"X-Entity-Ref-ID", QStringLiteral("ref-42 ✓")}};
    Attachment pdf;
    pdf.filename = QStringLiteral("Rechnung März.pdf");
    pdf.contentType = QStringLiteral("application/pdf");
    static const char pdfBytes[] = "%PDF-1.4\n\x00\x01\x02\xff binary"; // NULs and high bytes on purpose
    pdf.data = QByteArray(pdfBytes, sizeof pdfBytes - 1);
    Attachment logo;
    logo.filename = QStringLiteral("logo.png");
    logo.contentType = QStringLiteral("image/png");
    logo.contentId = QStringLiteral("logo@postrider");
    logo.isInline = true;
    static const char pngBytes[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    logo.data = QByteArray(pngBytes, sizeof pngBytes - 1);
    m.attachments = {pdf, logo};
    m.submissionId = QStringLiteral("0b6f1c7e-3a53-4a63-9d5e-0d2f7f1f2a10");
    m.createdAt = QDateTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC);
    return m;
}

Message TransportTestKit::minimalMessage()
{
    Message m;
    m.from = {QString(), QStringLiteral("noreply@example.com")};
    m.to = {{QString(), QStringLiteral("bob@example.org")}};
    m.subject = QStringLiteral("Hello");
    m.text = QStringLiteral("Body text");
    m.submissionId = QStringLiteral("6a1d0e38-0f5e-4f0e-8a53-2b7cb3d6a1c4");
    return m;
}

SendResult TransportTestKit::send(Transport &transport, const Message &message, const SendOptions &options, int waitMs,
                                  int *callbacks)
{
    auto count = std::make_shared<int>(0);
    auto result = std::make_shared<SendResult>();
    transport.send(message, options, [count, result](const SendResult &r) {
        ++*count;
        *result = r;
    });
    if (*count != 0) // the contract: never from inside send()
        return SendResult::failure(Outcome::Terminal, QStringLiteral("callback ran inside send()"), 0,
                                   QStringLiteral("test.sync_callback"));
    const bool done = QTest::qWaitFor([&] { return *count > 0; }, waitMs);
    QTest::qWait(0); // let a second (wrong) callback show up if there is one
    if (callbacks)
        *callbacks = *count;
    if (!done)
        return SendResult::failure(Outcome::Terminal, QStringLiteral("no callback within %1 ms").arg(waitMs), 0,
                                   QStringLiteral("test.no_callback"));
    return *result;
}

} // namespace Postrider::Test
