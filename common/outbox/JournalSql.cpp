#include "JournalSql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace Postrider::JournalSql {

namespace {

Status fail(const QSqlQuery &q)
{
    return Error(QStringLiteral("outbox.sql"), q.lastError().text());
}

QString deliveryName(DeliveryMode m)
{
    return m == DeliveryMode::Sync ? QStringLiteral("sync") : QStringLiteral("queue");
}

// Escapes LIKE wildcards so a search for "50%_off" matches literally.
QString likePattern(const QString &needle)
{
    QString n = needle;
    n.replace(u'\\', QLatin1String("\\\\"));
    n.replace(u'%', QLatin1String("\\%"));
    n.replace(u'_', QLatin1String("\\_"));
    return u'%' + n + u'%';
}

const QString kEntryColumns = QStringLiteral(
    "seq, id, status, ingress, route, transports, delivery, created_ms, updated_ms, next_attempt_ms, attempts,"
    " transport_index, sender, recipients, subject, size, last_transport, last_outcome, last_status, last_error,"
    " provider_message_id, resent_from, body IS NOT NULL");

JournalEntry entryFrom(const QSqlQuery &q)
{
    JournalEntry e;
    e.seq = q.value(0).toLongLong();
    e.id = q.value(1).toString();
    e.status = statusFromName(q.value(2).toString()).value_or(SubmissionStatus::Queued);
    e.ingress = ingressFromName(q.value(3).toString());
    e.route = q.value(4).toString();
    e.transports = q.value(5).toString().split(u'\n', Qt::SkipEmptyParts);
    e.delivery = q.value(6).toString() == QLatin1String("sync") ? DeliveryMode::Sync : DeliveryMode::Queue;
    e.createdMs = q.value(7).toLongLong();
    e.updatedMs = q.value(8).toLongLong();
    e.nextAttemptMs = q.value(9).toLongLong();
    e.attempts = q.value(10).toInt();
    e.transportIndex = q.value(11).toInt();
    e.sender = q.value(12).toString();
    e.recipients = q.value(13).toString();
    e.subject = q.value(14).toString();
    e.size = q.value(15).toLongLong();
    e.lastTransport = q.value(16).toString();
    e.lastOutcome = q.value(17).toString();
    e.lastStatus = q.value(18).toInt();
    e.lastError = q.value(19).toString();
    e.providerMessageId = q.value(20).toString();
    e.resentFrom = q.value(21).toString();
    e.hasBody = q.value(22).toBool();
    return e;
}

} // namespace

