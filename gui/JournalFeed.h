#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

class QTimer;

namespace Postrider {

class DaemonConnection;
class SendsModel;

/// \brief What the Sends page filters by; empty fields do not filter.
struct JournalFilter
{
    QString status;
    QString ingress;
    QString recipient;
    QString subject;

    QJsonObject params() const; ///< `journal.query` params
    bool matches(const QJsonObject &entry) const;
    bool operator==(const JournalFilter &) const = default;
};

/// \brief Keeps the SendsModel in step with the daemon's journal: a full query when the filter
/// changes or events were lost, then incremental updates — new rows by `after_seq`, changed
/// rows by `journal.get` — driven by `submission.changed` events and batched.
class JournalFeed final : public QObject
{
    Q_OBJECT
public:
    /// Rows loaded by a full query.
    static constexpr int kPageSize = 200;
    /// Events are collected this long before the daemon is asked.
    static constexpr int kUpdateDebounceMs = 150;
    /// More changed rows than this at once are fetched with one full query instead.
    static constexpr int kMaxSingleFetches = 40;

    JournalFeed(DaemonConnection *connection, SendsModel *model, QObject *parent = nullptr);

    void setFilter(const JournalFilter &filter);
    const JournalFilter &filter() const { return m_filter; }
    void reload();
    void submissionChanged(const QString &id);
    bool isLoading() const { return m_loading > 0; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    void failed(const Postrider::Error &error);
    /// A row was refreshed from the daemon (the detail pane follows it).
    void entryUpdated(const QString &id);

private:
    void flush();
    void begin();
    void end();

    DaemonConnection *m_connection;
    SendsModel *m_model;
    JournalFilter m_filter;
    QTimer *m_debounce;
    QSet<QString> m_changed;
    int m_loading = 0;
    quint64 m_generation = 0; ///< answers to an older filter are dropped
};

} // namespace Postrider
