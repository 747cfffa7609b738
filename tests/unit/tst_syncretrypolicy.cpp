// SyncRetryPolicy (Posthorn §2.18) on a MockClock with a scripted transport: no sleeping; time
// moves only when the test advances the clock.
#include "MockClock.h"
#include "core/Logging.h"
#include "transport/SyncRetryPolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

/// Answers each attempt with the next scripted result, through Transport::finish (queued).
class ScriptedTransport final : public Transport
{
public:
    ScriptedTransport(Clock *clock, QList<SendResult> script)
        : Transport(TransportConfig{QStringLiteral("scripted"), QStringLiteral("scripted")}, clock)
        , m_script(std::move(script))
    { }
    void send(const Message &, const SendOptions &options, Callback done) override
    {
        attempts.append(options);
        if (hold) {
            held = std::move(done);
            return;
        }
        finish(std::move(done), m_script.isEmpty() ? SendResult::sent(QStringLiteral("id")) : m_script.takeFirst(), 0);
    }
    QList<SendOptions> attempts;
    bool hold = false;
    Callback held;

private:
    QList<SendResult> m_script;
};

SendResult fail(Outcome o, int status, qint64 retryAfterMs = -1)
{
    SendResult r = SendResult::failure(o, QStringLiteral("upstream"), status);
    r.retryAfterMs = retryAfterMs;
    return r;
}

struct Outcome2
{
    bool done = false;
    SendResult result;
    int attempts = 0;
};

} // namespace

class tst_SyncRetryPolicy : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void successFirstTry();
    void transientRetriesOnceAfterOneSecond();
    void transientTwiceFails();
    void rateLimitedWaitsFiveSeconds();
    void rateLimitedHonoursRetryAfter();
    void retryAfterBeyondBudgetSkipsRetry();
    void terminalNeverRetries();
    void budgetExhaustedDuringAttempt();
    void sameIdempotencyKeyNextAttemptNumber();
    void policyDestroyedNoCallback();

private:
    void run(ScriptedTransport &t, SyncRetryPolicy &policy, Outcome2 &out);
    QList<QJsonObject> events(const QString &name) const;
    QList<QByteArray> m_lines;
};

void tst_SyncRetryPolicy::initTestCase()
{
    Log::install(Log::Format::Json, Log::Level::Debug);
    Log::setStdoutEnabled(false);
    Log::setSink([this](const QByteArray &line) { m_lines.append(line); });
}

void tst_SyncRetryPolicy::cleanupTestCase()
{
    Log::setSink({});
}

void tst_SyncRetryPolicy::init()
{
    m_lines.clear();
}

QList<QJsonObject> tst_SyncRetryPolicy::events(const QString &name) const
{
    QList<QJsonObject> out;
    for (const QByteArray &l : m_lines) {
        const QJsonObject o = QJsonDocument::fromJson(l).object();
        if (o.value("msg").toString() == name)
            out.append(o);
    }
    return out;
}

void tst_SyncRetryPolicy::run(ScriptedTransport &t, SyncRetryPolicy &policy, Outcome2 &out)
{
    SendOptions opts;
    opts.idempotencyKey = QStringLiteral("sub-1");
    policy.run(&t, Message(), opts,
               [&out](const SendResult &r, int attempts) {
                   QVERIFY(!out.done); // exactly once
                   out.done = true;
                   out.result = r;
                   out.attempts = attempts;
               },
               {{QStringLiteral("submission_id"), QStringLiteral("sub-1")}});
    QVERIFY(!out.done); // never from inside run()
}

void tst_SyncRetryPolicy::successFirstTry()
{
    MockClock clock;
    ScriptedTransport t(&clock, {SendResult::sent(QStringLiteral("m1"), 200)});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_VERIFY(out.done);
    QVERIFY(out.result.ok());
    QCOMPARE(out.attempts, 1);
    QCOMPARE(clock.pending(), 0); // the budget timer is cancelled
    QVERIFY(events("send_retry_scheduled").isEmpty());
}

void tst_SyncRetryPolicy::transientRetriesOnceAfterOneSecond()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::Transient, 503), SendResult::sent(QStringLiteral("m2"), 200)});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_COMPARE(events("send_retry_scheduled").size(), 1);
    const QJsonObject ev = events("send_retry_scheduled").constFirst();
    QCOMPARE(ev.value("submission_id").toString(), QStringLiteral("sub-1"));
    QCOMPARE(ev.value("class").toString(), QStringLiteral("transient"));
    QCOMPARE(ev.value("status").toInt(), 503);
    QCOMPARE(ev.value("delay").toInteger(), qint64(1'000'000'000));
    QCOMPARE(t.attempts.size(), 1);
    clock.advance(999);
    QCOMPARE(t.attempts.size(), 1);
    clock.advance(1);
    QCOMPARE(t.attempts.size(), 2);
    QTRY_VERIFY(out.done);
    QVERIFY(out.result.ok());
    QCOMPARE(out.result.messageId, QStringLiteral("m2"));
    QCOMPARE(out.attempts, 2);
    QCOMPARE(events("send_retry_succeeded").size(), 1);
}

void tst_SyncRetryPolicy::transientTwiceFails()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::Transient, 500), fail(Outcome::Transient, 502)});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_COMPARE(clock.pending(), 2); // budget + retry wait
    clock.advance(1000);
    QTRY_VERIFY(out.done);
    QCOMPARE(out.result.status, 502);
    QCOMPARE(out.attempts, 2);
    QCOMPARE(t.attempts.size(), 2);
    QCOMPARE(events("send_retry_failed").size(), 1);
    QVERIFY(events("send_retry_failed")[0].value("error").toString().contains("status=502"));
}

