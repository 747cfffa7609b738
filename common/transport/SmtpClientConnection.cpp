#include "SmtpClientConnection.h"

#include "SmtpAuthenticator.h"
#include "SmtpLogging.h"
#include "SmtpWire.h"
#include "core/Logging.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>
#include <climits>

namespace Postrider {

namespace {

/// Octets handed to the socket at a time while streaming DATA, so a large message is never
/// copied into the socket buffer whole and the data block timer sees progress.
constexpr qsizetype kDataChunkBytes = qsizetype(64) * 1024;

SendResult failure(Outcome outcome, const QString &message, const QString &code)
{
    return SendResult::failure(outcome, QStringLiteral("smtp: ") + message, 0, code);
}

} // namespace

SmtpClientConnection::SmtpClientConnection(SmtpClientOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SmtpClientConnection::onTimeout);
}

SmtpClientConnection::~SmtpClientConnection()
{
    // The socket is a child; stop it calling back into a half-destroyed object.
    if (m_socket) {
        m_socket->disconnect(this);
        delete m_socket;
    }
}

bool SmtpClientConnection::isEncrypted() const
{
    return m_socket && m_socket->isEncrypted();
}

void SmtpClientConnection::open(QDeadlineTimer deadline)
{
    Q_ASSERT(m_phase == Phase::Idle);
    m_deadline = deadline;
    m_socket = new QSslSocket(this);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(m_options.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    if (!m_options.extraCaCertificates.isEmpty()) {
        // Setting CAs turns off Qt's on-demand use of the system store, so name the system CAs
        // too (read once per process: parsing the store costs more than a loopback handshake).
        static const QList<QSslCertificate> systemCas = QSslConfiguration::systemCaCertificates();
        tls.setCaCertificates(systemCas + m_options.extraCaCertificates);
    }
    m_socket->setSslConfiguration(tls);
    m_socket->setPeerVerifyName(m_options.host);

    connect(m_socket, &QSslSocket::connected, this, &SmtpClientConnection::onConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &SmtpClientConnection::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &SmtpClientConnection::onReadyRead);
    connect(m_socket, &QSslSocket::bytesWritten, this, &SmtpClientConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::errorOccurred, this, &SmtpClientConnection::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &SmtpClientConnection::onDisconnected);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_tlsErrors.append(e.errorString());
        if (m_options.tlsMode == SmtpTlsMode::StartTlsOpportunistic) {
            // require_tls = false: encryption without authentication is still better than the
            // plaintext the operator allowed (RFC 7435 §3); credentialsMayBeSent() then keeps
            // the AUTH secrets back, as it would on plaintext.
            Log::warn(lcSmtpOut, QStringLiteral("smtp relay certificate not verified, continuing (require_tls=false)"),
                      {{QStringLiteral("host"), m_options.host},
                       {QStringLiteral("error"), m_tlsErrors.join(QStringLiteral("; "))}});
            m_socket->ignoreSslErrors();
        }
    });

    m_phase = Phase::Connecting;
    const QString where = m_options.host + u':' + QString::number(m_options.port);
    armTimer(m_options.timeouts.connect, QStringLiteral("connecting to ") + where);
    const QString target = m_options.connectAddress.isNull() ? m_options.host : m_options.connectAddress.toString();
    Log::debug(lcSmtpOut, QStringLiteral("smtp connecting"),
               {{QStringLiteral("host"), m_options.host},
                {QStringLiteral("port"), m_options.port},
                {QStringLiteral("implicit_tls"), m_options.tlsMode == SmtpTlsMode::Implicit}});
    if (m_options.tlsMode == SmtpTlsMode::Implicit)
        m_socket->connectToHostEncrypted(target, m_options.port, m_options.host);
    else
        m_socket->connectToHost(target, m_options.port);
}

