#pragma once

#include "IpcHandler.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QTimer;

namespace Postrider::Ipc {

class IpcEventLog;

/// A connection must complete `hello` within this time.
inline constexpr int kHelloTimeoutMs = 5'000;
/// Requests one connection may have unanswered at once; more answer `limit.busy`.
inline constexpr int kMaxInFlightPerConnection = 32;

/// \brief What every session of one server shares: the token, what the server says about itself
/// in `hello`, and the limits.
struct IpcSessionConfig
{
    QByteArray token;
    QString serverName = QStringLiteral("postriderd");
    QString serverVersion;
    QString instanceId; ///< changes on every start; a client that sees a new one resyncs
    QStringList capabilities;
    int helloTimeoutMs = kHelloTimeoutMs;
    int maxInFlight = kMaxInFlightPerConnection;
};

/// \brief The protocol state of one connection, without a socket: frames in (receive()), frames
/// out (frameReady), and a request to close (closeRequested). The first frame must be `hello`
/// with a matching token (compared in constant time) and an overlapping protocol range; then
/// requests go to the IpcHandler, `events.replay` is answered from the event log, and events
/// are delivered. Tests drive it by feeding JSON objects.
class IpcSession final : public QObject
{
    Q_OBJECT
public:
    IpcSession(const IpcSessionConfig *config, IpcHandler *handler, const IpcEventLog *events,
               QObject *parent = nullptr);

    /// Arms the hello timeout.
    void start();
    /// One decoded frame from the peer.
    void receive(const QJsonObject &frame);
    /// Sends an event frame, once the peer is authenticated.
    void deliverEvent(const QJsonObject &frame);

    bool isAuthenticated() const { return m_authenticated; }
    bool isClosing() const { return m_closing; }
    int inFlight() const { return m_inFlight; }
    QString clientName() const { return m_clientName; }
    int protocolVersion() const { return m_version; }

Q_SIGNALS:
    void frameReady(const QJsonObject &frame);
    /// The peer broke the protocol or failed authentication; `code` is an ErrorCode. Frames sent
    /// before this (the error reply) should be flushed before the connection closes.
    void closeRequested(const QString &code, const QString &message);

private:
    void handleHello(const QJsonValue &id, const QJsonObject &params);
    void handleReplay(const QJsonValue &id, const QJsonObject &params);
    void closeWith(const QJsonValue &id, const Error &error);
    void send(const QJsonObject &frame);

    const IpcSessionConfig *m_config;
    IpcHandler *m_handler;
    const IpcEventLog *m_events;
    QTimer *m_helloTimer = nullptr;
    bool m_authenticated = false;
    bool m_closing = false;
    int m_inFlight = 0;
    int m_version = 0;
    QString m_clientName;
};

} // namespace Postrider::Ipc
