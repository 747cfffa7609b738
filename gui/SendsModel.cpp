#include "SendsModel.h"

#include <QBrush>
#include <QDateTime>
#include <QLocale>
#include <QPalette>

namespace Postrider {

SendsModel::SendsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int SendsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SendsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SendsModel::statusText(const QString &status)
{
    if (status == QLatin1String("queued"))
        return tr("Queued");
    if (status == QLatin1String("sending"))
        return tr("Sending");
    if (status == QLatin1String("deferred"))
        return tr("Retrying");
    if (status == QLatin1String("sent"))
        return tr("Sent");
    if (status == QLatin1String("failed"))
        return tr("Failed");
    if (status == QLatin1String("cancelled"))
        return tr("Cancelled");
    return status;
}

QString SendsModel::ingressText(const QString &ingress)
{
    if (ingress == QLatin1String("http_form"))
        return tr("Web form");
    if (ingress == QLatin1String("http_api"))
        return tr("HTTP API");
    if (ingress == QLatin1String("smtp"))
        return tr("SMTP");
    if (ingress == QLatin1String("cli"))
        return tr("Command line");
    if (ingress == QLatin1String("admin"))
        return tr("Admin");
    return ingress;
}

QVariant SendsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const QJsonObject &e = m_entries[index.row()];
    const QString status = e.value(QLatin1String("status")).toString();
    if (role == IdRole)
        return e.value(QLatin1String("id")).toString();
    if (role == StatusRole)
        return status;
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (status == QLatin1String("failed"))
            return QBrush(Qt::darkRed);
        if (status == QLatin1String("deferred"))
            return QBrush(QColor(0xb3, 0x6b, 0x00));
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Status)
        return e.value(QLatin1String("last_error")).toString();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Created:
        return QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(qint64(e.value(QLatin1String("created_ms")).toDouble())).toLocalTime(),
            QLocale::ShortFormat);
    case Status:
        return statusText(status);
    case Recipients:
        return e.value(QLatin1String("recipients")).toString();
    case Subject:
        return e.value(QLatin1String("subject")).toString();
    case Transport: {
        const QString last = e.value(QLatin1String("last_transport")).toString();
        return last.isEmpty() ? e.value(QLatin1String("transports")).toArray().first().toString() : last;
    }
    case Attempts:
        return e.value(QLatin1String("attempts")).toInt();
    case Ingress:
        return ingressText(e.value(QLatin1String("ingress")).toString());
    }
    return {};
}

QVariant SendsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Created:
        return tr("Created");
    case Status:
        return tr("Status");
    case Recipients:
        return tr("Recipients");
    case Subject:
        return tr("Subject");
    case Transport:
        return tr("Transport");
    case Attempts:
        return tr("Attempts");
    case Ingress:
        return tr("Source");
    }
    return {};
}

void SendsModel::noteSeq(const QJsonObject &entry)
{
    m_maxSeq = std::max(m_maxSeq, qint64(entry.value(QLatin1String("seq")).toDouble()));
}

void SendsModel::reset(const QJsonArray &entries)
{
    beginResetModel();
    m_entries.clear();
    m_maxSeq = 0;
    for (const QJsonValue &v : entries) {
        m_entries.append(v.toObject());
        noteSeq(v.toObject());
    }
    endResetModel();
}

void SendsModel::addNewer(const QJsonArray &entries)
{
    QList<QJsonObject> fresh;
    for (const QJsonValue &v : entries)
        if (!contains(v.toObject().value(QLatin1String("id")).toString()))
            fresh.prepend(v.toObject()); // oldest first in, newest first shown
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    for (qsizetype i = fresh.size() - 1; i >= 0; --i) {
        m_entries.prepend(fresh[i]);
        noteSeq(fresh[i]);
    }
    endInsertRows();
}

void SendsModel::update(const QJsonObject &entry)
{
    const int row = rowOf(entry.value(QLatin1String("id")).toString());
    if (row < 0)
        return;
    m_entries[row] = entry;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SendsModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

QJsonObject SendsModel::entry(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? QJsonObject() : m_entries[row];
}

int SendsModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].value(QLatin1String("id")).toString() == id)
            return i;
    return -1;
}

} // namespace Postrider
