#include "OverviewPage.h"

#include "DaemonConnection.h"
#include "StatusPresenter.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace Postrider {

namespace {
QLabel *valueLabel(const QString &objectName)
{
    auto *l = new QLabel;
    l->setObjectName(objectName);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 120)
        return OverviewPage::tr("%n second(s)", "", int(s));
    if (s < 7200)
        return OverviewPage::tr("%n minute(s)", "", int(s / 60));
    if (s < 172800)
        return OverviewPage::tr("%n hour(s)", "", int(s / 3600));
    return OverviewPage::tr("%n day(s)", "", int(s / 86400));
}
} // namespace

OverviewPage::OverviewPage(DaemonConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_icon(new QLabel)
    , m_title(valueLabel(QStringLiteral("overviewStatus")))
    , m_description(valueLabel(QStringLiteral("overviewDescription")))
    , m_daemon(valueLabel(QStringLiteral("overviewDaemon")))
    , m_listeners(valueLabel(QStringLiteral("overviewListeners")))
    , m_counts(valueLabel(QStringLiteral("overviewCounts")))
    , m_outbox(valueLabel(QStringLiteral("overviewOutbox")))
{
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_title->setFont(big);
    auto *head = new QHBoxLayout;
    head->addWidget(m_icon);
    auto *headText = new QVBoxLayout;
    headText->addWidget(m_title);
    headText->addWidget(m_description);
    head->addLayout(headText, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Daemon:"), m_daemon);
    form->addRow(tr("Listeners:"), m_listeners);
    form->addRow(tr("Messages:"), m_counts);
    form->addRow(tr("Outbox:"), m_outbox);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addSpacing(12);
    layout->addLayout(form);
    layout->addStretch(1);
    connect(m_connection, &DaemonConnection::statusChanged, this, &OverviewPage::refresh);
    refresh();
}

void OverviewPage::refresh()
{
    const DaemonStatus status = m_connection->status();
    m_icon->setPixmap(StatusPresenter::icon(status).pixmap(48, 48));
    m_title->setText(StatusPresenter::title(status));
    m_description->setText(StatusPresenter::description(m_connection->statusInputs()));
    const QJsonObject s = m_connection->lastStatus();
    if (s.isEmpty()) {
        for (QLabel *l : {m_daemon, m_listeners, m_counts, m_outbox})
            l->setText(tr("—"));
        return;
    }
    const QJsonObject config = s.value(QLatin1String("config")).toObject();
    const QString path = config.value(QLatin1String("path")).toString();
    m_daemon->setText(tr("Version %1, running for %2, configuration %3")
                          .arg(s.value(QLatin1String("version")).toString(),
                               duration(qint64(s.value(QLatin1String("uptime_ms")).toDouble())),
                               path.isEmpty() ? tr("built in") : path));
    const QJsonObject l = s.value(QLatin1String("listeners")).toObject();
    QStringList listeners;
    QStringList endpoints;
    for (const QJsonValue &e : l.value(QLatin1String("endpoints")).toArray())
        endpoints.append(e.toString());
    listeners << tr("HTTP on %1 (%2)")
                     .arg(l.value(QLatin1String("http")).toString(),
                          endpoints.isEmpty() ? tr("no endpoints") : endpoints.join(QStringLiteral(", ")));
    if (l.contains(QLatin1String("smtp")))
        listeners << tr("SMTP on %1").arg(l.value(QLatin1String("smtp")).toString());
    if (l.contains(QLatin1String("smtp_implicit_tls")))
        listeners << tr("SMTP with TLS on %1").arg(l.value(QLatin1String("smtp_implicit_tls")).toString());
    m_listeners->setText(listeners.join(u'\n'));
    const QJsonObject c = s.value(QLatin1String("counts")).toObject();
    const QJsonObject o = s.value(QLatin1String("outbox")).toObject();
    m_counts->setText(tr("%1 queued, %2 sending, %3 waiting to retry; since start %4 accepted, %5 sent, %6 failed")
                          .arg(c.value(QLatin1String("queued")).toInt())
                          .arg(c.value(QLatin1String("sending")).toInt())
                          .arg(c.value(QLatin1String("deferred")).toInt())
                          .arg(o.value(QLatin1String("accepted")).toInt())
                          .arg(o.value(QLatin1String("sent")).toInt())
                          .arg(o.value(QLatin1String("failed")).toInt()));
    const bool healthy = o.value(QLatin1String("healthy")).toBool();
    QString outbox = healthy ? tr("Healthy") : tr("Not healthy");
    if (const qint64 age = qint64(o.value(QLatin1String("oldest_live_age_ms")).toDouble()); age > 0)
        outbox += u' ' + tr("(oldest waiting message: %1)").arg(duration(age));
    outbox += u'\n' + o.value(QLatin1String("path")).toString();
    m_outbox->setText(outbox);
}

} // namespace Postrider
