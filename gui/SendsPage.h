#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QTableView;
class QTableWidget;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace Postrider {

class DaemonConnection;

/// \brief The journal: a filterable table of submissions (status, source, recipient, subject),
/// a detail pane with every delivery attempt, and Retry now / Cancel / Resend via… for the
/// selected message. Widgets carry object names for the GUI tests.
class SendsPage final : public QWidget
{
    Q_OBJECT
public:
    /// Typing in a text filter waits this long before asking the daemon.
    static constexpr int kFilterDelayMs = 300;

    explicit SendsPage(DaemonConnection *connection, QWidget *parent = nullptr);

    /// The id of the selected submission, or empty.
    QString selectedId() const;

private:
    void applyFilter();
    void onSelectionChanged();
    void loadDetail(const QString &id);
    void showDetail(const QJsonObject &entry);
    void updateButtons();
    void act(const QString &method, const QJsonObject &params, const QString &done);
    void rebuildResendMenu();
    void showMessage(const QString &text, bool error);

    DaemonConnection *m_connection;
    QComboBox *m_status;
    QComboBox *m_ingress;
    QLineEdit *m_recipient;
    QLineEdit *m_subject;
    QTimer *m_filterTimer;
    QTableView *m_table;
    QTextBrowser *m_detail;
    QTableWidget *m_attempts;
    QPushButton *m_retry;
    QPushButton *m_cancel;
    QToolButton *m_resend;
    QMenu *m_resendMenu;
    QLabel *m_message;
    QJsonObject m_detailEntry;
};

} // namespace Postrider
