#include "IpcSession.h"

#include "IpcErrors.h"
#include "IpcEventLog.h"
#include "IpcMessage.h"
#include "IpcProtocol.h"

#include "core/Crypto.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>

namespace Postrider::Ipc {

namespace {
Error paramsInvalid(const QString &message)
{
    return Error(QString(ErrorCode::kParamsInvalid), message);
}
} // namespace

IpcSession::IpcSession(const IpcSessionConfig *config, IpcHandler *handler, const IpcEventLog *events, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_handler(handler)
    , m_events(events)
{ }

void IpcSession::start()
{
    m_helloTimer = new QTimer(this);
    m_helloTimer->setSingleShot(true);
    connect(m_helloTimer, &QTimer::timeout, this, [this] {
        if (!m_authenticated)
            closeWith(QJsonValue(),
                      Error(QString(ErrorCode::kHelloTimeout), QStringLiteral("no hello within the time limit")));
    });
    m_helloTimer->start(m_config->helloTimeoutMs);
}

void IpcSession::send(const QJsonObject &frame)
{
    if (!m_closing)
        Q_EMIT frameReady(frame);
}

void IpcSession::closeWith(const QJsonValue &id, const Error &error)
{
    if (m_closing)
        return;
    send(errorFrame(id, error));
    m_closing = true;
    Q_EMIT closeRequested(error.code, error.message);
}

void IpcSession::deliverEvent(const QJsonObject &frame)
{
    if (m_authenticated)
        send(frame);
}

void IpcSession::receive(const QJsonObject &frame)
{
    if (m_closing)
        return;
    QJsonValue id;
    auto request = parseRequest(frame, &id);
    if (!request)
        return closeWith(id, request.error());
    if (!m_authenticated) {
        if (request->method != kHelloMethod)
            return closeWith(
                id, Error(QString(ErrorCode::kHelloRequired), QStringLiteral("the first request must be \"hello\"")));
        return handleHello(id, request->params);
    }
    if (request->method == kHelloMethod)
        return send(errorFrame(id, Error(QString(ErrorCode::kBadRequest), QStringLiteral("already authenticated"))));
    if (request->method == kReplayMethod)
        return handleReplay(id, request->params);
    if (m_inFlight >= m_config->maxInFlight)
        return send(errorFrame(
            id,
            Error(QString(ErrorCode::kBusy),
                  QStringLiteral("more than %1 requests unanswered on this connection").arg(m_config->maxInFlight))));
    ++m_inFlight;
    QPointer<IpcSession> self(this);
    auto answered = std::make_shared<bool>(false);
    m_handler->handleRequest(request->method, request->params, [self, id, answered](const Result<QJsonObject> &r) {
        if (*answered || !self)
            return;
        *answered = true;
        --self->m_inFlight;
        self->send(r ? resultFrame(id, *r) : errorFrame(id, r.error()));
    });
}

void IpcSession::handleHello(const QJsonValue &id, const QJsonObject &params)
{
    const QJsonObject protocol = params.value(QLatin1String("protocol")).toObject();
    const QJsonValue token = params.value(QLatin1String("token"));
    const int min = protocol.value(QLatin1String("min")).toInt(-1);
    const int max = protocol.value(QLatin1String("max")).toInt(-1);
    if (min < 1 || max < min || !token.isString())
        return closeWith(id,
                         paramsInvalid(QStringLiteral(
                             "hello needs {\"protocol\": {\"min\", \"max\"}, \"client\": {...}, \"token\"}")));
    const int chosen = std::min(max, kProtocolVersion);
    if (chosen < std::max(min, kMinProtocolVersion))
        return closeWith(
            id,
            Error(QString(ErrorCode::kUnsupported),
                  QStringLiteral("no common protocol version: client speaks %1-%2, server %3-%4")
                      .arg(min)
                      .arg(max)
                      .arg(kMinProtocolVersion)
                      .arg(kProtocolVersion),
                  {{QStringLiteral("min"), kMinProtocolVersion}, {QStringLiteral("max"), kProtocolVersion}}));
    // An empty configured token never matches: a server without a token accepts nobody.
    const QByteArray given = token.toString().toUtf8();
    if (m_config->token.isEmpty() || !constantTimeEquals(given, m_config->token))
        return closeWith(id, Error(QString(ErrorCode::kAuthFailed), QStringLiteral("wrong or missing token")));

    m_authenticated = true;
    m_version = chosen;
    if (m_helloTimer)
        m_helloTimer->stop();
    const QJsonObject client = params.value(QLatin1String("client")).toObject();
    m_clientName = client.value(QLatin1String("name")).toString().left(kMaxNameLength);
    send(resultFrame(id,
                     {{QStringLiteral("protocol"), chosen},
                      {QStringLiteral("server"),
                       QJsonObject{{QStringLiteral("name"), m_config->serverName},
                                   {QStringLiteral("version"), m_config->serverVersion}}},
                      {QStringLiteral("instance"), m_config->instanceId},
                      {QStringLiteral("capabilities"), QJsonArray::fromStringList(m_config->capabilities)},
                      {QStringLiteral("last_seq"), qint64(m_events ? m_events->lastSeq() : 0)}}));
}

void IpcSession::handleReplay(const QJsonValue &id, const QJsonObject &params)
{
    const double after = params.value(QLatin1String("after_seq")).toDouble(-1);
    if (after < 0)
        return send(errorFrame(id, paramsInvalid(QStringLiteral("events.replay needs \"after_seq\" >= 0"))));
    const IpcEventLog::Replay replay = m_events ? m_events->since(quint64(after)) : IpcEventLog::Replay{};
    QJsonArray events;
    for (const QJsonObject &e : replay.events)
        events.append(e);
    send(resultFrame(id,
                     {{QStringLiteral("events"), events},
                      {QStringLiteral("complete"), replay.complete},
                      {QStringLiteral("last_seq"), qint64(m_events ? m_events->lastSeq() : 0)}}));
}

} // namespace Postrider::Ipc
