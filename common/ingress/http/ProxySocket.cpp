#include "ProxySocket.h"

#include "GuardedConnection.h"

#include <cstring>

namespace Postrider::Http {

ProxySocket::ProxySocket(GuardedConnection *owner, const QHostAddress &peer, quint16 peerPort,
                         const QHostAddress &local, quint16 localPort)
    : QTcpSocket(owner)
    , m_owner(owner)
{
    setPeerAddress(peer);
    setPeerPort(peerPort);
    setLocalAddress(local);
    setLocalPort(localPort);
    setSocketState(QAbstractSocket::ConnectedState);
    QIODevice::open(QIODevice::ReadWrite);
}

ProxySocket::~ProxySocket()
{
    // QAbstractSocket's destructor aborts a socket it believes connected; there is nothing to abort.
    setSocketState(QAbstractSocket::UnconnectedState);
}

void ProxySocket::deliver(const QByteArray &request)
{
    if (state() != QAbstractSocket::ConnectedState)
        return;
    if (m_inPos >= m_in.size()) {
        m_in = request;
        m_inPos = 0;
    } else {
        m_in.append(request);
    }
    Q_EMIT readyRead();
}

void ProxySocket::detach()
{
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    m_in.clear();
    m_inPos = 0;
    setSocketState(QAbstractSocket::UnconnectedState);
    Q_EMIT stateChanged(QAbstractSocket::UnconnectedState);
    Q_EMIT disconnected();
    QIODevice::close();
}

qint64 ProxySocket::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + (m_in.size() - m_inPos);
}

void ProxySocket::disconnectFromHost()
{
    // QtHttpServer closes a connection whose request it could not parse.
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    if (m_owner)
        m_owner->closeRequestedByServer();
    detach();
}

void ProxySocket::close()
{
    disconnectFromHost();
    QIODevice::close();
}

qint64 ProxySocket::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_in.size() - m_inPos);
    if (n <= 0)
        return state() == QAbstractSocket::ConnectedState ? 0 : -1;
    std::memcpy(data, m_in.constData() + m_inPos, size_t(n));
    m_inPos += n;
    if (m_inPos >= m_in.size()) {
        m_in.clear();
        m_inPos = 0;
    }
    return n;
}

qint64 ProxySocket::writeData(const char *data, qint64 size)
{
    if (!m_owner || state() != QAbstractSocket::ConnectedState)
        return -1;
    m_owner->appendOutput(data, size);
    return size;
}

} // namespace Postrider::Http
