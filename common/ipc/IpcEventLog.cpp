#include "IpcEventLog.h"

#include "IpcMessage.h"

namespace Postrider::Ipc {

IpcEventLog::IpcEventLog(int capacity)
    : m_capacity(std::max(1, capacity))
{ }

QJsonObject IpcEventLog::append(const QString &event, const QJsonObject &data)
{
    const QJsonObject frame = eventFrame(event, ++m_lastSeq, data);
    m_events.push_back(frame);
    while (int(m_events.size()) > m_capacity)
        m_events.pop_front();
    return frame;
}

IpcEventLog::Replay IpcEventLog::since(quint64 seq) const
{
    Replay r;
    if (seq >= m_lastSeq)
        return r;
    const quint64 oldest = m_lastSeq - quint64(m_events.size()) + 1;
    r.complete = seq + 1 >= oldest;
    const quint64 from = std::max(seq + 1, oldest);
    for (auto it = m_events.begin() + qsizetype(from - oldest); it != m_events.end(); ++it)
        r.events.append(*it);
    return r;
}

} // namespace Postrider::Ipc
