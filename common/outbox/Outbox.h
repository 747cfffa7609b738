#pragma once

#include "CircuitBreaker.h"
#include "OutboxTypes.h"
#include "RateLimiter.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>

#include <map>
#include <memory>

namespace Postrider {

class Clock;
class OutboxStore;
class SyncRetryPolicy;
class Transport;
class TransportRegistry;

/// \brief Counters and gauges for /metrics (a snapshot).
struct OutboxMetrics
{
    QHash<SubmissionStatus, qint64> live; ///< queued / sending / deferred counts
    qint64 oldestLiveAgeMs = 0;
    QHash<QString, QHash<Outcome, quint64>> attempts; ///< transport → outcome → count
    QHash<QString, BreakerState> breakers;
    QHash<QString, bool> paused;
    quint64 accepted = 0;
    quint64 sent = 0;
    quint64 failed = 0;
    quint64 commits = 0;
    quint64 writeOps = 0;
    quint64 commitMicros = 0;
    std::array<quint64, 12> commitBuckets{};
};

/// \brief The durable outbox: every ingress hands its messages here; "accepted" means committed.
///
/// submit() persists the message (group commit on the store thread) and then either answers
/// (`queue`) or makes the first delivery attempts under Posthorn's synchronous policy and answers
/// with the outcome (`sync`; a failed sync message stays `failed` in the journal). Queued messages
/// are delivered by the scheduler on the event loop: per-transport queues ordered by due time,
/// failover along the route, exponential backoff with jitter, Retry-After, a circuit breaker,
/// a concurrency limit and an optional rate per transport, pause/resume, give-up age and attempt
/// limit. Everything that waits reads the injected Clock.
class Outbox final : public QObject
{
    Q_OBJECT
public:
    /// How long a remembered idempotent response is replayed (decisions §5).
    static constexpr qint64 kIdempotencyTtlMs = 24LL * 3600 * 1000;
    /// Bytes of message bodies kept in memory for queued messages; beyond that they are re-read.
    static constexpr qint64 kBodyCacheBytes = 16LL << 20;
    /// How often retention pruning and the give-up sweep run.
    static constexpr qint64 kMaintenanceIntervalMs = 60'000;

    static Result<std::unique_ptr<Outbox>> open(const OutboxConfig &config, TransportRegistry *transports, Clock *clock,
                                                QObject *parent = nullptr);
    ~Outbox() override;

    using SubmitCallback = std::function<void(const Result<SubmitReceipt> &)>;
    /// Persists and routes `message`. `done` runs on `context`'s thread, exactly once.
    void submit(Message message, const Route &route, SubmitOptions options, QObject *context, SubmitCallback done);

    enum class IdempotencyState { Fresh, InFlight, Replay, Conflict };
    using IdempotencyCallback = std::function<void(IdempotencyState, const StoredResponse &)>;
    /// Looks up / claims an idempotency key. `Fresh` means the caller now holds the claim and must
    /// end it with finishIdempotent(), releaseIdempotent() or a submit() carrying the key.
    void beginIdempotent(const IdempotencyKey &key, QObject *context, IdempotencyCallback done);
    /// Remembers `response` for 24 h and ends the claim.
    void finishIdempotent(const IdempotencyKey &key, const StoredResponse &response);
    /// Ends the claim without remembering anything (the next request with the key runs afresh).
    void releaseIdempotent(const IdempotencyKey &key);

    // Journal operations (admin interface)
    using StatusCallback = std::function<void(const Status &)>;
    void retryNow(const QString &id, QObject *context, StatusCallback done);
    void cancel(const QString &id, QObject *context, StatusCallback done);
    /// A new submission from a stored one, optionally through another transport.
    void resend(const QString &id, const QString &transport, QObject *context,
                std::function<void(const Result<QString> &)> done);
    void query(const JournalQuery &query, QObject *context,
               std::function<void(const Result<QList<JournalEntry>> &)> done);
    void get(const QString &id, QObject *context, std::function<void(const Result<JournalEntry> &)> done);
    void setTransportPaused(const QString &transport, bool paused);
    bool isTransportPaused(const QString &transport) const;
    BreakerState breakerState(const QString &transport) const;
    void resetBreaker(const QString &transport);
    /// Deletes final submissions older than the retention and expired idempotency records.
    void prune(QObject *context = nullptr, StatusCallback done = {});

    OutboxMetrics metrics() const;
    bool isHealthy() const;
    int liveCount() const { return int(m_live.size()); }
    const OutboxConfig &config() const { return m_config; }
    /// Stops starting attempts and calls `done` when in-flight attempts ended or `deadlineMs` passed,
    /// after flushing every journal write.
    void shutdown(qint64 deadlineMs, std::function<void()> done);
    /// Blocks until every queued journal write is committed (tests, shutdown).
    void flush();

Q_SIGNALS:
    /// A submission changed status (for the admin app's live view).
    void submissionChanged(const QString &id, Postrider::SubmissionStatus status);

private:
    struct Live;
    struct TransportState;
    using Queue = std::multimap<qint64, QString>;

    Outbox(const OutboxConfig &config, TransportRegistry *transports, Clock *clock, QObject *parent);
    Status recover();
    void schedulePump();
    void pump();
    void dispatch(Live &live, TransportState &ts);
    void startAttempt(const QString &id, const QString &transport);
    void onAttemptResult(const QString &id, const QString &transport, qint64 startedWallMs, const SendResult &r);
    void finalize(Live &live, SubmissionStatus status, const SendResult *last, const QString &transport);
    void enqueue(Live &live, qint64 dueMs);
    void dequeue(Live &live);
    void loadBodies(const QStringList &ids);
    void runSync(const QString &id);
    void maintenance();
    void releaseWhenDone(const IdempotencyKey &key, const StoredResponse &response);
    TransportState *transportState(const QString &name);
    void cacheBody(Live &live, std::shared_ptr<const Message> m);
    void dropBody(Live &live);

    OutboxConfig m_config;
    TransportRegistry *m_registry;
    Clock *m_clock;
    std::unique_ptr<OutboxStore> m_store;
    QHash<QString, Live *> m_live;
    QHash<QString, TransportState *> m_transports;
    QSet<QString> m_inFlightKeys;
    QSet<QString> m_loading;
    qint64 m_cachedBytes = 0;
    bool m_pumpScheduled = false;
    quint64 m_wakeTimer = 0;
    qint64 m_wakeAtMs = -1;
    quint64 m_maintenanceTimer = 0;
    qint64 m_lastPruneMs = 0;
    bool m_stopping = false;
    int m_inFlightTotal = 0;
    std::function<void()> m_onDrained;
    QRandomGenerator m_random;
    SyncRetryPolicy *m_syncPolicy = nullptr; ///< decides sync-mode retries (Posthorn §2.18)
    // metrics
    quint64 m_accepted = 0;
    quint64 m_sent = 0;
    quint64 m_failed = 0;
    QHash<QString, QHash<Outcome, quint64>> m_attemptCounts;
};

} // namespace Postrider
