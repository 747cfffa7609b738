#pragma once

#include "FrameCodec.h"

#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QLocalSocket;
class QTimer;

namespace Postrider::Ipc {

/// How long a request waits for its reply unless the caller says otherwise.
inline constexpr int kDefaultRequestTimeoutMs = 15'000;
/// Reconnect delays: the first retry, doubled after each failure up to the cap.
inline constexpr int kReconnectMinMs = 500;
inline constexpr int kReconnectMaxMs = 10'000;

/// \brief Where and how a client connects.
struct IpcClientOptions
{
    QString socketName;
    QString tokenFile; ///< read on every (re)connect: the daemon rotates the token on each start
    QByteArray token; ///< used instead of tokenFile when set
    QString clientName = QStringLiteral("postrider");
    QString clientVersion;
    int requestTimeoutMs = kDefaultRequestTimeoutMs;
    bool autoReconnect = true;
    int reconnectMinMs = kReconnectMinMs;
    int reconnectMaxMs = kReconnectMaxMs;
};

/// \brief What the server said about itself in `hello`.
struct IpcServerInfo
{
    int protocol = 0;
    QString name;
    QString version;
    QString instance;
    QStringList capabilities;
};

/// \brief The client side of the control protocol over QLocalSocket: `hello` with the token,
/// asynchronous requests matched by id with per-request timeouts, numbered events, and automatic
/// reconnection. After a reconnect to the same daemon instance it asks for every event after the
/// last sequence number it saw (`events.replay`) and delivers them in order before live ones;
/// when that is impossible (new instance, backlog exceeded) it emits resyncRequired().
class IpcClient final : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Authenticating, Ready };
    Q_ENUM(State)
    using Callback = std::function<void(const Result<QJsonObject> &)>;

    explicit IpcClient(IpcClientOptions options, QObject *parent = nullptr);
    ~IpcClient() override;

    void setOptions(const IpcClientOptions &options) { m_options = options; }
    const IpcClientOptions &options() const { return m_options; }
    void connectToServer();
    /// Disconnects and stops reconnecting; pending requests fail with `client.connection_lost`.
    void disconnectFromServer();

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    const IpcServerInfo &serverInfo() const { return m_info; }
    /// Highest event sequence number delivered so far.
    quint64 lastSeq() const { return m_lastSeq; }
    /// The last connection or authentication error (empty code when none).
    const Error &lastError() const { return m_lastError; }

    /// Sends a request; `done` runs once on `context`'s thread unless `context` is gone first.
    /// Errors besides the server's: `client.not_connected`, `client.timeout`, `client.connection_lost`.
    void request(const QString &method, const QJsonObject &params, QObject *context, Callback done, int timeoutMs = -1);

Q_SIGNALS:
    void stateChanged(Postrider::Ipc::IpcClient::State state);
    /// `hello` succeeded; `resumed` is true when the missed events were (or are being) replayed.
    void ready(bool resumed);
    void eventReceived(const QString &event, quint64 seq, const QJsonObject &data);
    /// Events were lost across a reconnect: reload everything.
    void resyncRequired();
    void connectionError(const Postrider::Error &error);

private:
    struct Pending
    {
        Callback done;
        QPointer<QObject> context;
        bool hadContext = false;
        QTimer *timer = nullptr;
    };

    void setState(State state);
    void onConnected();
    void onDisconnected();
    void onReadyRead();
    void handleFrame(const QJsonObject &frame);
    void deliverEvent(const QString &event, quint64 seq, const QJsonObject &data);
    void onHello(const Result<QJsonObject> &result);
    void onReplay(const Result<QJsonObject> &result);
    void finish(quint64 id, const Result<QJsonObject> &result);
    void failAll(const Error &error);
    void fail(const Error &error);
    void scheduleReconnect();
    void sendRequest(quint64 id, const QString &method, const QJsonObject &params, Callback done, QObject *context,
                     int timeoutMs);

    IpcClientOptions m_options;
    QLocalSocket *m_socket = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    FrameDecoder m_decoder;
    State m_state = State::Disconnected;
    IpcServerInfo m_info;
    QHash<quint64, Pending> m_pending;
    quint64 m_nextId = 1;
    quint64 m_lastSeq = 0;
    QString m_lastInstance;
    bool m_replaying = false;
    QList<QJsonObject> m_heldEvents; ///< live events that arrived during a replay
    bool m_wanted = false;
    int m_reconnectDelayMs = 0;
    Error m_lastError;
};

} // namespace Postrider::Ipc
