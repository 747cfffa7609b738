// SmtpRelayTransport against ScriptedSmtpServer on 127.0.0.1: every test scripts what the relay
// says and checks what the client sent and what the transport reported. Covers Posthorn's
// smtpout_test.go list (names in the comments) and the Postrider additions.
#include "MockClock.h"
#include "ScriptedSmtpServer.h"
#include "TestData.h"
#include "core/Logging.h"
#include "mime/MimeBuilder.h"
#include "transport/SmtpRelayTransport.h"
#include "transport/SmtpWire.h"
#include "transport/TransportRegistry.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>

#include <memory>

using namespace Postrider;
using Postrider::Test::ScriptedSmtpServer;

namespace {

constexpr int kWaitMs = 20000; // generous bound for a loaded 2-core CI machine; success is fast
const QByteArray kGreeting = "220 mx.test ESMTP ready";
const QByteArray kStartTlsReady = "220 2.0.0 Ready to start TLS";
const QByteArray kOk = "250 2.1.0 Ok";
const QByteArray kGoAhead = "354 End data with <CR><LF>.<CR><LF>";
const QString kUser = QStringLiteral("relay-user");
const QString kSentinelPassword = QStringLiteral("SENTINEL-Pa55w0rd-7f3a");

struct Call
{
    int count = 0;
    SendResult result;
};

std::shared_ptr<Call> startSend(Transport *transport, const Message &message)
{
    auto call = std::make_shared<Call>();
    transport->send(message, {}, [call](const SendResult &r) {
        ++call->count;
        call->result = r;
    });
    return call;
}

Message baseMessage()
{
    Message m;
    m.from = Address{QStringLiteral("Postrider Gateway"), QStringLiteral("noreply@example.com")};
    m.to = {Address{QString(), QStringLiteral("alice@example.org")}};
    m.subject = QStringLiteral("Hello");
    m.text = QStringLiteral("First line\nSecond line\n");
    m.submissionId = QStringLiteral("7c0e6d4a-3f55-4a53-9b3c-1f1d2b3c4d5e");
    return m;
}

QByteArray plainToken(const QString &user, const QString &password)
{
    return Smtp::saslPlainResponse(user, password);
}

} // namespace

// Sends and waits; checks the callback is never run inside send() and runs exactly once.
#define SEND_AND_WAIT(transport, message, res)                                                                         \
    const auto res##Call = startSend(transport, message);                                                              \
    QCOMPARE(res##Call->count, 0);                                                                                     \
    QTRY_COMPARE_WITH_TIMEOUT(res##Call->count, 1, kWaitMs);                                                           \
    const SendResult res = res##Call->result

// The session ended and the server saw nothing it did not expect.
#define VERIFY_CLEAN_END(server)                                                                                       \
    QTRY_VERIFY_WITH_TIMEOUT((server).clientGone(), kWaitMs);                                                          \
    QVERIFY2((server).errors().isEmpty(), qPrintable((server).dump()))

class tst_SmtpRelayTransport : public QObject
{
    Q_OBJECT

private:
    Test::MockClock m_clock;

    TransportConfig config(quint16 port, const QVariantMap &extra = {}) const
    {
        TransportConfig c;
        c.name = QStringLiteral("relay");
        c.type = QStringLiteral("smtp");
        c.timeout = std::chrono::seconds(10);
        c.settings = {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                      {QStringLiteral("port"), qint64(port)},
                      {QStringLiteral("require_tls"), false},
                      {QStringLiteral("helo_name"), QStringLiteral("gateway.test")}};
        for (auto it = extra.cbegin(); it != extra.cend(); ++it)
            c.settings.insert(it.key(), it.value());
        return c;
    }

    std::unique_ptr<SmtpRelayTransport> transport(const TransportConfig &c)
    {
        auto built = TransportRegistry::create(c, &m_clock, nullptr);
        if (!built) {
            qWarning("%s", qPrintable(built.error().toString()));
            return nullptr;
        }
        return std::unique_ptr<SmtpRelayTransport>(qobject_cast<SmtpRelayTransport *>(*built));
    }

    static QVariantMap tlsTrust()
    {
        return {{QStringLiteral("ca_file"), Test::dataPath(QStringLiteral("tls/smtp-ca.pem"))}};
    }
    static QVariantMap credentials()
    {
        return {{QStringLiteral("username"), kUser}, {QStringLiteral("password"), kSentinelPassword}};
    }
    static QVariantMap merged(QVariantMap a, const QVariantMap &b)
    {
        for (auto it = b.cbegin(); it != b.cend(); ++it)
            a.insert(it.key(), it.value());
        return a;
    }
    /// MAIL, one RCPT, DATA, message, in lock step.
    static void scriptTransaction(ScriptedSmtpServer &s, const QByteArray &to = "alice@example.org")
    {
        s.expect("MAIL FROM:<noreply@example.com>*", kOk)
            .expect("RCPT TO:<" + to + ">", "250 2.1.5 Ok")
            .expect("DATA", kGoAhead)
            .readData();
    }

private slots:
    void initTestCase();

    // Posthorn smtpout_test.go
    void successNoTls();
    void multipleRecipients();
    void replyToHeader();
    void omitsEmptyReplyTo();
    void dialFailureIsTransient();
    void requireTlsNotAdvertisedIsTerminal();
    void authFailureIsTerminal();
    void failureAtStage_data();
    void failureAtStage();
    void headerInjection_data();
    void headerInjection();
    void subjectEncoding_data();
    void subjectEncoding();
    void rfc5322Headers();
    void passwordNeverLeaks();
    void envelopeStripsDisplayName();
    void dotStuffingRoundTrip();
    void cancelledAttemptNeverCallsBack();
    void configValidation_data();
    void configValidation();

    // TLS
    void startTlsWithCaFile();
    void implicitTlsWithCaFile();
    void unverifiedCertificateIsTransient_data();
    void unverifiedCertificateIsTransient();
    void hostNameMismatchIsTransient();
    void insecureSkipVerify_data();
    void insecureSkipVerify();
    void opportunisticStartTls();
    void opportunisticUnverifiedKeepsCredentials();
    void startTlsRefused_data();
    void startTlsRefused();
    void startTlsResponseInjection();

    // AUTH
    void authMechanism_data();
    void authMechanism();
    void noAuthWithoutCredentials_data();
    void noAuthWithoutCredentials();
    void authUnavailable_data();
    void authUnavailable();
    void authRefusedOverPlaintextToRemoteHost();
    void authTemporaryFailure();

    // Envelope, extensions
    void pipelinedBatch();
    void lockStepWithoutPipelining();
    void partialRecipients_data();
    void partialRecipients();
    void pipelinedPartialNeverSendsData();
    void ccBccInEnvelopeNotHeaders();
    void eightBitMime_data();
    void eightBitMime();
    void sevenBitFallbackWithout8BitMime();
    void smtpUtf8_data();
    void smtpUtf8();
    void sizeDeclaredAndEnforced();

    // Greeting, EHLO, replies
    void ehloFallsBackToHelo();
    void heloFallbackStillRequiresTls();
    void ehloRejected_data();
    void ehloRejected();
    void garbageReplies_data();
    void garbageReplies();
    void queueIdCaptured_data();
    void queueIdCaptured();
    void longLinesAreWrapped();
    void replyDuringDataDropsTheSession();

    // Drops and timeouts
    void dropAtEachStage_data();
    void dropAtEachStage();
    void neverAnswersTimesOut();
    void stageTimeout_data();
    void stageTimeout();
};

void tst_SmtpRelayTransport::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    Log::setStdoutEnabled(false);
}

// TestSMTPOut_Success_NoTLS
void tst_SmtpRelayTransport::successNoTls()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"SIZE 10240000", "ENHANCEDSTATUSCODES"});
    scriptTransaction(server);
    auto t = transport(config(server.port()));
    QVERIFY(t);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    QCOMPARE(r.status, 250);
    QCOMPARE(r.messageId, QStringLiteral("4F7Yc21XyzZ"));
    QVERIFY(server.clientLines().contains("EHLO gateway.test"));
    QVERIFY(server.sawClientLine("MAIL FROM:<noreply@example.com> SIZE="));
    QVERIFY(server.data().contains("Subject: Hello\r\n"));
    QVERIFY(server.data().contains("First line\r\nSecond line\r\n"));
    QVERIFY(!server.sawPipelining());
    VERIFY_CLEAN_END(server);
    QCOMPARE(server.clientLines().constLast(), QByteArray("QUIT")); // best-effort QUIT after success
    QCOMPARE(rCall->count, 1);
}

