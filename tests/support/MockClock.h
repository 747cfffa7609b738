#pragma once

#include "core/Clock.h"

#include <QList>
#include <QPointer>

namespace Postrider::Test {

/// \brief A Clock that stands still until a test advances it. Scheduled callbacks run, in due
/// order, inside advance(); callbacks that schedule more work inside the advanced window run too.
class MockClock final : public Clock
{
public:
    explicit MockClock(const QDateTime &start = QDateTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC));

    QDateTime now() const override;
    qint64 steadyMs() const override { return m_steadyMs; }
    TimerId schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override;
    void cancel(TimerId id) override;

    /// Moves time forward by `ms`, firing every callback that falls due, in order.
    void advance(qint64 ms);
    /// Sets the wall clock without firing anything (the steady clock never goes back).
    void setNow(const QDateTime &now);
    /// Number of callbacks still waiting.
    int pending() const;
    /// Delay until the next pending callback, or -1.
    qint64 nextDueIn() const;

private:
    struct Entry
    {
        TimerId id;
        qint64 dueSteady;
        QPointer<QObject> context;
        bool hadContext;
        std::function<void()> fn;
    };
    qint64 m_wallMs;
    qint64 m_steadyMs = 0;
    TimerId m_next = 0;
    QList<Entry> m_entries;
};

} // namespace Postrider::Test
