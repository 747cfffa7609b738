#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Postrider {

class DaemonConnection;

/// \brief "Send test message…": the daemon sends one real message through the chosen transport
/// (`transports.test`) and the dialog shows the provider's answer. The app itself never touches
/// the network.
class SendTestDialog final : public QDialog
{
    Q_OBJECT
public:
    SendTestDialog(DaemonConnection *connection, const QString &transport, QWidget *parent = nullptr);

private:
    void send();
    void updateSendButton();

    DaemonConnection *m_connection;
    QComboBox *m_transport;
    QLineEdit *m_to;
    QLineEdit *m_from;
    QCheckBox *m_html;
    QPushButton *m_send;
    QLabel *m_result;
    bool m_busy = false;
};

} // namespace Postrider
