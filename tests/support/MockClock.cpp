#include "MockClock.h"

#include <algorithm>

namespace Postrider::Test {

MockClock::MockClock(const QDateTime &start)
    : m_wallMs(start.toMSecsSinceEpoch())
{ }

QDateTime MockClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_wallMs, Qt::UTC);
}

Clock::TimerId MockClock::schedule(qint64 delayMs, QObject *context, std::function<void()> fn)
{
    const TimerId id = ++m_next;
    m_entries.append({id, m_steadyMs + std::max<qint64>(0, delayMs), context, context != nullptr, std::move(fn)});
    return id;
}

void MockClock::cancel(TimerId id)
{
    m_entries.removeIf([id](const Entry &e) { return e.id == id; });
}

void MockClock::advance(qint64 ms)
{
    const qint64 target = m_steadyMs + std::max<qint64>(0, ms);
    for (;;) {
        auto it = std::min_element(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) {
            return a.dueSteady != b.dueSteady ? a.dueSteady < b.dueSteady : a.id < b.id;
        });
        if (it == m_entries.end() || it->dueSteady > target)
            break;
        Entry e = std::move(*it);
        m_entries.erase(it);
        m_wallMs += e.dueSteady - m_steadyMs;
        m_steadyMs = e.dueSteady;
        if (e.hadContext && !e.context)
            continue;
        e.fn();
    }
    m_wallMs += target - m_steadyMs;
    m_steadyMs = target;
}

void MockClock::setNow(const QDateTime &now)
{
    m_wallMs = now.toMSecsSinceEpoch();
}

int MockClock::pending() const
{
    return int(m_entries.size());
}

qint64 MockClock::nextDueIn() const
{
    qint64 best = -1;
    for (const Entry &e : m_entries)
        if (best < 0 || e.dueSteady - m_steadyMs < best)
            best = e.dueSteady - m_steadyMs;
    return best;
}

} // namespace Postrider::Test
