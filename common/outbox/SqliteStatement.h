#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace Postrider {

/// \brief One prepared statement on the store's SQLite connection, bound and stepped through
/// SQLite's own API.
///
/// The outbox opens its connection through Qt SQL (driver, pragmas, migrations, journal queries),
/// but the four statements every message runs (insert, mark sending, attempt, state update) go
/// through here: Qt SQL's value binding costs about two thousand instructions per bound value,
/// which made binding the largest single cost of a durable accept. Text and blobs are bound
/// without copies, so the values must stay alive until exec() returns.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }
    QString prepareError() const { return m_prepareError; }

    // Parameters are 1-based, as in SQLite.
    void bind(int index, qint64 value);
    void bind(int index, const QString &value); ///< a null QString binds NULL
    void bindBlob(int index, const QByteArray &value); ///< a null QByteArray binds NULL
    void bindNull(int index);

    /// Runs the statement to completion, then resets it and clears the bindings.
    Status exec();
    /// Rows changed by the last exec().
    int changes() const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_prepareError;
};

} // namespace Postrider
