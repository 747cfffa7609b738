#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace Postrider {

class DaemonConnection;

/// \brief The transports with their breaker and pause state, and Pause / Resume / Reset breaker /
/// Send test message… for the selected one.
class TransportsPage final : public QWidget
{
    Q_OBJECT
public:
    explicit TransportsPage(DaemonConnection *connection, QWidget *parent = nullptr);

    QString selectedName() const;
    /// Opens the test-message dialog for the selected transport (also used by the tests).
    void openTestDialog();

private:
    void updateButtons();
    void act(const QString &method);

    DaemonConnection *m_connection;
    QTableView *m_table;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_reset;
    QPushButton *m_test;
    QLabel *m_message;
};

} // namespace Postrider
