#pragma once

#include <QObject>

class QSocketNotifier;

namespace Postrider {

/// \brief Turns SIGINT/SIGTERM (shutdown) and SIGHUP (reload) into Qt signals on the main
/// thread (self-pipe on Unix, a console control handler on Windows). One instance per process.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void shutdownRequested(const QString &signalName);
    void reloadRequested();

private:
    void readSignal();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Postrider
