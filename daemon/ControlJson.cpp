#include "ControlJson.h"

#include "core/Logging.h"
#include "ipc/IpcErrors.h"

namespace Postrider::ControlJson {

namespace {
Error invalid(const QString &message)
{
    return Error(QString(Ipc::ErrorCode::kParamsInvalid), message);
}

QString deliveryName(DeliveryMode m)
{
    return m == DeliveryMode::Sync ? QStringLiteral("sync") : QStringLiteral("queue");
}
} // namespace

QJsonObject attempt(const AttemptRecord &a)
{
    return {{QStringLiteral("attempt"), a.attempt},
            {QStringLiteral("transport"), a.transport},
            {QStringLiteral("started_ms"), a.startedMs},
            {QStringLiteral("duration_ms"), a.durationMs},
            {QStringLiteral("outcome"), outcomeName(a.outcome)},
            {QStringLiteral("status"), a.status},
            {QStringLiteral("error_code"), a.errorCode},
            {QStringLiteral("provider_message_id"), a.providerMessageId},
            {QStringLiteral("error"), Log::redact(a.error)}};
}

QJsonObject entry(const JournalEntry &e, bool withAttempts)
{
    QJsonObject o{{QStringLiteral("seq"), e.seq},
                  {QStringLiteral("id"), e.id},
                  {QStringLiteral("status"), statusName(e.status)},
                  {QStringLiteral("ingress"), ingressName(e.ingress)},
                  {QStringLiteral("route"), e.route},
                  {QStringLiteral("transports"), QJsonArray::fromStringList(e.transports)},
                  {QStringLiteral("delivery"), deliveryName(e.delivery)},
                  {QStringLiteral("created_ms"), e.createdMs},
                  {QStringLiteral("updated_ms"), e.updatedMs},
                  {QStringLiteral("next_attempt_ms"), e.nextAttemptMs},
                  {QStringLiteral("attempts"), e.attempts},
                  {QStringLiteral("sender"), e.sender},
                  {QStringLiteral("recipients"), e.recipients},
                  {QStringLiteral("subject"), e.subject},
                  {QStringLiteral("size"), e.size},
                  {QStringLiteral("last_transport"), e.lastTransport},
                  {QStringLiteral("last_outcome"), e.lastOutcome},
                  {QStringLiteral("last_status"), e.lastStatus},
                  {QStringLiteral("last_error"), Log::redact(e.lastError)},
                  {QStringLiteral("provider_message_id"), e.providerMessageId},
                  {QStringLiteral("resent_from"), e.resentFrom},
                  {QStringLiteral("has_body"), e.hasBody}};
    if (withAttempts) {
        QJsonArray attempts;
        for (const AttemptRecord &a : e.attemptLog)
            attempts.append(attempt(a));
        o.insert(QStringLiteral("attempt_log"), attempts);
    }
    return o;
}

QJsonObject sendResult(const QString &transport, const SendResult &r)
{
    return {{QStringLiteral("transport"), transport},
            {QStringLiteral("ok"), r.ok()},
            {QStringLiteral("outcome"), outcomeName(r.outcome)},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("message_id"), r.messageId},
            {QStringLiteral("error_code"), r.errorCode},
            {QStringLiteral("error"), r.ok() ? QString() : Log::redact(r.describe())},
            {QStringLiteral("latency_ms"), r.latencyMs}};
}

QJsonArray configErrors(const ConfigErrors &errors)
{
    QJsonArray out;
    for (const ConfigError &e : errors)
        out.append(QJsonObject{{QStringLiteral("line"), e.where.line},
                               {QStringLiteral("column"), e.where.column},
                               {QStringLiteral("key"), e.key},
                               {QStringLiteral("message"), Log::redact(e.message)},
                               {QStringLiteral("hint"), e.hint},
                               {QStringLiteral("text"), Log::redact(e.toString())}});
    return out;
}

Result<QString> requiredString(const QJsonObject &params, const QString &key)
{
    const QJsonValue v = params.value(key);
    if (!v.isString() || v.toString().isEmpty())
        return invalid(QStringLiteral("\"%1\" must be a non-empty string").arg(key));
    return v.toString();
}

Result<JournalQuery> journalQuery(const QJsonObject &p)
{
    JournalQuery q;
    q.limit = kDefaultJournalLimit;
    for (auto it = p.begin(); it != p.end(); ++it) {
        const QString &k = it.key();
        const QJsonValue &v = it.value();
        if (v.isNull())
            continue;
        if (k == QLatin1String("status")) {
            const auto s = statusFromName(v.toString());
            if (!s)
                return invalid(QStringLiteral("unknown status \"%1\"").arg(v.toString()));
            q.status = s;
        } else if (k == QLatin1String("ingress")) {
            const Ingress in = ingressFromName(v.toString());
            if (in == Ingress::Unknown && v.toString() != QLatin1String("unknown"))
                return invalid(QStringLiteral("unknown ingress \"%1\"").arg(v.toString()));
            q.ingress = in;
        } else if (k == QLatin1String("id") || k == QLatin1String("recipient") || k == QLatin1String("subject")) {
            if (!v.isString())
                return invalid(QStringLiteral("\"%1\" must be a string").arg(k));
            (k == QLatin1String("id")              ? q.id
                 : k == QLatin1String("recipient") ? q.recipient
                                                   : q.subject) = v.toString();
        } else if (k == QLatin1String("from_ms") || k == QLatin1String("to_ms") || k == QLatin1String("after_seq")) {
            if (!v.isDouble() || v.toDouble() < 0)
                return invalid(QStringLiteral("\"%1\" must be a non-negative number").arg(k));
            const qint64 n = qint64(v.toDouble());
            (k == QLatin1String("from_ms") ? q.fromMs : k == QLatin1String("to_ms") ? q.toMs : q.afterSeq) = n;
        } else if (k == QLatin1String("limit")) {
            const int n = v.toInt(-1);
            if (n < 1 || n > kMaxJournalLimit)
                return invalid(QStringLiteral("\"limit\" must be 1-%1").arg(kMaxJournalLimit));
            q.limit = n;
        } else {
            return invalid(QStringLiteral("unknown filter \"%1\"").arg(k));
        }
    }
    return q;
}

} // namespace Postrider::ControlJson