void SmtpClientConnection::close(CloseMode mode)
{
    m_ownerClosing = true;
    if (m_phase == Phase::Closed || m_phase == Phase::Closing)
        return;
    // QUIT can only be matched to its reply when nothing else is outstanding.
    const bool canTalk = m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_pending.isEmpty()
        && !m_sendingData && !m_dataInterrupted && m_phase != Phase::Connecting && m_phase != Phase::TlsHandshake;
    if (mode == CloseMode::Abort || !canTalk) {
        finishClose();
        return;
    }
    m_phase = Phase::Closing;
    const auto quit = [this] {
        sendCommand("QUIT", QStringLiteral("QUIT"), m_options.timeouts.quit,
                    [this](const SmtpReply &) { finishClose(); });
    };
    if (mode == CloseMode::ResetThenQuit)
        sendCommand("RSET", QStringLiteral("RSET"), m_options.timeouts.quit, [quit](const SmtpReply &) { quit(); });
    else
        quit();
}

void SmtpClientConnection::sendCommand(const QByteArray &line, const QString &stage, std::chrono::milliseconds timeout,
                                       ReplyHandler handler, const QByteArray &logAs)
{
    if (m_phase == Phase::Closed || !m_socket)
        return;
    log("sent", logAs.isEmpty() ? line : logAs);
    m_socket->write(line + "\r\n");
    expectReply(stage, timeout, std::move(handler));
}

void SmtpClientConnection::sendData(QByteArray encoded, ReplyHandler finalReply)
{
    if (m_phase == Phase::Closed || !m_socket)
        return;
    Log::debug(lcSmtpOut, QStringLiteral("smtp sending data"), {{QStringLiteral("bytes"), qint64(encoded.size())}});
    m_data = std::move(encoded);
    m_dataOffset = 0;
    m_sendingData = true;
    m_pending.append({QStringLiteral("end of data"), m_options.timeouts.dataTermination, std::move(finalReply)});
    pumpData();
}

SendResult SmtpClientConnection::failureFromReply(const QString &context, const SmtpReply &reply)
{
    if (reply.isTransientNegative() || reply.isPermanentNegative()) {
        const Outcome outcome = reply.isPermanentNegative() ? Outcome::Terminal : Outcome::Transient;
        return SendResult::failure(outcome,
                                   QStringLiteral("smtp: ") + context + QStringLiteral(": ") + reply.toString(),
                                   reply.code, reply.enhancedCode);
    }
    return SendResult::failure(Outcome::Transient,
                               QStringLiteral("smtp: ") + context + QStringLiteral(": unexpected reply ")
                                   + reply.toString(),
                               reply.code, QStringLiteral("protocol_error"));
}

void SmtpClientConnection::onConnected()
{
    if (m_options.tlsMode == SmtpTlsMode::Implicit) {
        m_phase = Phase::TlsHandshake;
        armTimer(m_options.timeouts.tlsHandshake, QStringLiteral("during the TLS handshake"));
        return;
    }
    expectGreeting();
}

void SmtpClientConnection::expectGreeting()
{
    m_phase = Phase::Greeting;
    expectReply(QStringLiteral("greeting"), m_options.timeouts.greeting, [this](const SmtpReply &reply) {
        // RFC 5321 §3.1: 220 opens the session; 554 (or 421) refuses it.
        if (reply.code == 220)
            sendHello(false);
        else
            fail(failureFromReply(QStringLiteral("server refused the session"), reply), true);
    });
}

void SmtpClientConnection::onEncrypted()
{
    if (m_phase != Phase::TlsHandshake)
        return;
    m_peerVerified = m_options.verifyPeer && m_tlsErrors.isEmpty();
    const QSslCipher cipher = m_socket->sessionCipher();
    Log::debug(lcSmtpOut, QStringLiteral("smtp tls established"),
               {{QStringLiteral("host"), m_options.host},
                {QStringLiteral("protocol"), cipher.protocolString()},
                {QStringLiteral("cipher"), cipher.name()},
                {QStringLiteral("verified"), m_peerVerified}});
    if (!m_startTlsDone) { // implicit TLS: the greeting comes encrypted
        m_timer.stop();
        expectGreeting();
        return;
    }
    // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
    m_caps = SmtpCapabilities();
    sendHello(false);
}

void SmtpClientConnection::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    if (m_phase == Phase::Closed)
        return;
    if (!m_parser.feed(bytes)) {
        failProtocol(m_parser.errorString());
        return;
    }
    dispatchReplies();
}

