#include "OutboxStore.h"

#include "Schema.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutex>
#include <QPointer>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QUuid>
#include <QWaitCondition>

#include <deque>

namespace Postrider {

StatementCache::StatementCache(QSqlDatabase db)
    : m_db(std::move(db))
{
    // The QSQLITE driver hands out its sqlite3 connection (QSqlDriver::handle()).
    const QVariant handle = m_db.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_raw = *static_cast<sqlite3 *const *>(handle.constData());
}

StatementCache::~StatementCache()
{
    m_fast.clear(); // finalised before the connection closes
}

SqliteStatement &StatementCache::fast(const char *sql)
{
    auto it = m_fast.find(sql);
    if (it == m_fast.end())
        it = m_fast.insert(sql, std::make_shared<SqliteStatement>(m_raw, sql));
    return **it;
}

QSqlQuery &StatementCache::prepare(const QString &sql)
{
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        auto q = std::make_shared<QSqlQuery>(m_db);
        q->prepare(sql);
        it = m_queries.insert(sql, q);
    }
    return **it;
}

/// Lives on the store thread; owns the connection.
class OutboxStore::Worker final : public QObject
{
public:
    enum class Kind { Write, Post, Read };
    struct Task
    {
        Kind kind;
        Op op;
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void(Status)> done;
    };

    Worker(OutboxStore *owner)
        : m_owner(owner)
    { }

    Status openDb(const QString &path, int *version)
    {
        m_connection = QStringLiteral("postrider-outbox-") + QUuid::createUuid().toString(QUuid::Id128);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return Error(QStringLiteral("outbox.open"),
                         QStringLiteral("cannot open outbox database %1: %2").arg(path, db.lastError().text()));
        m_cache = std::make_unique<StatementCache>(db);
        // WAL lets readers (the admin app's searches) run beside the writer; FULL makes every
        // commit durable before we acknowledge a message (decisions §1).
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-8000"}) {
            QSqlQuery q(db);
            if (!q.exec(QLatin1String(pragma)))
                return Error(QStringLiteral("outbox.open"),
                             QStringLiteral("%1 failed: %2").arg(QLatin1String(pragma), q.lastError().text()));
        }
        return Schema::migrate(db, version);
    }

    void closeDb()
    {
        m_cache.reset();
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }

    void enqueue(Task task)
    {
        QMutexLocker lock(&m_mutex);
        m_pending.push_back(std::move(task));
        if (!m_scheduled) {
            m_scheduled = true;
            QMetaObject::invokeMethod(this, &Worker::drain, Qt::QueuedConnection);
        }
    }

    void drain()
    {
        std::deque<Task> batch;
        {
            QMutexLocker lock(&m_mutex);
            const size_t n = std::min<size_t>(m_pending.size(), size_t(kMaxBatch));
            for (size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(m_pending.front()));
                m_pending.pop_front();
            }
            if (m_pending.empty())
                m_scheduled = false;
            else
                QMetaObject::invokeMethod(this, &Worker::drain, Qt::QueuedConnection);
        }
        // Reads first (they see everything committed so far), then every write in one transaction.
        std::vector<std::pair<Task *, Status>> results;
        results.reserve(batch.size());
        for (Task &t : batch)
            if (t.kind == Kind::Read)
                results.emplace_back(&t, t.op(*m_cache));
        bool anyWrite = false;
        for (Task &t : batch)
            anyWrite = anyWrite || t.kind != Kind::Read;
        if (anyWrite) {
            QSqlDatabase &db = m_cache->db();
            Status txn;
            if (!db.transaction())
                txn = Error(QStringLiteral("outbox.write"), db.lastError().text());
            std::vector<std::pair<Task *, Status>> writes;
            quint64 ops = 0;
            for (Task &t : batch) {
                if (t.kind == Kind::Read)
                    continue;
                writes.emplace_back(&t, txn ? t.op(*m_cache) : txn);
                ++ops;
            }
            if (txn) {
                QElapsedTimer timer;
                timer.start();
                const bool committed = db.commit();
                const quint64 micros = quint64(timer.nsecsElapsed() / 1000);
                QMutexLocker lock(&m_statsMutex);
                if (committed) {
                    ++m_stats.commits;
                    m_stats.writeOps += ops;
                    m_stats.commitMicros += micros;
                    size_t b = 0;
                    while (b < kCommitBuckets.size() && double(micros) / 1e6 > kCommitBuckets[b])
                        ++b;
                    ++m_stats.bucketCounts[b];
                    m_owner->m_healthy = true;
                } else {
                    ++m_stats.failedCommits;
                    m_owner->m_healthy = false;
                    txn = Error(QStringLiteral("outbox.commit"), db.lastError().text());
                    db.rollback();
                }
            }
            for (auto &[task, status] : writes)
                results.emplace_back(task, txn ? status : txn);
        }
        // Completions hop through the owner (which lives on the thread that opened the store) so the
        // context's liveness is checked on its own thread, never across threads.
        for (auto &[task, status] : results) {
            if (!task->done)
                continue;
            if (!task->hasContext) {
                task->done(status);
                continue;
            }
            QMetaObject::invokeMethod(
                m_owner,
                [ctx = task->context, done = std::move(task->done), status = status] {
                    if (!ctx)
                        return;
                    if (ctx->thread() == QThread::currentThread())
                        done(status);
                    else
                        QMetaObject::invokeMethod(
                            ctx.data(), [done, status] { done(status); }, Qt::QueuedConnection);
                },
                Qt::QueuedConnection);
        }
    }

    StoreStats stats() const
    {
        QMutexLocker lock(&m_statsMutex);
        return m_stats;
    }

    StatementCache &cache() { return *m_cache; }