// TestSMTPOut_Success_MultipleRecipients
void tst_SmtpRelayTransport::multipleRecipients()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({})
        .expect("MAIL FROM:<noreply@example.com>", kOk)
        .expect("RCPT TO:<a@example.org>", kOk)
        .expect("RCPT TO:<b@example.org>", kOk)
        .expect("RCPT TO:<c@example.org>", kOk)
        .expect("DATA", kGoAhead)
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")},
            Address{{}, QStringLiteral("c@example.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    QVERIFY(server.data().contains("To: a@example.org, b@example.org, c@example.org\r\n"));
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_Success_ReplyTo
void tst_SmtpRelayTransport::replyToHeader()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({});
    scriptTransaction(server);
    Message m = baseMessage();
    m.replyTo = {Address{QString(), QStringLiteral("support@example.com")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QVERIFY2(server.data().contains("Reply-To: support@example.com\r\n"), server.data().constData());
    QVERIFY(!server.sawClientLine("RCPT TO:<support@example.com>")); // Reply-To is no recipient
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_OmitsEmptyReplyTo
void tst_SmtpRelayTransport::omitsEmptyReplyTo()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({});
    scriptTransaction(server);
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY(r.ok());
    QVERIFY(!server.data().contains("Reply-To:"));
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_DialFailure_Transient
void tst_SmtpRelayTransport::dialFailureIsTransient()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    auto t = transport(config(closedPort));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("connection_refused"));
    QCOMPARE(r.status, 0);
    QVERIFY2(r.message.contains(QString::number(closedPort)), qPrintable(r.message));
}

// TestSMTPOut_RequireTLS_NotAdvertised_Terminal
void tst_SmtpRelayTransport::requireTlsNotAdvertisedIsTerminal()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"PIPELINING", "AUTH PLAIN"});
    auto t = transport(config(server.port(), merged(credentials(), {{QStringLiteral("require_tls"), true}})));
    QCOMPARE(t->options().tlsMode, SmtpTlsMode::StartTlsRequired);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.message, QStringLiteral("smtp: server does not advertise STARTTLS but require_tls=true"));
    QCOMPARE(r.errorCode, QStringLiteral("starttls_unavailable"));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("AUTH"));
    QVERIFY(!server.sawClientLine("MAIL"));
    QVERIFY(server.sawClientLine("QUIT"));
}

// TestSMTPOut_AuthFailure_Terminal
void tst_SmtpRelayTransport::authFailureIsTerminal()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN LOGIN"})
        .expect("AUTH PLAIN " + plainToken(kUser, kSentinelPassword), "535 5.7.8 Authentication credentials invalid");
    auto t = transport(config(server.port(), credentials()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.status, 535);
    QCOMPARE(r.errorCode, QStringLiteral("auth_failed"));
    QVERIFY2(r.message.contains(QStringLiteral("5.7.8 Authentication credentials invalid")), qPrintable(r.message));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("MAIL"));
}

enum class Stage { Greeting, Ehlo, Mail, Rcpt, Data, Final };
Q_DECLARE_METATYPE(Stage)

// TestSMTPOut_MailRejected_5xx_Terminal, RcptRejected_4xx_Transient, RcptRejected_5xx_Terminal,
// DataInitRejected_Terminal, plus the greeting, EHLO and end-of-data stages.
void tst_SmtpRelayTransport::failureAtStage_data()
{
    QTest::addColumn<Stage>("stage");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<bool>("reset");
    QTest::newRow("greeting 554") << Stage::Greeting << QByteArray("554 5.3.2 No SMTP service here")
                                  << Outcome::Terminal << 554 << "5.3.2" << false;
    QTest::newRow("greeting 421") << Stage::Greeting << QByteArray("421 4.3.2 Too busy, try later")
                                  << Outcome::Transient << 421 << "4.3.2" << false;
    QTest::newRow("ehlo 550") << Stage::Ehlo << QByteArray("550 5.7.1 Go away") << Outcome::Terminal << 550 << "5.7.1"
                              << false;
    QTest::newRow("mail 550") << Stage::Mail << QByteArray("550 5.7.1 Sender address rejected") << Outcome::Terminal
                              << 550 << "5.7.1" << true;
    QTest::newRow("mail 451") << Stage::Mail << QByteArray("451 4.3.0 Local error") << Outcome::Transient << 451
                              << "4.3.0" << true;
    QTest::newRow("mail 530 auth required") << Stage::Mail << QByteArray("530 5.7.0 Authentication required")
                                            << Outcome::Terminal << 530 << "5.7.0" << true;
    QTest::newRow("rcpt 450 greylisted") << Stage::Rcpt << QByteArray("450 4.2.0 <alice@example.org>: Greylisted")
                                         << Outcome::Transient << 450 << "4.2.0" << true;
    QTest::newRow("rcpt 550 unknown") << Stage::Rcpt << QByteArray("550 5.1.1 <alice@example.org>: User unknown")
                                      << Outcome::Terminal << 550 << "5.1.1" << true;
    QTest::newRow("rcpt 421") << Stage::Rcpt << QByteArray("421 4.4.2 Timeout exceeded") << Outcome::Transient << 421
                              << "4.4.2" << false;
    QTest::newRow("data 554") << Stage::Data << QByteArray("554 5.5.1 No valid recipients") << Outcome::Terminal << 554
                              << "5.5.1" << true;
    QTest::newRow("data 451") << Stage::Data << QByteArray("451 4.3.0 Try again") << Outcome::Transient << 451
                              << "4.3.0" << true;
    QTest::newRow("final 552") << Stage::Final << QByteArray("552 5.3.4 Message too big") << Outcome::Terminal << 552
                               << "5.3.4" << true;
    QTest::newRow("final 451") << Stage::Final << QByteArray("451 4.7.1 Try again later") << Outcome::Transient << 451
                               << "4.7.1" << true;
    QTest::newRow("final 554 no enhanced")
        << Stage::Final << QByteArray("554 Transaction failed") << Outcome::Terminal << 554 << "" << true;
}

void tst_SmtpRelayTransport::failureAtStage()
{
    QFETCH(Stage, stage);
    QFETCH(QByteArray, reply);
    QFETCH(Outcome, outcome);
    QFETCH(int, status);
    QFETCH(QString, errorCode);
    QFETCH(bool, reset);

    ScriptedSmtpServer server;
    QVERIFY(server.start());
    if (stage == Stage::Greeting) {
        server.say(reply);
    } else {
        server.say(kGreeting);
        if (stage == Stage::Ehlo) {
            server.expect("EHLO *", reply);
        } else {
            server.expect("EHLO *", ScriptedSmtpServer::ehloReply({"ENHANCEDSTATUSCODES"}));
            server.expect("MAIL FROM:<noreply@example.com>", stage == Stage::Mail ? reply : kOk);
            if (stage != Stage::Mail)
                server.expect("RCPT TO:<alice@example.org>", stage == Stage::Rcpt ? reply : kOk);
            if (stage == Stage::Data || stage == Stage::Final)
                server.expect("DATA", stage == Stage::Data ? reply : kGoAhead);
            if (stage == Stage::Final)
                server.readData(reply);
        }
    }
    if (reply.startsWith("421"))
        server.hangUp(); // RFC 5321 §3.8: 421 closes the channel
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, outcome);
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode, errorCode);
    QVERIFY2(r.message.contains(QString::fromUtf8(reply.mid(4))), qPrintable(r.message));
    QVERIFY(r.message.startsWith(QStringLiteral("smtp: ")));
    VERIFY_CLEAN_END(server);
    QCOMPARE(server.sawClientLine("RSET"), reset);
    if (stage == Stage::Rcpt || stage == Stage::Mail)
        QVERIFY(!server.sawClientLine("DATA"));
    if (stage == Stage::Ehlo)
        QVERIFY(!server.sawClientLine("HELO"));
}

