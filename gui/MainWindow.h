#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace Postrider {

class ConfigPage;
class DaemonConnection;
class OverviewPage;
class SendsPage;
class TransportsPage;

/// \brief The admin app's window: Overview, Sends, Transports and Configuration pages over one
/// DaemonConnection, with the overall status in the title and status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(DaemonConnection *connection, QWidget *parent = nullptr);

    QTabWidget *pages() const { return m_pages; }
    SendsPage *sendsPage() const { return m_sends; }
    TransportsPage *transportsPage() const { return m_transports; }
    ConfigPage *configPage() const { return m_config; }

private:
    void updateStatus();

    DaemonConnection *m_connection;
    QTabWidget *m_pages;
    OverviewPage *m_overview;
    SendsPage *m_sends;
    TransportsPage *m_transports;
    ConfigPage *m_config;
    QLabel *m_statusLabel;
};

} // namespace Postrider
