// SmtpSession: scripted conversations over a real socket (client line → expected reply prefix),
// covering every command and reply of docs/smtp.md, pipelined batches and the message edges.

#include "SmtpTestClient.h"
#include "SmtpTestRig.h"
#include "TestData.h"

#include "ingress/smtp/SmtpLimits.h"

#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

/// The configurations the conversations run against.
SmtpListenerConfig variant(const QString &name)
{
    SmtpListenerConfig c = SmtpTestRig::baseConfig();
    if (name == u"auth-insecure") {
        c = SmtpTestRig::tlsAuthConfig();
        c.requireTls = false;
        c.allowInsecureAuth = true;
    } else if (name == u"auth-plaintext-refused") {
        c = SmtpTestRig::tlsAuthConfig();
        c.requireTls = false;
    } else if (name == u"require-tls") {
        c = SmtpTestRig::tlsAuthConfig();
    } else if (name == u"policy") {
        c.allowedSenders = {QStringLiteral("*@example.com"), QStringLiteral("boss@corp.example")};
        c.allowedRecipients = {QStringLiteral("*@example.org")};
        c.maxRecipients = 3;
        c.maxMessageSize = 2000;
    }
    return c;
}

const QByteArray kMessage = "From: App <app@example.com>\r\nTo: b@example.org\r\nSubject: Hi\r\n\r\nHello.\r\n.\r\n";

QByteArray auth(const char *user = "ghost", const char *password = SmtpTestRig::kPassword)
{
    return "AUTH PLAIN " + plainResponse(user, password);
}

} // namespace

/// \brief Data-driven SMTP conversations against SmtpListener/SmtpSession.
class tst_SmtpSession : public QObject
{
    Q_OBJECT

private slots:
    void conversation_data();
    void conversation();
    void ehloAdvertisesExtensions_data();
    void ehloAdvertisesExtensions();
    void commandLineLengthEdge();
    void authLineLengthEdge();
    void dataLineLengthEdge();
    void recipientHardCapEdge();
    void messageSizeEdge();
    void dotUnstuffing();
    void pipelinedMessagesInOneWrite();
    void envelopeOnlyRecipientsBecomeBcc();
    void smuggledMessageIsNotDelivered_data();
    void smuggledMessageIsNotDelivered();
    void perUserSenderAllowlist();
};

