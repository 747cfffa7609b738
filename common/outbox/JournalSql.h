#pragma once

#include "OutboxStore.h"
#include "OutboxTypes.h"

#include <QHash>

#include <memory>

namespace Postrider::JournalSql {

/// \brief A live submission as loaded at start-up (crash recovery).
struct LiveRow
{
    QString id;
    QString route;
    QStringList transports;
    DeliveryMode delivery = DeliveryMode::Queue;
    SubmissionStatus status = SubmissionStatus::Queued;
    int attempts = 0;
    int transportIndex = 0;
    qint64 createdMs = 0;
    qint64 nextAttemptMs = 0;
};

/// \brief The columns written after an attempt or a state change.
struct StateUpdate
{
    QString id;
    SubmissionStatus status = SubmissionStatus::Queued;
    int attempts = 0;
    int transportIndex = 0;
    qint64 nextAttemptMs = 0;
    qint64 nowMs = 0;
    QString lastTransport;
    QString lastOutcome;
    int lastStatus = 0;
    QString lastError;
    QString providerMessageId;
    bool dropBody = false; ///< store_bodies = false and the submission is final
};

struct IdempotencyRow
{
    bool found = false;
    QByteArray bodyHash;
    StoredResponse response;
};

OutboxStore::Op insertSubmission(std::shared_ptr<const Message> message, const Route &route, DeliveryMode mode,
                                 SubmissionStatus status, qint64 nowMs, const QString &resentFrom = {});
OutboxStore::Op storeIdempotency(const IdempotencyKey &key, const StoredResponse &response, const QString &submissionId,
                                 qint64 nowMs, qint64 ttlMs);
OutboxStore::Op lookupIdempotency(const IdempotencyKey &key, qint64 nowMs, IdempotencyRow *out);
OutboxStore::Op markSending(const QString &id, qint64 nowMs);
OutboxStore::Op updateState(const StateUpdate &u);
OutboxStore::Op insertAttempt(const AttemptRecord &a);
OutboxStore::Op recoverInterrupted(qint64 nowMs, int *count);
OutboxStore::Op loadLive(QList<LiveRow> *out);
OutboxStore::Op loadBodies(const QStringList &ids, QHash<QString, QByteArray> *out);
OutboxStore::Op query(const JournalQuery &q, QList<JournalEntry> *out);
OutboxStore::Op get(const QString &id, JournalEntry *out, QByteArray *body);
OutboxStore::Op prune(qint64 olderThanMs, qint64 nowMs, int *deleted);

} // namespace Postrider::JournalSql
