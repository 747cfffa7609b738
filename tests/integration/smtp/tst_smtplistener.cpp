// SmtpListener: connection limits, idle timeout, failed-AUTH lockout, delivery modes, the
// commit-before-250 rule, shutdown, secrets in logs and metrics.

#include "SmtpTestClient.h"
#include "SmtpTestRig.h"

#include "core/Logging.h"
#include "ingress/smtp/SmtpLimits.h"

#include <QScopeGuard>
#include <QTest>

#include <memory>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

/// Connects, reads the greeting, says EHLO.
std::unique_ptr<SmtpTestClient> greeted(SmtpTestRig &rig)
{
    auto c = std::make_unique<SmtpTestClient>();
    if (!c->connectTo(rig.port()) || !c->readReply().startsWith("220") || !c->command("EHLO t").startsWith("250"))
        return nullptr;
    return c;
}

QByteArray sendMessage(SmtpTestClient &c, const QByteArray &subject = "hello")
{
    c.command("MAIL FROM:<app@example.com>");
    c.command("RCPT TO:<r@example.org>");
    if (!c.command("DATA").startsWith("354"))
        return {};
    return c.command("From: app@example.com\r\nSubject: " + subject + "\r\n\r\nbody\r\n.", 15000);
}

QString idFrom(const QByteArray &reply)
{
    return QString::fromLatin1(reply.mid(reply.lastIndexOf(' ') + 1));
}

} // namespace

/// \brief Listener-level behaviour of the SMTP ingress.
class tst_SmtpListener : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { Log::setSink({}); }
    void acknowledgesOnlyAfterCommit();
    void syncModeAnswers451OnTransientFailure();
    void syncModeSuccess();
    void abruptDisconnectMidDataQueuesNothing();
    void idleTimeoutAnswers421();
    void idleTimeoutInsideData();
    void tricklingClientStillTimesOut();
    void pipelinedFloodWhileCommittingIsBounded();
    void totalConnectionCap();
    void perIpConnectionCap();
    void authLockout();
    void passwordsNeverLogged();
    void shutdownAnswers421AndFinishesCommits();
    void outboxStoppingAnswers421();
    void metricsCountOutcomes();
};

void tst_SmtpListener::acknowledgesOnlyAfterCommit()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    const QByteArray reply = sendMessage(*c);
    QVERIFY2(reply.startsWith("250 2.0.0 Ok: queued as "), reply.constData());
    const QString id = idFrom(reply);
    // The id the client got is already in the durable journal, with the envelope and metadata.
    const JournalEntry e = rig.journal(id);
    QCOMPARE(e.id, id);
    QCOMPARE(e.ingress, Ingress::Smtp);
    QCOMPARE(e.route, QStringLiteral("smtp_listener"));
    QVERIFY(rig.waitDelivered(1));
    const Message &m = rig.fake->received.first();
    QCOMPARE(m.submissionId, id);
    QCOMPARE(m.metadata.value(QStringLiteral("envelope_from")).toString(), QStringLiteral("app@example.com"));
    QVERIFY(m.metadata.value(QStringLiteral("remote_addr")).toString().startsWith(u"127.0.0.1:"));
}

void tst_SmtpListener::syncModeAnswers451OnTransientFailure()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.delivery = DeliveryMode::Sync;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    rig.fake->behaviour = [](const Message &, const SendOptions &) {
        return SendResult::failure(Outcome::Transient, QStringLiteral("provider down"), 503);
    };
    auto c = greeted(rig);
    QVERIFY(c);
    QCOMPARE(sendMessage(*c), QByteArray("451 4.4.0 Upstream transport failed"));
    QVERIFY(rig.fake->calls >= 1);
    QCOMPARE(c->command("NOOP"), QByteArray("250 2.0.0 OK"));
}

