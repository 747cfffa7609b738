#pragma once

#include "RequestFramer.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace Postrider::Http {

class GuardedTcpServer;
class ProxySocket;

/// \brief What the guard knows about the request QtHttpServer is handling on a connection.
struct RequestMeta
{
    QByteArray method;
    QByteArray target; ///< raw, as sent (QUrl would rewrite a bad escape such as %ZZ)
    int httpMinor = 1;
    bool keepAlive = true;
    bool bodyTooLarge = false;
    qint64 bodyLimit = 0;
};

/// \brief One client connection behind the hardening layer: frames each request
/// (RequestFramer), enforces the header cap (431), the body cap (413 through the endpoint, or a
/// refusal before the body is read), the request deadline (408, slowloris), the idle keep-alive
/// timeout, `Connection: close` and HTTP/1.0 semantics, and hands QtHttpServer one complete request
/// at a time through its ProxySocket, so pipelined requests are answered in order.
///
/// Writes go to the client only while it is connected. Closing after an answer whose request was
/// not fully read uses a lingering close (RFC 9112 §9.6): the write side is shut down and further
/// input discarded for a bounded time, so the client reads the answer instead of a reset.
class GuardedConnection final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Serve, RefuseOverCapacity };

    GuardedConnection(QTcpSocket *socket, GuardedTcpServer *server, Mode mode = Mode::Serve);
    ~GuardedConnection() override;

    ProxySocket *proxy() const { return m_proxy; }
    quint64 id() const { return m_id; }
    QHostAddress peerAddress() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }
    const RequestMeta &current() const { return m_meta; }
    bool isClientConnected() const;
    /// Between requests on a keep-alive connection (nothing received, nothing to answer).
    bool isIdle() const;

    /// Bytes QtHttpServer writes for the current answer (ProxySocket::writeData).
    void appendOutput(const char *data, qint64 size);
    /// The adapter finished writing one complete answer; `close` ends the connection after it.
    void responseFinished(bool close);
    /// QtHttpServer gave up on the connection (its parser refused the request).
    void closeRequestedByServer();
    /// The adapter's handler received the request delivered last.
    void requestHandled() { m_handled = true; }

    /// The guard's own answer for errors found before QtHttpServer sees a request (JSON body,
    /// `Connection: close`).
    static QByteArray rawErrorResponse(int status, const QByteArray &reason);

private:
    enum class Phase { Reading, Answering, Closing, Gone };
    enum class TimerMode { None, Request, Idle, Close };

    void onReadyRead();
    void onDisconnected();
    void onBytesWritten();
    void onTimeout();
    void processInput();
    void dispatch(bool bodyTooLarge);
    void refuse(int status, const QByteArray &reason, const char *limit);
    void flushOutput();
    void beginClose(bool linger);
    void startTimer(TimerMode mode);
    void finish();

    GuardedTcpServer *m_server;
    QTcpSocket *m_socket;
    QPointer<ProxySocket> m_proxy;
    quint64 m_id;
    QHostAddress m_peer;
    quint16 m_peerPort = 0;
    RequestFramer m_framer;
    RequestMeta m_meta;
    QByteArray m_input;
    QByteArray m_output;
    QTimer m_timer;
    TimerMode m_timerMode = TimerMode::None;
    Phase m_phase = Phase::Reading;
    bool m_processing = false;
    bool m_linger = false;
    bool m_writeShutDown = false;
    bool m_fresh = true; ///< no request has started on this connection yet
    bool m_handled = false;
    qint64 m_discarded = 0;
};

} // namespace Postrider::Http