// TestSMTPOut_HeaderInjection
void tst_SmtpRelayTransport::headerInjection_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("from") << "from";
    QTest::newRow("from name") << "fromName";
    QTest::newRow("subject") << "subject";
    QTest::newRow("reply-to") << "replyTo";
    QTest::newRow("to") << "to";
    QTest::newRow("cc") << "cc";
    QTest::newRow("bcc") << "bcc";
    QTest::newRow("custom header") << "header";
}

void tst_SmtpRelayTransport::headerInjection()
{
    QFETCH(QString, field);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({});
    Message m = baseMessage();
    const QString evil = QStringLiteral("x@example.com\r\nBcc: victim@example.net");
    if (field == QLatin1String("from"))
        m.from.email = evil;
    else if (field == QLatin1String("fromName"))
        m.from.name = QStringLiteral("Eve\r\nBcc: victim@example.net");
    else if (field == QLatin1String("subject"))
        m.subject = QStringLiteral("Hi\r\nBcc: victim@example.net");
    else if (field == QLatin1String("replyTo"))
        m.replyTo = {Address{{}, evil}};
    else if (field == QLatin1String("to"))
        m.to = {Address{{}, evil}};
    else if (field == QLatin1String("cc"))
        m.cc = {Address{{}, evil}};
    else if (field == QLatin1String("bcc"))
        m.bcc = {Address{{}, evil}};
    else
        m.headers = {Header{"X-Campaign", QStringLiteral("a\r\nBcc: victim@example.net")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("message.invalid"));
    QCOMPARE(server.connections(), 0); // nothing dialled, nothing written
}

// TestSMTPOut_MIMESubjectEncoding, TestSMTPOut_MIMESubject_ASCIIPassthrough
void tst_SmtpRelayTransport::subjectEncoding_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("encoded");
    QTest::newRow("ascii") << "Quarterly report" << false;
    QTest::newRow("non-ascii") << QStringLiteral("R\u00e9sum\u00e9 \u2014 \u65e5\u672c") << true;
}