OutboxStore::Op insertSubmission(std::shared_ptr<const Message> message, const Route &route, DeliveryMode mode,
                                 SubmissionStatus status, qint64 nowMs, const QString &resentFrom)
{
    // Serialising and summarising the message happens here, on the store thread, not on the
    // ingress's event loop; the message is immutable and shared.
    return [message = std::move(message), route = route.name, transports = route.transports.join(u'\n'),
            delivery = deliveryName(mode), status = statusName(status), nowMs,
            resentFrom](StatementCache &sc) -> Status {
        const Message &m = *message;
        const QString recipients = bareAddresses(m.allRecipients()).join(QStringLiteral(", "));
        // A mail without Subject has a null QString, which would bind NULL (NOT NULL column).
        const QString subject = m.subject.isNull() ? QStringLiteral("") : m.subject;
        const QString ingress = ingressName(m.ingress);
        const QByteArray body = m.serialize();
        SqliteStatement &q =
            sc.fast("INSERT INTO submissions (id, created_ms, updated_ms, ingress, route, transports, delivery, status,"
                    " next_attempt_ms, sender, recipients, subject, size, body, resent_from)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, m.submissionId);
        q.bind(2, m.createdAt.toMSecsSinceEpoch());
        q.bind(3, nowMs);
        q.bind(4, ingress);
        q.bind(5, route);
        q.bind(6, transports);
        q.bind(7, delivery);
        q.bind(8, status);
        q.bind(9, nowMs);
        q.bind(10, m.from.email);
        q.bind(11, recipients);
        q.bind(12, subject);
        q.bind(13, m.contentSize());
        q.bindBlob(14, body);
        q.bind(15, resentFrom.isEmpty() ? QString() : resentFrom);
        return q.exec();
    };
}

OutboxStore::Op storeIdempotency(const IdempotencyKey &key, const StoredResponse &response, const QString &submissionId,
                                 qint64 nowMs, qint64 ttlMs)
{
    return [key, response, submissionId, nowMs, ttlMs](StatementCache &sc) -> Status {
        QSqlQuery &q = sc.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO idempotency (scope, key, body_hash, submission_id, status, content_type,"
            " response, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(key.scope);
        q.addBindValue(key.key);
        q.addBindValue(QString::fromLatin1(key.bodyHash));
        q.addBindValue(submissionId.isEmpty() ? QVariant() : QVariant(submissionId));
        q.addBindValue(response.status);
        q.addBindValue(QString::fromLatin1(response.contentType));
        q.addBindValue(response.body);
        q.addBindValue(nowMs);
        q.addBindValue(nowMs + ttlMs);
        return q.exec() ? Status() : fail(q);
    };
}

OutboxStore::Op lookupIdempotency(const IdempotencyKey &key, qint64 nowMs, IdempotencyRow *out)
{
    return [key, nowMs, out](StatementCache &sc) -> Status {
        QSqlQuery &q = sc.prepare(QStringLiteral("SELECT body_hash, status, content_type, response FROM idempotency"
                                                 " WHERE scope = ? AND key = ? AND expires_ms > ?"));
        q.addBindValue(key.scope);
        q.addBindValue(key.key);
        q.addBindValue(nowMs);
        if (!q.exec())
            return fail(q);
        if (q.next()) {
            out->found = true;
            out->bodyHash = q.value(0).toString().toLatin1();
            out->response.status = q.value(1).toInt();
            out->response.contentType = q.value(2).toString().toLatin1();
            out->response.body = q.value(3).toByteArray();
        }
        q.finish();
        return {};
    };
}

OutboxStore::Op markSending(const QString &id, qint64 nowMs)
{
    return [id, nowMs](StatementCache &sc) -> Status {
        SqliteStatement &q = sc.fast("UPDATE submissions SET status = 'sending', updated_ms = ? WHERE id = ? AND "
                                     "status IN ('queued','deferred')");
        q.bind(1, nowMs);
        q.bind(2, id);
        return q.exec();
    };
}

OutboxStore::Op updateState(const StateUpdate &u)
{
    return [u](StatementCache &sc) -> Status {
        SqliteStatement &q = sc.fast(
            "UPDATE submissions SET status = ?, attempts = ?, transport_index = ?, next_attempt_ms = ?, updated_ms = ?,"
            " last_transport = COALESCE(?, last_transport), last_outcome = COALESCE(?, last_outcome),"
            " last_status = COALESCE(?, last_status), last_error = COALESCE(?, last_error),"
            " provider_message_id = COALESCE(?, provider_message_id),"
            " body = CASE WHEN ? THEN NULL ELSE body END WHERE id = ?");
        const QString status = statusName(u.status);
        q.bind(1, status);
        q.bind(2, u.attempts);
        q.bind(3, u.transportIndex);
        q.bind(4, u.nextAttemptMs);
        q.bind(5, u.nowMs);
        q.bind(6, u.lastTransport);
        q.bind(7, u.lastOutcome);
        if (u.lastOutcome.isNull())
            q.bindNull(8);
        else
            q.bind(8, qint64(u.lastStatus));
        q.bind(9, u.lastError);
        q.bind(10, u.providerMessageId);
        q.bind(11, qint64(u.dropBody ? 1 : 0));
        q.bind(12, u.id);
        return q.exec();
    };
}

OutboxStore::Op insertAttempt(const AttemptRecord &a)
{
    return [a](StatementCache &sc) -> Status {
        SqliteStatement &q =
            sc.fast("INSERT INTO attempts (submission_id, attempt, transport, started_ms, duration_ms, outcome, status,"
                    " error_code, provider_message_id, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        const QString outcome = outcomeName(a.outcome);
        q.bind(1, a.submissionId);
        q.bind(2, qint64(a.attempt));
        q.bind(3, a.transport);
        q.bind(4, a.startedMs);
        q.bind(5, a.durationMs);
        q.bind(6, outcome);
        q.bind(7, qint64(a.status));
        q.bind(8, a.errorCode.isEmpty() ? QString() : a.errorCode);
        q.bind(9, a.providerMessageId.isEmpty() ? QString() : a.providerMessageId);
        q.bind(10, a.error.isEmpty() ? QString() : a.error);
        return q.exec();
    };
}

OutboxStore::Op recoverInterrupted(qint64 nowMs, int *count)
{
    return [nowMs, count](StatementCache &sc) -> Status {
        QSqlQuery q(sc.db());
        q.prepare(QStringLiteral("UPDATE submissions SET status = 'deferred', next_attempt_ms = ?, updated_ms = ?"
                                 " WHERE status = 'sending'"));
        q.addBindValue(nowMs);
        q.addBindValue(nowMs);
        if (!q.exec())
            return fail(q);
        *count = q.numRowsAffected();
        return {};
    };
}

OutboxStore::Op loadLive(QList<LiveRow> *out)
{
    return [out](StatementCache &sc) -> Status {
        QSqlQuery q(sc.db());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, route, transports, delivery, status, attempts, transport_index,"
                                   " created_ms, next_attempt_ms FROM submissions"
                                   " WHERE status IN ('queued','sending','deferred') ORDER BY seq")))
            return fail(q);
        while (q.next()) {
            LiveRow r;
            r.id = q.value(0).toString();
            r.route = q.value(1).toString();
            r.transports = q.value(2).toString().split(u'\n', Qt::SkipEmptyParts);
            r.delivery = q.value(3).toString() == QLatin1String("sync") ? DeliveryMode::Sync : DeliveryMode::Queue;
            r.status = statusFromName(q.value(4).toString()).value_or(SubmissionStatus::Queued);
            r.attempts = q.value(5).toInt();
            r.transportIndex = q.value(6).toInt();
            r.createdMs = q.value(7).toLongLong();
            r.nextAttemptMs = q.value(8).toLongLong();
            out->append(r);
        }
        return {};
    };
}

