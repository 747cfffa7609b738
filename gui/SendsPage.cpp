#include "SendsPage.h"

#include "DaemonConnection.h"
#include "ErrorText.h"
#include "JournalFeed.h"
#include "SendsModel.h"
#include "TransportsModel.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Postrider {

SendsPage::SendsPage(DaemonConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_status(new QComboBox)
    , m_ingress(new QComboBox)
    , m_recipient(new QLineEdit)
    , m_subject(new QLineEdit)
    , m_filterTimer(new QTimer(this))
    , m_table(new QTableView)
    , m_detail(new QTextBrowser)
    , m_attempts(new QTableWidget)
    , m_retry(new QPushButton(tr("&Retry now")))
    , m_cancel(new QPushButton(tr("&Cancel")))
    , m_resend(new QToolButton)
    , m_resendMenu(new QMenu(this))
    , m_message(new QLabel)
{
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_ingress->setObjectName(QStringLiteral("ingressFilter"));
    m_recipient->setObjectName(QStringLiteral("recipientFilter"));
    m_subject->setObjectName(QStringLiteral("subjectFilter"));
    m_table->setObjectName(QStringLiteral("sendsTable"));
    m_detail->setObjectName(QStringLiteral("sendDetail"));
    m_attempts->setObjectName(QStringLiteral("attemptsTable"));
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_resend->setObjectName(QStringLiteral("resendButton"));
    m_resendMenu->setObjectName(QStringLiteral("resendMenu"));
    m_message->setObjectName(QStringLiteral("sendsMessage"));

    m_status->addItem(tr("All statuses"), QString());
    for (const char *s : {"queued", "sending", "deferred", "sent", "failed", "cancelled"})
        m_status->addItem(SendsModel::statusText(QLatin1String(s)), QLatin1String(s));
    m_ingress->addItem(tr("All sources"), QString());
    for (const char *s : {"http_form", "http_api", "smtp", "cli", "admin"})
        m_ingress->addItem(SendsModel::ingressText(QLatin1String(s)), QLatin1String(s));
    m_recipient->setPlaceholderText(tr("Recipient contains…"));
    m_subject->setPlaceholderText(tr("Subject contains…"));
    m_recipient->setClearButtonEnabled(true);
    m_subject->setClearButtonEnabled(true);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(kFilterDelayMs);
    connect(m_filterTimer, &QTimer::timeout, this, &SendsPage::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &SendsPage::applyFilter);
    connect(m_ingress, &QComboBox::currentIndexChanged, this, &SendsPage::applyFilter);
    connect(m_recipient, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_subject, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));

    m_table->setModel(m_connection->sends());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(SendsModel::Subject, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SendsPage::onSelectionChanged);
    connect(m_connection->sends(), &QAbstractItemModel::modelReset, this, &SendsPage::onSelectionChanged);
    connect(m_connection->journal(), &JournalFeed::entryUpdated, this, [this](const QString &id) {
        if (id == selectedId())
            loadDetail(id);
    });
    connect(m_connection->journal(), &JournalFeed::failed, this,
            [this](const Error &e) { showMessage(ErrorText::describe(e), true); });

    m_attempts->setColumnCount(6);
    m_attempts->setHorizontalHeaderLabels(
        {tr("#"), tr("Started"), tr("Transport"), tr("Outcome"), tr("Status"), tr("Detail")});
    m_attempts->horizontalHeader()->setStretchLastSection(true);
    m_attempts->verticalHeader()->hide();
    m_attempts->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_resend->setText(tr("Resend &via…"));
    m_resend->setPopupMode(QToolButton::InstantPopup);
    m_resend->setMenu(m_resendMenu);
    connect(m_resendMenu, &QMenu::aboutToShow, this, &SendsPage::rebuildResendMenu);
    rebuildResendMenu();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        act(QStringLiteral("journal.retry"), {{QStringLiteral("id"), selectedId()}}, tr("Queued for another attempt."));
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        act(QStringLiteral("journal.cancel"), {{QStringLiteral("id"), selectedId()}}, tr("Cancelled."));
    });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_status);
    filters->addWidget(m_ingress);
    filters->addWidget(m_recipient, 1);
    filters->addWidget(m_subject, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resend);
    buttons->addWidget(m_message, 1);
    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 2);
    detailLayout->addWidget(m_attempts, 1);
    detailLayout->addLayout(buttons);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);
    updateButtons();
}

QString SendsPage::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(SendsModel::IdRole).toString();
}

void SendsPage::applyFilter()
{
    JournalFilter f;
    f.status = m_status->currentData().toString();
    f.ingress = m_ingress->currentData().toString();
    f.recipient = m_recipient->text().trimmed();
    f.subject = m_subject->text().trimmed();
    m_connection->journal()->setFilter(f);
}

void SendsPage::onSelectionChanged()
{
    const QString id = selectedId();
    if (id.isEmpty()) {
        m_detailEntry = {};
        m_detail->setHtml(QStringLiteral("<p><i>%1</i></p>").arg(tr("Select a message to see its delivery attempts.")));
        m_attempts->setRowCount(0);
        updateButtons();
        return;
    }
    showDetail(m_connection->sends()->entry(id));
    loadDetail(id);
}