void tst_SmtpRelayTransport::subjectEncoding()
{
    QFETCH(QString, subject);
    QFETCH(bool, encoded);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"});
    scriptTransaction(server);
    Message m = baseMessage();
    m.subject = subject;
    m.text = QStringLiteral("plain ascii body\n");
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    const QByteArray data = server.data();
    const qsizetype start = data.indexOf("\r\nSubject: ") + 2;
    QVERIFY(start > 1);
    QByteArray header = data.mid(start, data.indexOf("\r\n", start) - start);
    for (qsizetype next = start + header.size() + 2; data.at(next) == ' ' || data.at(next) == '\t';) { // folded
        const qsizetype end = data.indexOf("\r\n", next);
        header += data.mid(next, end - next);
        next = end + 2;
    }
    QVERIFY(!Smtp::has8BitOctets(data)); // no raw UTF-8 anywhere
    if (encoded)
        QVERIFY2(header.contains("=?UTF-8?B?") || header.contains("=?utf-8?b?"), header.constData());
    else
        QCOMPARE(header, "Subject: " + subject.toUtf8());
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_RFC5322Headers
void tst_SmtpRelayTransport::rfc5322Headers()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"})
        .expect("MAIL FROM:<noreply@example.com>", kOk)
        .expect("RCPT TO:<a@example.org>", kOk)
        .expect("RCPT TO:<b@example.org>", kOk)
        .expect("DATA", kGoAhead)
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")}};
    m.replyTo = {Address{{}, QStringLiteral("support@example.com")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    const QByteArray data = server.data();
    const qsizetype bodyStart = data.indexOf("\r\n\r\n");
    QVERIFY(bodyStart > 0);
    const QByteArray headers = data.left(bodyStart + 2);
    QVERIFY2(headers.contains("From: Postrider Gateway <noreply@example.com>\r\n"), headers.constData());
    QVERIFY(headers.contains("To: a@example.org, b@example.org\r\n"));
    QVERIFY(headers.contains("Reply-To: support@example.com\r\n"));
    QVERIFY(headers.contains("Subject: Hello\r\n"));
    QVERIFY(headers.contains("Date: Mon, 15 Jan 2024 12:00:00 +0000\r\n")); // the MockClock's now
    QVERIFY(headers.contains("MIME-Version: 1.0\r\n"));
    QVERIFY(headers.contains("Content-Type: text/plain"));
    // Stable across attempts of one submission: the submission id at the sender's domain.
    QVERIFY(headers.contains("Message-ID: <7c0e6d4a-3f55-4a53-9b3c-1f1d2b3c4d5e@example.com>\r\n"));
    QVERIFY(data.mid(bodyStart + 4).startsWith("First line\r\nSecond line\r\n"));
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_PasswordNotInErrorMessages: the server echoes every form of the secret back.
void tst_SmtpRelayTransport::passwordNeverLeaks()
{
    const QByteArray token = plainToken(kUser, kSentinelPassword);
    const QByteArray base64Password = kSentinelPassword.toUtf8().toBase64();
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN"})
        .expect("AUTH PLAIN *",
                "535 5.7.8 Rejected " + token + " (" + kSentinelPassword.toUtf8() + ", " + base64Password + ")");
    QStringList lines;
    Log::install(Log::Format::Json, Log::Level::Debug);
    Log::setSink([&lines](const QByteArray &line) { lines.append(QString::fromUtf8(line)); });
    QLoggingCategory::setFilterRules(QStringLiteral("postrider.transport.smtp.debug=true"));
    auto t = transport(config(server.port(), credentials()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    VERIFY_CLEAN_END(server);
    QLoggingCategory::setFilterRules(QString());
    Log::setSink({});
    Log::setMinimumLevel(Log::Level::Info);
    qInstallMessageHandler(nullptr);

    QCOMPARE(r.outcome, Outcome::Terminal);
    QVERIFY(!lines.isEmpty()); // the debug transcript was written (and checked below)
    const QString everything = r.message + r.describe() + r.errorCode + r.messageId + lines.join(u'\n');
    for (const QString &secret : {kSentinelPassword, QString::fromLatin1(token), QString::fromLatin1(base64Password)})
        QVERIFY2(!everything.contains(secret), qPrintable(everything));
    QVERIFY(r.message.contains(QStringLiteral("[REDACTED]")));
}

// TestSMTPOut_EnvelopeAddress_StripsDisplayName
void tst_SmtpRelayTransport::envelopeStripsDisplayName()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({});
    scriptTransaction(server, "alice@example.org");
    Message m = baseMessage();
    m.to = {Address{QStringLiteral("Alice Example"), QStringLiteral("alice@example.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    QVERIFY(server.clientLines().contains("MAIL FROM:<noreply@example.com>"));
    QVERIFY(server.data().contains("From: Postrider Gateway <noreply@example.com>\r\n"));
    QVERIFY(server.data().contains("To: Alice Example <alice@example.org>\r\n"));
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_DotStuffing
void tst_SmtpRelayTransport::dotStuffingRoundTrip()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"});
    scriptTransaction(server);
    Message m = baseMessage();
    m.text = QStringLiteral(".\n..\n.leading dot\nmiddle . dot\n. \nend\n");
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    QVERIFY2(server.data().contains("\r\n.\r\n..\r\n.leading dot\r\nmiddle . dot\r\n. \r\nend\r\n"),
             server.data().constData());
    QVERIFY(server.rawData().contains("\r\n..\r\n...\r\n..leading dot\r\nmiddle . dot\r\n.. \r\nend\r\n"));
    // What arrived, un-stuffed, is exactly what the MIME builder produced.
    Mime::BuildOptions build;
    build.date = m_clock.now();
    build.messageId = m.submissionId + QStringLiteral("@example.com");
    auto expected = Mime::buildMessage(m, build);
    QVERIFY(expected);
    QCOMPARE(server.data(), *expected);
    VERIFY_CLEAN_END(server);
}

// TestSMTPOut_ContextCancelled_Transient. Postrider has no per-call cancel: an attempt ends by
// its timeout (neverAnswersTimesOut) or by the transport being destroyed, which must neither
// call back nor crash, and must drop the connection.
void tst_SmtpRelayTransport::cancelledAttemptNeverCallsBack()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({}).stall();
    auto t = transport(config(server.port()));
    const auto call = startSend(t.get(), baseMessage());
    QTRY_VERIFY_WITH_TIMEOUT(server.sawClientLine("EHLO"), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(server.scriptDone() || server.transcript().size() >= 3, kWaitMs);
    t.reset();
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
    QCoreApplication::processEvents();
    QCOMPARE(call->count, 0);
}

// TestSMTPOut_RegisteredAtPackageLoad, TestSMTPOut_Build_OptionalRequireTLS, and the rest of
// the settings' rules.
void tst_SmtpRelayTransport::configValidation_data()
{
    QTest::addColumn<QVariantMap>("settings");
    QTest::addColumn<QString>("error"); // empty = valid
    const QVariantMap base{{QStringLiteral("host"), QStringLiteral("smtp.example.com")},
                           {QStringLiteral("port"), qint64(587)}};
    auto with = [&base](const QString &key, const QVariant &value) {
        QVariantMap s = base;
        if (value.isValid())
            s.insert(key, value);
        else
            s.remove(key);
        return s;
    };
    QTest::newRow("minimal") << base << "";
    QTest::newRow("missing host") << with(QStringLiteral("host"), {}) << "settings.host is required";
    QTest::newRow("blank host") << with(QStringLiteral("host"), QStringLiteral("  ")) << "settings.host is required";
    QTest::newRow("host with space") << with(QStringLiteral("host"), QStringLiteral("a b")) << "is not a host name";
    QTest::newRow("missing port") << with(QStringLiteral("port"), {}) << "settings.port is required";
    QTest::newRow("port 0") << with(QStringLiteral("port"), qint64(0)) << "out of range";
    QTest::newRow("port 65536") << with(QStringLiteral("port"), qint64(65536)) << "out of range";
    QTest::newRow("port -1") << with(QStringLiteral("port"), -1) << "out of range";
    QTest::newRow("port int") << with(QStringLiteral("port"), int(465)) << "";
    QTest::newRow("port int64") << with(QStringLiteral("port"), qint64(2525)) << "";
    QTest::newRow("port text") << with(QStringLiteral("port"), QStringLiteral("smtp")) << "settings.port is required";
    QTest::newRow("auth bogus") << with(QStringLiteral("auth"), QStringLiteral("cram-md5")) << "settings.auth must be";
    QTest::newRow("username only") << with(QStringLiteral("username"), QStringLiteral("u")) << "must be set together";
    QTest::newRow("password only") << with(QStringLiteral("password"), QStringLiteral("p")) << "must be set together";
    QTest::newRow("auth plain without credentials")
        << with(QStringLiteral("auth"), QStringLiteral("plain")) << "needs username and password";
    QVariantMap noneWithCreds = with(QStringLiteral("auth"), QStringLiteral("none"));
    noneWithCreds.insert(QStringLiteral("username"), QStringLiteral("u"));
    QTest::newRow("auth none ignores a lone username") << noneWithCreds << "";
    QTest::newRow("bad helo") << with(QStringLiteral("helo_name"), QStringLiteral("bad name")) << "helo_name";
    QTest::newRow("helo literal") << with(QStringLiteral("helo_name"), QStringLiteral("[192.0.2.1]")) << "";
    QTest::newRow("ca_file missing") << with(QStringLiteral("ca_file"), QStringLiteral("/nonexistent/ca.pem"))
                                     << "cannot read";
    QTest::newRow("ca_file not a certificate")
        << with(QStringLiteral("ca_file"), Test::dataPath(QStringLiteral("tls/smtp-make-certs.sh")))
        << "no PEM certificate";
    QTest::newRow("ca_file ok") << with(QStringLiteral("ca_file"), Test::dataPath(QStringLiteral("tls/smtp-ca.pem")))
                                << "";
}

void tst_SmtpRelayTransport::configValidation()
{
    QFETCH(QVariantMap, settings);
    QFETCH(QString, error);
    TransportConfig c;
    c.name = QStringLiteral("relay");
    c.type = QStringLiteral("smtp");
    c.settings = settings;
    auto built = TransportRegistry::create(c, &m_clock, nullptr);
    if (error.isEmpty()) {
        QVERIFY2(built, qPrintable(built ? QString() : built.error().toString()));
        std::unique_ptr<Transport> owner(*built);
        QCOMPARE(owner->type(), QStringLiteral("smtp"));
        QVERIFY(qobject_cast<SmtpRelayTransport *>(owner.get()));
        return;
    }
    QVERIFY(!built);
    QCOMPARE(built.error().code, QStringLiteral("transport.invalid"));
    QVERIFY2(built.error().message.contains(error), qPrintable(built.error().message));
}

// ------------------------------------------------------------------------------------------
// TLS

void tst_SmtpRelayTransport::startTlsWithCaFile()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    // Before TLS the server claims PIPELINING and AUTH; after it, neither: the client must
    // forget the first list (RFC 3207 §4.2) and neither pipeline nor authenticate.
    server.greetAndEhlo({"PIPELINING", "AUTH PLAIN", "STARTTLS"})
        .expect("STARTTLS", kStartTlsReady)
        .startTls()
        .expect("EHLO gateway.test", ScriptedSmtpServer::ehloReply({"8BITMIME"}));
    scriptTransaction(server);
    auto t = transport(config(server.port(), merged(tlsTrust(), {{QStringLiteral("require_tls"), true}})));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
    const auto lines = server.transcript();
    int ehlos = 0;
    for (const auto &l : lines) {
        if (l.fromClient && l.text.startsWith("EHLO"))
            ++ehlos;
        if (l.fromClient && l.text.startsWith("MAIL"))
            QVERIFY(l.encrypted);
    }
    QCOMPARE(ehlos, 2);
    QVERIFY(!server.sawPipelining());
}

void tst_SmtpRelayTransport::implicitTlsWithCaFile()
{
    ScriptedSmtpServer server;
    server.setImplicitTls(true);
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN"})
        .expect("AUTH PLAIN " + plainToken(kUser, kSentinelPassword), "235 2.7.0 Authentication successful");
    scriptTransaction(server);
    auto t = transport(config(
        server.port(),
        merged(merged(tlsTrust(), credentials()),
               {{QStringLiteral("implicit_tls"), true}, {QStringLiteral("host"), QStringLiteral("localhost")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    QCOMPARE(t->options().tlsMode, SmtpTlsMode::Implicit);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
    for (const auto &l : server.transcript())
        QVERIFY(l.encrypted);
}

void tst_SmtpRelayTransport::unverifiedCertificateIsTransient_data()
{
    QTest::addColumn<bool>("implicit");
    QTest::newRow("starttls") << false;
    QTest::newRow("implicit") << true;
}

void tst_SmtpRelayTransport::unverifiedCertificateIsTransient()
{
    QFETCH(bool, implicit);
    ScriptedSmtpServer server;
    server.setImplicitTls(implicit);
    QVERIFY(server.start());
    if (implicit)
        server.say(kGreeting);
    else
        server.greetAndEhlo({"STARTTLS"}).expect("STARTTLS", kStartTlsReady).startTls();
    auto t = transport(
        config(server.port(), {{QStringLiteral("require_tls"), true}, {QStringLiteral("implicit_tls"), implicit}}));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("tls_handshake_failed"));
    QVERIFY2(r.message.contains(QStringLiteral("TLS handshake failed")), qPrintable(r.message));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
    QVERIFY(!server.sawClientLine("MAIL"));
}

void tst_SmtpRelayTransport::hostNameMismatchIsTransient()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"}).expect("STARTTLS", kStartTlsReady).startTls();
    // Trusted CA, but the certificate is for localhost, not for the configured name.
    auto t = transport(config(server.port(),
                              merged(tlsTrust(),
                                     {{QStringLiteral("require_tls"), true},
                                      {QStringLiteral("host"), QStringLiteral("relay.example.test")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("tls_handshake_failed"));
    QVERIFY2(r.message.contains(QStringLiteral("host name")), qPrintable(r.message));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
}

void tst_SmtpRelayTransport::insecureSkipVerify_data()
{
    QTest::addColumn<bool>("implicit");
    QTest::newRow("starttls") << false;
    QTest::newRow("implicit") << true;
}

void tst_SmtpRelayTransport::insecureSkipVerify()
{
    QFETCH(bool, implicit);
    ScriptedSmtpServer server;
    server.setImplicitTls(implicit);
    QVERIFY(server.start());
    if (implicit)
        server.greetAndEhlo({"AUTH LOGIN PLAIN"});
    else
        server.greetAndEhlo({"STARTTLS"})
            .expect("STARTTLS", kStartTlsReady)
            .startTls()
            .expect("EHLO *", ScriptedSmtpServer::ehloReply({"AUTH LOGIN PLAIN"}));
    server.expect("AUTH PLAIN *", "235 2.7.0 Ok");
    scriptTransaction(server);
    // A name the certificate does not carry, and no CA: verification is off on purpose, so
    // even the credentials may go (the operator accepted the risk).
    auto t = transport(config(server.port(),
                              merged(credentials(),
                                     {{QStringLiteral("require_tls"), true},
                                      {QStringLiteral("implicit_tls"), implicit},
                                      {QStringLiteral("tls_insecure_skip_verify"), true},
                                      {QStringLiteral("host"), QStringLiteral("relay.example.test")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    QVERIFY(!t->options().verifyPeer);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::opportunisticStartTls()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"})
        .expect("STARTTLS", kStartTlsReady)
        .startTls()
        .expect("EHLO *", ScriptedSmtpServer::ehloReply({}));
    scriptTransaction(server);
    // require_tls = false, no ca_file: STARTTLS is still used, and an unverifiable certificate
    // does not stop a send that plaintext would have allowed (RFC 7435).
    auto t = transport(config(server.port()));
    QCOMPARE(t->options().tlsMode, SmtpTlsMode::StartTlsOpportunistic);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
    QVERIFY(server.transcript().constLast().encrypted);
}

void tst_SmtpRelayTransport::opportunisticUnverifiedKeepsCredentials()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"})
        .expect("STARTTLS", kStartTlsReady)
        .startTls()
        .expect("EHLO *", ScriptedSmtpServer::ehloReply({"AUTH PLAIN"}));
    auto t = transport(
        config(server.port(), merged(credentials(), {{QStringLiteral("host"), QStringLiteral("relay.example.test")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("insecure_auth_refused"));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("AUTH"));
}

void tst_SmtpRelayTransport::startTlsRefused_data()
{
    QTest::addColumn<bool>("required");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("required, 454") << true << QByteArray("454 4.7.0 TLS not available") << Outcome::Transient;
    QTest::newRow("required, 501") << true << QByteArray("501 5.5.4 Syntax error") << Outcome::Terminal;
    QTest::newRow("opportunistic, 454") << false << QByteArray("454 4.7.0 TLS not available") << Outcome::Sent;
}

void tst_SmtpRelayTransport::startTlsRefused()
{
    QFETCH(bool, required);
    QFETCH(QByteArray, reply);
    QFETCH(Outcome, outcome);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"}).expect("STARTTLS", reply);
    if (!required)
        scriptTransaction(server);
    auto t = transport(config(server.port(), {{QStringLiteral("require_tls"), required}}));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, outcome);
    if (required)
        QCOMPARE(r.status, reply.left(3).toInt());
    VERIFY_CLEAN_END(server);
}

// RFC 3207 §5 / CVE-2011-0411: a reply injected after "220 ready" must not be trusted.
void tst_SmtpRelayTransport::startTlsResponseInjection()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"}).expect("STARTTLS", kStartTlsReady + "\n250 injected").startTls();
    auto t = transport(config(server.port(), merged(tlsTrust(), {{QStringLiteral("require_tls"), true}})));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QVERIFY2(r.errorCode == QLatin1String("protocol_error") || r.errorCode == QLatin1String("tls_handshake_failed"),
             qPrintable(r.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
    int ehlos = 0;
    for (const auto &l : server.clientLines())
        ehlos += l.startsWith("EHLO");
    QCOMPARE(ehlos, 1);
}

// ------------------------------------------------------------------------------------------
// AUTH (over STARTTLS with the test CA, the realistic submission setup)

void tst_SmtpRelayTransport::authMechanism_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QByteArray>("offered");
    QTest::addColumn<QString>("expected");
    QTest::newRow("auto, both") << "auto" << QByteArray("AUTH PLAIN LOGIN") << "PLAIN";
    QTest::newRow("auto, login first") << "auto" << QByteArray("AUTH LOGIN PLAIN") << "PLAIN";
    QTest::newRow("auto, login only") << "auto" << QByteArray("AUTH LOGIN CRAM-MD5") << "LOGIN";
    QTest::newRow("auto, old form") << "auto" << QByteArray("AUTH=LOGIN") << "LOGIN";
    QTest::newRow("plain") << "plain" << QByteArray("AUTH LOGIN PLAIN") << "PLAIN";
    QTest::newRow("login") << "login" << QByteArray("AUTH PLAIN LOGIN") << "LOGIN";
}

void tst_SmtpRelayTransport::authMechanism()
{
    QFETCH(QString, setting);
    QFETCH(QByteArray, offered);
    QFETCH(QString, expected);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"STARTTLS"})
        .expect("STARTTLS", kStartTlsReady)
        .startTls()
        .expect("EHLO *", ScriptedSmtpServer::ehloReply({offered}));
    if (expected == QLatin1String("PLAIN")) {
        server.expect("AUTH PLAIN " + plainToken(kUser, kSentinelPassword), "235 2.7.0 Authentication successful");
    } else {
        server.expect("AUTH LOGIN", "334 VXNlcm5hbWU6")
            .expect(kUser.toUtf8().toBase64(), "334 UGFzc3dvcmQ6")
            .expect(kSentinelPassword.toUtf8().toBase64(), "235 2.7.0 Authentication successful");
    }
    scriptTransaction(server);
    auto t = transport(config(server.port(),
                              merged(merged(tlsTrust(), credentials()),
                                     {{QStringLiteral("auth"), setting},
                                      {QStringLiteral("require_tls"), true},
                                      {QStringLiteral("host"), QStringLiteral("localhost")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::noAuthWithoutCredentials_data()
{
    QTest::addColumn<QVariantMap>("settings");
    QTest::newRow("no credentials") << QVariantMap();
    QTest::newRow("auth none") << merged(credentials(), {{QStringLiteral("auth"), QStringLiteral("none")}});
}

void tst_SmtpRelayTransport::noAuthWithoutCredentials()
{
    QFETCH(QVariantMap, settings);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN LOGIN"});
    scriptTransaction(server);
    auto t = transport(config(server.port(), settings));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("AUTH"));
}

void tst_SmtpRelayTransport::authUnavailable_data()
{
    QTest::addColumn<QList<QByteArray>>("extensions");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("message");
    QTest::newRow("no AUTH") << QList<QByteArray>{"8BITMIME"} << "auto"
                             << "does not offer AUTH";
    QTest::newRow("only CRAM-MD5") << QList<QByteArray>{"AUTH CRAM-MD5"} << "auto"
                                   << "offers AUTH CRAM-MD5 but not PLAIN or LOGIN";
    QTest::newRow("login wanted, plain offered") << QList<QByteArray>{"AUTH PLAIN"} << "login"
                                                 << "but not LOGIN";
}

void tst_SmtpRelayTransport::authUnavailable()
{
    QFETCH(QList<QByteArray>, extensions);
    QFETCH(QString, setting);
    QFETCH(QString, message);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo(extensions);
    auto t = transport(config(server.port(), merged(credentials(), {{QStringLiteral("auth"), setting}})));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("auth_unavailable"));
    QVERIFY2(r.message.contains(message), qPrintable(r.message));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("MAIL"));
}

void tst_SmtpRelayTransport::authRefusedOverPlaintextToRemoteHost()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN LOGIN"});
    // The name is not loopback (the test dials 127.0.0.1 under it): no credentials in the clear.
    auto t = transport(
        config(server.port(), merged(credentials(), {{QStringLiteral("host"), QStringLiteral("relay.example.test")}})));
    t->setConnectAddress(QHostAddress::LocalHost);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("insecure_auth_refused"));
    QVERIFY2(r.message.contains(QStringLiteral("relay.example.test")), qPrintable(r.message));
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("AUTH"));
}

void tst_SmtpRelayTransport::authTemporaryFailure()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"AUTH PLAIN"}).expect("AUTH PLAIN *", "454 4.7.0 Temporary authentication failure");
    auto t = transport(config(server.port(), credentials()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.status, 454);
    QCOMPARE(r.errorCode, QStringLiteral("4.7.0"));
    VERIFY_CLEAN_END(server);
}

// ------------------------------------------------------------------------------------------
// Envelope and extensions

void tst_SmtpRelayTransport::pipelinedBatch()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    // The server answers only once all four commands are in: a lock-step client would hang.
    server.greetAndEhlo({"PIPELINING"})
        .expectBatch({"MAIL FROM:<noreply@example.com>", "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"},
                     {kOk, "250 2.1.5 Ok", "250 2.1.5 Ok", kGoAhead})
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    QVERIFY(server.sawPipelining());
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::lockStepWithoutPipelining()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"})
        .expect("MAIL FROM:<noreply@example.com>", kOk)
        .expect("RCPT TO:<a@example.org>", kOk)
        .expect("RCPT TO:<b@example.org>", kOk)
        .expect("DATA", kGoAhead)
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    VERIFY_CLEAN_END(server);
    QVERIFY2(!server.sawPipelining(), qPrintable(server.dump()));
}

void tst_SmtpRelayTransport::partialRecipients_data()
{
    QTest::addColumn<QList<QByteArray>>("replies"); // for a@, b@, c@
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("one 550") << QList<QByteArray>{"250 Ok", "550 5.1.1 User unknown", "250 Ok"} << Outcome::Terminal
                             << 550 << "1 of 3 recipients rejected, message sent to none of them: <b@example.org>: 550";
    QTest::newRow("one 450") << QList<QByteArray>{"250 Ok", "250 Ok", "450 4.2.0 Greylisted"} << Outcome::Transient
                             << 450 << "<c@example.org>: 450 4.2.0 Greylisted";
    QTest::newRow("450 and 550: permanent decides")
        << QList<QByteArray>{"450 4.2.0 Greylisted", "250 Ok", "550 5.1.1 User unknown"} << Outcome::Terminal << 550
        << "2 of 3 recipients rejected";
    QTest::newRow("all rejected") << QList<QByteArray>{"550 5.1.1 No", "550 5.1.1 No", "553 5.1.3 Bad"}
                                  << Outcome::Terminal << 550 << "all 3 recipients rejected";
}

void tst_SmtpRelayTransport::partialRecipients()
{
    QFETCH(QList<QByteArray>, replies);
    QFETCH(Outcome, outcome);
    QFETCH(int, status);
    QFETCH(QString, message);
    for (const bool pipelining : {false, true}) {
        ScriptedSmtpServer server;
        QVERIFY(server.start());
        if (pipelining) {
            bool any = false;
            for (const auto &reply : replies)
                any = any || reply.startsWith('2');
            server.greetAndEhlo({"PIPELINING"})
                .expectBatch({"MAIL FROM:*", "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>",
                              "RCPT TO:<c@example.org>", "DATA"},
                             {kOk, replies.at(0), replies.at(1), replies.at(2),
                              any ? "451 4.3.0 Waiting for the client" : "554 5.5.1 No valid recipients"});
        } else {
            server.greetAndEhlo({})
                .expect("MAIL FROM:*", kOk)
                .expect("RCPT TO:<a@example.org>", replies.at(0))
                .expect("RCPT TO:<b@example.org>", replies.at(1))
                .expect("RCPT TO:<c@example.org>", replies.at(2));
        }
        Message m = baseMessage();
        m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")}};
        m.bcc = {Address{{}, QStringLiteral("c@example.org")}};
        auto t = transport(config(server.port()));
        SEND_AND_WAIT(t.get(), m, r);
        QCOMPARE(r.outcome, outcome);
        QCOMPARE(r.status, status);
        QVERIFY2(r.message.contains(message), qPrintable(r.message));
        VERIFY_CLEAN_END(server);
        QVERIFY(!server.sawClientLine("DATA") || pipelining);
        QVERIFY(!server.dataComplete());
        QVERIFY(server.sawClientLine("RSET"));
    }
}

// A pipelining server that answers DATA with 354 although a recipient failed: the client
// cannot RSET inside DATA, so it closes without the final "." and nothing is delivered.
void tst_SmtpRelayTransport::pipelinedPartialNeverSendsData()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"PIPELINING"})
        .expectBatch({"MAIL FROM:*", "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA"},
                     {kOk, "250 Ok", "550 5.1.1 User unknown", kGoAhead})
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("a@example.org")}, Address{{}, QStringLiteral("b@example.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.status, 550);
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
    QVERIFY(!server.dataComplete());
    QVERIFY(server.rawData().isEmpty());
}

void tst_SmtpRelayTransport::ccBccInEnvelopeNotHeaders()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({})
        .expect("MAIL FROM:<noreply@example.com>", kOk)
        .expect("RCPT TO:<to@example.org>", kOk)
        .expect("RCPT TO:<cc@example.org>", kOk)
        .expect("RCPT TO:<hidden@example.net>", kOk)
        .expect("DATA", kGoAhead)
        .readData();
    Message m = baseMessage();
    m.to = {Address{{}, QStringLiteral("to@example.org")}};
    m.cc = {Address{{}, QStringLiteral("cc@example.org")}, Address{{}, QStringLiteral("TO@example.org")}};
    m.bcc = {Address{QStringLiteral("Secret"), QStringLiteral("hidden@example.net")},
             Address{{}, QStringLiteral("cc@EXAMPLE.org")}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
    const QByteArray data = server.data();
    QVERIFY(data.contains("\r\nCc: cc@example.org, TO@example.org\r\n"));
    QVERIFY(!data.contains("hidden@example.net"));
    QVERIFY(!data.contains("Secret"));
    QVERIFY(!data.contains("\r\nBcc:"));
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::eightBitMime_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("declared");
    QTest::newRow("utf-8 body") << QStringLiteral("Gr\u00fc\u00dfe aus K\u00f6ln\n") << true;
    QTest::newRow("ascii body") << QStringLiteral("Hello\n") << false;
}

void tst_SmtpRelayTransport::eightBitMime()
{
    QFETCH(QString, body);
    QFETCH(bool, declared);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"});
    scriptTransaction(server);
    Message m = baseMessage();
    m.text = body;
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY(r.ok());
    QCOMPARE(server.sawClientLine("MAIL FROM:<noreply@example.com> BODY=8BITMIME"), declared);
    QCOMPARE(Smtp::has8BitOctets(server.data()), declared);
    if (!declared)
        QVERIFY(server.clientLines().contains("MAIL FROM:<noreply@example.com>"));
    VERIFY_CLEAN_END(server);
}

// RFC 6152 §3: no 8-bit octets to a server without 8BITMIME; the message is rebuilt 7-bit.
void tst_SmtpRelayTransport::sevenBitFallbackWithout8BitMime()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({});
    scriptTransaction(server);
    Message m = baseMessage();
    m.text = QStringLiteral("Gr\u00fc\u00dfe aus K\u00f6ln\n");
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QVERIFY(server.clientLines().contains("MAIL FROM:<noreply@example.com>"));
    QVERIFY(!Smtp::has8BitOctets(server.data()));
    QVERIFY(server.data().contains("Content-Transfer-Encoding: quoted-printable")
            || server.data().contains("Content-Transfer-Encoding: base64"));
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::smtpUtf8_data()
{
    QTest::addColumn<bool>("offered");
    QTest::newRow("offered") << true;
    QTest::newRow("not offered") << false;
}

void tst_SmtpRelayTransport::smtpUtf8()
{
    QFETCH(bool, offered);
    const QString recipient = QStringLiteral("j\u00f6rg@b\u00fccher.example");
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    if (offered) {
        server.greetAndEhlo({"8BITMIME", "SMTPUTF8"});
        scriptTransaction(server, recipient.toUtf8());
    } else {
        server.greetAndEhlo({"8BITMIME"});
    }
    Message m = baseMessage();
    m.to = {Address{{}, recipient}};
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    if (offered) {
        QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
        QVERIFY(server.sawClientLine("MAIL FROM:<noreply@example.com>"));
        const QByteArray mail =
            server.clientLines().at(server.clientLines().indexOf("RCPT TO:<" + recipient.toUtf8() + ">") - 1);
        QVERIFY2(mail.endsWith(" SMTPUTF8"), mail.constData());
        QVERIFY(server.data().contains(recipient.toUtf8()));
    } else {
        QCOMPARE(r.outcome, Outcome::Terminal);
        QCOMPARE(r.errorCode, QStringLiteral("smtputf8_unavailable"));
        QVERIFY(!server.sawClientLine("MAIL"));
    }
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::sizeDeclaredAndEnforced()
{
    {
        ScriptedSmtpServer server;
        QVERIFY(server.start());
        server.greetAndEhlo({"SIZE 10240000"});
        scriptTransaction(server);
        auto t = transport(config(server.port()));
        SEND_AND_WAIT(t.get(), baseMessage(), r);
        QVERIFY(r.ok());
        VERIFY_CLEAN_END(server);
        const QByteArray mail = server.clientLines().at(server.clientLines().indexOf("EHLO gateway.test") + 1);
        QVERIFY(mail.startsWith("MAIL FROM:<noreply@example.com> SIZE="));
        const qint64 declared = mail.mid(mail.indexOf("SIZE=") + 5).toLongLong();
        QCOMPARE(declared, server.data().size());
    }
    {
        ScriptedSmtpServer server;
        QVERIFY(server.start());
        server.greetAndEhlo({"SIZE 100"});
        auto t = transport(config(server.port()));
        SEND_AND_WAIT(t.get(), baseMessage(), r);
        QCOMPARE(r.outcome, Outcome::Terminal);
        QCOMPARE(r.errorCode, QStringLiteral("message_too_large"));
        VERIFY_CLEAN_END(server);
        QVERIFY(!server.sawClientLine("MAIL"));
    }
}

// ------------------------------------------------------------------------------------------
// Greeting, EHLO, replies

// RFC 5321 §3.2: "command not recognized" to EHLO means an old server: say HELO instead.
void tst_SmtpRelayTransport::ehloFallsBackToHelo()
{
    for (const QByteArray &reply : {QByteArray("500 5.5.1 Command unrecognized"), QByteArray("502 Not implemented")}) {
        ScriptedSmtpServer server;
        QVERIFY(server.start());
        server.say(kGreeting).expect("EHLO gateway.test", reply).expect("HELO gateway.test", "250 mx.test");
        scriptTransaction(server);
        auto t = transport(config(server.port()));
        SEND_AND_WAIT(t.get(), baseMessage(), r);
        QVERIFY2(r.ok(), qPrintable(r.describe() + u'\n' + server.dump()));
        VERIFY_CLEAN_END(server);
    }
}

void tst_SmtpRelayTransport::heloFallbackStillRequiresTls()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.say(kGreeting).expect("EHLO *", "500 unrecognized").expect("HELO *", "250 mx.test");
    auto t = transport(config(server.port(), {{QStringLiteral("require_tls"), true}}));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.errorCode, QStringLiteral("starttls_unavailable"));
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::ehloRejected_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<Outcome>("outcome");
    QTest::newRow("421") << QByteArray("421 4.7.0 Too many connections") << Outcome::Transient;
    QTest::newRow("501 helo name") << QByteArray("501 5.5.2 Bad HELO name") << Outcome::Terminal;
    QTest::newRow("554") << QByteArray("554 5.7.1 Access denied") << Outcome::Terminal;
}

void tst_SmtpRelayTransport::ehloRejected()
{
    QFETCH(QByteArray, reply);
    QFETCH(Outcome, outcome);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.say(kGreeting).expect("EHLO *", reply);
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, outcome);
    QCOMPARE(r.status, reply.left(3).toInt());
    VERIFY_CLEAN_END(server);
    QVERIFY(!server.sawClientLine("HELO"));
}

void tst_SmtpRelayTransport::garbageReplies_data()
{
    QTest::addColumn<QByteArray>("greeting");
    QTest::addColumn<QByteArray>("afterEhlo");
    QTest::newRow("http server") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n") << QByteArray();
    QTest::newRow("tls server") << QByteArray("\x16\x03\x01\x00\x05hello\n", 11) << QByteArray();
    QTest::newRow("over-long line") << QByteArray("220 " + QByteArray(8000, 'x') + "\r\n") << QByteArray();
    QTest::newRow("code change") << QByteArray("220-mx\r\n250 mx\r\n") << QByteArray();
    QTest::newRow("354 to MAIL") << QByteArray("220 mx\r\n") << QByteArray("354 go ahead\r\n");
}

void tst_SmtpRelayTransport::garbageReplies()
{
    QFETCH(QByteArray, greeting);
    QFETCH(QByteArray, afterEhlo);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.sendRaw(greeting);
    if (!afterEhlo.isEmpty())
        server.expect("EHLO *", ScriptedSmtpServer::ehloReply({})).expect("MAIL *").sendRaw(afterEhlo);
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("protocol_error"));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
}

void tst_SmtpRelayTransport::queueIdCaptured_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("id");
    QTest::newRow("postfix") << QByteArray("250 2.0.0 Ok: queued as 4F7Yc21XyzZ") << "4F7Yc21XyzZ";
    QTest::newRow("exim") << QByteArray("250 OK id=1qA2bC-000123-4D") << "1qA2bC-000123-4D";
    QTest::newRow("multi-line") << QByteArray("250-2.0.0 Accepted\n250 2.0.0 Ok: queued as ABC123") << "ABC123";
    QTest::newRow("none") << QByteArray("250 Message accepted for delivery") << "";
}

void tst_SmtpRelayTransport::queueIdCaptured()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, id);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({}).expect("MAIL *", kOk).expect("RCPT *", kOk).expect("DATA", kGoAhead).readData(reply);
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QVERIFY(r.ok());
    QCOMPARE(r.messageId, id);
    VERIFY_CLEAN_END(server);
}

void tst_SmtpRelayTransport::longLinesAreWrapped()
{
    ScriptedSmtpServer server; // checks every data line against the 1000-octet limit
    QVERIFY(server.start());
    server.greetAndEhlo({"8BITMIME"});
    scriptTransaction(server);
    Message m = baseMessage();
    m.text = QString(5000, u'a') + u'\n' + QString(3000, u'.') + u'\n';
    auto t = transport(config(server.port()));
    SEND_AND_WAIT(t.get(), m, r);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QVERIFY(Smtp::longestLine(server.rawData()) <= Smtp::kMaxTextLineLength);
    VERIFY_CLEAN_END(server);
}

// A relay that refuses the message while it is still arriving (552 before the final "."): the
// result is the 552, and since unsent data may already be queued the client drops the session
// instead of sending RSET into the data stream (which would otherwise wait for the QUIT limit).
void tst_SmtpRelayTransport::replyDuringDataDropsTheSession()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.greetAndEhlo({})
        .expect("MAIL *", kOk)
        .expect("RCPT *", kOk)
        .expect("DATA", kGoAhead)
        .readBytes(4096)
        .sendRaw("552 5.3.4 Message size exceeds fixed limit\r\n")
        .stall();
    Message m = baseMessage();
    m.text = QString(200, u'x').append(u'\n').repeated(20000); // 4 MB: far from written at the reply
    TransportConfig c = config(server.port());
    c.timeout = std::chrono::minutes(1); // neither limit may be what ends the session
    auto t = transport(c);
    SmtpTimeouts timeouts;
    timeouts.quit = std::chrono::minutes(1);
    t->setStageTimeouts(timeouts);
    SEND_AND_WAIT(t.get(), m, r);
    QCOMPARE(r.outcome, Outcome::Terminal);
    QCOMPARE(r.status, 552);
    QCOMPARE(r.errorCode, QStringLiteral("5.3.4"));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
}

// ------------------------------------------------------------------------------------------
// Drops and timeouts

enum class Drop {
    BeforeGreeting,
    AfterGreeting,
    AtEhlo,
    AtStartTls,
    AfterStartTls,
    AtAuth,
    AtMail,
    AtRcpt,
    AtData,
    MidData,
    AfterDot
};
Q_DECLARE_METATYPE(Drop)

void tst_SmtpRelayTransport::dropAtEachStage_data()
{
    QTest::addColumn<Drop>("drop");
    QTest::addColumn<QString>("where");
    QTest::newRow("before greeting") << Drop::BeforeGreeting << "greeting";
    QTest::newRow("after greeting") << Drop::AfterGreeting << "EHLO";
    QTest::newRow("at EHLO") << Drop::AtEhlo << "EHLO";
    QTest::newRow("at STARTTLS") << Drop::AtStartTls << "STARTTLS";
    QTest::newRow("during TLS handshake") << Drop::AfterStartTls << "TLS";
    QTest::newRow("at AUTH") << Drop::AtAuth << "AUTH";
    QTest::newRow("at MAIL") << Drop::AtMail << "MAIL FROM";
    QTest::newRow("at RCPT") << Drop::AtRcpt << "RCPT TO";
    QTest::newRow("at DATA") << Drop::AtData << "DATA";
    QTest::newRow("in the middle of the data") << Drop::MidData << "";
    QTest::newRow("after the final dot") << Drop::AfterDot << "end of data";
}

void tst_SmtpRelayTransport::dropAtEachStage()
{
    QFETCH(Drop, drop);
    QFETCH(QString, where);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    QVariantMap settings = merged(tlsTrust(), credentials());
    settings.insert(QStringLiteral("host"), QStringLiteral("localhost"));
    do {
        if (drop == Drop::BeforeGreeting)
            break;
        server.say(kGreeting);
        if (drop == Drop::AfterGreeting)
            break;
        if (drop == Drop::AtEhlo) {
            server.expect("EHLO *");
            break;
        }
        server.expect("EHLO *", ScriptedSmtpServer::ehloReply({"STARTTLS"}));
        if (drop == Drop::AtStartTls) {
            server.expect("STARTTLS");
            break;
        }
        server.expect("STARTTLS", kStartTlsReady);
        if (drop == Drop::AfterStartTls)
            break;
        server.startTls().expect("EHLO *", ScriptedSmtpServer::ehloReply({"AUTH PLAIN"}));
        server.expect("AUTH PLAIN *", drop == Drop::AtAuth ? QByteArray() : QByteArray("235 2.7.0 Ok"));
        if (drop == Drop::AtAuth)
            break;
        server.expect("MAIL *", drop == Drop::AtMail ? QByteArray() : kOk);
        if (drop == Drop::AtMail)
            break;
        server.expect("RCPT *", drop == Drop::AtRcpt ? QByteArray() : kOk);
        if (drop == Drop::AtRcpt)
            break;
        server.expect("DATA", drop == Drop::AtData ? QByteArray() : kGoAhead);
        if (drop == Drop::AtData)
            break;
        if (drop == Drop::MidData) {
            server.readBytes(4096);
            break;
        }
        server.readData(QByteArray());
    } while (false);
    server.hangUp();

    Message m = baseMessage();
    m.text = QString(200, u'x').append(u'\n').repeated(2000); // ~400 kB: still streaming at the drop
    auto t = transport(config(server.port(), settings));
    t->setConnectAddress(QHostAddress::LocalHost);
    SEND_AND_WAIT(t.get(), m, r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.status, 0);
    QVERIFY2(!r.errorCode.isEmpty(), qPrintable(r.describe()));
    QVERIFY2(r.message.contains(where), qPrintable(r.message));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
    QVERIFY(!server.dataComplete() || drop == Drop::AfterDot);
}

void tst_SmtpRelayTransport::neverAnswersTimesOut()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.stall();
    TransportConfig c = config(server.port());
    c.timeout = std::chrono::milliseconds(400);
    auto t = transport(c);
    QElapsedTimer elapsed;
    elapsed.start();
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("timeout"));
    QVERIFY2(r.message.contains(QStringLiteral("greeting")) && r.message.contains(QStringLiteral("attempt timeout")),
             qPrintable(r.message));
    QVERIFY(elapsed.elapsed() >= 350);
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
}

void tst_SmtpRelayTransport::stageTimeout_data()
{
    QTest::addColumn<QString>("stage");
    QTest::newRow("greeting") << "greeting";
    QTest::newRow("EHLO") << "EHLO";
    QTest::newRow("DATA") << "DATA";
    QTest::newRow("end of data") << "end of data";
}

void tst_SmtpRelayTransport::stageTimeout()
{
    QFETCH(QString, stage);
    using std::chrono::milliseconds;
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    SmtpTimeouts timeouts;
    if (stage == QLatin1String("greeting")) {
        timeouts.greeting = milliseconds(300);
    } else if (stage == QLatin1String("EHLO")) {
        server.say(kGreeting);
        timeouts.command = milliseconds(300);
    } else if (stage == QLatin1String("DATA")) {
        server.greetAndEhlo({}).expect("MAIL *", kOk).expect("RCPT *", kOk);
        timeouts.dataInit = milliseconds(300);
    } else {
        server.greetAndEhlo({})
            .expect("MAIL *", kOk)
            .expect("RCPT *", kOk)
            .expect("DATA", kGoAhead)
            .readData(QByteArray());
        timeouts.dataTermination = milliseconds(300);
    }
    server.stall();
    auto t = transport(config(server.port())); // the attempt timeout (10 s) is not what fires
    t->setStageTimeouts(timeouts);
    SEND_AND_WAIT(t.get(), baseMessage(), r);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("timeout"));
    QVERIFY2(r.message.contains(stage) && r.message.contains(QStringLiteral("stage limit 300 ms")),
             qPrintable(r.message));
    QTRY_VERIFY_WITH_TIMEOUT(server.clientGone(), kWaitMs);
}

QTEST_GUILESS_MAIN(tst_SmtpRelayTransport)
#include "tst_smtprelaytransport.moc"
