#include "TransportsModel.h"

#include <QBrush>

namespace Postrider {

TransportsModel::TransportsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int TransportsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_transports.size());
}

int TransportsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TransportsModel::stateText(const QJsonObject &t)
{
    const QString breaker = t.value(QLatin1String("breaker")).toString();
    QString text;
    if (breaker == QLatin1String("open"))
        text = tr("Failing (circuit open)");
    else if (breaker == QLatin1String("half_open"))
        text = tr("Testing (circuit half-open)");
    else
        text = tr("Working");
    if (t.value(QLatin1String("paused")).toBool())
        return breaker == QLatin1String("closed") ? tr("Paused") : tr("Paused") + QStringLiteral(" · ") + text;
    return text;
}

QVariant TransportsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_transports.size())
        return {};
    const QJsonObject &t = m_transports[index.row()];
    switch (role) {
    case NameRole:
        return t.value(QLatin1String("name")).toString();
    case BreakerRole:
        return t.value(QLatin1String("breaker")).toString();
    case PausedRole:
        return t.value(QLatin1String("paused")).toBool();
    case Qt::ForegroundRole:
        if (index.column() == State && t.value(QLatin1String("breaker")).toString() == QLatin1String("open"))
            return QBrush(Qt::darkRed);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const QJsonObject attempts = t.value(QLatin1String("attempts")).toObject();
    switch (index.column()) {
    case Name:
        return t.value(QLatin1String("name")).toString();
    case Type:
        return t.value(QLatin1String("type")).toString();
    case State:
        return stateText(t);
    case Sent:
        return attempts.value(QLatin1String("sent")).toInt();
    case Failed:
        return attempts.value(QLatin1String("transient")).toInt() + attempts.value(QLatin1String("terminal")).toInt()
            + attempts.value(QLatin1String("rate_limited")).toInt();
    }
    return {};
}

QVariant TransportsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case State:
        return tr("State");
    case Sent:
        return tr("Sent");
    case Failed:
        return tr("Failed attempts");
    }
    return {};
}

void TransportsModel::reset(const QJsonArray &transports)
{
    beginResetModel();
    m_transports.clear();
    for (const QJsonValue &v : transports)
        m_transports.append(v.toObject());
    endResetModel();
}

void TransportsModel::apply(const QJsonObject &change)
{
    const QString name = change.value(QLatin1String("name")).toString();
    const int row = rowOf(name);
    if (change.value(QLatin1String("removed")).toBool()) {
        if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_transports.removeAt(row);
            endRemoveRows();
        }
        return;
    }
    if (row < 0) {
        const int at = int(m_transports.size());
        beginInsertRows({}, at, at);
        m_transports.append(change);
        endInsertRows();
        return;
    }
    QJsonObject merged = m_transports[row]; // events carry no attempt counts: keep ours
    for (auto it = change.begin(); it != change.end(); ++it)
        merged.insert(it.key(), it.value());
    m_transports[row] = merged;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int TransportsModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_transports.size(); ++i)
        if (m_transports[i].value(QLatin1String("name")).toString() == name)
            return i;
    return -1;
}

QStringList TransportsModel::names() const
{
    QStringList out;
    for (const QJsonObject &t : m_transports)
        out.append(t.value(QLatin1String("name")).toString());
    return out;
}

} // namespace Postrider
