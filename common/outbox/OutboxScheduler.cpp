// The delivery half of Outbox: per-transport queues, dispatch, attempt results, failover,
// backoff, circuit breakers, the synchronous policy, maintenance and shutdown.

#include "JournalSql.h"
#include "OutboxPrivate.h"
#include "OutboxStore.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "transport/SyncRetryPolicy.h"
#include "transport/Transport.h"

namespace Postrider {

void Outbox::enqueue(Live &live, qint64 dueMs)
{
    dequeue(live);
    TransportState *ts = transportState(live.currentTransport());
    if (!ts)
        return;
    live.dueMs = dueMs;
    live.queuedOn = ts->name;
    live.pos = ts->queue.emplace(dueMs, live.id);
}

void Outbox::dequeue(Live &live)
{
    if (live.queuedOn.isEmpty())
        return;
    if (TransportState *ts = transportState(live.queuedOn))
        ts->queue.erase(live.pos);
    live.queuedOn.clear();
}

void Outbox::schedulePump()
{
    if (m_pumpScheduled || m_stopping)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(this, &Outbox::pump, Qt::QueuedConnection);
}

void Outbox::pump()
{
    m_pumpScheduled = false;
    if (m_stopping)
        return;
    const qint64 now = m_clock->nowMs();
    qint64 wake = -1;
    const auto consider = [&](qint64 t) {
        if (t > now && (wake < 0 || t < wake))
            wake = t;
    };
    QStringList toLoad;
    bool needAnotherPass = false;
    for (TransportState *ts : std::as_const(m_transports)) {
        if (ts->queue.empty() || ts->paused)
            continue;
        if (ts->throttledUntilMs > now) {
            consider(ts->throttledUntilMs);
            continue;
        }
        if (ts->breaker.state(now) == BreakerState::Open) {
            // Fail over what is due to the next transport of its route; the rest waits for the probe.
            QStringList move;
            for (auto it = ts->queue.begin(); it != ts->queue.end() && it->first <= now; ++it)
                move.append(it->second);
            bool moved = false;
            for (const QString &id : move) {
                Live *l = m_live.value(id);
                if (l && l->transportIndex + 1 < l->route.transports.size()) {
                    ++l->transportIndex;
                    enqueue(*l, now);
                    moved = true;
                }
            }
            // The next transport may already have had its turn in this pass.
            if (moved)
                needAnotherPass = true;
            consider(ts->breaker.halfOpenAtMs());
            continue;
        }
        while (!ts->queue.empty() && ts->inFlight < ts->maxConcurrency) {
            const auto first = ts->queue.begin();
            if (first->first > now) {
                consider(first->first);
                break;
            }
            if (const qint64 wait = ts->rate.msUntilToken(now); ts->rate.isLimited() && wait != 0) {
                consider(now + std::max<qint64>(1, wait));
                break;
            }
            if (!ts->breaker.tryAcquire(now))
                break; // half-open: the single probe is already out
            ts->rate.tryTake(now);
            Live *l = m_live.value(first->second);
            dequeue(*l);
            l->inFlight = true;
            ++ts->inFlight;
            ++m_inFlightTotal;
            l->status = SubmissionStatus::Sending;
            m_store->post(JournalSql::markSending(l->id, now));
            Q_EMIT submissionChanged(l->id, SubmissionStatus::Sending);
            if (l->message)
                startAttempt(l->id, ts->name);
            else
                toLoad.append(l->id);
        }
        if (!ts->queue.empty() && ts->inFlight < ts->maxConcurrency)
            consider(ts->queue.begin()->first);
    }
    for (qsizetype i = 0; i < toLoad.size(); i += kLoadBatch)
        loadBodies(toLoad.mid(i, kLoadBatch));
    if (needAnotherPass)
        schedulePump();
    if (wake >= 0 && (m_wakeAtMs < 0 || wake < m_wakeAtMs || m_wakeAtMs <= now)) {
        if (m_wakeTimer)
            m_clock->cancel(m_wakeTimer);
        m_wakeAtMs = wake;
        m_wakeTimer = m_clock->schedule(wake - now, this, [this] {
            m_wakeTimer = 0;
            m_wakeAtMs = -1;
            pump();
        });
    }
}

void Outbox::loadBodies(const QStringList &ids)
{
    auto bodies = std::make_shared<QHash<QString, QByteArray>>();
    for (const QString &id : ids)
        m_loading.insert(id);
    m_store->read(JournalSql::loadBodies(ids, bodies.get()), this, [this, ids, bodies](const Status &s) {
        for (const QString &id : ids) {
            m_loading.remove(id);
            Live *l = m_live.value(id);
            if (!l)
                continue;
            const auto raw = bodies->constFind(id);
            auto m = raw == bodies->cend()
                ? Result<Message>(Error(QStringLiteral("outbox.no_body"),
                                        s ? QStringLiteral("stored body missing") : s.error().message))
                : Message::deserialize(*raw);
            if (!m) {
                // Without a body nothing can ever be sent: fail it visibly rather than loop.
                SendResult r = SendResult::failure(Outcome::Terminal, m.error().message, 0, m.error().code);
                TransportState *ts = transportState(l->currentTransport());
                if (ts) {
                    --ts->inFlight;
                    ts->breaker.record(Outcome::Terminal, m_clock->nowMs());
                }
                --m_inFlightTotal;
                l->inFlight = false;
                finalize(*l, SubmissionStatus::Failed, &r, l->currentTransport());
                continue;
            }
            cacheBody(*l, std::make_shared<const Message>(std::move(*m)));
            if (!l->message) // over the cache budget: keep it just for this attempt
                l->message = std::make_shared<const Message>(*Message::deserialize(*raw));
            startAttempt(id, l->currentTransport());
        }
        schedulePump();
    });
}

void Outbox::startAttempt(const QString &id, const QString &transport)
{
    Live *l = m_live.value(id);
    TransportState *ts = transportState(transport);
    if (!l || !ts || !l->message)
        return;
    SendOptions opts;
    opts.idempotencyKey = id;
    opts.attempt = l->attempts + 1;
    const qint64 startedWall = m_clock->nowMs();
    std::shared_ptr<const Message> keep = l->message;
    ts->transport->send(*keep, opts, [this, id, transport, startedWall, keep](const SendResult &r) {
        onAttemptResult(id, transport, startedWall, r);
    });
}

void Outbox::onAttemptResult(const QString &id, const QString &transport, qint64 startedWallMs, const SendResult &r)
{
    const qint64 now = m_clock->nowMs();
    if (TransportState *ts = transportState(transport)) {
        --ts->inFlight;
        ts->breaker.record(r.outcome, now);
        if (r.outcome == Outcome::RateLimited)
            ts->throttledUntilMs =
                now + std::clamp<qint64>(r.retryAfterMs >= 0 ? r.retryAfterMs : kDefaultThrottleMs, 0, kMaxThrottleMs);
    }
    --m_inFlightTotal;
    m_attemptCounts[transport][r.outcome] += 1;
    Live *l = m_live.value(id);
    if (l) {
        l->inFlight = false;
        ++l->attempts;
        AttemptRecord a;
        a.submissionId = id;
        a.attempt = l->attempts;
        a.transport = transport;
        a.startedMs = startedWallMs;
        a.durationMs = r.latencyMs;
        a.outcome = r.outcome;
        a.status = r.status;
        a.errorCode = r.errorCode;
        a.providerMessageId = r.messageId;
        a.error = r.ok() ? QString() : r.message;
        m_store->post(JournalSql::insertAttempt(a));
    }
    if (!l) {
        schedulePump();
        return;
    }
    if (l->mode == DeliveryMode::Sync && l->syncDone) {
        const qint64 elapsed = m_clock->steadyMs() - l->syncStartedMs;
        // One retry at most, after the policy's delay, never past its budget (Posthorn §2.18).
        const qint64 delay = r.ok() ? -1 : m_syncPolicy->retryDelayMs(r);
        if (delay >= 0 && l->attempts < 2 && elapsed + delay < SyncRetryPolicy::kBudgetMs && !l->cancelRequested) {
            Log::info(lcOutbox, QStringLiteral("send_retry_scheduled"),
                      {{QStringLiteral("submission_id"), id},
                       {QStringLiteral("class"), outcomeName(r.outcome)},
                       {QStringLiteral("status"), r.status},
                       {QStringLiteral("delay"), delay * 1'000'000}});
            if (l->transportIndex + 1 < l->route.transports.size())
                ++l->transportIndex; // fail over for the retry when the route has another transport
            m_clock->schedule(delay, this, [this, id] {
                if (Live *s = m_live.value(id)) {
                    if (TransportState *ts = transportState(s->currentTransport())) {
                        s->inFlight = true;
                        ++ts->inFlight;
                        ++m_inFlightTotal;
                        startAttempt(id, ts->name);
                    }
                }
            });
            return;
        }
        if (l->attempts > 1)
            Log::info(
                lcOutbox, r.ok() ? QStringLiteral("send_retry_succeeded") : QStringLiteral("send_retry_failed"),
                r.ok() ? Log::Fields{{QStringLiteral("submission_id"), id}}
                       : Log::Fields{{QStringLiteral("submission_id"), id}, {QStringLiteral("error"), r.describe()}});
        SubmitReceipt receipt;
        receipt.submissionId = id;
        receipt.status = r.ok() ? SubmissionStatus::Sent
                                : (l->cancelRequested ? SubmissionStatus::Cancelled : SubmissionStatus::Failed);
        receipt.transport = transport;
        receipt.result = r;
        receipt.attempts = l->attempts;
        auto done = std::move(l->syncDone);
        finalize(*l, receipt.status, &r, transport);
        done(receipt);
        schedulePump();
        return;
    }
    if (r.ok()) {
        finalize(*l, SubmissionStatus::Sent, &r, transport);
    } else if (r.outcome == Outcome::Terminal) {
        finalize(*l, SubmissionStatus::Failed, &r, transport);
    } else if (l->cancelRequested) {
        finalize(*l, SubmissionStatus::Cancelled, &r, transport);
    } else {
        const qint64 giveUpMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_config.giveUpAfter).count();
        const bool tooOld = giveUpMs > 0 && now - l->createdMs >= giveUpMs;
        const bool tooMany = m_config.maxAttempts > 0 && l->attempts >= m_config.maxAttempts;
        if (tooOld || tooMany) {
            SendResult gaveUp = r;
            gaveUp.message = QStringLiteral("gave up after %1 attempt(s)%2: %3")
                                 .arg(l->attempts)
                                 .arg(tooOld ? QStringLiteral(" (older than give_up_after)") : QString())
                                 .arg(r.message);
            finalize(*l, SubmissionStatus::Failed, &gaveUp, transport);
        } else {
            qint64 due = now;
            if (l->transportIndex + 1 < l->route.transports.size()) {
                ++l->transportIndex; // fail over at once
            } else {
                const int rounds = std::max(1, l->attempts / int(l->route.transports.size()));
                l->transportIndex = 0;
                due = now
                    + std::max(backoffDelayMs(rounds, m_random.generateDouble()),
                               std::min(r.retryAfterMs, kMaxThrottleMs));
            }
            l->status = SubmissionStatus::Deferred;
            JournalSql::StateUpdate u;
            u.id = id;
            u.status = SubmissionStatus::Deferred;
            u.attempts = l->attempts;
            u.transportIndex = l->transportIndex;
            u.nextAttemptMs = due;
            u.nowMs = now;
            u.lastTransport = transport;
            u.lastOutcome = outcomeName(r.outcome);
            u.lastStatus = r.status;
            u.lastError = r.message.isNull() ? QStringLiteral("") : r.message;
            m_store->post(JournalSql::updateState(u));
            if (due > now)
                dropBody(*l); // it will wait a while: let the cache serve fresher messages
            enqueue(*l, due);
            Q_EMIT submissionChanged(id, SubmissionStatus::Deferred);
        }
    }
    if (m_stopping && m_inFlightTotal == 0 && m_onDrained) {
        auto drained = std::move(m_onDrained);
        drained();
        return;
    }
    schedulePump();
}

