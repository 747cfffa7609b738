#pragma once

#include <QHash>
#include <QString>

#include <list>

namespace Postrider {

/// \brief A token bucket: starts full at `capacity`, refills `capacity / intervalMs` tokens per
/// millisecond, one token per request; a refused request spends nothing (Posthorn §2.10).
class TokenBucket
{
public:
    TokenBucket() = default;
    TokenBucket(double capacity, qint64 intervalMs, qint64 nowMs);

    bool tryTake(qint64 nowMs);
    /// Milliseconds until a token is available (0 = now).
    qint64 msUntilToken(qint64 nowMs) const;
    double tokens(qint64 nowMs) const;
    bool isLimited() const { return m_capacity > 0; }

private:
    void refill(qint64 nowMs);
    double m_capacity = 0;
    double m_perMs = 0;
    double m_tokens = 0;
    qint64 m_lastMs = 0;
};

/// \brief Token buckets keyed by client IP or API key, holding at most `maxKeys` keys: the least
/// recently used key is evicted (and comes back with a full bucket), so memory stays bounded
/// whatever the number of clients.
class KeyedRateLimiter
{
public:
    static constexpr int kDefaultMaxKeys = 10'000;

    KeyedRateLimiter(qint64 count, qint64 intervalMs, int maxKeys = kDefaultMaxKeys);
    bool allow(const QString &key, qint64 nowMs);
    /// Milliseconds until `key` gets a token (for Retry-After).
    qint64 retryAfterMs(const QString &key, qint64 nowMs) const;
    int trackedKeys() const { return int(m_lru.size()); }

private:
    struct Entry
    {
        QString key;
        TokenBucket bucket;
    };
    qint64 m_count;
    qint64 m_intervalMs;
    int m_maxKeys;
    std::list<Entry> m_lru; ///< most recently used first
    QHash<QString, std::list<Entry>::iterator> m_index;
};

} // namespace Postrider
