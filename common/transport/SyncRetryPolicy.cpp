#include "SyncRetryPolicy.h"

#include "core/Clock.h"

#include <QMetaObject>
#include <QPointer>

namespace Postrider {

struct SyncRetryPolicy::Run
{
    QPointer<Transport> transport;
    Message message;
    SendOptions options;
    Callback done;
    Log::Fields context;
    qint64 startedMs = 0;
    int attempts = 0;
    bool finished = false;
    Clock::TimerId deadline = 0;
    Clock::TimerId retryTimer = 0;
};

SyncRetryPolicy::SyncRetryPolicy(Clock *clock, QObject *parent)
    : SyncRetryPolicy(clock, Timing(), parent)
{ }

SyncRetryPolicy::SyncRetryPolicy(Clock *clock, Timing timing, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_timing(timing)
{ }

SyncRetryPolicy::~SyncRetryPolicy() = default;

qint64 SyncRetryPolicy::retryDelayMs(const SendResult &failure) const
{
    switch (failure.outcome) {
    case Outcome::Transient:
        return m_timing.transientDelayMs;
    case Outcome::RateLimited:
        // Posthorn waited a fixed 5 s. We honour the provider's Retry-After in both directions
        // (sooner when it allows, later when it asks); the budget check then decides whether a
        // retry still fits, so a long Retry-After ends the sync send at once.
        return failure.retryAfterMs >= 0 ? failure.retryAfterMs : m_timing.rateLimitedDelayMs;
    case Outcome::Sent:
    case Outcome::Terminal:
        break;
    }
    return -1;
}

void SyncRetryPolicy::run(Transport *transport, const Message &message, const SendOptions &options, Callback done,
                          const Log::Fields &context)
{
    auto r = std::make_shared<Run>();
    r->transport = transport;
    r->message = message;
    r->options = options;
    r->done = std::move(done);
    r->context = context;
    r->startedMs = m_clock->steadyMs();
    ++m_active;
    // The budget also bounds an attempt that outlives it (Posthorn's context deadline); its
    // late result is then ignored.
    r->deadline = m_clock->schedule(m_timing.budgetMs, this, [this, r] {
        r->deadline = 0;
        if (r->finished)
            return;
        const SendResult timeout = SendResult::failure(
            Outcome::Transient, QStringLiteral("send budget of %1 ms exhausted").arg(m_timing.budgetMs), 0,
            QStringLiteral("timeout"));
        if (r->attempts > 1) {
            Log::Fields f = r->context;
            f.append({QStringLiteral("error"), timeout.describe()});
            Log::info(lcTransport, QStringLiteral("send_retry_failed"), f);
        }
        complete(r, timeout);
    });
    attempt(r);
}

void SyncRetryPolicy::attempt(const std::shared_ptr<Run> &r)
{
    if (!r->transport) {
        QMetaObject::invokeMethod(
            this,
            [this, r] {
                complete(r,
                         SendResult::failure(Outcome::Terminal, QStringLiteral("transport is gone"), 0,
                                             QStringLiteral("transport.unavailable")));
            },
            Qt::QueuedConnection);
        return;
    }
    SendOptions opts = r->options;
    opts.attempt = r->options.attempt + r->attempts;
    ++r->attempts;
    QPointer<SyncRetryPolicy> self(this);
    r->transport->send(r->message, opts, [self, r](const SendResult &result) {
        if (self && !r->finished)
            self->onResult(r, result);
    });
}

void SyncRetryPolicy::onResult(const std::shared_ptr<Run> &r, const SendResult &result)
{
    if (r->attempts > 1) {
        if (result.ok()) {
            Log::info(lcTransport, QStringLiteral("send_retry_succeeded"), r->context);
        } else {
            Log::Fields f = r->context;
            f.append({QStringLiteral("error"), result.describe()});
            Log::info(lcTransport, QStringLiteral("send_retry_failed"), f);
        }
        complete(r, result);
        return;
    }
    const qint64 delay = result.ok() ? -1 : retryDelayMs(result);
    const qint64 elapsed = m_clock->steadyMs() - r->startedMs;
    // If the budget would run out during the wait, skip the retry and return this error.
    if (delay < 0 || elapsed + delay >= m_timing.budgetMs) {
        complete(r, result);
        return;
    }
    Log::Fields f = r->context;
    f.append({QStringLiteral("class"), outcomeName(result.outcome)});
    f.append({QStringLiteral("status"), result.status});
    f.append({QStringLiteral("delay"), double(delay) * 1'000'000.0}); // nanoseconds, as Go's Duration
    Log::info(lcTransport, QStringLiteral("send_retry_scheduled"), f);
    r->retryTimer = m_clock->schedule(delay, this, [this, r] {
        r->retryTimer = 0;
        if (!r->finished)
            attempt(r);
    });
}

void SyncRetryPolicy::complete(const std::shared_ptr<Run> &r, const SendResult &result)
{
    if (r->finished)
        return;
    r->finished = true;
    --m_active;
    if (r->deadline)
        m_clock->cancel(r->deadline);
    if (r->retryTimer)
        m_clock->cancel(r->retryTimer);
    r->deadline = r->retryTimer = 0;
    if (r->done)
        r->done(result, r->attempts);
}

} // namespace Postrider