void Outbox::finalize(Live &live, SubmissionStatus status, const SendResult *last, const QString &transport)
{
    JournalSql::StateUpdate u;
    u.id = live.id;
    u.status = status;
    u.attempts = live.attempts;
    u.transportIndex = live.transportIndex;
    u.nowMs = m_clock->nowMs();
    u.dropBody = !m_config.storeBodies;
    if (last) {
        u.lastTransport = transport;
        u.lastOutcome = outcomeName(last->outcome);
        u.lastStatus = last->status;
        u.lastError = last->ok() ? QStringLiteral("") : last->message;
        if (last->ok())
            u.providerMessageId = last->messageId;
    }
    m_store->post(JournalSql::updateState(u));
    if (status == SubmissionStatus::Sent)
        ++m_sent;
    else if (status == SubmissionStatus::Failed)
        ++m_failed;
    if (status == SubmissionStatus::Failed && live.mode == DeliveryMode::Queue)
        Log::error(lcOutbox, QStringLiteral("submission_failed"),
                   {{QStringLiteral("submission_id"), live.id},
                    {QStringLiteral("route"), live.route.name},
                    {QStringLiteral("transport"), transport},
                    {QStringLiteral("attempts"), live.attempts},
                    {QStringLiteral("error"), last ? last->describe() : QString()}});
    dequeue(live);
    dropBody(live);
    const QString id = live.id;
    delete m_live.take(id);
    Q_EMIT submissionChanged(id, status);
}

