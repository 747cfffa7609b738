#pragma once

#include "FrameCodec.h"

#include <QObject>

class QLocalSocket;

namespace Postrider::Ipc {

class IpcSession;

/// Bytes read from the socket per step; the decoder never holds more than a frame plus this.
inline constexpr qint64 kReadChunk = 64 * 1024;
/// Replies and events not yet taken by a peer; a peer that stops reading is disconnected.
inline constexpr qint64 kMaxPendingOutput = 8LL << 20;

/// \brief One accepted local socket on the server side: frames in through a FrameDecoder into
/// the IpcSession, frames out encoded onto the socket, and the connection closed on a framing
/// error, a protocol error the session reports, or a peer that does not read its replies.
class IpcConnection final : public QObject
{
    Q_OBJECT
public:
    IpcConnection(QLocalSocket *socket, IpcSession *session, QObject *parent = nullptr);
    ~IpcConnection() override;

    IpcSession *session() const { return m_session; }
    /// Encodes and writes one frame (a reply too large for a frame becomes an error reply).
    void write(const QJsonObject &frame);
    /// Flushes what is queued, then disconnects.
    void close();

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();

    QLocalSocket *m_socket;
    IpcSession *m_session;
    FrameDecoder m_decoder;
    bool m_closing = false;
};

} // namespace Postrider::Ipc
