#include "TransportsPage.h"

#include "DaemonConnection.h"
#include "ErrorText.h"
#include "SendTestDialog.h"
#include "TransportsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Postrider {

TransportsPage::TransportsPage(DaemonConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_table(new QTableView)
    , m_pause(new QPushButton(tr("&Pause")))
    , m_resume(new QPushButton(tr("Res&ume")))
    , m_reset(new QPushButton(tr("Reset &breaker")))
    , m_test(new QPushButton(tr("Send &test message…")))
    , m_message(new QLabel)
{
    m_table->setObjectName(QStringLiteral("transportsTable"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_reset->setObjectName(QStringLiteral("resetBreakerButton"));
    m_test->setObjectName(QStringLiteral("testButton"));
    m_message->setObjectName(QStringLiteral("transportsMessage"));
    m_message->setWordWrap(true);
    m_pause->setToolTip(tr("Stop starting deliveries through this transport; messages wait."));
    m_reset->setToolTip(tr("Close the circuit breaker so deliveries are tried again at once."));

    m_table->setModel(m_connection->transports());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TransportsModel::State, QHeaderView::Stretch);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TransportsPage::updateButtons);
    connect(m_connection->transports(), &QAbstractItemModel::dataChanged, this, &TransportsPage::updateButtons);
    connect(m_connection->transports(), &QAbstractItemModel::modelReset, this, &TransportsPage::updateButtons);
    connect(m_connection, &DaemonConnection::connectedChanged, this, &TransportsPage::updateButtons);
    connect(m_pause, &QPushButton::clicked, this, [this] { act(QStringLiteral("transports.pause")); });
    connect(m_resume, &QPushButton::clicked, this, [this] { act(QStringLiteral("transports.resume")); });
    connect(m_reset, &QPushButton::clicked, this, [this] { act(QStringLiteral("transports.reset_breaker")); });
    connect(m_test, &QPushButton::clicked, this, &TransportsPage::openTestDialog);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pause);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_reset);
    buttons->addStretch(1);
    buttons->addWidget(m_test);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    updateButtons();
}

QString TransportsPage::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(TransportsModel::NameRole).toString();
}

void TransportsPage::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool any = !rows.isEmpty() && m_connection->isConnected();
    const bool paused = any && rows.first().data(TransportsModel::PausedRole).toBool();
    const QString breaker = any ? rows.first().data(TransportsModel::BreakerRole).toString() : QString();
    m_pause->setEnabled(any && !paused);
    m_resume->setEnabled(any && paused);
    m_reset->setEnabled(any && breaker != QLatin1String("closed"));
    m_test->setEnabled(m_connection->isConnected() && m_connection->transports()->rowCount() > 0);
}

void TransportsPage::act(const QString &method)
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    m_connection->call(method, {{QStringLiteral("name"), name}}, this, [this](const Result<QJsonObject> &r) {
        if (!r) {
            m_message->setText(ErrorText::describe(r.error()));
            return;
        }
        m_message->clear();
        m_connection->transports()->apply(*r);
    });
}

void TransportsPage::openTestDialog()
{
    auto *dialog = new SendTestDialog(m_connection, selectedName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace Postrider
