#pragma once

#include <QJsonObject>
#include <QList>

#include <deque>

namespace Postrider::Ipc {

/// Events a server keeps for clients that reconnect (`events.replay`).
inline constexpr int kEventBacklog = 2048;

/// \brief The server's numbered event stream: every published event gets the next sequence
/// number (from 1, per server instance), and the most recent ones are kept for replay.
class IpcEventLog
{
public:
    explicit IpcEventLog(int capacity = kEventBacklog);

    /// Numbers and stores an event; returns its frame (`{event, seq, data}`).
    QJsonObject append(const QString &event, const QJsonObject &data);
    quint64 lastSeq() const { return m_lastSeq; }

    /// \brief Events after a sequence number; `complete` is false when some were already dropped
    /// (the client must then reload everything).
    struct Replay
    {
        QList<QJsonObject> events;
        bool complete = true;
    };
    Replay since(quint64 seq) const;

private:
    int m_capacity;
    quint64 m_lastSeq = 0;
    std::deque<QJsonObject> m_events;
};

} // namespace Postrider::Ipc