void SmtpClientConnection::dispatchReplies()
{
    while (m_phase != Phase::Closed && m_parser.hasReply()) {
        const SmtpReply reply = m_parser.takeReply();
        log("received", reply.toString().toUtf8());
        if (m_pending.isEmpty()) {
            failProtocol(QStringLiteral("reply without a command: ") + reply.toString());
            return;
        }
        const Pending head = m_pending.takeFirst();
        // A reply while DATA is still streaming ends it: the server will not read the rest, and
        // what is already queued would be read as commands, so the session cannot go on.
        m_dataInterrupted = m_dataInterrupted || m_sendingData;
        m_sendingData = false;
        m_timer.stop();
        if (!m_pending.isEmpty())
            armTimer(m_pending.constFirst().timeout,
                     QStringLiteral("waiting for the %1 reply").arg(m_pending.constFirst().stage));
        head.handler(reply);
    }
}

void SmtpClientConnection::onBytesWritten()
{
    if (m_sendingData)
        pumpData();
}

void SmtpClientConnection::pumpData()
{
    while (m_dataOffset < m_data.size() && m_socket->bytesToWrite() < kDataChunkBytes) {
        const qsizetype n = std::min(kDataChunkBytes, m_data.size() - m_dataOffset);
        m_socket->write(m_data.constData() + m_dataOffset, n);
        m_dataOffset += n;
    }
    if (m_dataOffset < m_data.size() || m_socket->bytesToWrite() > 0) {
        // RFC 5321 §4.5.3.2.5: the limit applies to each block sent, so restart it on progress.
        armTimer(m_options.timeouts.dataBlock, QStringLiteral("while sending the message data"));
        return;
    }
    m_sendingData = false;
    m_data.clear();
    armTimer(m_options.timeouts.dataTermination, QStringLiteral("waiting for the reply to the end of data"));
}

void SmtpClientConnection::expectReply(const QString &stage, std::chrono::milliseconds timeout, ReplyHandler handler)
{
    m_pending.append({stage, timeout, std::move(handler)});
    if (m_pending.size() == 1 && !m_sendingData)
        armTimer(timeout, QStringLiteral("waiting for the %1 reply").arg(stage));
}

void SmtpClientConnection::armTimer(std::chrono::milliseconds stageTimeout, const QString &what)
{
    qint64 ms = stageTimeout.count();
    m_timerWhat = what + QStringLiteral(" (stage limit %1 ms)").arg(ms);
    const qint64 left = m_deadline.remainingTime(); // -1: no deadline
    if (left >= 0 && left <= ms) {
        ms = left;
        m_timerWhat = what + QStringLiteral(" (attempt timeout reached)");
    }
    m_timer.start(int(std::clamp<qint64>(ms, 0, INT_MAX)));
}

void SmtpClientConnection::onTimeout()
{
    fail(failure(Outcome::Transient, QStringLiteral("timed out ") + m_timerWhat, QStringLiteral("timeout")));
}

void SmtpClientConnection::onSocketError()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_phase == Phase::Closing) {
        finishClose();
        return;
    }
    // Replies that came with the close are still answers (e.g. "421 shutting down").
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_phase == Phase::Closed || m_phase == Phase::Closing)
        return;
    const QString where = m_options.host + u':' + QString::number(m_options.port);
    QString doing;
    if (m_phase == Phase::Connecting)
        doing = QStringLiteral("while connecting to ") + where;
    else if (m_phase == Phase::TlsHandshake)
        doing = QStringLiteral("during the TLS handshake with ") + where;
    else if (m_sendingData)
        doing = QStringLiteral("while sending the message data");
    else if (!m_pending.isEmpty())
        doing = QStringLiteral("while waiting for the %1 reply").arg(m_pending.constFirst().stage);
    else
        doing = QStringLiteral("while idle");

    const auto error = m_socket->error();
    if (m_phase == Phase::TlsHandshake || error == QAbstractSocket::SslHandshakeFailedError) {
        // Transient, as in Posthorn: certificate problems are usually fixed on the relay (renewal,
        // chain) or in ca_file, and the outbox's retries and failover carry the mail until then.
        const QString detail = m_tlsErrors.isEmpty() ? m_socket->errorString() : m_tlsErrors.join(QStringLiteral("; "));
        fail(failure(Outcome::Transient,
                     QStringLiteral("TLS handshake failed ") + doing + QStringLiteral(": ") + detail,
                     QStringLiteral("tls_handshake_failed")));
        return;
    }
    QString code = QStringLiteral("network_error");
    if (error == QAbstractSocket::ConnectionRefusedError)
        code = QStringLiteral("connection_refused");
    else if (error == QAbstractSocket::HostNotFoundError)
        code = QStringLiteral("host_not_found");
    else if (error == QAbstractSocket::RemoteHostClosedError)
        code = QStringLiteral("connection_closed");
    const QString text = error == QAbstractSocket::RemoteHostClosedError
        ? QStringLiteral("connection closed by the server")
        : m_socket->errorString();
    fail(failure(Outcome::Transient, text + u' ' + doing, code));
}

