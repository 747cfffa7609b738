#pragma once

#include <QDateTime>
#include <QObject>

#include <functional>

namespace Postrider {

/// \brief The source of time for everything that waits: retries, backoff, rate limits, token
/// expiry, timeouts. Production code uses Clock::system(); tests inject a MockClock
/// (tests/support) and advance it explicitly, so no test sleeps to win a race.
class Clock
{
public:
    using TimerId = quint64;

    virtual ~Clock() = default;
    /// Wall-clock time in UTC.
    virtual QDateTime now() const = 0;
    /// Milliseconds since the Unix epoch (wall clock).
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    /// Monotonic milliseconds for measuring intervals; never jumps backwards.
    virtual qint64 steadyMs() const = 0;
    /// Runs `fn` on `context`'s thread once `delayMs` have passed on this clock, unless cancelled
    /// or `context` is destroyed first. Returns an id for cancel(); never 0.
    virtual TimerId schedule(qint64 delayMs, QObject *context, std::function<void()> fn) = 0;
    virtual void cancel(TimerId id) = 0;

    /// The real clock (QDateTime + QElapsedTimer + QTimer). Thread-safe.
    static Clock *system();
};

} // namespace Postrider
