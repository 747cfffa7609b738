#pragma once

#include <QWidget>

class QLabel;

namespace Postrider {

class DaemonConnection;

/// \brief The first page: the overall status, the listeners as configured, live counts and the
/// outbox's health, from the last `status` result.
class OverviewPage final : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(DaemonConnection *connection, QWidget *parent = nullptr);

private:
    void refresh();

    DaemonConnection *m_connection;
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_daemon;
    QLabel *m_listeners;
    QLabel *m_counts;
    QLabel *m_outbox;
};

} // namespace Postrider