void tst_SmtpSession::conversation_data()
{
    QTest::addColumn<QString>("config");
    // "C:line" sends line + CRLF, "R:bytes" sends raw bytes, "S:prefix" expects the next reply
    // to start with prefix, "X:" expects the server to close the connection.
    QTest::addColumn<QStringList>("script");
    const auto row = [](const char *name, const char *config, QStringList script) {
        QTest::newRow(name) << QString::fromLatin1(config) << script;
    };
    const QString ehlo = QStringLiteral("C:EHLO client.test");
    const QString ehloOk = QStringLiteral("S:250-mx.test");
    row("greeting and HELO", "open", {"S:220 mx.test ESMTP Postrider", "C:HELO client.test", "S:250 mx.test"});
    row("EHLO without argument", "open", {"C:EHLO", "S:501 5.5.4 Syntax: EHLO hostname"});
    row("HELO without argument", "open", {"C:HELO", "S:501 5.5.4 Syntax: HELO hostname"});
    row("lower-case verbs", "open", {"C:ehlo client.test", ehloOk, "C:noop", "S:250 2.0.0 OK"});
    row("NOOP RSET HELP VRFY", "open",
        {"C:NOOP", "S:250 2.0.0 OK", "C:RSET", "S:250 2.0.0 OK", "C:HELP", "S:214 2.0.0 Commands:", "C:VRFY postmaster",
         "S:252 2.0.0"});
    row("unknown and empty commands", "open",
        {"C:EXPN list", "S:500 5.5.1 Command unrecognized", "C:", "S:500 5.5.1", "C:BDAT 10 LAST", "S:500 5.5.1"});
    row("QUIT closes", "open", {"C:QUIT", "S:221 2.0.0 Bye", "X:"});
    row("MAIL before HELO", "open", {"C:MAIL FROM:<a@example.com>", "S:503 5.5.1 Send HELO/EHLO first"});
    row("RCPT before MAIL", "open",
        {ehlo, ehloOk, "C:RCPT TO:<b@example.org>", "S:503 5.5.1 MAIL FROM required first"});
    row("DATA before MAIL", "open", {ehlo, ehloOk, "C:DATA", "S:503 5.5.1 MAIL FROM required first"});
    row("DATA before RCPT", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250 2.1.0 OK", "C:DATA",
         "S:503 5.5.1 RCPT TO required first"});
    row("MAIL syntax errors", "open",
        {ehlo, ehloOk, "C:MAIL FROM:a@example.com", "S:501 5.5.4 Syntax: MAIL FROM:<address>", "C:MAIL FROM:<>",
         "S:501 5.5.4", "C:MAIL TO:<a@example.com>", "S:501 5.5.4", "C:MAIL FROM:<a@example.com> SIZE=abc",
         "S:501 5.5.4", "C:MAIL FROM:<a b@example.com>", "S:501 5.5.4", "C:MAIL FROM:<a@example.com>x", "S:501 5.5.4"});
    row("MAIL space after colon and parameters", "open",
        {ehlo, ehloOk, "C:MAIL FROM: <a@example.com> BODY=8BITMIME AUTH=<>", "S:250 2.1.0 OK"});
    row("MAIL source route ignored", "open", {ehlo, ehloOk, "C:MAIL FROM:<@relay.test:a@example.com>", "S:250 2.1.0"});
    row("MAIL BODY=BINARYMIME", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com> BODY=BINARYMIME", "S:555 5.5.4 Unsupported BODY value"});
    row("MAIL SIZE over the limit", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com> SIZE=2001", "S:552 5.3.4", "C:MAIL FROM:<a@example.com> SIZE=2000",
         "S:250 2.1.0"});
    row("UTF-8 address needs SMTPUTF8", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<용자@example.com>", "S:553 5.6.7", "C:MAIL FROM:<용자@example.com> SMTPUTF8",
         "S:250 2.1.0", "C:RCPT TO:<δοκιμή@example.org>", "S:250 2.1.5"});
    row("UTF-8 recipient without SMTPUTF8", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250", "C:RCPT TO:<δοκιμή@example.org>", "S:553 5.6.7"});
    row("RCPT syntax", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250", "C:RCPT TO:b@example.org",
         "S:501 5.5.4 Syntax: RCPT TO:<address>", "C:RCPT <b@example.org>", "S:501 5.5.4"});
    row("STARTTLS without TLS", "open", {ehlo, ehloOk, "C:STARTTLS", "S:502 5.5.1 STARTTLS not supported"});
    row("AUTH without AUTH configured", "open", {ehlo, ehloOk, "C:" + auth(), "S:502 5.5.1 AUTH not supported"});
    row("sender allowlist", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<a@evil.example>", "S:550 5.7.1 Sender not authorized",
         "C:MAIL FROM:<a@sub.example.com>", "S:550 5.7.1", "C:MAIL FROM:<boss@corp.example>", "S:250",
         "C:MAIL FROM:<a@EXAMPLE.COM>", "S:250 2.1.0"});
    row("recipient allowlist", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250", "C:RCPT TO:<x@example.com>",
         "S:550 5.7.1 Recipient not authorized", "C:RCPT TO:<x@example.org>", "S:250 2.1.5"});
    row("recipient cap", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250", "C:RCPT TO:<a@example.org>", "S:250",
         "C:RCPT TO:<b@example.org>", "S:250", "C:RCPT TO:<c@example.org>", "S:250", "C:RCPT TO:<d@example.org>",
         "S:452 4.5.3 Too many recipients", "C:RSET", "S:250", "C:MAIL FROM:<a@example.com>", "S:250",
         "C:RCPT TO:<d@example.org>", "S:250 2.1.5"});
    row("happy path", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250 2.1.0 OK", "C:RCPT TO:<b@example.org>", "S:250 2.1.5 OK",
         "C:DATA", "S:354 End data with <CR><LF>.<CR><LF>", "R:" + QString::fromUtf8(kMessage),
         "S:250 2.0.0 Ok: queued as ", "C:QUIT", "S:221", "X:"});
    row("message without Subject", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:From: app@example.com\r\n\r\nno subject\r\n.\r\n", "S:250 2.0.0 Ok: queued as "});
    row("DATA with argument", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<a@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA now",
         "S:501 5.5.4 Syntax: DATA"});
    row("oversize DATA then the session continues", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:Subject: big\r\n\r\n" + QString(3000, u'x') + "\r\n.\r\n", "S:552 5.3.4 Message too big", "C:NOOP",
         "S:250 2.0.0 OK", "C:RCPT TO:<b@example.org>", "S:503 5.5.1 MAIL FROM required first"});
    row("From header outside the allowlist", "policy",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:From: ceo@evil.example\r\nSubject: x\r\n\r\nhi\r\n.\r\n",
         "S:550 5.7.1 Sender not authorized (From header)"});
    row("bare LF in DATA", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:Subject: x\r\n\r\nline one\nline two\r\n.\r\n", "S:554 5.6.0 Message contains a bare CR or LF",
         "C:NOOP", "S:250"});
    row("bare CR in DATA", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:Subject: x\r\n\r\nhi\r.\r\nmore\r\n.\r\n", "S:554 5.6.0"});
    row("unparseable MIME", "open",
        {ehlo, ehloOk, "C:MAIL FROM:<app@example.com>", "S:250", "C:RCPT TO:<b@example.org>", "S:250", "C:DATA",
         "S:354", "R:<html><body>not a message</body></html>\r\n.\r\n", "S:554 5.6.0 Malformed message: "});
    row("AUTH PLAIN with initial response", "auth-insecure",
        {ehlo, "S:250-mx.test", "C:" + auth(), "S:235 2.7.0 Authentication successful", "C:MAIL FROM:<a@example.com>",
         "S:250 2.1.0"});
    row("AUTH PLAIN with continuation", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH PLAIN", "S:334 ", "C:" + plainResponse("ghost", SmtpTestRig::kPassword), "S:235 2.7.0"});
    row("AUTH LOGIN", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH LOGIN", "S:334 VXNlcm5hbWU6", "C:Z2hvc3Q=", "S:334 UGFzc3dvcmQ6",
         "C:" + QByteArray(SmtpTestRig::kPassword).toBase64(), "S:235 2.7.0"});
    row("AUTH LOGIN with initial response", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH LOGIN Z2hvc3Q=", "S:334 UGFzc3dvcmQ6",
         "C:" + QByteArray(SmtpTestRig::kPassword).toBase64(), "S:235"});
    row("AUTH wrong password", "auth-insecure",
        {ehlo, ehloOk, "C:" + auth("ghost", "wrong"), "S:535 5.7.8 Authentication failed",
         "C:MAIL FROM:<a@example.com>", "S:530 5.7.0 Authentication required"});
    row("AUTH unknown user", "auth-insecure",
        {ehlo, ehloOk, "C:" + auth("nobody"), "S:535 5.7.8 Authentication failed"});
    row("AUTH bad base64", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH PLAIN not*base64!", "S:535 5.7.8 Malformed AUTH credentials", "C:AUTH PLAIN", "S:334 ",
         "C:%%%", "S:535 5.7.8 Malformed", "C:AUTH LOGIN", "S:334", "C:@@", "S:535 5.7.8 Malformed"});
    row("AUTH PLAIN not three parts", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH PLAIN " + QByteArray("ghost:pw").toBase64(), "S:535 5.7.8 Malformed",
         "C:AUTH PLAIN =", "S:535 5.7.8 Malformed"});
    row("AUTH cancelled", "auth-insecure", {ehlo, ehloOk, "C:AUTH LOGIN", "S:334", "C:*", "S:501 5.7.0"});
    row("AUTH unknown mechanism", "auth-insecure",
        {ehlo, ehloOk, "C:AUTH CRAM-MD5", "S:504 5.5.4", "C:AUTH", "S:501 5.5.4 Syntax: AUTH"});
    row("AUTH twice", "auth-insecure", {ehlo, ehloOk, "C:" + auth(), "S:235", "C:" + auth(), "S:503 5.5.1 Already"});
    row("AUTH before EHLO", "auth-insecure", {"C:" + auth(), "S:503 5.5.1 Send HELO/EHLO first"});
    row("AUTH inside a transaction", "auth-insecure",
        {ehlo, ehloOk, "C:" + auth(), "S:235", "C:RSET", "S:250", "C:MAIL FROM:<a@example.com>", "S:250"});
    row("AUTH over plaintext refused", "auth-plaintext-refused",
        {ehlo, ehloOk, "C:" + auth(), "S:538 5.7.11 Encryption required"});
    row("require_tls blocks AUTH and MAIL", "require-tls",
        {ehlo, ehloOk, "C:" + auth(), "S:530 5.7.0 Must issue STARTTLS first", "C:MAIL FROM:<a@example.com>",
         "S:530 5.7.0 Must issue STARTTLS first"});
    row("pipelined envelope", "open",
        {ehlo, ehloOk,
         "R:MAIL FROM:<app@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nNOOP\r\nDATA\r\n",
         "S:250 2.1.0", "S:250 2.1.5", "S:250 2.1.5", "S:250 2.0.0", "S:354", "R:" + QString::fromUtf8(kMessage),
         "S:250 2.0.0 Ok: queued as"});
    QStringList errors{ehlo, ehloOk};
    for (int i = 1; i < SmtpLimits::kMaxBadCommands; ++i)
        errors << "C:BOGUS"
               << "S:500 5.5.1";
    errors << "C:BOGUS"
           << "S:500 5.5.1"
           << "S:421 4.7.0 mx.test Too many errors"
           << "X:";
    row("too many bad commands", "open", errors);
}