void SendsPage::loadDetail(const QString &id)
{
    m_connection->call(QStringLiteral("journal.get"), {{QStringLiteral("id"), id}}, this,
                       [this, id](const Result<QJsonObject> &r) {
                           if (id != selectedId())
                               return;
                           if (!r)
                               return showMessage(ErrorText::describe(r.error()), true);
                           showDetail(r->value(QLatin1String("entry")).toObject());
                       });
}

void SendsPage::showDetail(const QJsonObject &e)
{
    m_detailEntry = e;
    const auto when = [](const QJsonValue &ms) {
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(ms.toDouble())).toLocalTime(),
                                  QLocale::ShortFormat);
    };
    const auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing='4'>");
    html += row(tr("Subject"), e.value(QLatin1String("subject")).toString());
    html += row(tr("From"), e.value(QLatin1String("sender")).toString());
    html += row(tr("To"), e.value(QLatin1String("recipients")).toString());
    html += row(tr("Status"), SendsModel::statusText(e.value(QLatin1String("status")).toString()));
    html += row(tr("Source"),
                SendsModel::ingressText(e.value(QLatin1String("ingress")).toString()) + QStringLiteral(" · ")
                    + e.value(QLatin1String("route")).toString());
    QStringList route;
    for (const QJsonValue &t : e.value(QLatin1String("transports")).toArray())
        route.append(t.toString());
    html += row(tr("Transports"), route.join(QStringLiteral(" → ")));
    html += row(tr("Created"), when(e.value(QLatin1String("created_ms"))));
    if (const QString id = e.value(QLatin1String("provider_message_id")).toString(); !id.isEmpty())
        html += row(tr("Provider id"), id);
    if (const QString err = e.value(QLatin1String("last_error")).toString(); !err.isEmpty())
        html += row(tr("Last error"), err);
    if (const QString from = e.value(QLatin1String("resent_from")).toString(); !from.isEmpty())
        html += row(tr("Resent from"), from);
    html += row(tr("Id"), e.value(QLatin1String("id")).toString());
    html += QStringLiteral("</table>");
    m_detail->setHtml(html);

    const QJsonArray attempts = e.value(QLatin1String("attempt_log")).toArray();
    m_attempts->setRowCount(int(attempts.size()));
    for (int i = 0; i < attempts.size(); ++i) {
        const QJsonObject a = attempts[i].toObject();
        const int status = a.value(QLatin1String("status")).toInt();
        const QString detail = a.value(QLatin1String("error")).toString().isEmpty()
            ? a.value(QLatin1String("provider_message_id")).toString()
            : a.value(QLatin1String("error")).toString();
        const QStringList cells{QString::number(a.value(QLatin1String("attempt")).toInt()),
                                when(a.value(QLatin1String("started_ms"))),
                                a.value(QLatin1String("transport")).toString(),
                                a.value(QLatin1String("outcome")).toString(),
                                status ? QString::number(status) : QStringLiteral("–"),
                                detail};
        for (int c = 0; c < cells.size(); ++c)
            m_attempts->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    updateButtons();
}

void SendsPage::updateButtons()
{
    const QString status = m_detailEntry.value(QLatin1String("status")).toString();
    const bool connected = m_connection->isConnected();
    const bool any = !m_detailEntry.isEmpty() && connected;
    const bool live =
        status == QLatin1String("queued") || status == QLatin1String("deferred") || status == QLatin1String("sending");
    m_retry->setEnabled(any && status != QLatin1String("sent") && status != QLatin1String("sending"));
    m_cancel->setEnabled(any && live);
    m_resend->setEnabled(any && m_detailEntry.value(QLatin1String("has_body")).toBool(true));
}

void SendsPage::rebuildResendMenu()
{
    m_resendMenu->clear();
    QAction *same = m_resendMenu->addAction(tr("Its own route"));
    same->setObjectName(QStringLiteral("resendOwnRoute"));
    connect(same, &QAction::triggered, this, [this] {
        act(QStringLiteral("journal.resend"), {{QStringLiteral("id"), selectedId()}}, tr("Resent as a new message."));
    });
    m_resendMenu->addSeparator();
    for (const QString &name : m_connection->transports()->names()) {
        QAction *a = m_resendMenu->addAction(name);
        a->setObjectName(QStringLiteral("resendVia_") + name);
        connect(a, &QAction::triggered, this, [this, name] {
            act(QStringLiteral("journal.resend"),
                {{QStringLiteral("id"), selectedId()}, {QStringLiteral("transport"), name}},
                tr("Resent through %1 as a new message.").arg(name));
        });
    }
}

void SendsPage::act(const QString &method, const QJsonObject &params, const QString &done)
{
    if (params.value(QLatin1String("id")).toString().isEmpty())
        return;
    showMessage(tr("Working…"), false);
    m_connection->call(method, params, this, [this, done](const Result<QJsonObject> &r) {
        showMessage(r ? done : ErrorText::describe(r.error()), !r);
    });
}

void SendsPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #a00;") : QString());
}

} // namespace Postrider
