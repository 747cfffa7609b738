// The outbox with the real provider transports against local fake providers over HTTP, on a
// mock clock: an outage lasting hours ends with every message delivered exactly once, a 429's
// Retry-After is honoured, and a dead provider's mail fails over to the next transport.

#include "FakeHttpProvider.h"
#include "FakeProviderRules.h"
#include "MockClock.h"
#include "TransportTestKit.h"

#include "core/Logging.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

namespace {

constexpr int kWaitMs = 20000;

Message message(int i)
{
    Message m = TransportTestKit::minimalMessage();
    m.subject = QStringLiteral("outage-%1").arg(i);
    m.submissionId.clear(); // the outbox mints one per submission
    m.ingress = Ingress::HttpApi;
    return m;
}

/// A provider fake whose availability the test switches, counting deliveries per subject.
struct Provider
{
    FakeHttpProvider fake;
    P kind;
    bool down = false;
    int retryAfterSeconds = -1; ///< >= 0: answer 429 with this Retry-After while down
    QHash<QString, int> delivered;
    int attempts = 0;

    explicit Provider(P k)
        : kind(k)
    {
        fake.start();
        fake.setRecording(false);
        fake.setHandler([this](const FakeHttpRequest &req, const QStringList &problems) {
            ++attempts;
            if (!problems.isEmpty())
                return FakeProviderRules::error(kind, 422, problems.join(u';'));
            if (down) {
                if (retryAfterSeconds >= 0) {
                    FakeHttpResponse r = FakeProviderRules::error(kind, 429, QStringLiteral("slow down"));
                    r.headers.append({"Retry-After", QByteArray::number(retryAfterSeconds)});
                    return r;
                }
                return FakeProviderRules::error(kind, 503, QStringLiteral("service unavailable"));
            }
            const QJsonObject j = req.json().object();
            const QString subject = kind == P::Postmark ? j.value(QStringLiteral("Subject")).toString()
                                                        : j.value(QStringLiteral("subject")).toString();
            delivered[subject] += 1;
            return FakeProviderRules::success(kind, attempts);
        });
        fake.setChecker([k = kind](const FakeHttpRequest &r) {
            return FakeProviderRules::check(k, TransportTestKit::credentials(), r);
        });
    }
};

struct Rig
{
    QTemporaryDir dir;
    MockClock clock;
    TransportRegistry registry{&clock};
    std::unique_ptr<Outbox> box;

    void add(P kind, const QUrl &base, const QString &name)
    {
        TransportConfig c = TransportTestKit::config(kind, base, {}, 5000);
        c.name = name;
        auto t = TransportRegistry::create(c, &clock, nullptr);
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));
        registry.add(*t);
    }
    bool open()
    {
        OutboxConfig oc;
        oc.path = dir.filePath(QStringLiteral("outbox.sqlite"));
        auto b = Outbox::open(oc, &registry, &clock);
        if (b)
            box = std::move(b).value();
        return b.ok();
    }
    /// Waits (real time) until no attempt is in flight and every journal write is done.
    void settle()
    {
        for (int i = 0; i < 3; ++i) {
            box->flush();
            QCoreApplication::processEvents();
        }
        QTRY_VERIFY_WITH_TIMEOUT(box->metrics().live.value(SubmissionStatus::Sending) == 0, kWaitMs);
        box->flush();
        QCoreApplication::processEvents();
    }
    void advance(qint64 ms, qint64 step)
    {
        for (qint64 done = 0; done < ms; done += step) {
            clock.advance(std::min(step, ms - done));
            settle();
        }
    }
    void submitAll(int n, const QStringList &route)
    {
        int ok = 0;
        for (int i = 0; i < n; ++i)
            box->submit(message(i), Route{QStringLiteral("/api"), route}, {}, nullptr,
                        [&](const Result<SubmitReceipt> &r) { ok += r.ok() ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(ok, n, kWaitMs);
    }
};

} // namespace

class tst_OutboxProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        Log::install(Log::Format::Json, Log::Level::Warn);
        Log::setStdoutEnabled(false);
    }

    void outageOfHoursThenRecovery()
    {
        Provider postmark(P::Postmark);
        postmark.down = true;
        Rig rig;
        rig.add(P::Postmark, postmark.fake.baseUrl(), QStringLiteral("postmark"));
        QVERIFY(rig.open());
        constexpr int kMessages = 20;
        rig.submitAll(kMessages, {QStringLiteral("postmark")});
        rig.settle();
        // Six hours of outage in mock time: attempts keep coming, but the breaker spaces them.
        rig.advance(6 * 3600'000, 60'000);
        QVERIFY(postmark.delivered.isEmpty());
        QVERIFY(postmark.attempts >= kMessages);
        QVERIFY2(postmark.attempts < kMessages * 40, qPrintable(QString::number(postmark.attempts)));
        QCOMPARE(rig.box->breakerState(QStringLiteral("postmark")), BreakerState::Open);
        QCOMPARE(rig.box->metrics().live.value(SubmissionStatus::Deferred)
                     + rig.box->metrics().live.value(SubmissionStatus::Queued),
                 kMessages);

        postmark.down = false;
        rig.advance(30 * 60'000, 10'000);
        QCOMPARE(postmark.delivered.size(), kMessages);
        for (auto it = postmark.delivered.cbegin(); it != postmark.delivered.cend(); ++it)
            QCOMPARE(it.value(), 1); // exactly once each
        QCOMPARE(rig.box->liveCount(), 0);
        QCOMPARE(rig.box->breakerState(QStringLiteral("postmark")), BreakerState::Closed);
        QVERIFY(postmark.fake.problems().isEmpty());
    }

    void retryAfterFromTheProviderIsHonoured()
    {
        Provider resend(P::Resend);
        resend.down = true;
        resend.retryAfterSeconds = 120;
        Rig rig;
        rig.add(P::Resend, resend.fake.baseUrl(), QStringLiteral("resend"));
        QVERIFY(rig.open());
        rig.submitAll(1, {QStringLiteral("resend")});
        rig.settle();
        QCOMPARE(resend.attempts, 1);
        resend.down = false;
        rig.advance(119'000, 1000);
        QCOMPARE(resend.attempts, 1); // nothing before Retry-After
        rig.advance(10'000, 1000);
        QCOMPARE(resend.attempts, 2);
        QCOMPARE(resend.delivered.value(QStringLiteral("outage-0")), 1);
    }

    void deadProviderFailsOverToTheNext()
    {
        Provider postmark(P::Postmark);
        Provider mailgun(P::Mailgun);
        postmark.down = true;
        Rig rig;
        rig.add(P::Postmark, postmark.fake.baseUrl(), QStringLiteral("postmark"));
        rig.add(P::Mailgun, mailgun.fake.baseUrl(), QStringLiteral("mailgun"));
        QVERIFY(rig.open());
        rig.submitAll(10, {QStringLiteral("postmark"), QStringLiteral("mailgun")});
        rig.advance(5000, 500);
        QTRY_COMPARE_WITH_TIMEOUT(rig.box->liveCount(), 0, kWaitMs);
        QVERIFY(postmark.delivered.isEmpty());
        QCOMPARE(mailgun.attempts, 10); // every message, once, on the second transport
        QVERIFY(mailgun.fake.problems().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_OutboxProviders)
#include "tst_outboxproviders.moc"