private:
    OutboxStore *m_owner;
    QString m_connection;
    std::unique_ptr<StatementCache> m_cache;
    QMutex m_mutex;
    std::deque<Task> m_pending;
    bool m_scheduled = false;
    mutable QMutex m_statsMutex;
    StoreStats m_stats;
};

OutboxStore::OutboxStore(QString path)
    : m_path(std::move(path))
{ }

Result<std::unique_ptr<OutboxStore>> OutboxStore::open(const QString &path)
{
    std::unique_ptr<OutboxStore> store(new OutboxStore(path));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error(QStringLiteral("outbox.open"), QStringLiteral("cannot create folder %1").arg(info.absolutePath()));
    store->m_thread = new QThread;
    store->m_thread->setObjectName(QStringLiteral("outbox-store"));
    store->m_worker = new Worker(store.get());
    store->m_worker->moveToThread(store->m_thread);
    QObject::connect(store->m_thread, &QThread::finished, store->m_worker, &QObject::deleteLater);
    store->m_thread->start();
    Status opened;
    int version = 0;
    QMetaObject::invokeMethod(
        store->m_worker, [&] { opened = store->m_worker->openDb(path, &version); }, Qt::BlockingQueuedConnection);
    if (!opened)
        return opened.error();
    store->m_schemaVersion = version;
    return store;
}

OutboxStore::~OutboxStore()
{
    if (!m_thread)
        return;
    flush();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->closeDb(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void OutboxStore::write(Op op, QObject *context, std::function<void(Status)> done)
{
    m_worker->enqueue({Worker::Kind::Write, std::move(op), context, context != nullptr, std::move(done)});
}

void OutboxStore::post(Op op)
{
    m_worker->enqueue({Worker::Kind::Post, std::move(op), nullptr, false, {}});
}

void OutboxStore::read(Op op, QObject *context, std::function<void(Status)> done)
{
    m_worker->enqueue({Worker::Kind::Read, std::move(op), context, context != nullptr, std::move(done)});
}

Status OutboxStore::runBlocking(Op op)
{
    Status result;
    QMutex mutex;
    QWaitCondition cond;
    bool finished = false;
    m_worker->enqueue({Worker::Kind::Write, std::move(op), nullptr, false, [&](Status s) {
                           QMutexLocker lock(&mutex);
                           result = s;
                           finished = true;
                           cond.wakeAll();
                       }});
    QMutexLocker lock(&mutex);
    while (!finished)
        cond.wait(&mutex);
    return result;
}

void OutboxStore::flush()
{
    [[maybe_unused]] const Status s = runBlocking([](StatementCache &) { return Status(); });
}

StoreStats OutboxStore::stats() const
{
    return m_worker->stats();
}

} // namespace Postrider
