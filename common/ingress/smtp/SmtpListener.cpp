#include "SmtpListener.h"

#include "EphemeralCertificate.h"
#include "SmtpReplies.h"
#include "SmtpSession.h"
#include "SmtpSessionContext.h"
#include "SmtpTcpServer.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "core/TlsFiles.h"
#include "outbox/Outbox.h"

#include <QSslSocket>
#include <QSysInfo>

Q_LOGGING_CATEGORY(lcSmtp, "postrider.ingress.smtp")

namespace Postrider {

namespace {

qint64 toMs(Duration d)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

QString defaultHostname()
{
    const QString host = QSysInfo::machineHostName();
    return host.isEmpty() ? QStringLiteral("localhost") : host;
}

} // namespace

SmtpListener::SmtpListener(const SmtpListenerConfig &config, Outbox *outbox, Clock *clock, MetricsRegistry *metrics,
                           QObject *parent)
    : QObject(parent)
    , m_ctx(new SmtpSessionContext{config, SmtpPolicy(config),
                                   config.hostname.isEmpty() ? defaultHostname() : config.hostname, std::nullopt,
                                   outbox, Route{QLatin1String(kRouteName), config.transports},
                                   AuthLockout(clock, int(config.maxAuthFailures), toMs(config.authLockout)),
                                   SmtpMetrics(metrics), qMax<qint64>(1, toMs(config.idleTimeout))})
{ }

SmtpListener::~SmtpListener()
{
    // Sessions hold a pointer to the context: end them first.
    for (SmtpSession *s : std::as_const(m_sessions)) {
        disconnect(s, nullptr, this, nullptr);
        delete s;
    }
}

Status SmtpListener::start()
{
    if (const Status s = setUpTls(); !s)
        return s;
    m_server = new SmtpTcpServer(this);
    connect(m_server, &SmtpTcpServer::connectionReady, this,
            [this](qintptr descriptor) { onConnection(descriptor, false); });
    if (const Status s = bind(m_server, m_ctx->config.listen); !s)
        return s;
    if (!m_ctx->config.implicitTlsListen.isEmpty()) {
        m_implicitServer = new SmtpTcpServer(this);
        connect(m_implicitServer, &SmtpTcpServer::connectionReady, this,
                [this](qintptr descriptor) { onConnection(descriptor, true); });
        if (const Status s = bind(m_implicitServer, m_ctx->config.implicitTlsListen); !s)
            return s;
    }
    Log::info(lcSmtp, QStringLiteral("smtp ingress listening"),
              {{QStringLiteral("addr"), m_ctx->config.listen},
               {QStringLiteral("port"), int(port())},
               {QStringLiteral("implicit_tls_port"), int(implicitTlsPort())},
               {QStringLiteral("require_tls"), m_ctx->config.requireTls}});
    return {};
}

Status SmtpListener::setUpTls()
{
    const SmtpListenerConfig &c = m_ctx->config;
    const bool needed =
        c.requireTls || !c.tlsCert.isEmpty() || !c.implicitTlsListen.isEmpty() || m_ctx->certificateAccepted();
    if (!needed)
        return {};
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    if (!c.tlsCert.isEmpty()) {
        const auto certs = TlsFiles::loadCertificates(c.tlsCert);
        if (!certs)
            return Error(QStringLiteral("smtp.tls"), QStringLiteral("tls_cert: ") + certs.error().message);
        const auto key = TlsFiles::loadPrivateKey(c.tlsKey);
        if (!key)
            return Error(QStringLiteral("smtp.tls"), QStringLiteral("tls_key: ") + key.error().message);
        tls.setLocalCertificateChain(*certs);
        tls.setPrivateKey(*key);
    } else {
        auto generated = EphemeralCertificate::generate(m_ctx->hostname);
        if (!generated)
            return Error(QStringLiteral("smtp.tls"), generated.error().message);
        tls.setLocalCertificate(generated->certificate);
        tls.setPrivateKey(generated->key);
        m_ephemeral = true;
        Log::warn(lcSmtp, QStringLiteral("smtp_tls_ephemeral_certificate"),
                  {{QStringLiteral("warning"),
                    QStringLiteral("!!! NO tls_cert CONFIGURED: using a self-signed certificate generated at startup. "
                                   "Clients cannot verify it; configure tls_cert and tls_key for production. !!!")},
                   {QStringLiteral("hostname"), m_ctx->hostname},
                   {QStringLiteral("sha256"),
                    QString::fromLatin1(generated->certificate.digest(QCryptographicHash::Sha256).toHex(':'))}});
    }
    if (m_ctx->certificateAccepted()) {
        const auto cas = TlsFiles::loadCertificates(c.clientCertCa);
        if (!cas)
            return Error(QStringLiteral("smtp.tls"), QStringLiteral("client_cert_ca: ") + cas.error().message);
        // Only our CA: setCaCertificates() also turns off on-demand loading of system roots, so a
        // certificate from a public CA does not authenticate anyone here.
        tls.setCaCertificates(*cas);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    m_ctx->tls = tls;
    return {};
}

Status SmtpListener::bind(SmtpTcpServer *server, const QString &listen)
{
    const qsizetype colon = listen.lastIndexOf(u':');
    QString host = listen.left(colon);
    const quint16 port = quint16(listen.mid(colon + 1).toUInt());
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty())
        address = QHostAddress::Any;
    else if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return Error(QStringLiteral("smtp.listen"),
                     QStringLiteral("smtp listen %1: host must be an IP address or localhost").arg(listen));
    if (!server->listen(address, port))
        return Error(QStringLiteral("smtp.listen"),
                     QStringLiteral("smtp ingress: smtp listen %1: %2").arg(listen, server->errorString()));
    return {};
}

quint16 SmtpListener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

qint64 SmtpListener::bufferedInputBytes() const
{
    qint64 total = 0;
    for (const SmtpSession *s : m_sessions)
        total += s->bufferedInputBytes();
    return total;
}

quint16 SmtpListener::implicitTlsPort() const
{
    return m_implicitServer ? m_implicitServer->serverPort() : 0;
}

void SmtpListener::onConnection(qintptr descriptor, bool implicitTls)
{
    // A QSslSocket only where TLS can happen; plain listeners save its per-connection cost.
    QTcpSocket *socket = m_ctx->tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    const bool totalFull = m_sessions.size() >= m_ctx->config.maxConnections;
    const bool ipFull = m_perIp.value(peer) >= m_ctx->config.maxConnectionsPerIp;
    if (m_stopping || totalFull || ipFull) {
        m_ctx->metrics.connection(totalFull ? "rejected_total_limit" : "rejected_ip_limit");
        Log::info(lcSmtp, QStringLiteral("smtp_connection_refused"),
                  {{QStringLiteral("remote_addr"), peer.toString()},
                   {QStringLiteral("reason"),
                    totalFull ? QStringLiteral("max_connections") : QStringLiteral("max_connections_per_ip")}});
        const QByteArray refusal =
            totalFull ? SmtpReply::tooManyConnections(m_ctx->hostname) : SmtpReply::tooManyFromAddress(m_ctx->hostname);
        // On the implicit-TLS port a plaintext 421 would be noise to a TLS client: just close.
        if (!implicitTls && !m_stopping)
            socket->write(refusal + "\r\n");
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
        return;
    }
    auto *session = new SmtpSession(socket, m_ctx.get(), implicitTls, this);
    m_sessions.insert(session);
    ++m_perIp[peer];
    m_ctx->metrics.connection("accepted");
    m_ctx->metrics.activeConnections(int(m_sessions.size()));
    connect(session, &SmtpSession::finished, this, &SmtpListener::onSessionFinished);
    session->start();
}

void SmtpListener::onSessionFinished(SmtpSession *session)
{
    if (!m_sessions.remove(session))
        return;
    const QHostAddress peer = session->peerAddress();
    if (--m_perIp[peer] <= 0)
        m_perIp.remove(peer);
    m_ctx->metrics.activeConnections(int(m_sessions.size()));
    if (m_stopping && m_sessions.isEmpty() && m_onStopped)
        std::exchange(m_onStopped, {})();
}

void SmtpListener::stop(std::function<void()> done)
{
    m_stopping = true;
    m_onStopped = std::move(done);
    if (m_server)
        m_server->close();
    if (m_implicitServer)
        m_implicitServer->close();
    const QList<SmtpSession *> sessions = m_sessions.values();
    for (SmtpSession *s : sessions)
        s->shutdown();
    if (m_sessions.isEmpty() && m_onStopped)
        std::exchange(m_onStopped, {})();
    Log::info(lcSmtp, QStringLiteral("smtp ingress stopped"),
              {{QStringLiteral("open_sessions"), int(m_sessions.size())}});
}

} // namespace Postrider