void tst_SmtpListener::syncModeSuccess()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.delivery = DeliveryMode::Sync;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    const QByteArray reply = sendMessage(*c);
    QVERIFY2(reply.startsWith("250 2.0.0 Ok: queued as"), reply.constData());
    QCOMPARE(rig.fake->calls, 1);
    QCOMPARE(rig.journal(idFrom(reply)).status, SubmissionStatus::Sent);
}

void tst_SmtpListener::abruptDisconnectMidDataQueuesNothing()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    c->command("MAIL FROM:<app@example.com>");
    c->command("RCPT TO:<r@example.org>");
    QVERIFY(c->command("DATA").startsWith("354"));
    c->send("From: app@example.com\r\nSubject: cut\r\n\r\nhalf a mess");
    QVERIFY(pumpUntil([&] { return c->socket().bytesToWrite() == 0; }));
    c->socket().abort();
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
    QCOMPARE(rig.journalCount(), 0);
    QCOMPARE(rig.fake->calls, 0);
}

void tst_SmtpListener::idleTimeoutAnswers421()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.idleTimeout = std::chrono::milliseconds(300);
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    QCOMPARE(c->readReply(5000), QByteArray("421 4.4.2 mx.test Idle timeout, closing connection"));
    QVERIFY(c->waitDisconnected());
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
}

void tst_SmtpListener::idleTimeoutInsideData()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.idleTimeout = std::chrono::milliseconds(300);
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    c->command("MAIL FROM:<app@example.com>");
    c->command("RCPT TO:<r@example.org>");
    QVERIFY(c->command("DATA").startsWith("354"));
    c->send("Subject: stalled\r\n\r\n");
    QVERIFY(c->readReply(5000).startsWith("421 4.4.2"));
    QVERIFY(c->waitDisconnected());
    QCOMPARE(rig.journalCount(), 0);
}

void tst_SmtpListener::tricklingClientStillTimesOut()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.idleTimeout = std::chrono::milliseconds(300);
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    // One byte every 100 ms never completes a line, so it is no progress (slowloris).
    const QByteArray partial = "NOOP and never a line end";
    QElapsedTimer elapsed;
    elapsed.start();
    for (char ch : partial) {
        c->send(QByteArray(1, ch));
        pumpUntil([] { return false; }, 100);
        if (!c->unread().isEmpty())
            break;
    }
    QVERIFY(c->readReply(5000).startsWith("421 4.4.2"));
    QVERIFY(elapsed.elapsed() < 2000);
}

void tst_SmtpListener::pipelinedFloodWhileCommittingIsBounded()
{
    // Sync mode with a transport that holds its answer: the session waits for the outcome while
    // the client keeps pipelining. What the server holds stays bounded; the rest waits in TCP.
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.delivery = DeliveryMode::Sync;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    rig.fake->manual = true;
    auto c = greeted(rig);
    QVERIFY(c);
    c->command("MAIL FROM:<app@example.com>");
    c->command("RCPT TO:<r@example.org>");
    QVERIFY(c->command("DATA").startsWith("354"));
    constexpr int kNoops = 100'000; // 600 KB of commands behind the message
    QByteArray flood = "Subject: held\r\n\r\nbody\r\n.\r\n";
    for (int i = 0; i < kNoops; ++i)
        flood += "NOOP\r\n";
    c->send(flood);
    QVERIFY(pumpUntil([&] { return rig.fake->inFlight == 1; }));
    qint64 held = 0;
    pumpUntil(
        [&] {
            held = qMax(held, rig.listener->bufferedInputBytes());
            return c->socket().bytesToWrite() == 0;
        },
        3000);
    pumpUntil([&] { return false; }, 200);
    held = qMax(held, rig.listener->bufferedInputBytes());
    QVERIFY2(held <= 2 * SmtpLimits::kMaxPendingInputOctets, QByteArray::number(held).constData());
    QVERIFY(c->unread().isEmpty()); // nothing answered while the message is pending
    rig.fake->completeAll(SendResult::sent(QStringLiteral("held-1"), 200));
    QVERIFY(c->readReply(10000).startsWith("250 2.0.0 Ok: queued as"));
    for (int i = 0; i < kNoops; ++i)
        QVERIFY(c->readReply(10000) == "250 2.0.0 OK");
}

