// Outbox::replaceTransports (hot reload, decisions §23): queues, pauses and breakers survive for
// transports that keep their name; messages on removed transports move along their route or are
// left to the journal; the old registry is released only after its running attempts answered.

#include "FakeTransport.h"
#include "MockClock.h"

#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using Postrider::Test::FakeTransport;
using Postrider::Test::MockClock;

namespace {

Message message(const QString &subject)
{
    Message m;
    m.from = *Address::parse(u"noreply@example.com");
    m.to = {*Address::parse(u"ann@example.org")};
    m.subject = subject;
    m.text = QStringLiteral("body");
    m.ingress = Ingress::HttpApi;
    return m;
}

struct Rig
{
    QTemporaryDir dir;
    MockClock clock;
    TransportRegistry *registry = new TransportRegistry(&clock);
    FakeTransport *a = new FakeTransport(QStringLiteral("a"), &clock);
    FakeTransport *b = new FakeTransport(QStringLiteral("b"), &clock);
    std::unique_ptr<Outbox> box;

    Rig()
    {
        registry->add(a);
        registry->add(b);
        OutboxConfig c;
        c.path = dir.filePath(QStringLiteral("o.sqlite"));
        box = std::move(Outbox::open(c, registry, &clock)).value();
    }
    ~Rig()
    {
        box.reset();
        delete registry;
    }
    QString submit(const QStringList &route, const QString &subject)
    {
        QString id;
        box->submit(message(subject), Route{QStringLiteral("/r"), route}, {}, nullptr,
                    [&](const Result<SubmitReceipt> &r) { id = r ? r->submissionId : QStringLiteral("error"); });
        if (!QTest::qWaitFor([&] { return !id.isEmpty(); }, 10'000))
            return {};
        return id;
    }
    QString status(const QString &id)
    {
        QString s;
        box->get(id, nullptr, [&](const Result<JournalEntry> &r) { s = r ? statusName(r->status) : r.error().code; });
        (void)QTest::qWaitFor([&] { return !s.isEmpty(); }, 10'000);
        return s;
    }
};

} // namespace

class tst_OutboxReload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keptTransportKeepsQueueAndPause()
    {
        Rig rig;
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const QString id = rig.submit({QStringLiteral("a")}, QStringLiteral("held"));
        auto *next = new TransportRegistry(&rig.clock);
        auto *a2 = new FakeTransport(QStringLiteral("a"), &rig.clock);
        next->add(a2);
        bool released = false;
        TransportRegistry *old = rig.registry;
        rig.box->replaceTransports(next, [&] { released = true; });
        rig.registry = next;
        QTRY_VERIFY(released); // nothing was running on the old transports
        delete old;
        QVERIFY(rig.box->isTransportPaused(QStringLiteral("a")));
        QCOMPARE(rig.box->liveCount(), 1);
        rig.box->setTransportPaused(QStringLiteral("a"), false);
        QTRY_COMPARE(rig.status(id), QStringLiteral("sent"));
        QCOMPARE(a2->calls, 1); // delivered by the new transport object
        QVERIFY(!rig.box->metrics().breakers.contains(QStringLiteral("b")));
    }

    void removedTransportMovesAlongRouteOrOrphans()
    {
        Rig rig;
        rig.box->setTransportPaused(QStringLiteral("a"), true);
        const QString both = rig.submit({QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("failover"));
        const QString only = rig.submit({QStringLiteral("a")}, QStringLiteral("orphan"));
        QCOMPARE(rig.box->liveCount(), 2);
        auto *next = new TransportRegistry(&rig.clock);
        auto *b2 = new FakeTransport(QStringLiteral("b"), &rig.clock);
        next->add(b2);
        TransportRegistry *old = rig.registry;
        rig.box->replaceTransports(next, [old] { delete old; });
        rig.registry = next;
        QTRY_COMPARE(rig.status(both), QStringLiteral("sent"));
        QCOMPARE(b2->received.size(), 1);
        QCOMPARE(b2->received[0].subject, QStringLiteral("failover"));
        QCOMPARE(rig.box->liveCount(), 0);
        QCOMPARE(rig.status(only), QStringLiteral("queued")); // kept in the journal for a resend
    }

    void runningAttemptHoldsOldRegistry()
    {
        Rig rig;
        rig.a->manual = true;
        const QString id = rig.submit({QStringLiteral("a")}, QStringLiteral("in flight"));
        QTRY_COMPARE(rig.a->inFlight, 1);
        auto *next = new TransportRegistry(&rig.clock);
        next->add(new FakeTransport(QStringLiteral("a"), &rig.clock));
        bool released = false;
        rig.box->replaceTransports(next, [&] { released = true; });
        QTest::qWait(50); // the event loop runs: the release must still wait for the attempt
        QVERIFY(!released);
        rig.a->completeNext(SendResult::sent(QStringLiteral("old-transport-id")));
        QTRY_VERIFY(released);
        QTRY_COMPARE(rig.status(id), QStringLiteral("sent"));
        delete rig.registry;
        rig.registry = next;
    }
};

QTEST_GUILESS_MAIN(tst_OutboxReload)
#include "tst_outboxreload.moc"
