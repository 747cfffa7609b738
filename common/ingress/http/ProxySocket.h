#pragma once

#include <QByteArray>
#include <QPointer>
#include <QTcpSocket>

namespace Postrider::Http {

class GuardedConnection;

/// \brief The socket QtHttpServer sees: a QTcpSocket with no network of its own, fed one
/// complete, already-checked request at a time by its GuardedConnection, which also receives
/// everything QtHttpServer writes.
///
/// This is what lets Qt 6.4's QHttpServer run behind limits it lacks (header, body, deadline,
/// idle, connection cap) and answer pipelined requests in order even when a response is
/// deferred (debian12-dependencies §4, hazard 2): the next request reaches QtHttpServer only
/// after the previous answer was written.
class ProxySocket final : public QTcpSocket
{
    Q_OBJECT
public:
    ProxySocket(GuardedConnection *owner, const QHostAddress &peer, quint16 peerPort, const QHostAddress &local,
                quint16 localPort);
    ~ProxySocket() override;

    GuardedConnection *connection() const { return m_owner; }
    /// Makes `request` readable and tells QtHttpServer (readyRead).
    void deliver(const QByteArray &request);
    /// The client went away or the connection is closing: becomes unconnected and emits
    /// disconnected(), after which QtHttpServer releases the socket.
    void detach();

    qint64 bytesAvailable() const override;
    void disconnectFromHost() override;
    void close() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QPointer<GuardedConnection> m_owner;
    QByteArray m_in;
    qsizetype m_inPos = 0;
};

} // namespace Postrider::Http