void tst_SmtpListener::totalConnectionCap()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.maxConnections = 2;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto a = greeted(rig);
    auto b = greeted(rig);
    QVERIFY(a && b);
    SmtpTestClient third;
    QVERIFY(third.connectTo(rig.port()));
    QCOMPARE(third.readReply(), QByteArray("421 4.7.0 mx.test Too many connections, try again later"));
    QVERIFY(third.waitDisconnected());
    QCOMPARE(a->command("QUIT"), QByteArray("221 2.0.0 Bye"));
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 1; }));
    QVERIFY(greeted(rig));
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_connections_total"), {QStringLiteral("rejected_total_limit")}),
             1.0);
}

void tst_SmtpListener::perIpConnectionCap()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.maxConnectionsPerIp = 1;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto a = greeted(rig);
    QVERIFY(a);
    SmtpTestClient second;
    QVERIFY(second.connectTo(rig.port()));
    QCOMPARE(second.readReply(),
             QByteArray("421 4.7.0 mx.test Too many connections from your address, try again later"));
    QVERIFY(second.waitDisconnected());
    a->socket().abort();
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
    QVERIFY(greeted(rig));
}

void tst_SmtpListener::authLockout()
{
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.requireTls = false;
    config.allowInsecureAuth = true;
    config.maxAuthFailures = 3;
    config.authLockout = std::chrono::minutes(5);
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    const QByteArray good = "AUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword);
    const QByteArray bad = "AUTH PLAIN " + plainResponse("ghost", "guess");
    auto c = greeted(rig);
    QVERIFY(c);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(c->command(bad), QByteArray("535 5.7.8 Authentication failed"));
    // Locked: even the right password is refused, on this and on new connections.
    QVERIFY(c->command(good).startsWith("454 4.7.0"));
    auto d = greeted(rig);
    QVERIFY(d);
    QVERIFY(d->command(good).startsWith("454 4.7.0"));
    QVERIFY(d->command("AUTH LOGIN").startsWith("454 4.7.0"));
    rig.lockoutClock.advance(5 * 60 * 1000 - 1);
    QVERIFY(d->command(good).startsWith("454"));
    rig.lockoutClock.advance(1);
    QVERIFY(d->command(good).startsWith("235"));
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_auth_total"), {QStringLiteral("plain"), QStringLiteral("failed")}),
             3.0);
}

