#include "MainWindow.h"

#include "ConfigPage.h"
#include "DaemonConnection.h"
#include "OverviewPage.h"
#include "SendsPage.h"
#include "StatusPresenter.h"
#include "TransportsPage.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace Postrider {

MainWindow::MainWindow(DaemonConnection *connection, QWidget *parent)
    : QMainWindow(parent)
    , m_connection(connection)
    , m_pages(new QTabWidget)
    , m_overview(new OverviewPage(connection))
    , m_sends(new SendsPage(connection))
    , m_transports(new TransportsPage(connection))
    , m_config(new ConfigPage(connection))
    , m_statusLabel(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_pages->setObjectName(QStringLiteral("pages"));
    m_overview->setObjectName(QStringLiteral("overviewPage"));
    m_sends->setObjectName(QStringLiteral("sendsPage"));
    m_transports->setObjectName(QStringLiteral("transportsPage"));
    m_config->setObjectName(QStringLiteral("configPage"));
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_pages->addTab(m_overview, tr("&Overview"));
    m_pages->addTab(m_sends, tr("&Sends"));
    m_pages->addTab(m_transports, tr("&Transports"));
    m_pages->addTab(m_config, tr("&Configuration"));
    setCentralWidget(m_pages);
    statusBar()->addWidget(m_statusLabel, 1);
    resize(1000, 680);
    connect(m_connection, &DaemonConnection::statusChanged, this, &MainWindow::updateStatus);
    updateStatus();
}

void MainWindow::updateStatus()
{
    const DaemonStatus status = m_connection->status();
    setWindowTitle(tr("Postrider — %1").arg(StatusPresenter::title(status)));
    setWindowIcon(StatusPresenter::icon(status));
    m_statusLabel->setText(StatusPresenter::description(m_connection->statusInputs()));
}

} // namespace Postrider