void tst_SmtpSession::conversation()
{
    QFETCH(QString, config);
    QFETCH(QStringList, script);
    SmtpTestRig rig(variant(config));
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    if (!script.first().startsWith(u"S:220"))
        QVERIFY(client.readReply().startsWith("220 "));
    for (const QString &step : std::as_const(script)) {
        const QString kind = step.left(2);
        const QByteArray arg = step.mid(2).toUtf8();
        if (kind == u"C:") {
            client.send(arg + "\r\n");
        } else if (kind == u"R:") {
            client.send(arg);
        } else if (kind == u"S:") {
            const QByteArray reply = client.readReply();
            QVERIFY2(reply.startsWith(arg),
                     qPrintable(QStringLiteral("expected \"%1\", got \"%2\" at step %3")
                                    .arg(QString::fromUtf8(arg), QString::fromUtf8(reply), step)));
        } else if (kind == u"X:") {
            QVERIFY2(client.waitDisconnected(), "the server did not close the connection");
        }
    }
    QVERIFY2(client.unread().isEmpty(), client.unread().constData());
}

void tst_SmtpSession::ehloAdvertisesExtensions_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray common = "250-mx.test\n250-PIPELINING\n250-SIZE 1048576\n250-8BITMIME\n250-SMTPUTF8\n";
    QTest::newRow("open") << "open" << common + "250 ENHANCEDSTATUSCODES";
    QTest::newRow("policy size") << "policy"
                                 << QByteArray(
                                        "250-mx.test\n250-PIPELINING\n250-SIZE 2000\n250-8BITMIME\n250-SMTPUTF8\n"
                                        "250 ENHANCEDSTATUSCODES");
    QTest::newRow("AUTH before TLS is not offered")
        << "require-tls" << common + "250-ENHANCEDSTATUSCODES\n250 STARTTLS";
    QTest::newRow("insecure AUTH allowed")
        << "auth-insecure" << common + "250-ENHANCEDSTATUSCODES\n250-STARTTLS\n250 AUTH PLAIN LOGIN";
    QTest::newRow("insecure AUTH refused")
        << "auth-plaintext-refused" << common + "250-ENHANCEDSTATUSCODES\n250 STARTTLS";
}

