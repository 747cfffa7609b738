#include "TrayIcon.h"

#include "DaemonConnection.h"
#include "StatusPresenter.h"
#include "TransportsModel.h"

#include <QMenu>
#include <QSystemTrayIcon>

namespace Postrider {

TrayIcon::TrayIcon(DaemonConnection *connection, Notifier *notifier, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_statusAction = m_menu->addAction(QString());
    m_statusAction->setEnabled(false);
    m_menu->addSeparator();
    m_menu->addAction(tr("&Open Postrider"), this, &TrayIcon::openRequested);
    m_pauseAll = m_menu->addAction(tr("&Pause all transports"), this, [this] { setAllPaused(true); });
    m_resumeAll = m_menu->addAction(tr("&Resume all transports"), this, [this] { setAllPaused(false); });
    m_menu->addSeparator();
    m_menu->addAction(tr("&Quit"), this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT openRequested();
    });
    connect(m_connection, &DaemonConnection::statusChanged, this, &TrayIcon::updateStatus);
    connect(notifier, &Notifier::notify, this, &TrayIcon::showNotification);
    updateStatus();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

void TrayIcon::show()
{
    m_tray->show();
}

void TrayIcon::updateStatus()
{
    const DaemonStatus status = m_connection->status();
    const QString title = StatusPresenter::title(status);
    m_tray->setIcon(StatusPresenter::icon(status));
    m_tray->setToolTip(tr("Postrider: %1").arg(title) + u'\n'
                       + StatusPresenter::description(m_connection->statusInputs()));
    m_statusAction->setText(title);
    m_pauseAll->setEnabled(m_connection->isConnected());
    m_resumeAll->setEnabled(m_connection->isConnected());
}

void TrayIcon::setAllPaused(bool paused)
{
    const QString method = paused ? QStringLiteral("transports.pause") : QStringLiteral("transports.resume");
    for (const QString &name : m_connection->transports()->names())
        m_connection->call(method, {{QStringLiteral("name"), name}}, this, [](const Result<QJsonObject> &) {});
}

void TrayIcon::showNotification(const QString &title, const QString &message, Notifier::Severity severity)
{
    if (!QSystemTrayIcon::supportsMessages() || !m_tray->isVisible())
        return;
    const auto icon = severity == Notifier::Severity::Critical ? QSystemTrayIcon::Critical
        : severity == Notifier::Severity::Warning              ? QSystemTrayIcon::Warning
                                                               : QSystemTrayIcon::Information;
    m_tray->showMessage(title, message, icon);
}

} // namespace Postrider
