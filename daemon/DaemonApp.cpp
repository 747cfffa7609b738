#include "DaemonApp.h"

#include "SignalWatcher.h"

#include "core/Clock.h"
#include "core/ConfigLoader.h"
#include "core/Logging.h"
#include "core/Paths.h"
#include "ingress/http/HttpIngress.h"
#include "ingress/smtp/SmtpListener.h"
#include "outbox/Outbox.h"
#include "outbox/OutboxMetricsExporter.h"
#include "transport/TransportRegistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

Q_LOGGING_CATEGORY(lcDaemon, "postrider.daemon")

namespace Postrider {

namespace {
Log::Level toLogLevel(LogLevel l)
{
    switch (l) {
    case LogLevel::Debug:
        return Log::Level::Debug;
    case LogLevel::Info:
        return Log::Level::Info;
    case LogLevel::Warn:
        return Log::Level::Warn;
    case LogLevel::Error:
        return Log::Level::Error;
    }
    return Log::Level::Info;
}

Error configError(const ConfigLoadResult &r)
{
    return Error(QStringLiteral("config.invalid"),
                 QStringLiteral("config has %1 error(s):\n").arg(r.errors.size()) + r.errorText());
}
} // namespace

QString DaemonApp::defaultConfigResource()
{
    return QStringLiteral(":/postrider/default-config.toml");
}

DaemonApp::DaemonApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

DaemonApp::~DaemonApp() = default;

Status DaemonApp::checkBuild(const Config &config)
{
    for (const TransportConfig &tc : config.transports) {
        auto t = TransportRegistry::create(tc, Clock::system(), nullptr);
        if (!t)
            return Error(QStringLiteral("config.invalid"),
                         tc.where.toString() + QStringLiteral(": ") + t.error().message);
        delete *t;
    }
    // Endpoint templates outside the supported Go subset are config errors, caught here too.
    return Http::HttpIngress::check(config);
}

ConfigLoadResult DaemonApp::loadConfig() const
{
    if (!m_options.useDefaultConfig)
        return ConfigLoader::loadFile(m_options.configPath);
    QFile f(defaultConfigResource());
    if (!f.open(QIODevice::ReadOnly)) {
        ConfigLoadResult r;
        r.errors.append(ConfigError{SourceLocation{defaultConfigResource(), 0, 0}, QString(),
                                    QStringLiteral("embedded default config missing"), QString()});
        return r;
    }
    return ConfigLoader::loadText(f.readAll(), QStringLiteral("<built-in default config>"), QDir::currentPath());
}

void DaemonApp::applyLogging(const Config &config)
{
    Log::setFormat(config.logging.format == LogFormat::Text ? Log::Format::Text : Log::Format::Json);
    Log::setMinimumLevel(toLogLevel(config.logging.level));
    for (const QString &s : config.secrets())
        Log::addSecret(s);
}

QString DaemonApp::configPath() const
{
    return m_options.useDefaultConfig ? QString() : QFileInfo(m_options.configPath).absoluteFilePath();
}

Status DaemonApp::start()
{
    Log::install(Log::Format::Json, Log::Level::Info);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    const QString source =
        m_options.useDefaultConfig ? QStringLiteral("<built-in default config>") : m_options.configPath;
    const ConfigLoadResult loaded = loadConfig();
    if (!loaded.ok())
        return configError(loaded);
    m_config = loaded.config;
    if (!m_options.listen.isEmpty())
        m_config.http.listen = m_options.listen;

    applyLogging(m_config);

    QJsonArray endpoints;
    for (const EndpointConfig &e : m_config.endpoints)
        endpoints.append(e.path);
    Log::info(lcDaemon, QStringLiteral("postrider starting"),
              {{QStringLiteral("version"), QStringLiteral(POSTRIDER_VERSION)},
               {QStringLiteral("listen"), m_config.http.listen},
               {QStringLiteral("config"), source},
               {QStringLiteral("endpoints"), endpoints}});

    m_transports = new TransportRegistry(Clock::system(), this);
    if (const Status s = m_transports->build(m_config); !s)
        return s;
    for (const EndpointConfig &e : m_config.endpoints)
        Log::info(lcDaemon, QStringLiteral("endpoint registered"),
                  {{QStringLiteral("path"), e.path},
                   {QStringLiteral("transport"), e.transports.join(QStringLiteral(","))},
                   {QStringLiteral("recipients"), e.to.size()}});

    OutboxConfig oc = m_config.outbox;
    if (oc.path.isEmpty())
        oc.path = Paths::defaultStateDir() + QStringLiteral("/outbox.sqlite");
    auto outbox = Outbox::open(oc, m_transports, Clock::system(), nullptr);
    if (!outbox)
        return outbox.error();
    m_outbox = std::move(outbox).value();
    exportOutboxMetrics(m_metrics, m_outbox.get());
    Log::info(lcDaemon, QStringLiteral("outbox opened"),
              {{QStringLiteral("path"), oc.path}, {QStringLiteral("queued"), m_outbox->liveCount()}});
    startControl();

    if (const Status s = startIngresses(); !s)
        return s;
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::shutdownRequested, this, &DaemonApp::onShutdownRequested);
    connect(m_signals, &SignalWatcher::reloadRequested, this, &DaemonApp::onReloadRequested);
    return {};
}

