#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace Postrider {

/// \brief Journal entries as a table, newest first: what the Sends page lists. Fed by
/// JournalFeed; holds the entries as the daemon sent them (PROTOCOL.md "journal.query").
class SendsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Created, Status, Recipients, Subject, Transport, Attempts, Ingress, ColumnCount };
    /// The entry's id and raw status, for views and tests.
    enum Role { IdRole = Qt::UserRole + 1, StatusRole };

    explicit SendsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces everything (`entries` newest first).
    void reset(const QJsonArray &entries);
    /// Adds entries created after the newest one shown (`entries` oldest first).
    void addNewer(const QJsonArray &entries);
    /// Replaces the row of `entry`'s id, if shown.
    void update(const QJsonObject &entry);
    void remove(const QString &id);

    QJsonObject entry(int row) const { return m_entries.value(row); }
    QJsonObject entry(const QString &id) const;
    int rowOf(const QString &id) const;
    bool contains(const QString &id) const { return rowOf(id) >= 0; }
    /// Highest journal sequence number shown (for `journal.query {after_seq}`).
    qint64 maxSeq() const { return m_maxSeq; }

    /// Translated name of a status ("sent" → "Sent").
    static QString statusText(const QString &status);
    static QString ingressText(const QString &ingress);

private:
    void noteSeq(const QJsonObject &entry);

    QList<QJsonObject> m_entries;
    qint64 m_maxSeq = 0;
};

} // namespace Postrider
