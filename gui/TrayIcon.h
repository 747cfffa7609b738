#pragma once

#include "Notifier.h"

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace Postrider {

class DaemonConnection;

/// \brief The tray icon: the overall status as icon and tooltip (StatusPresenter), a menu with
/// Open, Pause all / Resume all transports and Quit, and the Notifier's notifications as balloons.
class TrayIcon final : public QObject
{
    Q_OBJECT
public:
    TrayIcon(DaemonConnection *connection, Notifier *notifier, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void openRequested();
    void quitRequested();

private:
    void updateStatus();
    void setAllPaused(bool paused);
    void showNotification(const QString &title, const QString &message, Notifier::Severity severity);

    DaemonConnection *m_connection;
    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    QAction *m_statusAction;
    QAction *m_pauseAll;
    QAction *m_resumeAll;
};

} // namespace Postrider