Status DaemonApp::startIngresses()
{
    // Each ingress is built from the config, bound, and handed the outbox here.
    m_http = new Http::HttpIngress(m_config, m_outbox.get(), &m_metrics, Clock::system(), this);
    if (const Status s = m_http->start(m_config.http.listen); !s)
        return s;
    Log::info(lcDaemon, QStringLiteral("http ingress listening"), {{QStringLiteral("addr"), m_http->boundAddress()}});
    if (m_config.smtpListener) {
        const SmtpListenerConfig &sc = *m_config.smtpListener;
        Log::info(lcDaemon, QStringLiteral("smtp_listener registered"),
                  {{QStringLiteral("listen"), sc.listen},
                   {QStringLiteral("transport"), sc.transports.join(QStringLiteral(","))},
                   {QStringLiteral("smtp_users"), int(sc.users.size())}});
        m_smtpListener = new SmtpListener(sc, m_outbox.get(), Clock::system(), &m_metrics, this);
        if (const Status s = m_smtpListener->start(); !s)
            return s;
    }
    if (m_smtpListener)
        m_http->addHealthCheck([this] {
            return m_smtpListener && m_smtpListener->port() != 0 ? QString()
                                                                 : QStringLiteral("smtp listener not listening");
        });
    return {};
}

void DaemonApp::stopIngresses()
{
    if (m_http) {
        Log::info(lcDaemon, QStringLiteral("http ingress stopping"));
        m_http->stop();
    }
    // Idle SMTP sessions get 421 now; a message being committed still gets its answer, since the
    // outbox flushes its pending writes before it shuts down.
    if (m_smtpListener)
        m_smtpListener->stop();
}

void DaemonApp::onShutdownRequested(const QString &signalName)
{
    if (m_stopping) {
        Log::warn(lcDaemon, QStringLiteral("second signal received, forcing exit"),
                  {{QStringLiteral("signal"), signalName}});
        QCoreApplication::exit(1);
        return;
    }
    m_stopping = true;
    Log::info(lcDaemon, QStringLiteral("shutdown signal received"), {{QStringLiteral("signal"), signalName}});
    stopControl();
    stopIngresses();
    drainIngresses(Clock::system()->steadyMs());
}

void DaemonApp::drainIngresses(qint64 startedMs)
{
    // The ingresses stopped accepting; the requests and SMTP transactions already inside get their
    // answers (their messages are being committed) before the outbox stops. One budget covers the
    // whole sequence, as in Posthorn.
    const qint64 elapsed = Clock::system()->steadyMs() - startedMs;
    const bool busy =
        (m_http && m_http->openConnections() > 0) || (m_smtpListener && m_smtpListener->sessionCount() > 0);
    if (busy && elapsed < kShutdownBudgetMs) {
        QTimer::singleShot(kDrainPollMs, this, [this, startedMs] { drainIngresses(startedMs); });
        return;
    }
    if (busy)
        Log::warn(lcDaemon, QStringLiteral("ingress shutdown deadline exceeded; open connections abandoned"));
    if (m_outbox)
        m_outbox->shutdown(std::max<qint64>(0, kShutdownBudgetMs - elapsed), [this] { finishShutdown(); });
    else
        finishShutdown();
}

void DaemonApp::finishShutdown()
{
    Log::info(lcDaemon, QStringLiteral("postrider stopped"));
    QCoreApplication::exit(0);
}

} // namespace Postrider
