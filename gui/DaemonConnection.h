#pragma once

#include "DaemonStatus.h"

#include "ipc/IpcClient.h"

#include <QJsonObject>
#include <QObject>

class QTimer;

namespace Postrider {

class JournalFeed;
class SendsModel;
class TransportsModel;

/// \brief The admin app's one link to the daemon: an IpcClient that reconnects on its own, the
/// models it keeps current (transports, journal) and the last `status`, from which the overall
/// DaemonStatus is computed. Pages and the tray act through call().
class DaemonConnection final : public QObject
{
    Q_OBJECT
public:
    /// Events are collected this long before `status` is asked again.
    static constexpr int kStatusDebounceMs = 300;
    /// A test message may take the transport's whole timeout and more.
    static constexpr int kTestMessageTimeoutMs = 90'000;

    explicit DaemonConnection(Ipc::IpcClientOptions options, QObject *parent = nullptr);
    ~DaemonConnection() override;

    void start();
    void stop();
    Ipc::IpcClient *client() const { return m_client; }
    bool isConnected() const { return m_client->isReady(); }

    TransportsModel *transports() const { return m_transports; }
    SendsModel *sends() const { return m_sends; }
    JournalFeed *journal() const { return m_journal; }

    const QJsonObject &lastStatus() const { return m_status; }
    DaemonStatusInputs statusInputs() const;
    DaemonStatus status() const { return overallStatus(statusInputs()); }

    void call(const QString &method, const QJsonObject &params, QObject *context, Ipc::IpcClient::Callback done,
              int timeoutMs = -1);
    void refreshAll();
    void refreshStatus();
    void refreshTransports();

Q_SIGNALS:
    /// The connection, the last status or the overall state changed.
    void statusChanged();
    /// Every daemon event, after the models saw it (the Notifier listens here).
    void eventReceived(const QString &event, const QJsonObject &data);
    void connectedChanged(bool connected);

private:
    void onEvent(const QString &event, quint64 seq, const QJsonObject &data);

    Ipc::IpcClient *m_client;
    TransportsModel *m_transports;
    SendsModel *m_sends;
    JournalFeed *m_journal;
    QTimer *m_statusTimer;
    QJsonObject m_status;
    bool m_wasConnected = false;
};

} // namespace Postrider