void Outbox::runSync(const QString &id)
{
    Live *l = m_live.value(id);
    TransportState *ts = l ? transportState(l->currentTransport()) : nullptr;
    if (!l || !ts)
        return;
    l->inFlight = true;
    ++ts->inFlight;
    ++m_inFlightTotal;
    if (l->message)
        startAttempt(id, ts->name);
    else
        loadBodies({id});
}

void Outbox::maintenance()
{
    m_maintenanceTimer = m_clock->schedule(kMaintenanceIntervalMs, this, [this] { maintenance(); });
    const qint64 now = m_clock->nowMs();
    const qint64 giveUpMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_config.giveUpAfter).count();
    // Messages waiting behind an open breaker or a paused transport still age out.
    QList<Live *> expired;
    for (Live *l : std::as_const(m_live))
        if (!l->inFlight && l->mode == DeliveryMode::Queue && giveUpMs > 0 && now - l->createdMs >= giveUpMs)
            expired.append(l);
    for (Live *l : expired) {
        SendResult r =
            SendResult::failure(Outcome::Transient, QStringLiteral("gave up: not delivered within give_up_after"));
        finalize(*l, SubmissionStatus::Failed, &r, l->currentTransport());
    }
    static constexpr qint64 kPruneEveryMs = 3'600'000;
    if (now - m_lastPruneMs >= kPruneEveryMs) {
        m_lastPruneMs = now;
        prune();
    }
}

void Outbox::shutdown(qint64 deadlineMs, std::function<void()> done)
{
    m_stopping = true;
    if (m_wakeTimer) {
        m_clock->cancel(m_wakeTimer);
        m_wakeTimer = 0;
    }
    auto finished = std::make_shared<bool>(false);
    auto complete = [this, finished, done] {
        if (*finished)
            return;
        *finished = true;
        m_onDrained = nullptr;
        m_store->flush();
        done();
    };
    if (m_inFlightTotal == 0) {
        QMetaObject::invokeMethod(this, complete, Qt::QueuedConnection);
        return;
    }
    m_onDrained = complete;
    m_clock->schedule(deadlineMs, this, [this, complete] {
        Log::warn(lcOutbox, QStringLiteral("outbox shutdown deadline exceeded; attempts in progress abandoned"),
                  {{QStringLiteral("in_flight"), m_inFlightTotal}});
        complete();
    });
}

} // namespace Postrider
