#include "AuthLockout.h"

#include "SmtpLimits.h"

#include "core/Clock.h"

#include <utility>

namespace Postrider {

AuthLockout::AuthLockout(Clock *clock, int maxFailures, qint64 lockoutMs)
    : m_clock(clock)
    , m_maxFailures(qMax(1, maxFailures))
    , m_lockoutMs(lockoutMs)
{ }

bool AuthLockout::isLocked(const QHostAddress &address)
{
    const auto it = m_entries.find(address);
    if (it == m_entries.end())
        return false;
    const qint64 now = m_clock->steadyMs();
    if (it->lockedUntilMs > now)
        return true;
    if (it->lockedUntilMs != 0 || now - it->lastFailureMs >= m_lockoutMs) {
        // The lockout is over, or the failures are older than a lockout: start afresh.
        m_entries.erase(it);
    }
    return false;
}

bool AuthLockout::recordFailure(const QHostAddress &address)
{
    if (isLocked(address))
        return false;
    if (!m_entries.contains(address) && m_entries.size() >= SmtpLimits::kMaxLockoutEntries)
        evictOldest();
    Entry &e = m_entries[address];
    e.lastFailureMs = m_clock->steadyMs();
    if (++e.failures < m_maxFailures)
        return false;
    e.lockedUntilMs = e.lastFailureMs + m_lockoutMs;
    return true;
}

void AuthLockout::recordSuccess(const QHostAddress &address)
{
    m_entries.remove(address);
}

void AuthLockout::evictOldest()
{
    // Drop the address with the oldest failure, preferring ones that are not locked, so a flood of
    // new addresses cannot free a locked-out one.
    const qint64 now = m_clock->steadyMs();
    const auto rank = [now](const Entry &e) { return std::pair(e.lockedUntilMs > now, e.lastFailureMs); };
    auto victim = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (victim == m_entries.end() || rank(*it) < rank(*victim))
            victim = it;
    if (victim != m_entries.end())
        m_entries.erase(victim);
}

} // namespace Postrider
