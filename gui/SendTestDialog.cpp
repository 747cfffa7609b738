#include "SendTestDialog.h"

#include "DaemonConnection.h"
#include "ErrorText.h"
#include "TransportsModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postrider {

SendTestDialog::SendTestDialog(DaemonConnection *connection, const QString &transport, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_transport(new QComboBox)
    , m_to(new QLineEdit)
    , m_from(new QLineEdit)
    , m_html(new QCheckBox(tr("Include an HTML part")))
    , m_send(new QPushButton(tr("&Send")))
    , m_result(new QLabel)
{
    setObjectName(QStringLiteral("sendTestDialog"));
    setWindowTitle(tr("Send test message"));
    m_transport->setObjectName(QStringLiteral("testTransport"));
    m_to->setObjectName(QStringLiteral("testTo"));
    m_from->setObjectName(QStringLiteral("testFrom"));
    m_html->setObjectName(QStringLiteral("testHtml"));
    m_send->setObjectName(QStringLiteral("testSendButton"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_transport->addItems(connection->transports()->names());
    if (!transport.isEmpty())
        m_transport->setCurrentText(transport);
    m_to->setPlaceholderText(tr("you@example.com"));
    m_from->setPlaceholderText(tr("optional: the sender of an endpoint using this transport"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Transport:"), m_transport);
    form->addRow(tr("T&o:"), m_to);
    form->addRow(tr("&From:"), m_from);
    form->addRow(QString(), m_html);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_send, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_send, &QPushButton::clicked, this, &SendTestDialog::send);
    connect(m_to, &QLineEdit::textChanged, this, &SendTestDialog::updateSendButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The daemon sends one real message through the transport, outside the outbox.")));
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    updateSendButton();
}

void SendTestDialog::updateSendButton()
{
    m_send->setEnabled(!m_busy && !m_to->text().trimmed().isEmpty() && m_transport->count() > 0);
}

void SendTestDialog::send()
{
    QJsonObject params{{QStringLiteral("name"), m_transport->currentText()},
                       {QStringLiteral("to"), m_to->text().trimmed()},
                       {QStringLiteral("html"), m_html->isChecked()}};
    if (!m_from->text().trimmed().isEmpty())
        params.insert(QStringLiteral("from"), m_from->text().trimmed());
    m_busy = true;
    updateSendButton();
    m_result->setText(tr("Sending…"));
    m_connection->call(
        QStringLiteral("transports.test"), params, this,
        [this](const Result<QJsonObject> &r) {
            m_busy = false;
            updateSendButton();
            if (!r) {
                m_result->setText(ErrorText::describe(r.error()) + u'\n' + r.error().message);
                return;
            }
            const QJsonObject &o = *r;
            const qint64 ms = qint64(o.value(QLatin1String("latency_ms")).toDouble());
            if (o.value(QLatin1String("ok")).toBool()) {
                const QString id = o.value(QLatin1String("message_id")).toString();
                m_result->setText(tr("Accepted by the provider in %1 ms.").arg(ms)
                                  + (id.isEmpty() ? QString() : u' ' + tr("Message id: %1").arg(id)));
            } else {
                m_result->setText(tr("Not accepted (%1, status %2) after %3 ms: %4")
                                      .arg(o.value(QLatin1String("outcome")).toString())
                                      .arg(o.value(QLatin1String("status")).toInt())
                                      .arg(ms)
                                      .arg(o.value(QLatin1String("error")).toString()));
            }
        },
        DaemonConnection::kTestMessageTimeoutMs);
}

} // namespace Postrider
