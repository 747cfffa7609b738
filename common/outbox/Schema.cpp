#include "Schema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace Postrider::Schema {

namespace {

// Each step is a list of statements that takes the schema from version N to N+1. Steps are never
// edited once released: a change is a new step.
const QList<QStringList> &steps()
{
    static const QList<QStringList> s = {
        // 0 → 1: submissions and their attempts.
        {QStringLiteral("CREATE TABLE submissions ("
                        " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        " id TEXT NOT NULL UNIQUE,"
                        " created_ms INTEGER NOT NULL,"
                        " updated_ms INTEGER NOT NULL,"
                        " ingress TEXT NOT NULL,"
                        " route TEXT NOT NULL,"
                        " transports TEXT NOT NULL,"
                        " delivery TEXT NOT NULL,"
                        " status TEXT NOT NULL,"
                        " attempts INTEGER NOT NULL DEFAULT 0,"
                        " transport_index INTEGER NOT NULL DEFAULT 0,"
                        " next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
                        " sender TEXT NOT NULL DEFAULT '',"
                        " recipients TEXT NOT NULL DEFAULT '',"
                        " subject TEXT NOT NULL DEFAULT '',"
                        " size INTEGER NOT NULL DEFAULT 0,"
                        " last_transport TEXT, last_outcome TEXT, last_status INTEGER, last_error TEXT,"
                        " provider_message_id TEXT,"
                        " body BLOB)"),
         QStringLiteral("CREATE INDEX submissions_live ON submissions(status, next_attempt_ms)"),
         QStringLiteral("CREATE INDEX submissions_created ON submissions(created_ms)"),
         QStringLiteral("CREATE TABLE attempts ("
                        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        " submission_id TEXT NOT NULL,"
                        " attempt INTEGER NOT NULL,"
                        " transport TEXT NOT NULL,"
                        " started_ms INTEGER NOT NULL,"
                        " duration_ms INTEGER NOT NULL,"
                        " outcome TEXT NOT NULL,"
                        " status INTEGER NOT NULL DEFAULT 0,"
                        " error_code TEXT,"
                        " provider_message_id TEXT,"
                        " error TEXT)"),
         QStringLiteral("CREATE INDEX attempts_submission ON attempts(submission_id)")},
        // 1 → 2: durable idempotency (decisions §5) and resend lineage.
        {QStringLiteral("CREATE TABLE idempotency ("
                        " scope TEXT NOT NULL,"
                        " key TEXT NOT NULL,"
                        " body_hash TEXT NOT NULL,"
                        " submission_id TEXT,"
                        " status INTEGER NOT NULL,"
                        " content_type TEXT NOT NULL,"
                        " response BLOB NOT NULL,"
                        " created_ms INTEGER NOT NULL,"
                        " expires_ms INTEGER NOT NULL,"
                        " PRIMARY KEY (scope, key))"),
         QStringLiteral("CREATE INDEX idempotency_expiry ON idempotency(expires_ms)"),
         QStringLiteral("ALTER TABLE submissions ADD COLUMN resent_from TEXT")},
    };
    return s;
}

Error sqlError(const QString &what, const QSqlError &e)
{
    return Error(QStringLiteral("outbox.schema"), what + QStringLiteral(": ") + e.text());
}

} // namespace

Status migrate(QSqlDatabase &db, int *version)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(QStringLiteral("reading schema version"), q.lastError());
    int current = q.value(0).toInt();
    q.finish();
    if (current > kCurrentVersion)
        return Error(
            QStringLiteral("outbox.schema"),
            QStringLiteral("outbox database has schema version %1, newer than this Postrider understands (%2); "
                           "upgrade Postrider or point [outbox] path at another file")
                .arg(current)
                .arg(kCurrentVersion));
    while (current < kCurrentVersion) {
        if (!db.transaction())
            return sqlError(QStringLiteral("starting migration"), db.lastError());
        for (const QString &sql : steps().at(current)) {
            if (!q.exec(sql)) {
                const QSqlError e = q.lastError();
                db.rollback();
                return sqlError(QStringLiteral("migrating schema %1 → %2").arg(current).arg(current + 1), e);
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(current + 1)) || !db.commit()) {
            const QSqlError e = q.lastError().isValid() ? q.lastError() : db.lastError();
            db.rollback();
            return sqlError(QStringLiteral("recording schema version"), e);
        }
        ++current;
    }
    *version = current;
    return {};
}

} // namespace Postrider::Schema
