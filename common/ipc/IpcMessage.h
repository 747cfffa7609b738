#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Postrider::Ipc {

/// Longest string id a request may carry.
inline constexpr qsizetype kMaxIdLength = 64;
/// Longest method or event name.
inline constexpr qsizetype kMaxNameLength = 64;

/// \brief A request: `{"id", "method", "params"}`. The id (a non-negative integer or a short
/// string) comes back unchanged in the reply.
struct IpcRequest
{
    QJsonValue id;
    QString method;
    QJsonObject params;
};

/// \brief Anything a client reads: a reply (result or error) to one of its requests, or an event.
struct IpcIncoming
{
    enum class Kind { Result, Error, Event };
    Kind kind = Kind::Result;
    QJsonValue id; ///< replies
    QJsonObject result; ///< Kind::Result
    Error error; ///< Kind::Error
    QString event; ///< Kind::Event
    quint64 seq = 0; ///< Kind::Event
    QJsonObject data; ///< Kind::Event
};

/// Reads a request envelope. Errors: `protocol.bad_request`. `idOut` receives the id whenever it
/// was valid, so even a broken request can be answered.
Result<IpcRequest> parseRequest(const QJsonObject &frame, QJsonValue *idOut = nullptr);
/// Reads what a server sent. Errors: `protocol.bad_request`.
Result<IpcIncoming> parseIncoming(const QJsonObject &frame);

QJsonObject requestFrame(const QJsonValue &id, const QString &method, const QJsonObject &params);
QJsonObject resultFrame(const QJsonValue &id, const QJsonObject &result);
QJsonObject errorFrame(const QJsonValue &id, const Error &error);
QJsonObject eventFrame(const QString &event, quint64 seq, const QJsonObject &data);

/// `{"code", "message", "details"}` and back.
QJsonObject errorToJson(const Error &error);
Error errorFromJson(const QJsonObject &json);

} // namespace Postrider::Ipc
