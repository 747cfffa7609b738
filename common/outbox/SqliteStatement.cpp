#include "SqliteStatement.h"

#include <sqlite3.h>

namespace Postrider {

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    // Persistent: these statements live as long as the connection.
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        m_prepareError = QString::fromUtf8(sqlite3_errmsg(db));
        m_stmt = nullptr;
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bind(int index, const QString &value)
{
    if (value.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_text16(m_stmt, index, value.utf16(), int(value.size() * 2), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, const QByteArray &value)
{
    if (value.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_blob64(m_stmt, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

Status SqliteStatement::exec()
{
    if (!m_stmt)
        return Error(QStringLiteral("outbox.sql"), m_prepareError);
    int rc;
    while ((rc = sqlite3_step(m_stmt)) == SQLITE_ROW) { }
    Status result;
    if (rc != SQLITE_DONE)
        result = Error(QStringLiteral("outbox.sql"), QString::fromUtf8(sqlite3_errmsg(m_db)));
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return result;
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

} // namespace Postrider
