#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace Postrider {

/// \brief The daemon's transports with their breaker and pause state (`transports.list`), kept
/// current by `transport.changed` events.
class TransportsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Type, State, Sent, Failed, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, BreakerRole, PausedRole };

    explicit TransportsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reset(const QJsonArray &transports);
    /// Applies one `transport.changed` event (a transport, or `{name, removed}`).
    void apply(const QJsonObject &change);

    QJsonObject transport(int row) const { return m_transports.value(row); }
    int rowOf(const QString &name) const;
    QStringList names() const;

    /// "Working", "Paused", "Failing (circuit open)"…
    static QString stateText(const QJsonObject &transport);

private:
    QList<QJsonObject> m_transports;
};

} // namespace Postrider
