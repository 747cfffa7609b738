#include "IpcMessage.h"

#include "IpcErrors.h"

namespace Postrider::Ipc {

namespace {
Error badRequest(const QString &message)
{
    return Error(QString(ErrorCode::kBadRequest), message);
}

bool validId(const QJsonValue &id)
{
    if (id.isString())
        return !id.toString().isEmpty() && id.toString().size() <= kMaxIdLength;
    if (!id.isDouble())
        return false;
    const double d = id.toDouble();
    // Integral, non-negative and exactly representable in a double (2^53).
    return d >= 0 && d <= 9007199254740992.0 && d == double(qint64(d));
}

bool validName(const QString &name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return false;
    for (const QChar c : name)
        if (!(c.isLower() || c.isDigit() || c == u'.' || c == u'_') || c.unicode() > 0x7f)
            return false;
    return true;
}
} // namespace

Result<IpcRequest> parseRequest(const QJsonObject &frame, QJsonValue *idOut)
{
    const QJsonValue id = frame.value(QLatin1String("id"));
    if (!validId(id))
        return badRequest(
            QStringLiteral("\"id\" must be a non-negative integer or a string of 1-%1 characters").arg(kMaxIdLength));
    if (idOut)
        *idOut = id;
    const QJsonValue method = frame.value(QLatin1String("method"));
    if (!method.isString() || !validName(method.toString()))
        return badRequest(QStringLiteral("\"method\" must be a name like \"journal.query\""));
    const QJsonValue params = frame.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isNull() && !params.isObject())
        return badRequest(QStringLiteral("\"params\" must be an object"));
    for (auto it = frame.begin(); it != frame.end(); ++it)
        if (it.key() != QLatin1String("id") && it.key() != QLatin1String("method")
            && it.key() != QLatin1String("params"))
            return badRequest(QStringLiteral("unknown member \"%1\" in a request").arg(it.key()));
    return IpcRequest{id, method.toString(), params.toObject()};
}

Result<IpcIncoming> parseIncoming(const QJsonObject &frame)
{
    IpcIncoming in;
    if (frame.contains(QLatin1String("event"))) {
        in.kind = IpcIncoming::Kind::Event;
        in.event = frame.value(QLatin1String("event")).toString();
        const double seq = frame.value(QLatin1String("seq")).toDouble(-1);
        if (!validName(in.event) || seq < 1)
            return badRequest(QStringLiteral("an event needs a name and a positive \"seq\""));
        in.seq = quint64(seq);
        in.data = frame.value(QLatin1String("data")).toObject();
        return in;
    }
    in.id = frame.value(QLatin1String("id"));
    if (frame.contains(QLatin1String("error"))) {
        in.kind = IpcIncoming::Kind::Error;
        in.error = errorFromJson(frame.value(QLatin1String("error")).toObject());
        if (in.error.code.isEmpty())
            return badRequest(QStringLiteral("an error reply needs a \"code\""));
        return in;
    }
    if (!validId(in.id) || !frame.value(QLatin1String("result")).isObject())
        return badRequest(QStringLiteral("a reply needs an \"id\" and a \"result\" object"));
    in.result = frame.value(QLatin1String("result")).toObject();
    return in;
}

QJsonObject requestFrame(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}};
}

QJsonObject resultFrame(const QJsonValue &id, const QJsonObject &result)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("result"), result}};
}

QJsonObject errorFrame(const QJsonValue &id, const Error &error)
{
    return {{QStringLiteral("id"), id.isUndefined() ? QJsonValue(QJsonValue::Null) : id},
            {QStringLiteral("error"), errorToJson(error)}};
}

QJsonObject eventFrame(const QString &event, quint64 seq, const QJsonObject &data)
{
    return {{QStringLiteral("event"), event}, {QStringLiteral("seq"), qint64(seq)}, {QStringLiteral("data"), data}};
}

QJsonObject errorToJson(const Error &error)
{
    return {{QStringLiteral("code"), error.code},
            {QStringLiteral("message"), error.message},
            {QStringLiteral("details"), error.details}};
}

Error errorFromJson(const QJsonObject &json)
{
    return Error(json.value(QLatin1String("code")).toString(), json.value(QLatin1String("message")).toString(),
                 json.value(QLatin1String("details")).toObject());
}

} // namespace Postrider::Ipc
