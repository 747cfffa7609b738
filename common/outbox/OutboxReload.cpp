// The reload half of Outbox: switching to the transports of a new config while messages keep
// their place (decisions §23).

#include "OutboxPrivate.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "transport/TransportRegistry.h"

namespace Postrider {

Outbox::TransportState *Outbox::makeTransportState(Transport *t) const
{
    auto *ts = new TransportState;
    ts->name = t->name();
    ts->transport = t;
    ts->maxConcurrency = t->config().maxConcurrency > 0 ? t->config().maxConcurrency : t->defaultConcurrency();
    if (t->config().maxRatePerSecond > 0) {
        // capacity = one second's worth (at least one token) refilled continuously
        const double cap = std::max(1.0, t->config().maxRatePerSecond);
        ts->rate = TokenBucket(cap, qint64(1000.0 * cap / t->config().maxRatePerSecond), m_clock->nowMs());
    }
    return ts;
}

bool Outbox::pruneRoute(Live &live) const
{
    QStringList kept;
    int index = -1;
    for (int i = 0; i < live.route.transports.size(); ++i) {
        const QString &t = live.route.transports[i];
        if (!m_transports.contains(t))
            continue;
        if (index < 0 && i >= live.transportIndex)
            index = int(kept.size()); // the current transport, or the next one still configured
        kept.append(t);
    }
    if (kept.isEmpty())
        return false;
    live.route.transports = kept;
    live.transportIndex = index < 0 ? 0 : index;
    return true;
}

void Outbox::orphan(Live &live)
{
    Log::warn(lcOutbox, QStringLiteral("submission_orphaned"),
              {{QStringLiteral("submission_id"), live.id},
               {QStringLiteral("reason"), QStringLiteral("no transport of its route is configured any more")}});
    dequeue(live);
    dropBody(live);
    delete m_live.take(live.id);
}

void Outbox::replaceTransports(TransportRegistry *transports, std::function<void()> released)
{
    QHash<QString, Transport *> next;
    for (Transport *t : transports->transports())
        next.insert(t->name(), t);

    // Take messages off the queues of transports that go away before those queues are deleted.
    QList<QPair<QString, qint64>> requeue;
    for (Live *l : std::as_const(m_live))
        if (!l->queuedOn.isEmpty() && !next.contains(l->queuedOn)) {
            requeue.append({l->id, l->dueMs});
            dequeue(*l);
        }
    QStringList removed;
    for (auto it = m_transports.begin(); it != m_transports.end();) {
        if (Transport *t = next.value(it.key())) {
            TransportState *ts = it.value();
            const TransportState *fresh = makeTransportState(t);
            ts->transport = t;
            ts->maxConcurrency = fresh->maxConcurrency;
            if (fresh->rate.isLimited() != ts->rate.isLimited() || t->config().maxRatePerSecond > 0)
                ts->rate = fresh->rate;
            delete fresh;
            ++it;
        } else {
            removed.append(it.key());
            delete it.value();
            it = m_transports.erase(it);
        }
    }
    QStringList added;
    for (Transport *t : std::as_const(next))
        if (!m_transports.contains(t->name())) {
            m_transports.insert(t->name(), makeTransportState(t));
            added.append(t->name());
        }
    m_registry = transports;

    // Routes may have lost transports; messages on a removed transport move along their route.
    int orphaned = 0;
    QList<Live *> idle;
    for (Live *l : std::as_const(m_live))
        if (!l->inFlight)
            idle.append(l);
    for (Live *l : idle) {
        const QString before = l->queuedOn;
        if (!pruneRoute(*l)) {
            ++orphaned;
            orphan(*l);
        } else if (before.isEmpty()) {
            for (const auto &[id, due] : std::as_const(requeue))
                if (id == l->id)
                    enqueue(*l, due);
        }
    }
    // The previous registry may go once the attempts running on its transports have answered.
    m_lease->onReleased = [this, released] { QMetaObject::invokeMethod(this, released, Qt::QueuedConnection); };
    m_lease = std::make_shared<Lease>();
    added.sort();
    removed.sort();
    Log::info(lcOutbox, QStringLiteral("outbox transports replaced"),
              {{QStringLiteral("added"), added.join(u',')},
               {QStringLiteral("removed"), removed.join(u',')},
               {QStringLiteral("orphaned"), orphaned}});
    schedulePump();
}

} // namespace Postrider
