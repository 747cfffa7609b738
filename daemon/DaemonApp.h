#pragma once

#include "core/Config.h"
#include "core/MetricsRegistry.h"
#include "core/Result.h"

#include <QObject>

#include <memory>

namespace Postrider {

class Outbox;
class SignalWatcher;
class SmtpListener;
namespace Http {
class HttpIngress;
}
class TransportRegistry;

/// \brief The running daemon: wires config → logging → transports → outbox → ingresses → control
/// socket, and owns their lifetimes and the shutdown sequence.
class DaemonApp final : public QObject
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

    const Config &config() const { return m_config; }
    Outbox *outbox() const { return m_outbox.get(); }
    MetricsRegistry &metrics() { return m_metrics; }

    /// Shared shutdown budget across ingresses and the outbox (Posthorn: 15 s).
    static constexpr qint64 kShutdownBudgetMs = 15'000;
    /// How often shutdown checks whether the ingresses have answered everything they owe.
    static constexpr int kDrainPollMs = 20;

private:
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
};

} // namespace Postrider
