// DaemonApp's control socket and config reload (decisions §23): SIGHUP and `config.reload` both
// come here; a config that does not load or build is refused and the running one stays.

#include "ControlService.h"
#include "DaemonApp.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "core/Paths.h"
#include "ipc/IpcProtocol.h"
#include "ipc/IpcServer.h"
#include "ipc/IpcToken.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QJsonArray>
#include <QPointer>

namespace Postrider {

namespace {

bool sameTransport(const TransportConfig &a, const TransportConfig &b)
{
    return a.name == b.name && a.type == b.type && a.settings == b.settings && a.isInline == b.isInline
        && a.timeout == b.timeout && a.maxConcurrency == b.maxConcurrency && a.maxRatePerSecond == b.maxRatePerSecond;
}

bool sameTransports(const Config &a, const Config &b)
{
    if (a.transports.size() != b.transports.size())
        return false;
    for (const TransportConfig &t : a.transports) {
        const TransportConfig *o = b.transport(t.name);
        if (!o || !sameTransport(t, *o))
            return false;
    }
    return true;
}

/// What the ingresses are built from. Until they can restart, any change waits for the next start.
QStringList ingressFingerprint(const Config &c)
{
    QStringList out{c.http.listen, QString::number(c.http.maxConnections), QString::number(c.http.maxHeaderSize),
                    QString::number(c.http.requestTimeout.count()), QString::number(c.http.idleTimeout.count())};
    for (const EndpointConfig &e : c.endpoints)
        out << e.path << e.to.join(u',') << e.from << e.subject << e.body << e.html << e.apiKeys.join(u',')
            << e.transports.join(u',') << e.required.join(u',') << e.honeypot << e.redirectSuccess << e.redirectError
            << QString::number(int(e.auth)) << QString::number(int(e.delivery)) << QString::number(e.maxBodySize)
            << QString::fromUtf8(e.csrfSecret) << e.trustedProxies.join(u',')
            << (e.allowedOrigins ? e.allowedOrigins->join(u',') : QStringLiteral("-"))
            << (e.rateLimit ? QString::number(e.rateLimit->count) : QStringLiteral("-"))
            << QString::number(int(e.attachments)) << QString::number(int(e.dryRun));
    if (const auto &s = c.smtpListener) {
        out << s->listen << s->implicitTlsListen << s->tlsCert << s->tlsKey << s->clientCertCa
            << s->allowedSenders.join(u',') << s->allowedRecipients.join(u',') << s->transports.join(u',')
            << QString::number(int(s->authRequired)) << QString::number(int(s->requireTls))
            << QString::number(s->maxMessageSize) << QString::number(s->effectiveRecipientCap()) << s->hostname;
        for (const SmtpUserConfig &u : s->users)
            out << u.username << u.password << u.allowedSenders.join(u',');
    }
    return out;
}

} // namespace

void DaemonApp::startControl()
{
    const AdminConfig &admin = m_config.admin;
    if (!admin.enabled) {
        Log::info(lcDaemon, QStringLiteral("control socket disabled"));
        return;
    }
    const QString socket = admin.socket.isEmpty() ? Paths::defaultControlSocket() : admin.socket;
    const QString tokenPath =
        admin.tokenFile.isEmpty() ? Ipc::IpcToken::defaultPath(socket, Paths::defaultStateDir()) : admin.tokenFile;
    const QByteArray token = Ipc::IpcToken::generate();
    m_control = new ControlService(this, this);
    m_controlServer = new Ipc::IpcServer(m_control, this);
    connect(m_control, &ControlService::eventReady, m_controlServer, &Ipc::IpcServer::publish);
    Ipc::IpcServerOptions o;
    o.socketName = socket;
    o.token = token;
    o.group = admin.group;
    o.serverVersion = QStringLiteral(POSTRIDER_VERSION);
    o.capabilities = Ipc::serverCapabilities();
    // The lock is taken before the token is written, so a second daemon never replaces the token
    // of the one that owns the socket.
    Status s = m_controlServer->listen(o);
    if (s)
        s = Ipc::IpcToken::write(tokenPath, token, admin.group);
    if (!s) {
        Log::error(lcDaemon, QStringLiteral("control socket unavailable; the admin app cannot connect"),
                   {{QStringLiteral("code"), s.error().code}, {QStringLiteral("error"), s.error().message}});
        stopControl();
        return;
    }
    m_control->attach();
    Log::info(lcDaemon, QStringLiteral("control socket listening"),
              {{QStringLiteral("socket"), m_controlServer->fullServerName()},
               {QStringLiteral("token_file"), tokenPath},
               {QStringLiteral("group"), admin.group}});
}

void DaemonApp::stopControl()
{
    delete m_controlServer;
    m_controlServer = nullptr;
    delete m_control;
    m_control = nullptr;
}

void DaemonApp::onReloadRequested()
{
    const ReloadReport report = reload(QStringLiteral("signal"));
    if (m_control)
        m_control->announceReload(report, QStringLiteral("signal"));
}

ReloadReport DaemonApp::reload(const QString &reason)
{
    Log::info(lcDaemon, QStringLiteral("config reload requested"),
              {{QStringLiteral("reason"), reason}, {QStringLiteral("config"), configPath()}});
    ConfigLoadResult loaded = loadConfig();
    ReloadReport report;
    if (loaded.ok()) {
        if (const Status built = checkBuild(loaded.config); !built)
            loaded.errors.append(ConfigError{SourceLocation{configPath(), 0, 0}, QString(), built.error().message, {}});
    }
    if (!loaded.ok()) {
        report.errors = loaded.errors;
        QJsonArray lines;
        for (const ConfigError &e : loaded.errors)
            lines.append(e.toString());
        Log::error(lcDaemon, QStringLiteral("config reload refused; the running config stays"),
                   {{QStringLiteral("errors"), lines}});
        return report;
    }
    if (!m_options.listen.isEmpty())
        loaded.config.http.listen = m_options.listen;
    return applyConfig(std::move(loaded.config));
}

ReloadReport DaemonApp::applyConfig(Config next)
{
    ReloadReport report;
    // Build everything that can fail before touching the running daemon.
    TransportRegistry *transports = nullptr;
    const bool transportsChanged = !sameTransports(m_config, next);
    if (transportsChanged) {
        transports = new TransportRegistry(Clock::system(), this);
        if (const Status s = transports->build(next); !s) {
            delete transports;
            report.errors.append(ConfigError{SourceLocation{configPath(), 0, 0}, QString(), s.error().message, {}});
            Log::error(lcDaemon, QStringLiteral("config reload refused; the running config stays"),
                       {{QStringLiteral("error"), s.error().message}});
            return report;
        }
    }

    applyLogging(next);
    report.reloaded << QStringLiteral("logging");
    if (transportsChanged) {
        QPointer<TransportRegistry> previous = m_transports;
        m_transports = transports;
        if (m_outbox)
            m_outbox->replaceTransports(transports, [previous] { delete previous.data(); });
        else
            delete previous.data();
        report.reloaded << QStringLiteral("transports");
    }
    // Ingresses: they hold what they were built from. Until an ingress exposes a restart, a change
    // in its sections waits for the next start; an ingress that can restart is rebuilt here.
    if (ingressFingerprint(m_config) != ingressFingerprint(next))
        report.restartRequired << QStringLiteral("ingresses");
    const OutboxConfig &a = m_config.outbox, &b = next.outbox;
    if (a.path != b.path || a.retention != b.retention || a.giveUpAfter != b.giveUpAfter
        || a.maxAttempts != b.maxAttempts || a.storeBodies != b.storeBodies)
        report.restartRequired << QStringLiteral("outbox");
    const AdminConfig &x = m_config.admin, &y = next.admin;
    if (x.enabled != y.enabled || x.socket != y.socket || x.tokenFile != y.tokenFile || x.group != y.group)
        report.restartRequired << QStringLiteral("admin");
    if (m_config.metrics.prefix != next.metrics.prefix)
        report.restartRequired << QStringLiteral("metrics");

    m_config = std::move(next);
    report.applied = true;
    Log::info(lcDaemon, QStringLiteral("config reloaded"),
              {{QStringLiteral("reloaded"), report.reloaded.join(u',')},
               {QStringLiteral("restart_required"), report.restartRequired.join(u',')}});
    return report;
}

} // namespace Postrider
