#pragma once

#include "ControlHost.h"
#include "ControlService.h"
#include "FakeTransport.h"

#include "ipc/IpcClient.h"
#include "ipc/IpcServer.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace Postrider::Test {

/// \brief A daemon-side control rig in one process: a real Outbox on a temporary SQLite file with
/// two FakeTransports ("alpha", "beta"), the real ControlService behind a real IpcServer on a
/// socket in a temporary directory. The config's transports carry secret sentinels.
class ControlRig final : public ControlHost
{
public:
    ControlRig();
    ~ControlRig() override;

    /// Opens the outbox and starts listening; false (with a QTest failure) on error.
    bool start();

    const Config &config() const override { return m_config; }
    QString configPath() const override { return m_configPath; }
    Outbox *outbox() const override { return m_outbox.get(); }
    TransportRegistry *transportRegistry() const override { return m_registry.get(); }
    qint64 startedAtMs() const override { return m_startedMs; }
    ReloadReport reload(const QString &reason) override;

    /// Options for a client of this rig (socket, token file, short reconnect delays).
    Ipc::IpcClientOptions clientOptions() const;
    /// Submits a message through the outbox on route [transports]; returns its id.
    QString submit(const QStringList &transports, const QString &subject);
    /// Restarts the server on the same socket (a new daemon instance: new token, seqs from 1).
    bool restartServer();

    QTemporaryDir dir;
    Config m_config;
    QString m_configPath; ///< empty = not editable
    std::unique_ptr<TransportRegistry> m_registry;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<ControlService> service;
    std::unique_ptr<Ipc::IpcServer> server;
    FakeTransport *alpha = nullptr;
    FakeTransport *beta = nullptr;
    QString socketPath;
    QString tokenPath;
    qint64 m_startedMs = 0;
    std::function<ReloadReport(const QString &)> onReload; ///< default: applied, nothing changed
};

/// Sends one request and waits (bounded) for its answer.
Result<QJsonObject> call(Ipc::IpcClient &client, const QString &method, const QJsonObject &params = {},
                         int timeoutMs = 10'000);

/// Sentinel secret values in ControlRig's config; none may ever appear on the wire.
QStringList secretSentinels();

} // namespace Postrider::Test
