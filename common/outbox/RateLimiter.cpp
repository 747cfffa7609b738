#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace Postrider {

TokenBucket::TokenBucket(double capacity, qint64 intervalMs, qint64 nowMs)
    : m_capacity(capacity)
    , m_perMs(intervalMs > 0 ? capacity / double(intervalMs) : 0)
    , m_tokens(capacity)
    , m_lastMs(nowMs)
{ }

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_capacity, m_tokens + double(nowMs - m_lastMs) * m_perMs);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (m_capacity <= 0)
        return true;
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

double TokenBucket::tokens(qint64 nowMs) const
{
    if (nowMs <= m_lastMs)
        return m_tokens;
    return std::min(m_capacity, m_tokens + double(nowMs - m_lastMs) * m_perMs);
}

qint64 TokenBucket::msUntilToken(qint64 nowMs) const
{
    if (m_capacity <= 0)
        return 0;
    const double have = tokens(nowMs);
    if (have >= 1.0 || m_perMs <= 0)
        return have >= 1.0 ? 0 : -1;
    return qint64(std::ceil((1.0 - have) / m_perMs));
}

KeyedRateLimiter::KeyedRateLimiter(qint64 count, qint64 intervalMs, int maxKeys)
    : m_count(count)
    , m_intervalMs(intervalMs)
    , m_maxKeys(maxKeys > 0 ? maxKeys : kDefaultMaxKeys)
{ }

bool KeyedRateLimiter::allow(const QString &key, qint64 nowMs)
{
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        if (int(m_lru.size()) >= m_maxKeys) {
            m_index.remove(m_lru.back().key);
            m_lru.pop_back();
        }
        m_lru.push_front({key, TokenBucket(double(m_count), m_intervalMs, nowMs)});
        it = m_index.insert(key, m_lru.begin());
    } else if (*it != m_lru.begin()) {
        m_lru.splice(m_lru.begin(), m_lru, *it);
    }
    return m_lru.front().bucket.tryTake(nowMs);
}

qint64 KeyedRateLimiter::retryAfterMs(const QString &key, qint64 nowMs) const
{
    const auto it = m_index.constFind(key);
    return it == m_index.cend() ? 0 : (*it)->bucket.msUntilToken(nowMs);
}

} // namespace Postrider
