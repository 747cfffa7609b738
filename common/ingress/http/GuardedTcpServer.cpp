#include "GuardedTcpServer.h"

#include "GuardedConnection.h"
#include "HttpLimits.h"
#include "ProxySocket.h"

#include <QTcpSocket>

namespace Postrider::Http {

GuardedTcpServer::GuardedTcpServer(const Settings &settings, QObject *parent)
    : QTcpServer(parent)
    , m_settings(settings)
{
    // Accept promptly; the cap is enforced per connection (503), not by leaving clients in the backlog.
    setMaxPendingConnections(std::max(30, settings.maxConnections));
}

GuardedTcpServer::~GuardedTcpServer()
{
    // Connections are children and go with us; they must not call back into a half-destroyed server.
    const auto children = findChildren<GuardedConnection *>(Qt::FindDirectChildrenOnly);
    m_live.clear();
    m_byPeer.clear();
    for (GuardedConnection *c : children)
        c->disconnect(this);
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (int(m_live.size()) >= m_settings.maxConnections) {
        noteRejected("connections");
        if (!mayLinger()) {
            socket->abort();
            delete socket;
            return;
        }
        ++m_lingering; // counted until it is gone (connectionGone)
        new GuardedConnection(socket, this, GuardedConnection::Mode::RefuseOverCapacity);
        return;
    }
    auto *c = new GuardedConnection(socket, this);
    m_live.insert(c);
    m_byPeer.insert({c->peerAddress().toString(), c->peerPort()}, c);
    // QtHttpServer picks the proxy up through nextPendingConnection() (bind() hooks the signal).
    addPendingConnection(c->proxy());
}

GuardedConnection *GuardedTcpServer::connectionFor(const QHostAddress &peer, quint16 port) const
{
    QHostAddress p = peer;
    bool mapped = false;
    const quint32 v4 = peer.toIPv4Address(&mapped);
    if (mapped)
        p = QHostAddress(v4);
    return m_byPeer.value({p.toString(), port});
}

void GuardedTcpServer::shutdown()
{
    m_shuttingDown = true;
    close();
    const auto live = m_live;
    for (GuardedConnection *c : live)
        if (c->isIdle())
            c->closeRequestedByServer();
}

qint64 GuardedTcpServer::bodyLimitFor(const RequestFramer::Head &head) const
{
    return m_bodyLimit ? m_bodyLimit(head) : kNonEndpointBodyLimit;
}

void GuardedTcpServer::noteRejected(const char *limit)
{
    if (m_rejected)
        m_rejected(limit);
}

void GuardedTcpServer::connectionLingering(GuardedConnection *c)
{
    if (m_live.remove(c)) {
        m_byPeer.remove({c->peerAddress().toString(), c->peerPort()});
        ++m_lingering;
    }
}

void GuardedTcpServer::connectionGone(GuardedConnection *c)
{
    if (m_live.remove(c))
        m_byPeer.remove({c->peerAddress().toString(), c->peerPort()});
    else
        m_lingering = std::max(0, m_lingering - 1);
}

bool GuardedTcpServer::mayLinger() const
{
    return m_lingering < kMaxLingeringSockets;
}

} // namespace Postrider::Http