OutboxStore::Op loadBodies(const QStringList &ids, QHash<QString, QByteArray> *out)
{
    return [ids, out](StatementCache &sc) -> Status {
        QSqlQuery &q = sc.prepare(QStringLiteral("SELECT body FROM submissions WHERE id = ?"));
        for (const QString &id : ids) {
            q.addBindValue(id);
            if (!q.exec())
                return fail(q);
            if (q.next() && !q.value(0).isNull())
                out->insert(id, q.value(0).toByteArray());
            q.finish();
        }
        return {};
    };
}

OutboxStore::Op query(const JournalQuery &jq, QList<JournalEntry> *out)
{
    return [jq, out](StatementCache &sc) -> Status {
        QStringList where;
        QVariantList binds;
        if (!jq.id.isEmpty()) {
            where << QStringLiteral("id = ?");
            binds << jq.id;
        }
        if (jq.status) {
            where << QStringLiteral("status = ?");
            binds << statusName(*jq.status);
        }
        if (jq.ingress) {
            where << QStringLiteral("ingress = ?");
            binds << ingressName(*jq.ingress);
        }
        if (!jq.recipient.isEmpty()) {
            where << QStringLiteral("lower(recipients) LIKE lower(?) ESCAPE '\\'");
            binds << likePattern(jq.recipient);
        }
        if (!jq.subject.isEmpty()) {
            where << QStringLiteral("lower(subject) LIKE lower(?) ESCAPE '\\'");
            binds << likePattern(jq.subject);
        }
        if (jq.fromMs > 0) {
            where << QStringLiteral("created_ms >= ?");
            binds << jq.fromMs;
        }
        if (jq.toMs > 0) {
            where << QStringLiteral("created_ms < ?");
            binds << jq.toMs;
        }
        if (jq.afterSeq > 0) {
            where << QStringLiteral("seq > ?");
            binds << jq.afterSeq;
        }
        QString sql = QStringLiteral("SELECT ") + kEntryColumns + QStringLiteral(" FROM submissions");
        if (!where.isEmpty())
            sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
        sql += jq.afterSeq > 0 ? QStringLiteral(" ORDER BY seq ASC") : QStringLiteral(" ORDER BY seq DESC");
        sql += QStringLiteral(" LIMIT ") + QString::number(std::clamp(jq.limit, 1, 10000));
        QSqlQuery q(sc.db());
        q.setForwardOnly(true);
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return fail(q);
        while (q.next())
            out->append(entryFrom(q));
        return {};
    };
}

