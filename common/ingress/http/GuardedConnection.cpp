#include "GuardedConnection.h"

#include "GuardedTcpServer.h"
#include "HttpLimits.h"
#include "ProxySocket.h"
#include "ResponseBodies.h"

#include <QTcpSocket>

#include <atomic>

#ifdef Q_OS_WIN
#    include <winsock2.h>
#else
#    include <sys/socket.h>
#endif

namespace Postrider::Http {

namespace {

std::atomic<quint64> g_nextId{1};

/// Half-closes the socket for writing (sends FIN) once everything queued was written. Qt has no
/// API for it; the descriptor is Qt's own and stays open for the reads of the lingering close.
void shutdownWrite(QTcpSocket *socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (fd < 0)
        return;
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(fd), SD_SEND);
#else
    ::shutdown(int(fd), SHUT_WR);
#endif
}

struct ErrorInfo
{
    const char *phrase;
    const char *code;
};

ErrorInfo errorInfo(int status)
{
    switch (status) {
    case 405:
        return {"Method Not Allowed", "method_not_allowed"};
    case 408:
        return {"Request Timeout", "request_timeout"};
    case 431:
        return {"Request Header Fields Too Large", "header_too_large"};
    case 501:
        return {"Not Implemented", "not_implemented"};
    case 503:
        return {"Service Unavailable", "service_unavailable"};
    case 505:
        return {"HTTP Version Not Supported", "http_version_not_supported"};
    default:
        return {"Bad Request", "bad_request"};
    }
}

QHostAddress unmapped(const QHostAddress &a)
{
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    return mapped && a.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(v4) : a;
}

} // namespace

GuardedConnection::GuardedConnection(QTcpSocket *socket, GuardedTcpServer *server, Mode mode)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_id(g_nextId.fetch_add(1))
    , m_peer(unmapped(socket->peerAddress()))
    , m_peerPort(socket->peerPort())
    , m_framer(server->settings().maxHeaderBytes)
{
    socket->setParent(this);
    socket->setReadBufferSize(kSocketReadBufferBytes);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GuardedConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &GuardedConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &GuardedConnection::onDisconnected);
    connect(socket, &QTcpSocket::bytesWritten, this, &GuardedConnection::onBytesWritten);

    if (mode == Mode::RefuseOverCapacity) {
        // RFC 9110 §15.6.4: over the live-connection cap; the client may retry later.
        m_socket->write(rawErrorResponse(503, "too many connections"));
        m_phase = Phase::Closing;
        m_linger = true;
        startTimer(TimerMode::Close);
        onBytesWritten();
        return;
    }
    m_proxy = new ProxySocket(this, m_peer, m_peerPort, unmapped(socket->localAddress()), socket->localPort());
    // The first request must arrive within the request deadline (Go's ReadHeaderTimeout analogue).
    startTimer(TimerMode::Request);
}

GuardedConnection::~GuardedConnection()
{
    if (m_proxy)
        m_proxy->detach();
}

bool GuardedConnection::isClientConnected() const
{
    return m_phase != Phase::Gone && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool GuardedConnection::isIdle() const
{
    return m_phase == Phase::Reading && !m_framer.started() && m_input.isEmpty();
}

QByteArray GuardedConnection::rawErrorResponse(int status, const QByteArray &reason)
{
    const ErrorInfo info = errorInfo(status);
    const QByteArray body = errorBody(QString::fromLatin1(reason), QString::fromLatin1(info.code));
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + info.phrase + "\r\n";
    out += "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size());
    out += "\r\nConnection: close\r\n\r\n" + body;
    return out;
}

void GuardedConnection::startTimer(TimerMode mode)
{
    m_timerMode = mode;
    const GuardedTcpServer::Settings &s = m_server->settings();
    switch (mode) {
    case TimerMode::None:
        m_timer.stop();
        return;
    case TimerMode::Request:
        m_timer.start(s.requestTimeoutMs);
        return;
    case TimerMode::Idle:
        m_timer.start(s.idleTimeoutMs);
        return;
    case TimerMode::Close:
        m_timer.start(kLingerTimeoutMs);
        return;
    }
}

void GuardedConnection::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        // Lingering close: drain and drop what the client is still sending, within a budget.
        const QByteArray dropped = m_socket->readAll();
        m_discarded += dropped.size();
        if (m_discarded > kLingerMaxBytes)
            finish();
        return;
    }
    if (m_phase == Phase::Reading)
        processInput();
    // While Answering, input stays in the socket (bounded by its read buffer): back-pressure.
}