void tst_SmtpSession::ehloAdvertisesExtensions()
{
    QFETCH(QString, config);
    QFETCH(QByteArray, expected);
    SmtpTestRig rig(variant(config));
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    QVERIFY(client.readReply().startsWith("220"));
    QCOMPARE(client.command("EHLO client.test"), expected);
}

void tst_SmtpSession::commandLineLengthEdge()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    // NOOP takes an argument: pad the line to exactly the limit, CRLF included.
    const QByteArray atLimit = "NOOP " + QByteArray(SmtpLimits::kMaxCommandLineOctets - 7, 'x');
    QCOMPARE(atLimit.size() + 2, SmtpLimits::kMaxCommandLineOctets);
    QCOMPARE(client.command(atLimit), QByteArray("250 2.0.0 OK"));
    QCOMPARE(client.command(atLimit + "y"), QByteArray("500 5.5.2 Line too long"));
    // A huge line is dropped without being buffered, and the session goes on.
    client.send("NOOP " + QByteArray(200'000, 'z') + "\r\n");
    QCOMPARE(client.readReply(), QByteArray("500 5.5.2 Line too long"));
    QCOMPARE(client.command("NOOP"), QByteArray("250 2.0.0 OK"));
}

void tst_SmtpSession::authLineLengthEdge()
{
    SmtpTestRig rig(variant(QStringLiteral("auth-insecure")));
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    // A SASL response may be longer than a command line, up to the RFC 4954 limit.
    QVERIFY(client.command("AUTH PLAIN").startsWith("334"));
    const QByteArray atLimit(SmtpLimits::kMaxAuthLineOctets - 2, 'A'); // valid base64, not PLAIN
    QCOMPARE(client.command(atLimit), QByteArray("535 5.7.8 Malformed AUTH credentials"));
    QVERIFY(client.command("AUTH PLAIN").startsWith("334"));
    QCOMPARE(client.command(atLimit + "AAAA"), QByteArray("500 5.5.2 Line too long"));
    QVERIFY(client.command("AUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword)).startsWith("235"));
}

void tst_SmtpSession::dataLineLengthEdge()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    const QByteArray head = "From: a@example.com\r\nSubject: long line\r\n\r\n";
    for (const qsizetype extra : {0, 1}) {
        client.command("MAIL FROM:<a@example.com>");
        client.command("RCPT TO:<r@example.org>");
        QVERIFY(client.command("DATA").startsWith("354"));
        const QByteArray line = QByteArray(SmtpLimits::kMaxDataLineOctets - 2 + extra, 'x') + "\r\n";
        const QByteArray reply = client.command(head + line + ".");
        QVERIFY2(reply.startsWith(extra ? "554 5.6.0 Message contains a line longer" : "250 2.0.0 Ok"),
                 reply.constData());
    }
    QVERIFY(rig.waitDelivered(1));
    QCOMPARE(rig.fake->received.first().text.size(), SmtpLimits::kMaxDataLineOctets - 2);
}

void tst_SmtpSession::recipientHardCapEdge()
{
    // With an allowlist and no configured cap, the listener's own cap applies.
    SmtpListenerConfig c = SmtpTestRig::baseConfig();
    c.allowedRecipients = {QStringLiteral("*@example.org")};
    SmtpTestRig rig(c);
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    client.command("MAIL FROM:<a@example.com>");
    QByteArray batch;
    for (qsizetype i = 0; i <= SmtpLimits::kMaxRecipientsHardCap; ++i)
        batch += "RCPT TO:<r" + QByteArray::number(i) + "@example.org>\r\n";
    client.send(batch);
    for (qsizetype i = 0; i < SmtpLimits::kMaxRecipientsHardCap; ++i)
        QVERIFY(client.readReply().startsWith("250 2.1.5"));
    QCOMPARE(client.readReply(), QByteArray("452 4.5.3 Too many recipients"));
}

void tst_SmtpSession::messageSizeEdge()
{
    SmtpListenerConfig c = SmtpTestRig::baseConfig();
    c.maxMessageSize = 1000;
    SmtpTestRig rig(c);
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    // The limit counts the message as received: after unstuffing, CRLF line ends included.
    const QByteArray head = "From: a@example.com\r\nSubject: edge\r\n\r\n";
    const auto send = [&](qsizetype total) {
        // One body line ".bbb…" sent stuffed as "..bbb…": the extra dot does not count.
        const QByteArray stuffed = ".." + QByteArray(total - head.size() - 3, 'b') + "\r\n";
        client.command("MAIL FROM:<a@example.com>");
        client.command("RCPT TO:<r@example.org>");
        client.command("DATA");
        return client.command(head + stuffed + ".");
    };
    QVERIFY(send(1000).startsWith("250 2.0.0 Ok: queued as"));
    QVERIFY(send(1001).startsWith("552 5.3.4"));
    QVERIFY(rig.waitDelivered(1));
    QCOMPARE(rig.journalCount(), 1);
}

void tst_SmtpSession::dotUnstuffing()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    client.command("MAIL FROM:<a@example.com>");
    client.command("RCPT TO:<r@example.org>");
    QVERIFY(client.command("DATA").startsWith("354"));
    QVERIFY(client.command("Subject: dots\r\n\r\n..leading dot\r\n..\r\n...\r\nend\r\n.").startsWith("250"));
    QVERIFY(rig.waitDelivered(1));
    QCOMPARE(rig.fake->received.first().text, QStringLiteral(".leading dot\n.\n..\nend"));
}

void tst_SmtpSession::pipelinedMessagesInOneWrite()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    QByteArray batch = "EHLO client.test\r\n";
    for (int i = 0; i < 3; ++i)
        batch += "MAIL FROM:<a@example.com>\r\nRCPT TO:<r@example.org>\r\nDATA\r\nSubject: m" + QByteArray::number(i)
            + "\r\n\r\nbody\r\n.\r\n";
    client.send(batch + "QUIT\r\n");
    QVERIFY(client.readReply().startsWith("250-mx.test"));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(client.readReply().startsWith("250 2.1.0"));
        QVERIFY(client.readReply().startsWith("250 2.1.5"));
        QVERIFY(client.readReply().startsWith("354"));
        QVERIFY(client.readReply().startsWith("250 2.0.0 Ok: queued as"));
    }
    QCOMPARE(client.readReply(), QByteArray("221 2.0.0 Bye"));
    QVERIFY(rig.waitDelivered(3));
    QStringList subjects;
    for (const Message &m : std::as_const(rig.fake->received))
        subjects << m.subject;
    subjects.sort();
    QCOMPARE(subjects, QStringList({"m0", "m1", "m2"}));
}