void SmtpClientConnection::onDisconnected()
{
    if (m_phase == Phase::Closed)
        return;
    if (m_phase == Phase::Closing) {
        finishClose();
        return;
    }
    onSocketError();
}

void SmtpClientConnection::sendHello(bool helo)
{
    m_phase = Phase::Hello;
    const QString verb = helo ? QStringLiteral("HELO") : QStringLiteral("EHLO");
    sendCommand(verb.toLatin1() + ' ' + m_options.heloName.toUtf8(), verb, m_options.timeouts.command,
                [this, helo, verb](const SmtpReply &reply) {
                    if (reply.isPositive()) {
                        m_caps = helo ? SmtpCapabilities() : SmtpCapabilities::fromEhloReply(reply);
                        afterHello();
                        return;
                    }
                    // RFC 5321 §3.2: a server without service extensions answers EHLO with
                    // "command not recognized"; the client then falls back to HELO.
                    if (!helo && (reply.code == 500 || reply.code == 502)) {
                        sendHello(true);
                        return;
                    }
                    fail(failureFromReply(verb + QStringLiteral(" rejected"), reply), true);
                });
}

void SmtpClientConnection::afterHello()
{
    if (m_options.tlsMode != SmtpTlsMode::Implicit && !isEncrypted() && !m_startTlsDeclined) {
        if (m_caps.startTls()) {
            m_phase = Phase::StartTls;
            sendCommand(
                "STARTTLS", QStringLiteral("STARTTLS"), m_options.timeouts.command, [this](const SmtpReply &reply) {
                    if (reply.code == 220) {
                        // RFC 3207 §5 (CVE-2011-0411): anything already received after the 220 was
                        // sent in the clear and could be injected; it must not be read as protected.
                        if (m_parser.pendingReplies() > 0 || m_parser.bufferedBytes() > 0
                            || m_socket->bytesAvailable() > 0) {
                            failProtocol(QStringLiteral("data received after the STARTTLS reply (possible injection)"));
                            return;
                        }
                        m_parser.reset();
                        m_startTlsDone = true;
                        m_phase = Phase::TlsHandshake;
                        armTimer(m_options.timeouts.tlsHandshake, QStringLiteral("during the TLS handshake"));
                        m_socket->startClientEncryption();
                        return;
                    }
                    if (m_options.tlsMode == SmtpTlsMode::StartTlsOpportunistic) {
                        Log::warn(
                            lcSmtpOut, QStringLiteral("smtp relay refused STARTTLS, continuing in plaintext"),
                            {{QStringLiteral("host"), m_options.host}, {QStringLiteral("reply"), reply.toString()}});
                        m_startTlsDeclined = true;
                        beginAuth();
                        return;
                    }
                    fail(failureFromReply(QStringLiteral("STARTTLS refused"), reply), true);
                });
            return;
        }
        if (m_options.tlsMode == SmtpTlsMode::StartTlsRequired) {
            fail(failure(Outcome::Terminal, QStringLiteral("server does not advertise STARTTLS but require_tls=true"),
                         QStringLiteral("starttls_unavailable")),
                 true);
            return;
        }
    }
    beginAuth();
}

