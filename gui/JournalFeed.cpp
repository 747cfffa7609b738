#include "JournalFeed.h"

#include "DaemonConnection.h"
#include "SendsModel.h"

#include <QJsonArray>
#include <QTimer>

namespace Postrider {

QJsonObject JournalFilter::params() const
{
    QJsonObject p;
    if (!status.isEmpty())
        p.insert(QStringLiteral("status"), status);
    if (!ingress.isEmpty())
        p.insert(QStringLiteral("ingress"), ingress);
    if (!recipient.isEmpty())
        p.insert(QStringLiteral("recipient"), recipient);
    if (!subject.isEmpty())
        p.insert(QStringLiteral("subject"), subject);
    return p;
}

bool JournalFilter::matches(const QJsonObject &e) const
{
    const auto has = [](const QJsonObject &o, const char *key, const QString &needle) {
        return needle.isEmpty() || o.value(QLatin1String(key)).toString().contains(needle, Qt::CaseInsensitive);
    };
    return (status.isEmpty() || e.value(QLatin1String("status")).toString() == status)
        && (ingress.isEmpty() || e.value(QLatin1String("ingress")).toString() == ingress)
        && has(e, "recipients", recipient) && has(e, "subject", subject);
}

JournalFeed::JournalFeed(DaemonConnection *connection, SendsModel *model, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_model(model)
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kUpdateDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &JournalFeed::flush);
}

void JournalFeed::begin()
{
    if (m_loading++ == 0)
        Q_EMIT loadingChanged(true);
}

void JournalFeed::end()
{
    if (--m_loading == 0)
        Q_EMIT loadingChanged(false);
}

void JournalFeed::setFilter(const JournalFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

void JournalFeed::reload()
{
    m_changed.clear();
    m_debounce->stop();
    const quint64 generation = ++m_generation;
    QJsonObject params = m_filter.params();
    params.insert(QStringLiteral("limit"), kPageSize);
    begin();
    m_connection->call(QStringLiteral("journal.query"), params, this, [this, generation](const Result<QJsonObject> &r) {
        end();
        if (generation != m_generation)
            return;
        if (!r)
            return Q_EMIT failed(r.error());
        m_model->reset(r->value(QLatin1String("entries")).toArray());
    });
}

void JournalFeed::submissionChanged(const QString &id)
{
    m_changed.insert(id);
    if (!m_debounce->isActive())
        m_debounce->start();
}

void JournalFeed::flush()
{
    const QSet<QString> changed = std::exchange(m_changed, {});
    const quint64 generation = m_generation;
    QList<QString> known;
    bool unknown = false;
    for (const QString &id : changed)
        (m_model->contains(id) ? known.append(id) : void(unknown = true));
    if (known.size() > kMaxSingleFetches)
        return reload();
    if (unknown) {
        // New submissions: everything created after the newest row shown, with the same filter.
        QJsonObject params = m_filter.params();
        params.insert(QStringLiteral("after_seq"), m_model->maxSeq());
        params.insert(QStringLiteral("limit"), kPageSize);
        begin();
        m_connection->call(QStringLiteral("journal.query"), params, this,
                           [this, generation](const Result<QJsonObject> &r) {
                               end();
                               if (generation != m_generation)
                                   return;
                               if (!r)
                                   return Q_EMIT failed(r.error());
                               m_model->addNewer(r->value(QLatin1String("entries")).toArray());
                           });
    }
    for (const QString &id : std::as_const(known)) {
        begin();
        m_connection->call(QStringLiteral("journal.get"), {{QStringLiteral("id"), id}}, this,
                           [this, id, generation](const Result<QJsonObject> &r) {
                               end();
                               if (generation != m_generation || !r)
                                   return;
                               const QJsonObject entry = r->value(QLatin1String("entry")).toObject();
                               if (m_filter.matches(entry))
                                   m_model->update(entry);
                               else
                                   m_model->remove(id);
                               Q_EMIT entryUpdated(id);
                           });
    }
}

} // namespace Postrider
