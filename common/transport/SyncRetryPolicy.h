#pragma once

#include "Transport.h"
#include "core/Logging.h"

#include <QObject>

#include <functional>

namespace Postrider {

class Clock;

/// \brief Posthorn's in-request retry for `delivery = "sync"` (reference §2.18): one attempt;
/// after a transient failure wait 1 s and retry once; after a rate limit wait (Retry-After when
/// the provider sent one, else 5 s) and retry once; terminal failures stop. Everything runs on
/// the injected Clock inside a 10 s budget, and emits `send_retry_*` events on lcTransport.
class SyncRetryPolicy final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kBudgetMs = 10'000;
    static constexpr qint64 kTransientDelayMs = 1'000;
    static constexpr qint64 kRateLimitedDelayMs = 5'000;

    struct Timing
    {
        qint64 budgetMs = kBudgetMs;
        qint64 transientDelayMs = kTransientDelayMs;
        qint64 rateLimitedDelayMs = kRateLimitedDelayMs;
    };
    /// Final result and the number of attempts made (1 or 2).
    using Callback = std::function<void(const SendResult &result, int attempts)>;

    explicit SyncRetryPolicy(Clock *clock, QObject *parent = nullptr);
    SyncRetryPolicy(Clock *clock, Timing timing, QObject *parent = nullptr);
    ~SyncRetryPolicy() override;

    /// Delivers `message` through `transport`. `done` runs exactly once, never from inside
    /// run(), unless this policy is destroyed first. `context` fields (submission_id,
    /// endpoint, transport...) lead every event line.
    void run(Transport *transport, const Message &message, const SendOptions &options, Callback done,
             const Log::Fields &context = {});

    /// The wait before the single retry after `failure`, or -1 when it is not retried.
    qint64 retryDelayMs(const SendResult &failure) const;
    /// Runs not yet completed.
    int active() const { return m_active; }

private:
    struct Run;
    void attempt(const std::shared_ptr<Run> &run);
    void onResult(const std::shared_ptr<Run> &run, const SendResult &result);
    void complete(const std::shared_ptr<Run> &run, const SendResult &result);

    Clock *m_clock;
    Timing m_timing;
    int m_active = 0;
};

} // namespace Postrider
