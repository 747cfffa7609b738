#include "IpcConnection.h"

#include "IpcErrors.h"
#include "IpcMessage.h"
#include "IpcProtocol.h"
#include "IpcSession.h"

#include <QLocalSocket>

namespace Postrider::Ipc {

IpcConnection::IpcConnection(QLocalSocket *socket, IpcSession *session, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_session(session)
{
    m_socket->setParent(this);
    m_session->setParent(this);
    // Bounded socket buffer: a fast writer is slowed down by the kernel instead of growing memory.
    m_socket->setReadBufferSize(4 * kReadChunk);
    connect(m_socket, &QLocalSocket::readyRead, this, &IpcConnection::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &IpcConnection::closed);
    connect(m_session, &IpcSession::frameReady, this, &IpcConnection::write);
    connect(m_session, &IpcSession::closeRequested, this, [this](const QString &code, const QString &message) {
        qCInfo(lcIpc) << "closing control connection:" << code << message;
        close();
    });
    m_session->start();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &IpcConnection::onReadyRead, Qt::QueuedConnection);
}

IpcConnection::~IpcConnection() = default;

void IpcConnection::write(const QJsonObject &frame)
{
    if (m_closing)
        return;
    auto encoded = encodeFrame(frame);
    if (!encoded) {
        // Only replies can grow this large; tell the caller instead of dropping the answer.
        encoded = encodeFrame(errorFrame(frame.value(QLatin1String("id")),
                                         Error(QString(ErrorCode::kResultTooLarge), encoded.error().message)));
        if (!encoded)
            return close();
    }
    m_socket->write(*encoded);
    if (m_socket->bytesToWrite() > kMaxPendingOutput) {
        qCWarning(lcIpc) << "control client is not reading its replies; disconnecting";
        m_closing = true;
        m_socket->abort();
    }
}

void IpcConnection::close()
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->disconnectFromServer(); // writes what is queued first
}

void IpcConnection::onReadyRead()
{
    while (!m_closing && m_socket->bytesAvailable() > 0) {
        const QByteArray chunk = m_socket->read(kReadChunk);
        if (chunk.isEmpty())
            break;
        const bool ok = m_decoder.feed(chunk);
        while (!m_closing && !m_session->isClosing()) {
            const auto message = m_decoder.next();
            if (!message)
                break;
            m_session->receive(*message);
        }
        if (!ok && !m_closing) {
            write(errorFrame(QJsonValue(), m_decoder.error()));
            close();
        }
    }
}

} // namespace Postrider::Ipc