void tst_SyncRetryPolicy::rateLimitedWaitsFiveSeconds()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::RateLimited, 429), SendResult::sent(QStringLiteral("m3"))});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_COMPARE(events("send_retry_scheduled").size(), 1);
    QCOMPARE(events("send_retry_scheduled")[0].value("class").toString(), QStringLiteral("rate_limited"));
    QCOMPARE(events("send_retry_scheduled")[0].value("delay").toInteger(), qint64(5'000'000'000));
    clock.advance(4999);
    QCOMPARE(t.attempts.size(), 1);
    clock.advance(1);
    QTRY_VERIFY(out.done);
    QVERIFY(out.result.ok());
}

void tst_SyncRetryPolicy::rateLimitedHonoursRetryAfter()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::RateLimited, 429, 2000), SendResult::sent(QStringLiteral("m4"))});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_COMPARE(events("send_retry_scheduled").size(), 1);
    QCOMPARE(events("send_retry_scheduled")[0].value("delay").toInteger(), qint64(2'000'000'000));
    clock.advance(2000);
    QTRY_VERIFY(out.done);
    QVERIFY(out.result.ok());
    QCOMPARE(out.attempts, 2);
}

void tst_SyncRetryPolicy::retryAfterBeyondBudgetSkipsRetry()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::RateLimited, 429, 60'000)});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_VERIFY(out.done);
    QCOMPARE(out.result.outcome, Outcome::RateLimited);
    QCOMPARE(out.result.retryAfterMs, qint64(60'000)); // the caller still learns when to come back
    QCOMPARE(out.attempts, 1);
    QVERIFY(events("send_retry_scheduled").isEmpty());
    QCOMPARE(clock.pending(), 0);
}

void tst_SyncRetryPolicy::terminalNeverRetries()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::Terminal, 422)});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_VERIFY(out.done);
    QCOMPARE(out.result.status, 422);
    QCOMPARE(out.attempts, 1);
    QVERIFY(events("send_retry_scheduled").isEmpty());
}

void tst_SyncRetryPolicy::budgetExhaustedDuringAttempt()
{
    // First attempt fails after 9.5 s: a 1 s wait no longer fits, the original error returns.
    MockClock clock;
    ScriptedTransport t(&clock, {});
    t.hold = true;
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    clock.advance(9500);
    t.hold = false;
    t.held(fail(Outcome::Transient, 504));
    QVERIFY(out.done);
    QCOMPARE(out.result.status, 504);
    QCOMPARE(out.attempts, 1);
    QVERIFY(events("send_retry_scheduled").isEmpty());

    // An attempt still running when the budget ends is abandoned with a transient timeout.
    ScriptedTransport slow(&clock, {});
    slow.hold = true;
    Outcome2 out2;
    run(slow, policy, out2);
    clock.advance(SyncRetryPolicy::kBudgetMs);
    QVERIFY(out2.done);
    QCOMPARE(out2.result.outcome, Outcome::Transient);
    QCOMPARE(out2.result.errorCode, QStringLiteral("timeout"));
    slow.held(SendResult::sent(QStringLiteral("late"))); // ignored: done ran once already
    QCOMPARE(policy.active(), 0);
}

void tst_SyncRetryPolicy::sameIdempotencyKeyNextAttemptNumber()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::Transient, 0), SendResult::sent(QStringLiteral("m5"))});
    SyncRetryPolicy policy(&clock);
    Outcome2 out;
    run(t, policy, out);
    QTRY_COMPARE(clock.pending(), 2);
    clock.advance(1000);
    QTRY_VERIFY(out.done);
    QCOMPARE(t.attempts.size(), 2);
    QCOMPARE(t.attempts[0].idempotencyKey, QStringLiteral("sub-1"));
    QCOMPARE(t.attempts[1].idempotencyKey, QStringLiteral("sub-1"));
    QCOMPARE(t.attempts[0].attempt, 1);
    QCOMPARE(t.attempts[1].attempt, 2);
}

void tst_SyncRetryPolicy::policyDestroyedNoCallback()
{
    MockClock clock;
    ScriptedTransport t(&clock, {fail(Outcome::Transient, 500)});
    auto policy = std::make_unique<SyncRetryPolicy>(&clock);
    Outcome2 out;
    run(t, *policy, out);
    QTRY_COMPARE(clock.pending(), 2);
    policy.reset();
    clock.advance(20'000);
    QTest::qWait(0);
    QVERIFY(!out.done);
    QCOMPARE(t.attempts.size(), 1);
}

QTEST_GUILESS_MAIN(tst_SyncRetryPolicy)
#include "tst_syncretrypolicy.moc"
