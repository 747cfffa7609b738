#include "IpcClient.h"

#include "IpcErrors.h"
#include "IpcMessage.h"
#include "IpcProtocol.h"
#include "IpcToken.h"

#include <QJsonArray>
#include <QLocalSocket>
#include <QTimer>

namespace Postrider::Ipc {

namespace {
Error clientError(const QLatin1String &code, const QString &message)
{
    return Error(QString(code), message);
}
} // namespace

IpcClient::IpcClient(IpcClientOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_reconnectTimer(new QTimer(this))
{
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_wanted && m_state == State::Disconnected)
            connectToServer();
    });
}

IpcClient::~IpcClient()
{
    m_wanted = false;
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
    // Callers may already be gone; their callbacks must not run from a destructor.
    for (const Pending &p : std::as_const(m_pending))
        delete p.timer;
    m_pending.clear();
}

void IpcClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void IpcClient::connectToServer()
{
    m_wanted = true;
    m_reconnectTimer->stop();
    if (m_state != State::Disconnected)
        return;
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_decoder = FrameDecoder();
    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &IpcClient::onConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &IpcClient::onReadyRead);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError) {
        if (m_socket && m_state != State::Ready)
            m_lastError = clientError(ErrorCode::kSocketError, m_socket->errorString());
    });
    connect(m_socket, &QLocalSocket::stateChanged, this, [this](QLocalSocket::LocalSocketState s) {
        if (s == QLocalSocket::UnconnectedState)
            QMetaObject::invokeMethod(this, &IpcClient::onDisconnected, Qt::QueuedConnection);
    });
    setState(State::Connecting);
    m_socket->connectToServer(m_options.socketName);
}

void IpcClient::disconnectFromServer()
{
    m_wanted = false;
    m_reconnectTimer->stop();
    if (m_socket)
        m_socket->abort();
}

void IpcClient::onConnected()
{
    QByteArray token = m_options.token;
    if (token.isEmpty()) {
        auto read = IpcToken::read(m_options.tokenFile);
        if (!read) {
            fail(read.error());
            return;
        }
        token = *read;
    }
    setState(State::Authenticating);
    const QJsonObject params{
        {QStringLiteral("protocol"),
         QJsonObject{{QStringLiteral("min"), kMinProtocolVersion}, {QStringLiteral("max"), kProtocolVersion}}},
        {QStringLiteral("client"),
         QJsonObject{{QStringLiteral("name"), m_options.clientName},
                     {QStringLiteral("version"), m_options.clientVersion}}},
        {QStringLiteral("token"), QString::fromUtf8(token)}};
    sendRequest(
        m_nextId++, kHelloMethod, params, [this](const Result<QJsonObject> &r) { onHello(r); }, nullptr,
        m_options.requestTimeoutMs);
}

void IpcClient::fail(const Error &error)
{
    m_lastError = error;
    Q_EMIT connectionError(error);
    if (m_socket)
        m_socket->abort();
}

void IpcClient::onHello(const Result<QJsonObject> &r)
{
    if (!r)
        return fail(r.error());
    const QJsonObject &o = *r;
    m_info.protocol = o.value(QLatin1String("protocol")).toInt();
    const QJsonObject server = o.value(QLatin1String("server")).toObject();
    m_info.name = server.value(QLatin1String("name")).toString();
    m_info.version = server.value(QLatin1String("version")).toString();
    m_info.instance = o.value(QLatin1String("instance")).toString();
    m_info.capabilities.clear();
    for (const QJsonValue &c : o.value(QLatin1String("capabilities")).toArray())
        m_info.capabilities.append(c.toString());
    const bool resumed = !m_lastInstance.isEmpty() && m_lastInstance == m_info.instance && m_lastSeq > 0;
    m_lastInstance = m_info.instance;
    m_lastError = Error();
    m_reconnectDelayMs = 0;
    if (!resumed)
        m_lastSeq = quint64(o.value(QLatin1String("last_seq")).toDouble());
    m_replaying = resumed;
    m_heldEvents.clear();
    setState(State::Ready);
    if (resumed)
        sendRequest(
            m_nextId++, kReplayMethod, {{QStringLiteral("after_seq"), qint64(m_lastSeq)}},
            [this](const Result<QJsonObject> &rr) { onReplay(rr); }, nullptr, m_options.requestTimeoutMs);
    Q_EMIT ready(resumed);
}

void IpcClient::onReplay(const Result<QJsonObject> &r)
{
    m_replaying = false;
    bool complete = false;
    if (r) {
        for (const QJsonValue &v : r->value(QLatin1String("events")).toArray()) {
            const QJsonObject e = v.toObject();
            deliverEvent(e.value(QLatin1String("event")).toString(), quint64(e.value(QLatin1String("seq")).toDouble()),
                         e.value(QLatin1String("data")).toObject());
        }
        complete = r->value(QLatin1String("complete")).toBool();
    }
    const QList<QJsonObject> held = std::exchange(m_heldEvents, {});
    for (const QJsonObject &e : held)
        deliverEvent(e.value(QLatin1String("event")).toString(), quint64(e.value(QLatin1String("seq")).toDouble()),
                     e.value(QLatin1String("data")).toObject());
    if (!complete)
        Q_EMIT resyncRequired();
}