bool SmtpClientConnection::credentialsMayBeSent() const
{
    if (isEncrypted() && (m_peerVerified || !m_options.verifyPeer))
        return true; // verified TLS, or verification switched off on purpose
    // Plaintext, or TLS whose certificate failed (an active attacker reads either), only to a
    // relay on this machine: the rule Go's net/smtp applies to PLAIN, which Posthorn relied on.
    return Smtp::isLoopbackHost(m_options.host) && m_socket->peerAddress().isLoopback();
}

void SmtpClientConnection::beginAuth()
{
    if (!m_options.wantsAuth()) {
        becomeReady();
        return;
    }
    if (!credentialsMayBeSent()) {
        fail(failure(Outcome::Terminal,
                     QStringLiteral("refusing to send the AUTH credentials to %1 over a connection that is not "
                                    "encrypted with a verified certificate (only a relay on localhost may get them "
                                    "in the clear); enable STARTTLS on the relay, set require_tls = true or "
                                    "implicit_tls = true, or add its CA with ca_file")
                         .arg(m_options.host),
                     QStringLiteral("insecure_auth_refused")),
             true);
        return;
    }
    const auto mechanism = SmtpAuthenticator::chooseMechanism(m_options.auth, m_caps);
    if (!mechanism) {
        fail(failure(Outcome::Terminal, mechanism.error().message, mechanism.error().code), true);
        return;
    }
    m_phase = Phase::Auth;
    SmtpAuthenticator::run(
        this, *mechanism, [this] { becomeReady(); }, [this](const SmtpReply &reply) { authFailed(reply); });
}

void SmtpClientConnection::authFailed(const SmtpReply &reply)
{
    SendResult result = failureFromReply(QStringLiteral("authentication failed"), reply);
    if (reply.isPermanentNegative()) // 535 5.7.8 and friends (RFC 4954 §6): a config problem
        result.errorCode = QStringLiteral("auth_failed");
    fail(result, true);
}

void SmtpClientConnection::becomeReady()
{
    m_phase = Phase::Ready;
    m_timer.stop();
    Log::debug(lcSmtpOut, QStringLiteral("smtp session ready"),
               {{QStringLiteral("host"), m_options.host},
                {QStringLiteral("encrypted"), isEncrypted()},
                {QStringLiteral("extensions"), m_caps.keywords().join(u' ')}});
    emit ready();
}

void SmtpClientConnection::failProtocol(const QString &why)
{
    fail(failure(Outcome::Transient, QStringLiteral("protocol error: ") + why, QStringLiteral("protocol_error")));
}

void SmtpClientConnection::fail(const SendResult &result, bool sayQuit)
{
    if (m_phase == Phase::Closed)
        return;
    const bool notify = !m_ownerClosing && m_phase != Phase::Closing;
    SendResult redacted = result;
    redacted.message = redact(result.message);
    m_pending.clear();
    m_sendingData = false;
    m_timer.stop();
    if (sayQuit && m_phase != Phase::Closing && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_ownerClosing = true;
        m_phase = Phase::Closing;
        sendCommand("QUIT", QStringLiteral("QUIT"), m_options.timeouts.quit,
                    [this](const SmtpReply &) { finishClose(); });
    } else {
        finishClose();
    }
    if (notify) {
        Log::debug(lcSmtpOut, QStringLiteral("smtp session failed"), {{QStringLiteral("error"), redacted.message}});
        emit failed(redacted);
    }
}

void SmtpClientConnection::finishClose()
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    m_timer.stop();
    m_pending.clear();
    m_sendingData = false;
    if (m_socket)
        m_socket->abort();
    QMetaObject::invokeMethod(this, &SmtpClientConnection::closed, Qt::QueuedConnection);
}

QString SmtpClientConnection::redact(QString text) const
{
    return Smtp::redactCredentials(std::move(text), m_options.username, m_options.password);
}

void SmtpClientConnection::log(const char *direction, const QByteArray &line) const
{
    if (!lcSmtpOut().isDebugEnabled())
        return;
    Log::debug(lcSmtpOut, QStringLiteral("smtp ") + QLatin1String(direction),
               {{QStringLiteral("host"), m_options.host}, {QStringLiteral("line"), redact(QString::fromUtf8(line))}});
}

} // namespace Postrider
