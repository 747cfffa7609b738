#pragma once

#include "ControlHost.h"

#include "core/Config.h"
#include "core/ConfigLoader.h"
#include "core/MetricsRegistry.h"
#include "core/Result.h"

#include <QLoggingCategory>
#include <QObject>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

namespace Postrider {

namespace Ipc {
class IpcServer;
}
class ControlService;
class Outbox;
class SignalWatcher;
class SmtpListener;
namespace Http {
class HttpIngress;
}
class TransportRegistry;

/// \brief The running daemon: wires config → logging → transports → outbox → ingresses → control
/// socket, owns their lifetimes and the shutdown sequence, and reloads the config on SIGHUP or
/// from the control socket (decisions §23).
class DaemonApp final : public QObject, public ControlHost
{
    Q_OBJECT
public:
    struct Options
    {
        QString configPath;
        bool useDefaultConfig = false;
        QString listen; ///< --listen override of [http] listen
    };

    /// Resource path of the embedded development config.
    static QString defaultConfigResource();

    explicit DaemonApp(Options options, QObject *parent = nullptr);
    ~DaemonApp() override;

    /// Loads the config and starts everything. On error nothing keeps running.
    Status start();
    /// Checks `validate` runs beyond loading: builds every transport and endpoint pipeline
    /// without binding sockets.
    static Status checkBuild(const Config &config);

    const Config &config() const override { return m_config; }
    Outbox *outbox() const override { return m_outbox.get(); }
    MetricsRegistry &metrics() { return m_metrics; }

    // ControlHost
    QString configPath() const override;
    TransportRegistry *transportRegistry() const override { return m_transports; }
    qint64 startedAtMs() const override { return m_startedMs; }
    /// Loads and checks the config file again; applies it when valid, otherwise logs every error
    /// and keeps running the current one. Used by SIGHUP and `config.reload`.
    ReloadReport reload(const QString &reason) override;
    /// Applies a loaded, checked config to the running daemon and reports what changed live and
    /// what waits for a restart. The one place reload logic lives: each part that can change
    /// live (logging, transports, and the ingresses once they can restart) is applied here.
    ReloadReport applyConfig(Config next);
    /// The control socket, when `[admin] enabled` and it could be opened.
    Ipc::IpcServer *controlServer() const { return m_controlServer; }

    /// Shared shutdown budget across ingresses and the outbox (Posthorn: 15 s).
    static constexpr qint64 kShutdownBudgetMs = 15'000;
    /// How often shutdown checks whether the ingresses have answered everything they owe.
    static constexpr int kDrainPollMs = 20;

private:
    ConfigLoadResult loadConfig() const;
    /// Log format, level and the secrets to redact.
    static void applyLogging(const Config &config);
    /// Opens the control socket and writes a fresh token. A failure is logged, not fatal: the
    /// gateway keeps delivering mail without its admin interface.
    void startControl();
    void stopControl();
    void onReloadRequested();
    Status startIngresses();
    void stopIngresses();
    void onShutdownRequested(const QString &signalName);
    void drainIngresses(qint64 startedMs);
    void finishShutdown();

    Options m_options;
    Config m_config;
    SignalWatcher *m_signals = nullptr;
    TransportRegistry *m_transports = nullptr;
    std::unique_ptr<Outbox> m_outbox;
    SmtpListener *m_smtpListener = nullptr;
    MetricsRegistry m_metrics;
    Http::HttpIngress *m_http = nullptr;
    bool m_stopping = false;
    // Control socket (admin app) and reload.
    ControlService *m_control = nullptr;
    Ipc::IpcServer *m_controlServer = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace Postrider
