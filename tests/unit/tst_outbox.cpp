// Outbox: durability, scheduling, failover, breakers, idempotency, journal operations.
// Time is a MockClock; the store's writer thread and the event loop are real.

#include "FakeTransport.h"
#include "MockClock.h"
#include "TestData.h"

#include "core/Logging.h"
#include "outbox/CircuitBreaker.h"
#include "outbox/Outbox.h"
#include "outbox/RateLimiter.h"
#include "transport/TransportRegistry.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using Postrider::Test::FakeTransport;
using Postrider::Test::MockClock;

namespace {

constexpr int kWaitMs = 10000;

Message sampleMessage(const QString &subject = QStringLiteral("Hello"))
{
    Message m;
    m.from = *Address::parse(u"Sender <noreply@example.com>");
    m.to = {*Address::parse(u"ann@example.org")};
    m.subject = subject;
    m.text = QStringLiteral("Body of %1").arg(subject);
    m.ingress = Ingress::HttpApi;
    return m;
}

SendResult transient()
{
    return SendResult::failure(Outcome::Transient, QStringLiteral("provider server error"), 503);
}
SendResult terminal()
{
    return SendResult::failure(Outcome::Terminal, QStringLiteral("rejected request"), 422);
}
SendResult rateLimited(qint64 retryAfterMs)
{
    SendResult r = SendResult::failure(Outcome::RateLimited, QStringLiteral("rate limit"), 429);
    r.retryAfterMs = retryAfterMs;
    return r;
}

/// A temporary outbox with two fake transports "a" and "b" on a MockClock.
struct Rig
{
    QTemporaryDir dir;
    MockClock clock;
    std::unique_ptr<TransportRegistry> registry;
    FakeTransport *a = nullptr;
    FakeTransport *b = nullptr;
    std::unique_ptr<Outbox> box;
    OutboxConfig config;

    explicit Rig(int concurrencyA = 0, double rateA = 0)
    {
        config.path = dir.filePath(QStringLiteral("outbox.sqlite"));
        makeTransports(concurrencyA, rateA);
    }
    void makeTransports(int concurrencyA = 0, double rateA = 0)
    {
        box.reset();
        registry = std::make_unique<TransportRegistry>(&clock);
        a = new FakeTransport(QStringLiteral("a"), &clock, concurrencyA, rateA);
        b = new FakeTransport(QStringLiteral("b"), &clock);
        registry->add(a);
        registry->add(b);
    }
    bool open()
    {
        auto r = Outbox::open(config, registry.get(), &clock);
        if (!r) {
            qWarning() << r.error().toString();
            return false;
        }
        box = std::move(r).value();
        return true;
    }
    void reopen()
    {
        box.reset();
        makeTransports();
        QVERIFY(open());
    }

    Result<SubmitReceipt> submit(const Message &m, QStringList route = {QStringLiteral("a")},
                                 DeliveryMode mode = DeliveryMode::Queue, SubmitOptions opts = {})
    {
        opts.mode = mode;
        std::optional<Result<SubmitReceipt>> out;
        box->submit(m, Route{QStringLiteral("/api"), route}, opts, nullptr,
                    [&](const Result<SubmitReceipt> &r) { out = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs); }();
        if (!out)
            return Error(QStringLiteral("test.timeout"), QStringLiteral("no receipt"));
        return *out;
    }
    JournalEntry entry(const QString &id)
    {
        box->flush();
        std::optional<Result<JournalEntry>> out;
        box->get(id, nullptr, [&](const Result<JournalEntry> &r) { out = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs); }();
        return out && *out ? out->value() : JournalEntry{};
    }
    /// Lets every consequence of the last step happen before mock time moves on: store reads
    /// and writes on the writer thread, their completions, and the transports' queued answers.
    void settle()
    {
        for (int i = 0; i < 4; ++i) {
            if (box)
                box->flush();
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }
    }
    /// Advances mock time in steps, settling after each.
    void advance(qint64 ms, qint64 step = 1000)
    {
        for (qint64 done = 0; done < ms; done += step) {
            clock.advance(std::min(step, ms - done));
            settle();
        }
    }
    SubmissionStatus statusOf(const QString &id) { return entry(id).status; }
};

#define WAIT_STATUS(rig, id, st) QTRY_COMPARE_WITH_TIMEOUT((rig).statusOf(id), st, kWaitMs)

} // namespace

