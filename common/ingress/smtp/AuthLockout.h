#pragma once

#include <QHash>
#include <QHostAddress>

namespace Postrider {

class Clock;

/// \brief Failed-AUTH accounting per client address: after `maxFailures` failures the address
/// is locked out for `lockoutMs` (read from the injected Clock), and every AUTH from it is refused
/// without checking credentials. Memory is bounded (SmtpLimits::kMaxLockoutEntries).
class AuthLockout
{
public:
    AuthLockout(Clock *clock, int maxFailures, qint64 lockoutMs);

    bool isLocked(const QHostAddress &address);
    /// Counts a failure; returns true when this failure starts a lockout.
    bool recordFailure(const QHostAddress &address);
    /// A successful AUTH forgets earlier failures of the address.
    void recordSuccess(const QHostAddress &address);
    qsizetype trackedAddresses() const { return m_entries.size(); }

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
        qint64 lockedUntilMs = 0;
    };
    void evictOldest();

    Clock *m_clock;
    int m_maxFailures;
    qint64 m_lockoutMs;
    QHash<QHostAddress, Entry> m_entries;
};

} // namespace Postrider
