#pragma once

#include "core/Config.h"
#include "core/Message.h"
#include "transport/Transport.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Postrider {

/// \brief Where a submission goes: the ingress route (endpoint path or `smtp_listener`) and its
/// transports in failover order.
struct Route
{
    QString name;
    QStringList transports;
};

/// \brief Journal status of a submission. `Queued`, `Sending` and `Deferred` are live; the others
/// are final.
enum class SubmissionStatus { Queued, Sending, Deferred, Sent, Failed, Cancelled };
QString statusName(SubmissionStatus s);
std::optional<SubmissionStatus> statusFromName(QStringView name);
inline bool isFinal(SubmissionStatus s)
{
    return s == SubmissionStatus::Sent || s == SubmissionStatus::Failed || s == SubmissionStatus::Cancelled;
}

/// \brief An idempotency key scoped to its caller (decisions §5): endpoint + API key, plus the
/// hash of the request body it was first used with.
struct IdempotencyKey
{
    QString scope; ///< e.g. "/api/send|<sha256 of the API key>"
    QString key; ///< the client's Idempotency-Key header
    QByteArray bodyHash; ///< hex SHA-256 of the request body
};

/// \brief The response remembered for a completed idempotent request, replayed verbatim.
struct StoredResponse
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

/// \brief What submit() reports: after the commit for `queue`, after the delivery outcome for `sync`.
struct SubmitReceipt
{
    QString submissionId;
    SubmissionStatus status = SubmissionStatus::Queued;
    QString transport; ///< sync: the transport of the last attempt
    SendResult result; ///< sync: the last attempt's result
    int attempts = 0; ///< sync: attempts made
};

struct SubmitOptions
{
    DeliveryMode mode = DeliveryMode::Queue;
    /// When set, the idempotency record is written in the same transaction as the submission, so
    /// a crash can never leave a persisted message without its remembered response (queue mode).
    std::optional<IdempotencyKey> idempotency;
    /// Builds the response to remember from the receipt (called before the commit for queue mode,
    /// after the outcome for sync mode).
    std::function<StoredResponse(const SubmitReceipt &)> responseFor;
};

/// \brief One delivery attempt as journaled.
struct AttemptRecord
{
    QString submissionId;
    int attempt = 0;
    QString transport;
    qint64 startedMs = 0; ///< wall clock
    qint64 durationMs = 0;
    Outcome outcome = Outcome::Transient;
    int status = 0;
    QString errorCode;
    QString providerMessageId;
    QString error;
};

/// \brief One submission as journaled (metadata; the body only when asked for and kept).
struct JournalEntry
{
    qint64 seq = 0; ///< insertion order in the journal (incremental sync: JournalQuery::afterSeq)
    QString id;
    SubmissionStatus status = SubmissionStatus::Queued;
    Ingress ingress = Ingress::Unknown;
    QString route;
    QStringList transports;
    DeliveryMode delivery = DeliveryMode::Queue;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    qint64 nextAttemptMs = 0;
    int attempts = 0;
    int transportIndex = 0;
    QString sender;
    QString recipients; ///< comma-separated addr-specs
    QString subject;
    qint64 size = 0;
    QString lastTransport;
    QString lastOutcome;
    int lastStatus = 0;
    QString lastError;
    QString providerMessageId;
    QString resentFrom;
    bool hasBody = false;
    QList<AttemptRecord> attemptLog; ///< filled by get()
};

/// \brief Journal search; every set field narrows the result. Newest first.
struct JournalQuery
{
    QString id;
    std::optional<SubmissionStatus> status;
    std::optional<Ingress> ingress;
    QString recipient; ///< substring, case-insensitive
    QString subject; ///< substring, case-insensitive
    qint64 fromMs = 0; ///< created at or after (0 = unbounded)
    qint64 toMs = 0; ///< created before (0 = unbounded)
    qint64 afterSeq = 0; ///< for incremental sync: rows with sequence number above this
    int limit = 100;
};

/// \brief State of a transport's circuit breaker (visible in metrics and the admin app).
enum class BreakerState { Closed, Open, HalfOpen };
QString breakerStateName(BreakerState s);

} // namespace Postrider
