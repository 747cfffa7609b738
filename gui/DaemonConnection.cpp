#include "DaemonConnection.h"

#include "JournalFeed.h"
#include "SendsModel.h"
#include "TransportsModel.h"

#include <QJsonArray>
#include <QTimer>

namespace Postrider {

DaemonConnection::DaemonConnection(Ipc::IpcClientOptions options, QObject *parent)
    : QObject(parent)
    , m_client(new Ipc::IpcClient(std::move(options), this))
    , m_transports(new TransportsModel(this))
    , m_sends(new SendsModel(this))
    , m_journal(new JournalFeed(this, m_sends, this))
    , m_statusTimer(new QTimer(this))
{
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(kStatusDebounceMs);
    connect(m_statusTimer, &QTimer::timeout, this, &DaemonConnection::refreshStatus);
    connect(m_client, &Ipc::IpcClient::ready, this, [this](bool resumed) {
        if (!resumed)
            refreshAll();
        else
            refreshStatus();
    });
    connect(m_client, &Ipc::IpcClient::resyncRequired, this, &DaemonConnection::refreshAll);
    connect(m_client, &Ipc::IpcClient::eventReceived, this, &DaemonConnection::onEvent);
    connect(m_client, &Ipc::IpcClient::stateChanged, this, [this] {
        const bool connected = m_client->isReady();
        if (connected != m_wasConnected) {
            m_wasConnected = connected;
            if (!connected)
                m_status = {};
            Q_EMIT connectedChanged(connected);
        }
        Q_EMIT statusChanged();
    });
    connect(m_client, &Ipc::IpcClient::connectionError, this, &DaemonConnection::statusChanged);
}

DaemonConnection::~DaemonConnection() = default;

void DaemonConnection::start()
{
    m_client->connectToServer();
}

void DaemonConnection::stop()
{
    m_client->disconnectFromServer();
}

DaemonStatusInputs DaemonConnection::statusInputs() const
{
    return DaemonStatusInputs{m_client->isReady(), m_client->lastError().code, m_status};
}

void DaemonConnection::call(const QString &method, const QJsonObject &params, QObject *context,
                            Ipc::IpcClient::Callback done, int timeoutMs)
{
    m_client->request(method, params, context, std::move(done), timeoutMs);
}

void DaemonConnection::refreshAll()
{
    refreshStatus();
    refreshTransports();
    m_journal->reload();
}

void DaemonConnection::refreshStatus()
{
    call(QStringLiteral("status"), {}, this, [this](const Result<QJsonObject> &r) {
        if (!r)
            return;
        m_status = *r;
        Q_EMIT statusChanged();
    });
}

void DaemonConnection::refreshTransports()
{
    call(QStringLiteral("transports.list"), {}, this, [this](const Result<QJsonObject> &r) {
        if (r)
            m_transports->reset(r->value(QLatin1String("transports")).toArray());
    });
}

void DaemonConnection::onEvent(const QString &event, quint64, const QJsonObject &data)
{
    if (event == QLatin1String("submission.changed")) {
        m_journal->submissionChanged(data.value(QLatin1String("id")).toString());
    } else if (event == QLatin1String("transport.changed")) {
        m_transports->apply(data);
    } else if (event == QLatin1String("daemon.reloaded")) {
        refreshTransports();
    }
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
    Q_EMIT eventReceived(event, data);
}

} // namespace Postrider
