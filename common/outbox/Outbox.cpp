#include "JournalSql.h"
#include "OutboxPrivate.h"
#include "OutboxStore.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "transport/SyncRetryPolicy.h"
#include "transport/TransportRegistry.h"

#include <QPointer>

namespace Postrider {

Q_LOGGING_CATEGORY(lcOutbox, "postrider.outbox")

namespace {
QString keyOf(const IdempotencyKey &k)
{
    return k.scope + u'\n' + k.key;
}

/// Runs `fn` on `context`'s thread later (never synchronously), unless `context` died.
template<typename Fn>
void later(QObject *fallback, QObject *context, Fn fn)
{
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    QMetaObject::invokeMethod(
        context ? context : fallback,
        [guard, hadContext, fn = std::move(fn)]() mutable {
            if (hadContext && !guard)
                return;
            fn();
        },
        Qt::QueuedConnection);
}
} // namespace

Outbox::Outbox(const OutboxConfig &config, TransportRegistry *transports, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_registry(transports)
    , m_lease(std::make_shared<Lease>())
    , m_clock(clock)
    , m_random(QRandomGenerator::securelySeeded())
    , m_syncPolicy(new SyncRetryPolicy(clock, this))
{ }

Outbox::~Outbox()
{
    if (m_wakeTimer)
        m_clock->cancel(m_wakeTimer);
    if (m_maintenanceTimer)
        m_clock->cancel(m_maintenanceTimer);
    qDeleteAll(m_live);
    qDeleteAll(m_transports);
}

Result<std::unique_ptr<Outbox>> Outbox::open(const OutboxConfig &config, TransportRegistry *transports, Clock *clock,
                                             QObject *parent)
{
    std::unique_ptr<Outbox> box(new Outbox(config, transports, clock, parent));
    auto store = OutboxStore::open(config.path);
    if (!store)
        return store.error();
    box->m_store = std::move(store).value();
    for (Transport *t : transports->transports()) {
        TransportState *ts = box->makeTransportState(t);
        box->m_transports.insert(ts->name, ts);
    }
    if (const Status s = box->recover(); !s)
        return s.error();
    box->m_maintenanceTimer = clock->schedule(kMaintenanceIntervalMs, box.get(), [b = box.get()] { b->maintenance(); });
    box->prune();
    return box;
}

Status Outbox::recover()
{
    const qint64 now = m_clock->nowMs();
    int interrupted = 0;
    if (const Status s = m_store->runBlocking(JournalSql::recoverInterrupted(now, &interrupted)); !s)
        return s;
    QList<JournalSql::LiveRow> rows;
    if (const Status s = m_store->runBlocking(JournalSql::loadLive(&rows)); !s)
        return s;
    int orphaned = 0;
    for (const JournalSql::LiveRow &r : rows) {
        QStringList known;
        for (const QString &t : r.transports)
            if (m_transports.contains(t))
                known.append(t);
        if (known.isEmpty()) {
            ++orphaned; // its transports left the config: kept in the journal for a manual resend
            continue;
        }
        auto *l = new Live;
        l->id = r.id;
        l->route = Route{r.route, known};
        l->mode = DeliveryMode::Queue; // an interrupted sync submission is now the outbox's job
        l->status = r.status;
        l->attempts = r.attempts;
        l->transportIndex = std::clamp(r.transportIndex, 0, int(known.size()) - 1);
        l->createdMs = r.createdMs;
        m_live.insert(l->id, l);
        enqueue(*l, r.nextAttemptMs);
    }
    if (!rows.isEmpty() || interrupted)
        Log::info(lcOutbox, QStringLiteral("outbox recovered"),
                  {{QStringLiteral("live"), qint64(m_live.size())},
                   {QStringLiteral("interrupted"), interrupted},
                   {QStringLiteral("orphaned"), orphaned}});
    schedulePump();
    return {};
}

void Outbox::submit(Message message, const Route &route, SubmitOptions options, QObject *context, SubmitCallback done)
{
    const auto reject = [&](Error e) { later(this, context, [done, e] { done(e); }); };
    if (m_stopping)
        return reject(Error(QStringLiteral("outbox.stopping"), QStringLiteral("shutting down")));
    if (route.transports.isEmpty())
        return reject(
            Error(QStringLiteral("outbox.route"), QStringLiteral("route %1 has no transport").arg(route.name)));
    for (const QString &t : route.transports)
        if (!m_transports.contains(t))
            return reject(Error(QStringLiteral("outbox.route"), QStringLiteral("unknown transport \"%1\"").arg(t)));
    if (const Status v = message.validate(); !v)
        return reject(v.error());
    const qint64 now = m_clock->nowMs();
    if (message.submissionId.isEmpty())
        message.submissionId = newSubmissionId();
    if (!message.createdAt.isValid())
        message.createdAt = m_clock->now();

    const bool sync = options.mode == DeliveryMode::Sync;
    SubmitReceipt receipt;
    receipt.submissionId = message.submissionId;
    receipt.status = SubmissionStatus::Queued;

    auto msg = std::make_shared<const Message>(std::move(message));
    auto insert = JournalSql::insertSubmission(msg, route, options.mode,
                                               sync ? SubmissionStatus::Sending : SubmissionStatus::Queued, now);
    OutboxStore::Op op = insert;
    const bool idemNow = options.idempotency && !sync && options.responseFor;
    if (idemNow) {
        auto remember = JournalSql::storeIdempotency(*options.idempotency, options.responseFor(receipt),
                                                     receipt.submissionId, now, kIdempotencyTtlMs);
        op = [insert, remember](StatementCache &sc) -> Status {
            if (const Status s = insert(sc); !s)
                return s;
            return remember(sc);
        };
    }
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    m_store->write(std::move(op), this,
                   [this, msg, route, options, receipt, guard, hadContext, done, idemNow](const Status &s) {
                       const auto reply = [&](const Result<SubmitReceipt> &r) {
                           if (!hadContext || guard)
                               done(r);
                       };
                       if (idemNow)
                           m_inFlightKeys.remove(keyOf(*options.idempotency));
                       if (!s) {
                           Log::error(lcOutbox, QStringLiteral("outbox_write_failed"),
                                      {{QStringLiteral("submission_id"), receipt.submissionId},
                                       {QStringLiteral("error"), s.error().message}});
                           reply(Error(QStringLiteral("outbox.write"), s.error().message));
                           return;
                       }
                       ++m_accepted;
                       auto *l = new Live;
                       l->id = msg->submissionId;
                       l->route = route;
                       l->mode = options.mode;
                       l->createdMs = msg->createdAt.toMSecsSinceEpoch();
                       m_live.insert(l->id, l);
                       cacheBody(*l, msg);
                       if (options.mode == DeliveryMode::Sync) {
                           l->status = SubmissionStatus::Sending;
                           l->syncStartedMs = m_clock->steadyMs();
                           // Runs after this callback returned: capture by value, not `reply` (which
                           // refers to this closure's members).
                           l->syncDone = [guard, hadContext, done](const SubmitReceipt &r) {
                               if (!hadContext || guard)
                                   done(r);
                           };
                           runSync(l->id);
                           return;
                       }
                       enqueue(*l, m_clock->nowMs());
                       Q_EMIT submissionChanged(l->id, SubmissionStatus::Queued);
                       schedulePump();
                       reply(receipt);
                   });
}

void Outbox::beginIdempotent(const IdempotencyKey &key, QObject *context, IdempotencyCallback done)
{
    const QString k = keyOf(key);
    if (m_inFlightKeys.contains(k)) {
        later(this, context, [done] { done(IdempotencyState::InFlight, {}); });
        return;
    }
    auto row = std::make_shared<JournalSql::IdempotencyRow>();
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    m_store->read(JournalSql::lookupIdempotency(key, m_clock->nowMs(), row.get()), this,
                  [this, k, key, row, guard, hadContext, done](const Status &s) {
                      if (hadContext && !guard)
                          return;
                      if (!s)
                          Log::warn(lcOutbox, QStringLiteral("idempotency_lookup_failed"),
                                    {{QStringLiteral("error"), s.error().message}});
                      // Answers are serialised on this thread: the first fresh lookup claims the key,
                      // a concurrent one for the same key sees the claim.
                      if (m_inFlightKeys.contains(k))
                          return done(IdempotencyState::InFlight, {});
                      if (row->found)
                          return done(row->bodyHash == key.bodyHash ? IdempotencyState::Replay
                                                                    : IdempotencyState::Conflict,
                                      row->response);
                      m_inFlightKeys.insert(k);
                      done(IdempotencyState::Fresh, {});
                  });
}

void Outbox::finishIdempotent(const IdempotencyKey &key, const StoredResponse &response)
{
    // The claim ends only once the record is durable, so no lookup can slip in between.
    m_store->write(JournalSql::storeIdempotency(key, response, {}, m_clock->nowMs(), kIdempotencyTtlMs), this,
                   [this, k = keyOf(key)](const Status &) { m_inFlightKeys.remove(k); });
}

void Outbox::releaseIdempotent(const IdempotencyKey &key)
{
    m_inFlightKeys.remove(keyOf(key));
}

void Outbox::retryNow(const QString &id, QObject *context, StatusCallback done)
{
    if (Live *l = m_live.value(id)) {
        if (l->inFlight || l->mode == DeliveryMode::Sync)
            return later(this, context, [done] {
                done(Error(QStringLiteral("outbox.busy"), QStringLiteral("an attempt is in progress")));
            });
        dequeue(*l);
        enqueue(*l, m_clock->nowMs());
        schedulePump();
        return later(this, context, [done] { done(Status()); });
    }
    auto entry = std::make_shared<JournalEntry>();
    auto body = std::make_shared<QByteArray>();
    // Journal reads for the admin interface are queued as writes: they run after every state
    // update already posted (a plain read runs before its batch's writes and could see a message
    // as still sending after it was sent, and retry a sent message).
    m_store->write(JournalSql::get(id, entry.get(), body.get()), this,
                   [this, id, entry, body, context, done](const Status &s) {
                       Status result = s;
                       if (s && entry->status == SubmissionStatus::Sent)
                           result = Error(QStringLiteral("outbox.already_sent"),
                                          QStringLiteral("already sent; use resend for a new copy"));
                       else if (s && body->isEmpty())
                           result = Error(QStringLiteral("outbox.no_body"),
                                          QStringLiteral("the message body was not kept (store_bodies = false)"));
                       if (result && !m_live.contains(id)) {
                           QStringList known;
                           for (const QString &t : entry->transports)
                               if (m_transports.contains(t))
                                   known.append(t);
                           if (known.isEmpty())
                               result = Error(QStringLiteral("outbox.route"),
                                              QStringLiteral("none of its transports is configured; use resend"));
                           else {
                               auto *l = new Live;
                               l->id = id;
                               l->route = Route{entry->route, known};
                               l->attempts = entry->attempts;
                               l->createdMs = m_clock->nowMs(); // a manual retry restarts the give-up clock
                               m_live.insert(id, l);
                               JournalSql::StateUpdate u;
                               u.id = id;
                               u.status = SubmissionStatus::Queued;
                               u.attempts = l->attempts;
                               u.nowMs = m_clock->nowMs();
                               u.nextAttemptMs = u.nowMs;
                               m_store->post(JournalSql::updateState(u));
                               enqueue(*l, u.nowMs);
                               Q_EMIT submissionChanged(id, SubmissionStatus::Queued);
                               schedulePump();
                           }
                       }
                       later(this, context, [done, result] { done(result); });
                   });
}

void Outbox::cancel(const QString &id, QObject *context, StatusCallback done)
{
    Live *l = m_live.value(id);
    if (!l)
        return later(this, context, [done, id] {
            done(Error(QStringLiteral("outbox.not_live"),
                       QStringLiteral("submission %1 is not queued (already final or unknown)").arg(id)));
        });
    if (l->inFlight || l->mode == DeliveryMode::Sync)
        l->cancelRequested = true; // takes effect unless the attempt in progress succeeds
    else
        finalize(*l, SubmissionStatus::Cancelled, nullptr, {});
    later(this, context, [done] { done(Status()); });
}

void Outbox::resend(const QString &id, const QString &transport, QObject *context,
                    std::function<void(const Result<QString> &)> done)
{
    if (!transport.isEmpty() && !m_transports.contains(transport))
        return later(this, context, [done, transport] {
            done(Error(QStringLiteral("outbox.route"), QStringLiteral("unknown transport \"%1\"").arg(transport)));
        });
    auto entry = std::make_shared<JournalEntry>();
    auto body = std::make_shared<QByteArray>();
    m_store->write(JournalSql::get(id, entry.get(), body.get()), this,
                   [this, id, transport, entry, body, context, done](const Status &s) {
                       if (!s)
                           return later(this, context, [done, s] { done(s.error()); });
                       if (body->isEmpty())
                           return later(this, context, [done] {
                               done(Error(QStringLiteral("outbox.no_body"),
                                          QStringLiteral("the message body was not kept (store_bodies = false)")));
                           });
                       auto m = Message::deserialize(*body);
                       if (!m)
                           return later(this, context, [done, m] { done(m.error()); });
                       Message copy = *m;
                       copy.submissionId = newSubmissionId();
                       copy.createdAt = m_clock->now();
                       copy.metadata.insert(QStringLiteral("resent_from"), id);
                       QStringList route = transport.isEmpty() ? entry->transports : QStringList{transport};
                       route.removeIf([this](const QString &t) { return !m_transports.contains(t); });
                       if (route.isEmpty())
                           return later(this, context, [done] {
                               done(Error(QStringLiteral("outbox.route"),
                                          QStringLiteral("none of its transports is configured; name one")));
                           });
                       const QString newId = copy.submissionId;
                       const Route r{entry->route, route};
                       auto msg = std::make_shared<const Message>(std::move(copy));
                       m_store->write(JournalSql::insertSubmission(msg, r, DeliveryMode::Queue,
                                                                   SubmissionStatus::Queued, m_clock->nowMs(), id),
                                      this, [this, msg, r, newId, context, done](const Status &w) {
                                          if (!w)
                                              return later(this, context, [done, w] { done(w.error()); });
                                          auto *l = new Live;
                                          l->id = newId;
                                          l->route = r;
                                          l->createdMs = m_clock->nowMs();
                                          m_live.insert(newId, l);
                                          cacheBody(*l, msg);
                                          ++m_accepted;
                                          enqueue(*l, m_clock->nowMs());
                                          Q_EMIT submissionChanged(newId, SubmissionStatus::Queued);
                                          schedulePump();
                                          later(this, context, [done, newId] { done(newId); });
                                      });
                   });
}

void Outbox::query(const JournalQuery &q, QObject *context,
                   std::function<void(const Result<QList<JournalEntry>> &)> done)
{
    auto out = std::make_shared<QList<JournalEntry>>();
    m_store->write(JournalSql::query(q, out.get()), this, [this, out, context, done](const Status &s) {
        later(this, context, [done, out, s] {
            if (s)
                done(*out);
            else
                done(s.error());
        });
    });
}

void Outbox::get(const QString &id, QObject *context, std::function<void(const Result<JournalEntry> &)> done)
{
    auto out = std::make_shared<JournalEntry>();
    m_store->write(JournalSql::get(id, out.get(), nullptr), this, [this, out, context, done](const Status &s) {
        later(this, context, [done, out, s] {
            if (s)
                done(*out);
            else
                done(s.error());
        });
    });
}

void Outbox::setTransportPaused(const QString &transport, bool paused)
{
    if (TransportState *ts = transportState(transport)) {
        ts->paused = paused;
        Log::info(lcOutbox, paused ? QStringLiteral("transport_paused") : QStringLiteral("transport_resumed"),
                  {{QStringLiteral("transport"), transport}});
        schedulePump();
    }
}

bool Outbox::isTransportPaused(const QString &transport) const
{
    const TransportState *ts = m_transports.value(transport);
    return ts && ts->paused;
}

BreakerState Outbox::breakerState(const QString &transport) const
{
    const TransportState *ts = m_transports.value(transport);
    return ts ? ts->breaker.state(m_clock->nowMs()) : BreakerState::Closed;
}

void Outbox::resetBreaker(const QString &transport)
{
    if (TransportState *ts = transportState(transport)) {
        ts->breaker.reset();
        schedulePump();
    }
}

void Outbox::prune(QObject *context, StatusCallback done)
{
    auto deleted = std::make_shared<int>(0);
    const qint64 now = m_clock->nowMs();
    const qint64 retentionMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_config.retention).count();
    m_store->write(
        JournalSql::prune(now - retentionMs, now, deleted.get()), this,
        [this, deleted, context, done](const Status &s) {
            if (s && *deleted > 0)
                Log::info(lcOutbox, QStringLiteral("journal_pruned"), {{QStringLiteral("deleted"), *deleted}});
            if (done)
                later(this, context, [done, s] { done(s); });
        });
}

OutboxMetrics Outbox::metrics() const
{
    OutboxMetrics m;
    const qint64 now = m_clock->nowMs();
    qint64 oldest = 0;
    for (const Live *l : m_live) {
        m.live[l->status] += 1;
        if (oldest == 0 || l->createdMs < oldest)
            oldest = l->createdMs;
    }
    m.oldestLiveAgeMs = oldest ? std::max<qint64>(0, now - oldest) : 0;
    m.attempts = m_attemptCounts;
    for (const TransportState *ts : m_transports) {
        m.breakers.insert(ts->name, ts->breaker.state(now));
        m.paused.insert(ts->name, ts->paused);
    }
    m.accepted = m_accepted;
    m.sent = m_sent;
    m.failed = m_failed;
    const StoreStats st = m_store->stats();
    m.commits = st.commits;
    m.writeOps = st.writeOps;
    m.commitMicros = st.commitMicros;
    m.commitBuckets = st.bucketCounts;
    return m;
}

bool Outbox::isHealthy() const
{
    return m_store && m_store->isHealthy() && !m_stopping;
}

void Outbox::flush()
{
    m_store->flush();
}

Outbox::TransportState *Outbox::transportState(const QString &name)
{
    return m_transports.value(name);
}

void Outbox::cacheBody(Live &live, std::shared_ptr<const Message> m)
{
    dropBody(live);
    const qint64 size = m->contentSize() + 512;
    if (m_cachedBytes + size > kBodyCacheBytes && !live.inFlight)
        return; // re-read from the store when due; memory stays bounded under any backlog
    live.message = std::move(m);
    live.cachedBytes = size;
    m_cachedBytes += size;
}

void Outbox::dropBody(Live &live)
{
    m_cachedBytes -= live.cachedBytes;
    live.cachedBytes = 0;
    live.message.reset();
}

} // namespace Postrider
