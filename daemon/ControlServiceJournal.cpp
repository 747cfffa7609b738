// The journal methods of ControlService: query (filters, incremental by seq), get, retry,
// cancel, resend. Outbox error codes (`outbox.not_found`, `outbox.not_live`…) pass through.

#include "ControlJson.h"
#include "ControlService.h"

#include "outbox/Outbox.h"

namespace Postrider {

namespace {
Error unavailable()
{
    return Error(QStringLiteral("outbox.unavailable"), QStringLiteral("the outbox is not open"));
}
} // namespace

void ControlService::journalQuery(const QJsonObject &params, Reply reply)
{
    const auto query = ControlJson::journalQuery(params);
    if (!query)
        return reply(query.error());
    if (!outbox())
        return reply(unavailable());
    outbox()->query(*query, this, [reply](const Result<QList<JournalEntry>> &r) {
        if (!r)
            return reply(r.error());
        QJsonArray entries;
        qint64 lastSeq = 0;
        for (const JournalEntry &e : *r) {
            entries.append(ControlJson::entry(e, false));
            lastSeq = std::max(lastSeq, e.seq);
        }
        reply(QJsonObject{{QStringLiteral("entries"), entries}, {QStringLiteral("last_seq"), lastSeq}});
    });
}

void ControlService::journalGet(const QJsonObject &params, Reply reply)
{
    const auto id = ControlJson::requiredString(params, QStringLiteral("id"));
    if (!id)
        return reply(id.error());
    if (!outbox())
        return reply(unavailable());
    outbox()->get(*id, this, [reply](const Result<JournalEntry> &r) {
        if (!r)
            return reply(r.error());
        reply(QJsonObject{{QStringLiteral("entry"), ControlJson::entry(*r, true)}});
    });
}

void ControlService::journalRetry(const QJsonObject &params, Reply reply)
{
    const auto id = ControlJson::requiredString(params, QStringLiteral("id"));
    if (!id)
        return reply(id.error());
    if (!outbox())
        return reply(unavailable());
    outbox()->retryNow(*id, this, [reply, id = *id](const Status &s) {
        if (!s)
            return reply(s.error());
        reply(QJsonObject{{QStringLiteral("id"), id}});
    });
}

void ControlService::journalCancel(const QJsonObject &params, Reply reply)
{
    const auto id = ControlJson::requiredString(params, QStringLiteral("id"));
    if (!id)
        return reply(id.error());
    if (!outbox())
        return reply(unavailable());
    outbox()->cancel(*id, this, [reply, id = *id](const Status &s) {
        if (!s)
            return reply(s.error());
        reply(QJsonObject{{QStringLiteral("id"), id}});
    });
}

void ControlService::journalResend(const QJsonObject &params, Reply reply)
{
    const auto id = ControlJson::requiredString(params, QStringLiteral("id"));
    if (!id)
        return reply(id.error());
    const QJsonValue transport = params.value(QLatin1String("transport"));
    if (!transport.isUndefined() && !transport.isNull() && !transport.isString())
        return reply(Error(QStringLiteral("params.invalid"), QStringLiteral("\"transport\" must be a string")));
    if (!outbox())
        return reply(unavailable());
    outbox()->resend(*id, transport.toString(), this, [reply, id = *id](const Result<QString> &r) {
        if (!r)
            return reply(r.error());
        reply(QJsonObject{{QStringLiteral("id"), *r}, {QStringLiteral("resent_from"), id}});
    });
}

} // namespace Postrider