OutboxStore::Op get(const QString &id, JournalEntry *out, QByteArray *body)
{
    return [id, out, body](StatementCache &sc) -> Status {
        QSqlQuery q(sc.db());
        q.prepare(QStringLiteral("SELECT ") + kEntryColumns + QStringLiteral(", body FROM submissions WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec())
            return fail(q);
        if (!q.next())
            return Error(QStringLiteral("outbox.not_found"), QStringLiteral("no submission with id %1").arg(id));
        *out = entryFrom(q);
        if (body)
            *body = q.value(23).toByteArray();
        QSqlQuery a(sc.db());
        a.prepare(QStringLiteral("SELECT attempt, transport, started_ms, duration_ms, outcome, status, error_code,"
                                 " provider_message_id, error FROM attempts WHERE submission_id = ? ORDER BY id"));
        a.addBindValue(id);
        if (!a.exec())
            return fail(a);
        while (a.next()) {
            AttemptRecord r;
            r.submissionId = id;
            r.attempt = a.value(0).toInt();
            r.transport = a.value(1).toString();
            r.startedMs = a.value(2).toLongLong();
            r.durationMs = a.value(3).toLongLong();
            const QString oc = a.value(4).toString();
            for (Outcome o : {Outcome::Sent, Outcome::Transient, Outcome::RateLimited, Outcome::Terminal})
                if (outcomeName(o) == oc)
                    r.outcome = o;
            r.status = a.value(5).toInt();
            r.errorCode = a.value(6).toString();
            r.providerMessageId = a.value(7).toString();
            r.error = a.value(8).toString();
            out->attemptLog.append(r);
        }
        return {};
    };
}

OutboxStore::Op prune(qint64 olderThanMs, qint64 nowMs, int *deleted)
{
    return [olderThanMs, nowMs, deleted](StatementCache &sc) -> Status {
        QSqlQuery q(sc.db());
        q.prepare(QStringLiteral("DELETE FROM attempts WHERE submission_id IN (SELECT id FROM submissions"
                                 " WHERE created_ms < ? AND status IN ('sent','failed','cancelled'))"));
        q.addBindValue(olderThanMs);
        if (!q.exec())
            return fail(q);
        q.prepare(
            QStringLiteral("DELETE FROM submissions WHERE created_ms < ? AND status IN ('sent','failed','cancelled')"));
        q.addBindValue(olderThanMs);
        if (!q.exec())
            return fail(q);
        *deleted = q.numRowsAffected();
        q.prepare(QStringLiteral("DELETE FROM idempotency WHERE expires_ms <= ?"));
        q.addBindValue(nowMs);
        return q.exec() ? Status() : fail(q);
    };
}

} // namespace Postrider::JournalSql
