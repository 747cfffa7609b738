#include "Clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace Postrider {

namespace {

class SystemClock final : public Clock
{
public:
    SystemClock() { m_steady.start(); }

    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    qint64 steadyMs() const override { return m_steady.elapsed(); }

    TimerId schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override
    {
        auto *timer = new QTimer(context);
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
        TimerId id;
        {
            QMutexLocker lock(&m_mutex);
            id = ++m_next;
            m_timers.insert(id, timer);
        }
        QObject::connect(timer, &QTimer::timeout, timer, [this, id, timer, fn = std::move(fn)] {
            {
                QMutexLocker lock(&m_mutex);
                m_timers.remove(id);
            }
            timer->deleteLater();
            fn();
        });
        QObject::connect(timer, &QObject::destroyed, [this, id] {
            QMutexLocker lock(&m_mutex);
            m_timers.remove(id);
        });
        timer->start(int(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max())));
        return id;
    }

    void cancel(TimerId id) override
    {
        QPointer<QTimer> timer;
        {
            QMutexLocker lock(&m_mutex);
            timer = m_timers.take(id);
        }
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
    }

private:
    QElapsedTimer m_steady;
    QMutex m_mutex;
    QHash<TimerId, QPointer<QTimer>> m_timers;
    TimerId m_next = 0;
};

} // namespace

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

} // namespace Postrider