void tst_SmtpListener::passwordsNeverLogged()
{
    QList<QByteArray> lines;
    const QtMessageHandler testHandler = qInstallMessageHandler(nullptr);
    Log::install();
    Log::setStdoutEnabled(false);
    Log::setSink([&](const QByteArray &line) { lines.append(line); });
    const auto restore = qScopeGuard([testHandler] {
        Log::setSink({});
        Log::setStdoutEnabled(true);
        qInstallMessageHandler(testHandler);
    });
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.requireTls = false;
    config.allowInsecureAuth = true;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    // A wrong password that is itself a sentinel, then the right one, with both mechanisms.
    QVERIFY(c->command("AUTH PLAIN " + plainResponse("ghost", "WrongSentinel-1234")).startsWith("535"));
    QVERIFY(c->command("AUTH LOGIN").startsWith("334"));
    QVERIFY(c->command(QByteArray("ghost").toBase64()).startsWith("334"));
    QVERIFY(c->command(QByteArray("WrongSentinel-5678").toBase64()).startsWith("535"));
    QVERIFY(c->command("AUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword)).startsWith("235"));
    QVERIFY(sendMessage(*c, "secret body follows").startsWith("250"));
    c->command("QUIT");
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
    const QByteArray all = lines.join('\n');
    QVERIFY2(all.contains("smtp_auth_failed") && all.contains("smtp_auth_ok"), "the AUTH events were not logged");
    QVERIFY(all.contains("\"user\":\"ghost\""));
    for (const QByteArray &secret :
         {QByteArray(SmtpTestRig::kPassword), QByteArray("WrongSentinel-1234"), QByteArray("WrongSentinel-5678"),
          plainResponse("ghost", SmtpTestRig::kPassword), QByteArray("secret body follows")})
        QVERIFY2(!all.contains(secret), secret.constData());
}

void tst_SmtpListener::shutdownAnswers421AndFinishesCommits()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    auto idle = greeted(rig);
    auto busy = greeted(rig);
    QVERIFY(idle && busy);
    busy->command("MAIL FROM:<app@example.com>");
    busy->command("RCPT TO:<r@example.org>");
    busy->command("DATA");
    // The message's end marker and the stop arrive in the same event-loop turn.
    busy->send("Subject: last\r\n\r\nbody\r\n.\r\n");
    QVERIFY(pumpUntil([&] { return busy->socket().bytesToWrite() == 0; }));
    bool stopped = false;
    pumpUntil([] { return false; }, 50);
    rig.listener->stop([&] { stopped = true; });
    QVERIFY(idle->readReply().startsWith("421 4.3.2 mx.test Service shutting down"));
    const QByteArray first = busy->readReply();
    QVERIFY2(first.startsWith("250 2.0.0 Ok: queued as") || first.startsWith("421 4.3.2"), first.constData());
    if (first.startsWith("250"))
        QVERIFY(busy->readReply().startsWith("421 4.3.2"));
    QVERIFY(pumpUntil([&] { return stopped; }));
    SmtpTestClient late;
    QVERIFY(!late.connectTo(rig.port()));
}

void tst_SmtpListener::outboxStoppingAnswers421()
{
    SmtpTestRig rig;
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    c->command("MAIL FROM:<app@example.com>");
    c->command("RCPT TO:<r@example.org>");
    QVERIFY(c->command("DATA").startsWith("354"));
    bool down = false;
    rig.outbox->shutdown(1000, [&] { down = true; });
    QVERIFY(pumpUntil([&] { return down; }));
    QVERIFY(c->command("Subject: late\r\n\r\nbody\r\n.").startsWith("421 4.3.2"));
    QCOMPARE(rig.journalCount(), 0);
}

void tst_SmtpListener::metricsCountOutcomes()
{
    SmtpListenerConfig config = SmtpTestRig::baseConfig();
    config.allowedSenders = {QStringLiteral("*@example.com")};
    config.maxMessageSize = 200;
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    auto c = greeted(rig);
    QVERIFY(c);
    QVERIFY(sendMessage(*c).startsWith("250"));
    QVERIFY(c->command("MAIL FROM:<x@evil.example>").startsWith("550"));
    c->command("MAIL FROM:<app@example.com>");
    c->command("RCPT TO:<r@example.org>");
    c->command("DATA");
    QVERIFY(c->command(QByteArray(300, 'x') + "\r\n.").startsWith("552"));
    const auto value = [&](const char *name, QStringList labels = {}) {
        return rig.metrics.value(QLatin1String(name), labels);
    };
    QCOMPARE(value("smtp_messages_accepted_total"), 1.0);
    QCOMPARE(value("smtp_messages_rejected_total", {"sender"}), 1.0);
    QCOMPARE(value("smtp_messages_rejected_total", {"too_big"}), 1.0);
    QCOMPARE(value("smtp_connections_total", {"accepted"}), 1.0);
    QCOMPARE(value("smtp_connections_active"), 1.0);
    QVERIFY(value("smtp_received_bytes_total") > 0);
    QVERIFY(rig.metrics.exposition().contains("postrider_smtp_messages_accepted_total 1"));
}

QTEST_GUILESS_MAIN(tst_SmtpListener)
#include "tst_smtplistener.moc"