void IpcClient::deliverEvent(const QString &event, quint64 seq, const QJsonObject &data)
{
    if (seq <= m_lastSeq)
        return; // already seen (replay and live stream overlap)
    m_lastSeq = seq;
    Q_EMIT eventReceived(event, seq, data);
}

void IpcClient::onReadyRead()
{
    while (m_socket && m_socket->bytesAvailable() > 0) {
        const QByteArray chunk = m_socket->read(64 * 1024);
        if (chunk.isEmpty())
            break;
        const bool ok = m_decoder.feed(chunk);
        while (const auto frame = m_decoder.next())
            handleFrame(*frame);
        if (!ok)
            return fail(m_decoder.error());
    }
}

void IpcClient::handleFrame(const QJsonObject &frame)
{
    auto in = parseIncoming(frame);
    if (!in) {
        qCWarning(lcIpc) << "ignoring a malformed frame from the daemon:" << in.error().message;
        return;
    }
    switch (in->kind) {
    case IpcIncoming::Kind::Event:
        if (m_replaying)
            m_heldEvents.append(eventFrame(in->event, in->seq, in->data));
        else
            deliverEvent(in->event, in->seq, in->data);
        return;
    case IpcIncoming::Kind::Result:
        finish(quint64(in->id.toDouble()), in->result);
        return;
    case IpcIncoming::Kind::Error:
        if (!in->id.isDouble()) {
            // A connection-level error (framing, limits, hello timeout): the server hangs up next.
            m_lastError = in->error;
            Q_EMIT connectionError(in->error);
            return;
        }
        finish(quint64(in->id.toDouble()), in->error);
        return;
    }
}

void IpcClient::onDisconnected()
{
    if (!m_socket || m_socket->state() != QLocalSocket::UnconnectedState || m_state == State::Disconnected)
        return;
    m_replaying = false;
    m_heldEvents.clear();
    setState(State::Disconnected);
    failAll(clientError(ErrorCode::kConnectionLost, QStringLiteral("the connection to the daemon was lost")));
    if (m_wanted && m_options.autoReconnect)
        scheduleReconnect();
}

void IpcClient::scheduleReconnect()
{
    m_reconnectDelayMs =
        m_reconnectDelayMs == 0 ? m_options.reconnectMinMs : std::min(m_reconnectDelayMs * 2, m_options.reconnectMaxMs);
    m_reconnectTimer->start(m_reconnectDelayMs);
}

void IpcClient::request(const QString &method, const QJsonObject &params, QObject *context, Callback done,
                        int timeoutMs)
{
    if (m_state != State::Ready) {
        QPointer<QObject> guard(context);
        const bool hadContext = context != nullptr;
        QMetaObject::invokeMethod(
            this,
            [guard, hadContext, done] {
                if (!hadContext || guard)
                    done(clientError(ErrorCode::kNotConnected, QStringLiteral("not connected to the daemon")));
            },
            Qt::QueuedConnection);
        return;
    }
    sendRequest(m_nextId++, method, params, std::move(done), context,
                timeoutMs > 0 ? timeoutMs : m_options.requestTimeoutMs);
}

void IpcClient::sendRequest(quint64 id, const QString &method, const QJsonObject &params, Callback done,
                            QObject *context, int timeoutMs)
{
    Pending p;
    p.done = std::move(done);
    p.context = context;
    p.hadContext = context != nullptr;
    p.timer = new QTimer(this);
    p.timer->setSingleShot(true);
    connect(p.timer, &QTimer::timeout, this, [this, id] {
        finish(id, clientError(ErrorCode::kTimeout, QStringLiteral("the daemon did not answer in time")));
    });
    p.timer->start(timeoutMs);
    m_pending.insert(id, std::move(p));
    const auto frame = encodeFrame(requestFrame(qint64(id), method, params));
    if (!frame) {
        const Error e = frame.error();
        QMetaObject::invokeMethod(
            this, [this, id, e] { finish(id, e); }, Qt::QueuedConnection);
        return;
    }
    m_socket->write(*frame);
}

void IpcClient::finish(quint64 id, const Result<QJsonObject> &result)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // timed out already, or a stray id
    Pending p = std::move(it.value());
    m_pending.erase(it);
    delete p.timer;
    if (p.hadContext && !p.context)
        return;
    p.done(result);
}

void IpcClient::failAll(const Error &error)
{
    const QList<quint64> ids = m_pending.keys();
    for (quint64 id : ids)
        finish(id, error);
}

} // namespace Postrider::Ipc