void tst_SmtpSession::envelopeOnlyRecipientsBecomeBcc()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    client.command("MAIL FROM:<news@example.com>");
    client.command("RCPT TO:<one@example.org>");
    client.command("RCPT TO:<two@example.org>");
    client.command("DATA");
    QVERIFY(client
                .command("From: news@example.com\r\nTo: one@example.org\r\nBcc: spy@evil.example\r\n"
                         "Subject: batch\r\n\r\nhi\r\n.")
                .startsWith("250"));
    QVERIFY(rig.waitDelivered(1));
    const Message &m = rig.fake->received.first();
    QCOMPARE(bareAddresses(m.to), QStringList{"one@example.org"});
    QCOMPARE(bareAddresses(m.bcc), QStringList{"two@example.org"});
    QCOMPARE(m.ingress, Ingress::Smtp);
}

void tst_SmtpSession::smuggledMessageIsNotDelivered_data()
{
    QTest::addColumn<QByteArray>("payload");
    const QByteArray smuggled = "MAIL FROM:<admin@example.com>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n"
                                "From: admin@example.com\r\nSubject: smuggled\r\n\r\nowned\r\n";
    const QByteArray head = "From: a@example.com\r\nSubject: carrier\r\n\r\ntext\r\n";
    QTest::newRow("<LF>.<LF>") << head + "\n.\n" + smuggled;
    QTest::newRow("<LF>.<CR><LF>") << head + "\n.\r\n" + smuggled;
    QTest::newRow("<CR><LF>.<LF>") << head + ".\n" + smuggled;
    QTest::newRow("<CR>.<CR><LF>") << head + "\r.\r\n" + smuggled;
    QTest::newRow("<CR><LF>.<CR>") << head + ".\r" + smuggled;
}

