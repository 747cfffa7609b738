#include "CircuitBreaker.h"

#include <algorithm>
#include <cmath>

namespace Postrider {

BreakerState CircuitBreaker::state(qint64 nowMs) const
{
    if (!m_open)
        return BreakerState::Closed;
    return nowMs >= m_openUntilMs ? BreakerState::HalfOpen : BreakerState::Open;
}

bool CircuitBreaker::tryAcquire(qint64 nowMs)
{
    switch (state(nowMs)) {
    case BreakerState::Closed:
        return true;
    case BreakerState::Open:
        return false;
    case BreakerState::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::record(Outcome outcome, qint64 nowMs)
{
    const bool wasProbe = m_probeInFlight;
    m_probeInFlight = false;
    if (outcome != Outcome::Transient) {
        // The provider answered: it is up, even if it refused this message.
        m_failures = 0;
        m_open = false;
        m_currentOpenMs = 0;
        return;
    }
    ++m_failures;
    if (m_open && !wasProbe)
        return; // a straggler that started before the breaker opened
    if (m_open || m_failures >= m_policy.failureThreshold) {
        m_currentOpenMs = m_currentOpenMs == 0 ? m_policy.openMs : std::min(m_currentOpenMs * 2, m_policy.maxOpenMs);
        m_open = true;
        m_openUntilMs = nowMs + m_currentOpenMs;
    }
}

void CircuitBreaker::reset()
{
    m_failures = 0;
    m_open = false;
    m_probeInFlight = false;
    m_currentOpenMs = 0;
}

qint64 backoffDelayMs(int round, double random01)
{
    const int exponent = std::clamp(round - 1, 0, 30);
    const double base = std::min<double>(double(kBackoffBaseMs) * std::pow(2.0, exponent), double(kBackoffCapMs));
    const double jitter = 0.8 + 0.4 * std::clamp(random01, 0.0, 1.0);
    return qint64(base * jitter);
}

} // namespace Postrider
