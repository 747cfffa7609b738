#pragma once

#include "OutboxTypes.h"

namespace Postrider {

/// \brief Per-transport circuit breaker. Closed until `failureThreshold` consecutive transient
/// failures; then Open (no attempts) for a cool-down that doubles on every failed probe up to
/// `maxOpenMs`; then HalfOpen, where exactly one probe attempt may run: success closes it,
/// failure opens it again. Terminal answers and 429s prove the provider is up and reset the count.
class CircuitBreaker
{
public:
    static constexpr int kFailureThreshold = 5;
    static constexpr qint64 kOpenMs = 30'000;
    static constexpr qint64 kMaxOpenMs = 300'000;

    struct Policy
    {
        int failureThreshold = kFailureThreshold;
        qint64 openMs = kOpenMs;
        qint64 maxOpenMs = kMaxOpenMs;
    };

    CircuitBreaker() = default;
    explicit CircuitBreaker(Policy policy)
        : m_policy(policy)
    { }

    BreakerState state(qint64 nowMs) const;
    /// May an attempt start now? In HalfOpen this claims the single probe slot.
    bool tryAcquire(qint64 nowMs);
    /// Reports an attempt's outcome (every acquired attempt must report exactly once).
    void record(Outcome outcome, qint64 nowMs);
    /// When Open: the moment it turns HalfOpen.
    qint64 halfOpenAtMs() const { return m_openUntilMs; }
    int consecutiveFailures() const { return m_failures; }
    /// Closes the breaker by hand (admin "reset").
    void reset();

private:
    Policy m_policy;
    int m_failures = 0;
    bool m_open = false;
    bool m_probeInFlight = false;
    qint64 m_openUntilMs = 0;
    qint64 m_currentOpenMs = 0;
};

/// Delay before the next round of attempts for a submission that failed transiently `round`
/// times (1-based): exponential from kBackoffBaseMs, capped at kBackoffCapMs, with ±20 % jitter
/// from `random01` ∈ [0,1) so a recovered provider is not hit by every message at once.
inline constexpr qint64 kBackoffBaseMs = 5'000;
inline constexpr qint64 kBackoffCapMs = 600'000;
qint64 backoffDelayMs(int round, double random01);

} // namespace Postrider
