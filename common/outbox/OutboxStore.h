#pragma once

#include "SqliteStatement.h"

#include "core/Result.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace Postrider {

/// \brief Prepared statements of the store's connection, prepared once and reused: Qt SQL
/// queries for the journal, and SqliteStatements for the per-message hot path.
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db);
    ~StatementCache();
    /// A prepared query for `sql` (values must be re-bound on every use).
    QSqlQuery &prepare(const QString &sql);
    /// A prepared SQLite statement for `sql`, a string literal (cached by address).
    SqliteStatement &fast(const char *sql);
    QSqlDatabase &db() { return m_db; }

private:
    QSqlDatabase m_db;
    sqlite3 *m_raw = nullptr;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_fast;
};

/// \brief Counters the store keeps for metrics (read from any thread).
struct StoreStats
{
    quint64 commits = 0;
    quint64 writeOps = 0; ///< operations committed
    quint64 commitMicros = 0; ///< total time spent in COMMIT (fsync)
    quint64 failedCommits = 0;
    /// Commit latency histogram (seconds) with the Prometheus buckets of kCommitBuckets.
    std::array<quint64, 12> bucketCounts{};
};
inline constexpr std::array<double, 11> kCommitBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0};

/// \brief The outbox's SQLite database, owned by one writer thread.
///
/// Every operation runs on that thread. Writes queued while a commit is in progress are committed
/// together by the next one (group commit), so the number of fsyncs grows with time, not with the
/// number of messages; each write's completion is reported only after its transaction committed
/// durably (WAL, `synchronous=FULL`). Reads run between write batches.
class OutboxStore final : public QObject
{
    Q_OBJECT
public:
    using Op = std::function<Status(StatementCache &)>;
    static constexpr int kMaxBatch = 4096; ///< operations per transaction

    /// Opens (creating if needed) and migrates the database at `path` on a new thread.
    /// Blocks the caller until the database is ready (start-up only).
    static Result<std::unique_ptr<OutboxStore>> open(const QString &path);
    ~OutboxStore() override;

    /// Queues a durable write; `done` runs on `context`'s thread after the commit (or failure).
    void write(Op op, QObject *context, std::function<void(Status)> done);
    /// Queues a write whose completion nobody waits for; it commits with the next batch.
    void post(Op op);
    /// Queues a read; `done` runs on `context`'s thread afterwards.
    void read(Op op, QObject *context, std::function<void(Status)> done);
    /// Runs `op` on the store thread and blocks until it finished (start-up and shutdown only).
    Status runBlocking(Op op);
    /// Blocks until everything queued so far is committed (shutdown, tests).
    void flush();

    StoreStats stats() const;
    QString path() const { return m_path; }
    int schemaVersion() const { return m_schemaVersion; }
    /// False after a commit failed (disk full, I/O error) until a later commit succeeds.
    bool isHealthy() const { return m_healthy.load(); }

private:
    class Worker;
    explicit OutboxStore(QString path);

    QString m_path;
    int m_schemaVersion = 0;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;
    std::atomic<bool> m_healthy{true};
};

} // namespace Postrider