void GuardedConnection::processInput()
{
    if (m_processing)
        return;
    m_processing = true;
    while (m_phase == Phase::Reading) {
        if (m_input.size() < kSocketReadBufferBytes && m_socket->bytesAvailable() > 0)
            m_input.append(m_socket->read(kSocketReadBufferBytes - m_input.size()));
        if (m_input.isEmpty() && !m_framer.started())
            break;
        const bool wasStarted = m_framer.started();
        const RequestFramer::Step step = m_framer.advance(m_input);
        if (!wasStarted && m_framer.started() && (m_timerMode != TimerMode::Request || !m_fresh)) {
            startTimer(TimerMode::Request); // the request deadline runs from its first byte
        }
        if (m_framer.started())
            m_fresh = false;
        switch (step.kind) {
        case RequestFramer::Kind::NeedMore:
            if (m_socket->bytesAvailable() > 0)
                continue;
            m_processing = false;
            return;
        case RequestFramer::Kind::HeadComplete: {
            const RequestFramer::Head &head = m_framer.head();
            const qint64 limit = m_server->bodyLimitFor(head);
            m_meta.bodyLimit = limit;
            m_framer.setBodyLimit(limit);
            if (head.expectContinue && head.contentLength <= limit) {
                // RFC 9110 §10.1.1: ask for the body only when it will be accepted.
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            continue;
        }
        case RequestFramer::Kind::Complete:
            dispatch(false);
            continue;
        case RequestFramer::Kind::BodyTooLarge:
            m_server->noteRejected("body_size");
            dispatch(true);
            continue;
        case RequestFramer::Kind::Error:
            refuse(step.status, step.reason, step.status == 431 ? "header_size" : "bad_request");
            break;
        }
    }
    m_processing = false;
}

void GuardedConnection::dispatch(bool bodyTooLarge)
{
    const RequestFramer::Head &head = m_framer.head();
    m_meta.method = head.method;
    m_meta.target = head.target;
    m_meta.httpMinor = head.httpMinor;
    m_meta.bodyTooLarge = bodyTooLarge;
    // The unread rest of a refused body can only be skipped by closing the connection.
    m_meta.keepAlive = head.keepAlive && !bodyTooLarge;
    if (bodyTooLarge)
        m_input.clear();
    startTimer(TimerMode::None);
    m_phase = Phase::Answering;
    const QByteArray request = m_framer.takeRequest();
    if (!m_proxy) // QtHttpServer released its socket: nobody can answer on this connection
        return finish();
    m_handled = false;
    m_proxy->deliver(request); // QtHttpServer parses it and calls the handler, maybe answering at once
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Qt 6.4 dispatches synchronously from readyRead. A request its parser did not turn into a
    // handler call (it disagreed with our framing) would otherwise leave the connection waiting.
    if (m_phase == Phase::Answering && !m_handled)
        refuse(400, "malformed request", "bad_request");
#endif
}

void GuardedConnection::refuse(int status, const QByteArray &reason, const char *limit)
{
    m_server->noteRejected(limit);
    m_output = rawErrorResponse(status, reason);
    beginClose(true);
}

void GuardedConnection::appendOutput(const char *data, qint64 size)
{
    m_output.append(data, size);
}

void GuardedConnection::flushOutput()
{
    if (m_output.isEmpty())
        return;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(m_output);
    m_output.clear();
}

void GuardedConnection::responseFinished(bool close)
{
    if (m_phase != Phase::Answering)
        return;
    // While the server shuts down, a connection ends with the answer it owes (Connection: close
    // semantics) instead of waiting idle for another request.
    if (close || !m_meta.keepAlive || m_server->isShuttingDown()) {
        beginClose(m_meta.bodyTooLarge || !m_input.isEmpty() || m_socket->bytesAvailable() > 0);
        return;
    }
    flushOutput();
    m_meta = RequestMeta();
    m_phase = Phase::Reading;
    startTimer(m_input.isEmpty() && m_socket->bytesAvailable() == 0 ? TimerMode::Idle : TimerMode::Request);
    if (!m_processing) // pipelined bytes already buffered raise no new readyRead
        QMetaObject::invokeMethod(this, &GuardedConnection::processInput, Qt::QueuedConnection);
}

void GuardedConnection::closeRequestedByServer()
{
    if (m_phase == Phase::Closing || m_phase == Phase::Gone)
        return;
    beginClose(false);
}

void GuardedConnection::beginClose(bool linger)
{
    flushOutput();
    m_phase = Phase::Closing;
    m_linger = linger;
    m_input.clear();
    if (m_proxy)
        m_proxy->detach();
    m_server->connectionLingering(this);
    startTimer(TimerMode::Close);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return finish();
    if (!linger) {
        m_socket->disconnectFromHost(); // after the queued answer is written
        return;
    }
    onBytesWritten();
    onReadyRead();
}

void GuardedConnection::onBytesWritten()
{
    if (m_phase != Phase::Closing || !m_linger || m_writeShutDown || m_socket->bytesToWrite() > 0)
        return;
    m_socket->flush();
    if (m_socket->bytesToWrite() > 0)
        return;
    m_writeShutDown = true;
    shutdownWrite(m_socket);
}

void GuardedConnection::onTimeout()
{
    switch (m_timerMode) {
    case TimerMode::Request:
        if (m_phase != Phase::Reading)
            return;
        if (m_framer.started()) {
            refuse(408, "request not received in time", "request_timeout"); // slowloris
        } else {
            m_server->noteRejected("request_timeout");
            beginClose(false);
        }
        return;
    case TimerMode::Idle:
        if (m_phase == Phase::Reading)
            beginClose(false);
        return;
    case TimerMode::Close:
        finish();
        return;
    case TimerMode::None:
        return;
    }
}

void GuardedConnection::onDisconnected()
{
    finish();
}

void GuardedConnection::finish()
{
    if (m_phase == Phase::Gone)
        return;
    m_phase = Phase::Gone;
    m_timer.stop();
    if (m_proxy)
        m_proxy->detach();
    m_socket->abort();
    m_server->connectionGone(this);
    deleteLater();
}

} // namespace Postrider::Http