void tst_SmtpSession::smuggledMessageIsNotDelivered()
{
    QFETCH(QByteArray, payload);
    SmtpTestRig rig;
    QVERIFY(rig.start());
    SmtpTestClient client;
    QVERIFY(client.connectTo(rig.port()));
    client.readReply();
    client.command("EHLO client.test");
    client.command("MAIL FROM:<a@example.com>");
    client.command("RCPT TO:<r@example.org>");
    QVERIFY(client.command("DATA").startsWith("354"));
    // The only real end marker is the final one: everything before it is one (rejected) message.
    client.send(payload + ".\r\nNOOP\r\n");
    QVERIFY(client.readReply().startsWith("554 5.6.0"));
    QCOMPARE(client.readReply(), QByteArray("250 2.0.0 OK"));
    QCOMPARE(rig.journalCount(), 0);
    QCOMPARE(rig.fake->received.size(), 0);
}

void tst_SmtpSession::perUserSenderAllowlist()
{
    SmtpListenerConfig c = variant(QStringLiteral("auth-insecure"));
    SmtpTestRig rig(c);
    QVERIFY(rig.start());
    // "gitea" has its own list: only gitea@git.example, not the listener-wide *@example.com.
    SmtpTestClient gitea;
    QVERIFY(gitea.connectTo(rig.port()));
    gitea.readReply();
    gitea.command("EHLO client.test");
    QVERIFY(gitea.command(auth("gitea")).startsWith("235"));
    QVERIFY(gitea.command("MAIL FROM:<a@example.com>").startsWith("550 5.7.1"));
    QVERIFY(gitea.command("MAIL FROM:<gitea@git.example>").startsWith("250"));
    gitea.command("RCPT TO:<r@example.org>");
    gitea.command("DATA");
    QVERIFY(gitea.command("From: Gitea <a@example.com>\r\nSubject: x\r\n\r\nhi\r\n.").startsWith("550 5.7.1"));
    // "ghost" has none: the listener-wide list applies.
    SmtpTestClient ghost;
    QVERIFY(ghost.connectTo(rig.port()));
    ghost.readReply();
    ghost.command("EHLO client.test");
    QVERIFY(ghost.command(auth("ghost")).startsWith("235"));
    QVERIFY(ghost.command("MAIL FROM:<gitea@git.example>").startsWith("550 5.7.1"));
    QVERIFY(ghost.command("MAIL FROM:<a@example.com>").startsWith("250"));
}

QTEST_GUILESS_MAIN(tst_SmtpSession)
#include "tst_smtpsession.moc"