class tst_Outbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        Log::install(Log::Format::Json, Log::Level::Info);
        Log::setStdoutEnabled(false);
    }

    void queueModeDeliversAndJournals()
    {
        Rig rig;
        QVERIFY(rig.open());
        const auto r = rig.submit(sampleMessage());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->status, SubmissionStatus::Queued);
        QVERIFY(!r->submissionId.isEmpty());
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
        QCOMPARE(rig.a->received.size(), 1);
        QCOMPARE(rig.a->received[0].subject, QStringLiteral("Hello"));
        QCOMPARE(rig.a->options[0].idempotencyKey, r->submissionId);
        const JournalEntry e = rig.entry(r->submissionId);
        QCOMPARE(e.attempts, 1);
        QCOMPARE(e.attemptLog.size(), 1);
        QCOMPARE(e.attemptLog[0].outcome, Outcome::Sent);
        QCOMPARE(e.providerMessageId, QStringLiteral("fake-1"));
        QCOMPARE(e.recipients, QStringLiteral("ann@example.org"));
        QCOMPARE(e.ingress, Ingress::HttpApi);
    }

    void rejectsInvalidMessagesAndRoutes()
    {
        Rig rig;
        QVERIFY(rig.open());
        Message noRcpt = sampleMessage();
        noRcpt.to.clear();
        auto r = rig.submit(noRcpt);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("message.invalid"));
        r = rig.submit(sampleMessage(), {QStringLiteral("nope")});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("outbox.route"));
        QCOMPARE(rig.box->liveCount(), 0);
    }

    void acceptedMessageSurvivesRestart()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const auto r = rig.submit(sampleMessage(QStringLiteral("durable")));
        QVERIFY(r.ok());
        QCoreApplication::processEvents();
        QCOMPARE(rig.a->calls, 0);
        rig.reopen(); // a new process would see exactly this database
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        QCOMPARE(rig.a->received[0].subject, QStringLiteral("durable"));
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
    }

    void interruptedSendingBecomesDeferredAndIsRetried()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->manual = true;
        const auto r = rig.submit(sampleMessage());
        QVERIFY(r.ok());
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        QCOMPARE(rig.statusOf(r->submissionId), SubmissionStatus::Sending);
        // "Crash": drop the outbox while the attempt is open, then start again.
        rig.reopen();
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
    }

    void outageThenRecoveryWithBackoff()
    {
        Rig rig;
        QVERIFY(rig.open());
        bool down = true;
        rig.a->behaviour = [&](const Message &, const SendOptions &) {
            return down ? transient() : SendResult::sent(QStringLiteral("ok"));
        };
        const auto r = rig.submit(sampleMessage());
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Deferred);
        // Backoff: the second attempt comes 5 s (±20 %) later, not before.
        JournalEntry e = rig.entry(r->submissionId);
        const qint64 firstDelay = e.nextAttemptMs - rig.clock.nowMs();
        QVERIFY2(firstDelay >= 4000 && firstDelay <= 6000, qPrintable(QString::number(firstDelay)));
        rig.advance(3900, 100);
        QCOMPARE(rig.a->calls, 1);
        rig.advance(2200, 100);
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 2, kWaitMs);
        // The outage lasts an hour of mock time: attempts keep coming, spaced further apart.
        rig.advance(3600'000, 5000);
        const int duringOutage = rig.a->calls;
        QVERIFY(duringOutage >= 4);
        QVERIFY2(duringOutage < 20, qPrintable(QString::number(duringOutage)));
        QCOMPARE(rig.statusOf(r->submissionId), SubmissionStatus::Deferred);
        down = false;
        rig.box->resetBreaker(QStringLiteral("a"));
        rig.advance(700'000, 5000);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
        e = rig.entry(r->submissionId);
        QCOMPARE(e.attempts, rig.a->calls);
        QCOMPARE(e.attemptLog.last().outcome, Outcome::Sent);
    }

    void retryAfterIsHonoured()
    {
        Rig rig;
        QVERIFY(rig.open());
        int n = 0;
        rig.a->behaviour = [&](const Message &, const SendOptions &) {
            return ++n == 1 ? rateLimited(30'000) : SendResult::sent(QStringLiteral("ok"));
        };
        const auto r = rig.submit(sampleMessage());
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        rig.advance(29'000, 500);
        QCOMPARE(rig.a->calls, 1);
        rig.advance(2'000, 500);
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 2, kWaitMs);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
    }

    void failsOverToTheNextTransport()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        const auto r = rig.submit(sampleMessage(), {QStringLiteral("a"), QStringLiteral("b")});
        QTRY_COMPARE_WITH_TIMEOUT(rig.b->calls, 1, kWaitMs);
        QCOMPARE(rig.a->calls, 1);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
        const JournalEntry e = rig.entry(r->submissionId);
        QCOMPARE(e.attemptLog.size(), 2);
        QCOMPARE(e.attemptLog[0].transport, QStringLiteral("a"));
        QCOMPARE(e.attemptLog[1].transport, QStringLiteral("b"));
        QCOMPARE(e.lastTransport, QStringLiteral("b"));
    }

    void circuitBreakerOpensProbesAndCloses()
    {
        Rig rig;
        QVERIFY(rig.open());
        bool down = true;
        rig.a->behaviour = [&](const Message &, const SendOptions &) {
            return down ? transient() : SendResult::sent(QStringLiteral("ok"));
        };
        QStringList ids;
        for (int i = 0; i < 8; ++i)
            ids << rig.submit(sampleMessage(QString::number(i)))->submissionId;
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, CircuitBreaker::kFailureThreshold, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(rig.box->breakerState(QStringLiteral("a")), BreakerState::Open, kWaitMs);
        // While open nothing is attempted, even when backoffs fall due.
        rig.advance(CircuitBreaker::kOpenMs - 1000, 500);
        QCOMPARE(rig.a->calls, CircuitBreaker::kFailureThreshold);
        // Half-open: exactly one probe. It fails → open again for twice as long.
        rig.advance(1500, 500);
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, CircuitBreaker::kFailureThreshold + 1, kWaitMs);
        QCOMPARE(rig.box->breakerState(QStringLiteral("a")), BreakerState::Open);
        rig.advance(2 * CircuitBreaker::kOpenMs - 1000, 500);
        QCOMPARE(rig.a->calls, CircuitBreaker::kFailureThreshold + 1);
        down = false;
        rig.advance(1500, 500);
        for (const QString &id : ids)
            WAIT_STATUS(rig, id, SubmissionStatus::Sent);
        QCOMPARE(rig.box->breakerState(QStringLiteral("a")), BreakerState::Closed);
        const OutboxMetrics m = rig.box->metrics();
        QCOMPARE(m.breakers.value(QStringLiteral("a")), BreakerState::Closed);
        QVERIFY(m.attempts.value(QStringLiteral("a")).value(Outcome::Transient) >= 6);
    }

    void openBreakerFailsOverQueuedMessages()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        QStringList ids;
        for (int i = 0; i < 6; ++i)
            ids << rig.submit(sampleMessage(QString::number(i)), {QStringLiteral("a"), QStringLiteral("b")})
                       ->submissionId;
        for (const QString &id : ids)
            WAIT_STATUS(rig, id, SubmissionStatus::Sent);
        QCOMPARE(rig.b->calls, 6);
    }

    void givesUpAfterTheGiveUpAge()
    {
        Rig rig;
        rig.config.giveUpAfter = std::chrono::hours(2);
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        const auto r = rig.submit(sampleMessage());
        rig.advance(2 * 3600'000 + 120'000, 10'000);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Failed);
        const JournalEntry e = rig.entry(r->submissionId);
        QVERIFY2(e.lastError.contains(QStringLiteral("gave up")), qPrintable(e.lastError));
        const int calls = rig.a->calls;
        rig.advance(3600'000, 60'000);
        QCOMPARE(rig.a->calls, calls); // nothing more after failing
    }

    void attemptLimit()
    {
        Rig rig;
        rig.config.maxAttempts = 3;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        const auto r = rig.submit(sampleMessage());
        rig.advance(600'000, 1000);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Failed);
        QCOMPARE(rig.a->calls, 3);
    }

    void terminalFailureStopsAtOnce()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return terminal(); };
        const auto r = rig.submit(sampleMessage(), {QStringLiteral("a"), QStringLiteral("b")});
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Failed);
        rig.advance(3600'000, 60'000);
        QCOMPARE(rig.a->calls, 1);
        QCOMPARE(rig.b->calls, 0); // terminal is about the message, not the transport: no failover
        const JournalEntry e = rig.entry(r->submissionId);
        QCOMPARE(e.lastStatus, 422);
        QCOMPARE(e.lastOutcome, QStringLiteral("terminal"));
    }

    void pauseAndResume()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        QVERIFY(rig.box->isTransportPaused(QStringLiteral("a")));
        const auto r = rig.submit(sampleMessage());
        rig.advance(60'000, 1000);
        QCOMPARE(rig.a->calls, 0);
        QCOMPARE(rig.statusOf(r->submissionId), SubmissionStatus::Queued);
        rig.box->setTransportPaused(QStringLiteral("a"), false);
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
    }

    void concurrencyLimitPerTransport()
    {
        Rig rig(2);
        QVERIFY(rig.open());
        rig.a->manual = true;
        for (int i = 0; i < 6; ++i)
            QVERIFY(rig.submit(sampleMessage(QString::number(i))).ok());
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 2, kWaitMs);
        QTest::qWait(50); // give the scheduler every chance to exceed the limit
        QCOMPARE(rig.a->inFlight, 2);
        for (int i = 0; i < 6; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(rig.a->inFlight > 0, kWaitMs);
            rig.a->completeNext(SendResult::sent(QStringLiteral("x")));
        }
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 6, kWaitMs);
        QCOMPARE(rig.a->maxInFlight, 2);
        rig.a->completeAll(SendResult::sent(QStringLiteral("x")));
    }

    void maxRatePerTransport()
    {
        Rig rig(0, 2.0); // two messages per second
        QVERIFY(rig.open());
        for (int i = 0; i < 6; ++i)
            QVERIFY(rig.submit(sampleMessage(QString::number(i))).ok());
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 2, kWaitMs);
        QTest::qWait(50);
        QCOMPARE(rig.a->calls, 2); // the bucket is empty until mock time moves
        rig.advance(1000, 100);
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 4, kWaitMs);
        rig.advance(1000, 100);
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 6, kWaitMs);
    }

    void syncModeSucceeds()
    {
        Rig rig;
        QVERIFY(rig.open());
        const auto r = rig.submit(sampleMessage(), {QStringLiteral("a")}, DeliveryMode::Sync);
        QVERIFY(r.ok());
        QCOMPARE(r->status, SubmissionStatus::Sent);
        QCOMPARE(r->result.messageId, QStringLiteral("fake-1"));
        QCOMPARE(r->transport, QStringLiteral("a"));
        QCOMPARE(rig.statusOf(r->submissionId), SubmissionStatus::Sent);
    }

    void syncModeRetriesOnceAfterOneSecond()
    {
        Rig rig;
        QVERIFY(rig.open());
        int n = 0;
        rig.a->behaviour = [&](const Message &, const SendOptions &) {
            return ++n == 1 ? transient() : SendResult::sent(QStringLiteral("second"));
        };
        std::optional<Result<SubmitReceipt>> out;
        SubmitOptions o;
        o.mode = DeliveryMode::Sync;
        rig.box->submit(sampleMessage(), Route{QStringLiteral("/x"), {QStringLiteral("a")}}, o, nullptr,
                        [&](const Result<SubmitReceipt> &r) { out = r; });
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        rig.advance(900, 100);
        QCOMPARE(rig.a->calls, 1);
        QVERIFY(!out);
        rig.advance(200, 100);
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs);
        QCOMPARE((*out)->status, SubmissionStatus::Sent);
        QCOMPARE((*out)->attempts, 2);
    }

    void failedSyncMessageStaysFailed()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        std::optional<Result<SubmitReceipt>> out;
        SubmitOptions o;
        o.mode = DeliveryMode::Sync;
        rig.box->submit(sampleMessage(), Route{QStringLiteral("/x"), {QStringLiteral("a")}}, o, nullptr,
                        [&](const Result<SubmitReceipt> &r) { out = r; });
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        rig.advance(1100, 100);
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs);
        QCOMPARE((*out)->status, SubmissionStatus::Failed);
        QCOMPARE(rig.a->calls, 2);
        rig.advance(3600'000, 60'000);
        QCOMPARE(rig.a->calls, 2); // not retried behind the caller's back
        QCOMPARE(rig.statusOf((*out)->submissionId), SubmissionStatus::Failed);
    }

    void syncRateLimitedRetryRespectsTheBudget()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.a->behaviour = [](const Message &, const SendOptions &) { return rateLimited(-1); };
        std::optional<Result<SubmitReceipt>> out;
        SubmitOptions o;
        o.mode = DeliveryMode::Sync;
        rig.box->submit(sampleMessage(), Route{QStringLiteral("/x"), {QStringLiteral("a")}}, o, nullptr,
                        [&](const Result<SubmitReceipt> &r) { out = r; });
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        rig.advance(4900, 100);
        QCOMPARE(rig.a->calls, 1);
        rig.advance(200, 100);
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs);
        QCOMPARE(rig.a->calls, 2);
        QCOMPARE((*out)->result.outcome, Outcome::RateLimited);
    }

    void idempotencyFreshInFlightReplayConflict()
    {
        Rig rig;
        QVERIFY(rig.open());
        const IdempotencyKey key{QStringLiteral("/api|k1"), QStringLiteral("order-42"), "hash-a"};
        const auto begin = [&](const IdempotencyKey &k) {
            std::optional<std::pair<Outbox::IdempotencyState, StoredResponse>> out;
            rig.box->beginIdempotent(
                k, nullptr, [&](Outbox::IdempotencyState s, const StoredResponse &r) { out = std::make_pair(s, r); });
            [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs); }();
            return *out;
        };
        QCOMPARE(begin(key).first, Outbox::IdempotencyState::Fresh);
        QCOMPARE(begin(key).first, Outbox::IdempotencyState::InFlight);
        SubmitOptions o;
        o.idempotency = key;
        o.responseFor = [](const SubmitReceipt &r) {
            return StoredResponse{200, "application/json", "{\"submission_id\":\"" + r.submissionId.toUtf8() + "\"}"};
        };
        const auto r = rig.submit(sampleMessage(), {QStringLiteral("a")}, DeliveryMode::Queue, o);
        QVERIFY(r.ok());
        auto replay = begin(key);
        QCOMPARE(replay.first, Outbox::IdempotencyState::Replay);
        QCOMPARE(replay.second.status, 200);
        QVERIFY(replay.second.body.contains(r->submissionId.toUtf8()));
        IdempotencyKey other = key;
        other.bodyHash = "hash-b";
        QCOMPARE(begin(other).first, Outbox::IdempotencyState::Conflict);
        IdempotencyKey otherScope = key;
        otherScope.scope = QStringLiteral("/api|k2");
        QCOMPARE(begin(otherScope).first, Outbox::IdempotencyState::Fresh);
        rig.box->releaseIdempotent(otherScope);
        // Durable: a restarted outbox still replays it...
        rig.reopen();
        QCOMPARE(begin(key).first, Outbox::IdempotencyState::Replay);
        // ...for 24 hours.
        rig.clock.advance(Outbox::kIdempotencyTtlMs + 1000);
        QCOMPARE(begin(key).first, Outbox::IdempotencyState::Fresh);
    }

    void idempotencyFinishAndRelease()
    {
        Rig rig;
        QVERIFY(rig.open());
        const IdempotencyKey key{QStringLiteral("s"), QStringLiteral("k"), "h"};
        std::optional<Outbox::IdempotencyState> st;
        const auto begin = [&] {
            st.reset();
            rig.box->beginIdempotent(key, nullptr, [&](Outbox::IdempotencyState s, const StoredResponse &) { st = s; });
            [&] { QTRY_VERIFY_WITH_TIMEOUT(st.has_value(), kWaitMs); }();
            return *st;
        };
        QCOMPARE(begin(), Outbox::IdempotencyState::Fresh);
        rig.box->releaseIdempotent(key);
        QCOMPARE(begin(), Outbox::IdempotencyState::Fresh);
        rig.box->finishIdempotent(key, StoredResponse{422, "application/json", "{\"error\":\"validation failed\"}"});
        QTRY_COMPARE_WITH_TIMEOUT(begin(), Outbox::IdempotencyState::Replay, kWaitMs);
    }

    void cancelRetryNowAndResend()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const auto r = rig.submit(sampleMessage(QStringLiteral("cancel me")));
        std::optional<Status> st;
        rig.box->cancel(r->submissionId, nullptr, [&](const Status &s) { st = s; });
        QTRY_VERIFY_WITH_TIMEOUT(st.has_value(), kWaitMs);
        QVERIFY(st->ok());
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Cancelled);
        rig.box->setTransportPaused(QStringLiteral("a"), false);
        rig.advance(10'000);
        QCOMPARE(rig.a->calls, 0);

        // retry now brings a cancelled/failed message back
        st.reset();
        rig.box->retryNow(r->submissionId, nullptr, [&](const Status &s) { st = s; });
        QTRY_VERIFY_WITH_TIMEOUT(st.has_value(), kWaitMs);
        QVERIFY2(st->ok(), qPrintable(st->ok() ? QString() : st->error().message));
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
        QCOMPARE(rig.a->calls, 1);

        // a sent message cannot be retried, but can be resent through another transport
        st.reset();
        rig.box->retryNow(r->submissionId, nullptr, [&](const Status &s) { st = s; });
        QTRY_VERIFY_WITH_TIMEOUT(st.has_value(), kWaitMs);
        QCOMPARE(st->error().code, QStringLiteral("outbox.already_sent"));
        std::optional<Result<QString>> resent;
        rig.box->resend(r->submissionId, QStringLiteral("b"), nullptr, [&](const Result<QString> &x) { resent = x; });
        QTRY_VERIFY_WITH_TIMEOUT(resent.has_value(), kWaitMs);
        QVERIFY(resent->ok());
        QVERIFY(resent->value() != r->submissionId);
        WAIT_STATUS(rig, resent->value(), SubmissionStatus::Sent);
        QCOMPARE(rig.b->received.size(), 1);
        QCOMPARE(rig.b->received[0].subject, QStringLiteral("cancel me"));
        QCOMPARE(rig.entry(resent->value()).resentFrom, r->submissionId);
    }

    void storeBodiesFalseKeepsMetadataOnly()
    {
        Rig rig;
        rig.config.storeBodies = false;
        QVERIFY(rig.open());
        const auto r = rig.submit(sampleMessage(QStringLiteral("meta only")));
        WAIT_STATUS(rig, r->submissionId, SubmissionStatus::Sent);
        const JournalEntry e = rig.entry(r->submissionId);
        QVERIFY(!e.hasBody);
        QCOMPARE(e.subject, QStringLiteral("meta only"));
        std::optional<Result<QString>> resent;
        rig.box->resend(r->submissionId, {}, nullptr, [&](const Result<QString> &x) { resent = x; });
        QTRY_VERIFY_WITH_TIMEOUT(resent.has_value(), kWaitMs);
        QCOMPARE(resent->error().code, QStringLiteral("outbox.no_body"));
    }

    void journalSearch()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.b->behaviour = [](const Message &, const SendOptions &) { return terminal(); };
        Message m1 = sampleMessage(QStringLiteral("Invoice 100%_paid"));
        Message m2 = sampleMessage(QStringLiteral("Password reset"));
        m2.to = {*Address::parse(u"Bob <bob@example.net>")};
        m2.ingress = Ingress::Smtp;
        const QString id1 = rig.submit(m1)->submissionId;
        const QString id2 = rig.submit(m2, {QStringLiteral("b")})->submissionId;
        WAIT_STATUS(rig, id1, SubmissionStatus::Sent);
        WAIT_STATUS(rig, id2, SubmissionStatus::Failed);
        const auto search = [&](JournalQuery q) {
            std::optional<Result<QList<JournalEntry>>> out;
            rig.box->query(q, nullptr, [&](const Result<QList<JournalEntry>> &r) { out = r; });
            [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWaitMs); }();
            QStringList ids;
            for (const JournalEntry &e : out->value())
                ids << e.id;
            return ids;
        };
        JournalQuery q;
        QCOMPARE(search(q), (QStringList{id2, id1}));
        q.status = SubmissionStatus::Failed;
        QCOMPARE(search(q), QStringList{id2});
        q = {};
        q.recipient = QStringLiteral("BOB@");
        QCOMPARE(search(q), QStringList{id2});
        q = {};
        q.subject = QStringLiteral("100%_");
        QCOMPARE(search(q), QStringList{id1});
        q = {};
        q.subject = QStringLiteral("%");
        QCOMPARE(search(q), QStringList{id1}); // wildcards are literal
        q = {};
        q.ingress = Ingress::Smtp;
        QCOMPARE(search(q), QStringList{id2});
        q = {};
        q.id = id1;
        QCOMPARE(search(q), QStringList{id1});
        q = {};
        q.fromMs = rig.clock.nowMs() + 1;
        QCOMPARE(search(q), QStringList{});
    }

    void retentionPruning()
    {
        Rig rig;
        rig.config.retention = std::chrono::hours(24 * 30);
        QVERIFY(rig.open());
        const QString old = rig.submit(sampleMessage(QStringLiteral("old")))->submissionId;
        WAIT_STATUS(rig, old, SubmissionStatus::Sent);
        rig.clock.advance(31LL * 24 * 3600'000);
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const QString fresh = rig.submit(sampleMessage(QStringLiteral("fresh")))->submissionId;
        std::optional<Status> st;
        rig.box->prune(nullptr, [&](const Status &s) { st = s; });
        QTRY_VERIFY_WITH_TIMEOUT(st.has_value(), kWaitMs);
        QVERIFY(st->ok());
        QCOMPARE(rig.entry(old).id, QString()); // gone
        QCOMPARE(rig.entry(fresh).status, SubmissionStatus::Queued);
    }

    void migratesFromSchemaVersionOneFixture()
    {
        Rig rig;
        QVERIFY(QFile::copy(Test::dataPath(QStringLiteral("outbox/schema-v1.sqlite")), rig.config.path));
        QFile::setPermissions(rig.config.path, QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(rig.open());
        // The fixture holds one sent and one queued message (body written by this Message format).
        QTRY_COMPARE_WITH_TIMEOUT(rig.a->calls, 1, kWaitMs);
        QCOMPARE(rig.a->received[0].subject, QStringLiteral("queued before the upgrade"));
        WAIT_STATUS(rig, QStringLiteral("00000000-0000-4000-8000-000000000002"), SubmissionStatus::Sent);
        QCOMPARE(rig.entry(QStringLiteral("00000000-0000-4000-8000-000000000001")).status, SubmissionStatus::Sent);
        rig.box.reset();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(rig.config.path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM idempotency")) && q.next());
            QVERIFY(q.exec(QStringLiteral("SELECT resent_from FROM submissions LIMIT 1")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void refusesANewerSchema()
    {
        Rig rig;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(rig.config.path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        auto r = Outbox::open(rig.config, rig.registry.get(), &rig.clock);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("newer")));
    }

    void concurrentSubmissionsShareCommits()
    {
        Rig rig;
        QVERIFY(rig.open());
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const quint64 before = rig.box->metrics().commits;
        int done = 0;
        constexpr int kN = 400;
        for (int i = 0; i < kN; ++i)
            rig.box->submit(sampleMessage(QString::number(i)), Route{QStringLiteral("/x"), {QStringLiteral("a")}}, {},
                            nullptr, [&](const Result<SubmitReceipt> &r) { done += r.ok() ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(done, kN, kWaitMs);
        const quint64 commits = rig.box->metrics().commits - before;
        QVERIFY2(commits * 4 < quint64(kN),
                 qPrintable(QStringLiteral("%1 commits for %2 messages").arg(commits).arg(kN)));
        QCOMPARE(rig.box->metrics().live.value(SubmissionStatus::Queued), kN);
    }

    void breakerUnit()
    {
        CircuitBreaker b;
        for (int i = 0; i < CircuitBreaker::kFailureThreshold - 1; ++i) {
            QVERIFY(b.tryAcquire(0));
            b.record(Outcome::Transient, 0);
        }
        QCOMPARE(b.state(0), BreakerState::Closed);
        QVERIFY(b.tryAcquire(0));
        b.record(Outcome::Terminal, 0); // the provider answered: the count resets
        QCOMPARE(b.consecutiveFailures(), 0);
        for (int i = 0; i < CircuitBreaker::kFailureThreshold; ++i) {
            QVERIFY(b.tryAcquire(0));
            b.record(Outcome::Transient, 0);
        }
        QCOMPARE(b.state(0), BreakerState::Open);
        QVERIFY(!b.tryAcquire(CircuitBreaker::kOpenMs - 1));
        QCOMPARE(b.state(CircuitBreaker::kOpenMs), BreakerState::HalfOpen);
        QVERIFY(b.tryAcquire(CircuitBreaker::kOpenMs));
        QVERIFY(!b.tryAcquire(CircuitBreaker::kOpenMs)); // one probe only
        b.record(Outcome::Sent, CircuitBreaker::kOpenMs);
        QCOMPARE(b.state(CircuitBreaker::kOpenMs), BreakerState::Closed);
    }

    void backoffGrowsAndIsCapped()
    {
        QCOMPARE(backoffDelayMs(1, 0.5), kBackoffBaseMs);
        QCOMPARE(backoffDelayMs(2, 0.5), 2 * kBackoffBaseMs);
        QCOMPARE(backoffDelayMs(50, 0.5), kBackoffCapMs);
        QVERIFY(backoffDelayMs(1, 0.0) >= kBackoffBaseMs * 8 / 10);
        QVERIFY(backoffDelayMs(1, 0.999) <= kBackoffBaseMs * 12 / 10);
    }

    void tokenBucketAndKeyedLimiter()
    {
        TokenBucket t(5, 60'000, 0); // 5 per minute: burst of 5, then one per 12 s
        for (int i = 0; i < 5; ++i)
            QVERIFY(t.tryTake(0));
        QVERIFY(!t.tryTake(0));
        QCOMPARE(t.msUntilToken(0), 12'000);
        QVERIFY(!t.tryTake(11'999));
        QVERIFY(t.tryTake(12'000));
        KeyedRateLimiter k(2, 1000, 3);
        QVERIFY(k.allow(QStringLiteral("x"), 0));
        QVERIFY(k.allow(QStringLiteral("x"), 0));
        QVERIFY(!k.allow(QStringLiteral("x"), 0));
        QVERIFY(k.allow(QStringLiteral("y"), 0)); // independent keys
        QVERIFY(k.allow(QStringLiteral("z"), 0));
        QVERIFY(k.allow(QStringLiteral("w"), 0)); // evicts x, the least recently used
        QCOMPARE(k.trackedKeys(), 3);
        QVERIFY(k.allow(QStringLiteral("x"), 0)); // an evicted key comes back with a full bucket
    }
};

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
