#include "SmtpSession.h"

#include "SmtpCommandParser.h"
#include "SmtpLimits.h"
#include "SmtpReplies.h"
#include "SmtpSessionContext.h"

#include "mime/MimeParser.h"
#include "outbox/Outbox.h"

#include <QSslCipher>
#include <QSslSocket>

namespace Postrider {

using namespace SmtpLimits;

SmtpSession::SmtpSession(QTcpSocket *socket, SmtpSessionContext *context, bool implicitTls, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_ssl(qobject_cast<QSslSocket *>(socket))
    , m_ctx(context)
    , m_id(newSubmissionId())
    , m_peer(socket->peerAddress())
    , m_implicitTls(implicitTls)
{
    m_socket->setParent(this);
    // Replies are small and pipelined clients wait for them: no Nagle delay (RFC 2920 §3.1).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded buffering: beyond this TCP flow control holds the client back.
    m_socket->setReadBufferSize(kMaxPendingInputOctets);
    const QHostAddress v4(m_peer.toIPv4Address());
    m_remote = (m_peer.protocol() == QAbstractSocket::IPv6Protocol && v4.isNull())
        ? QStringLiteral("[%1]:%2").arg(m_peer.toString()).arg(socket->peerPort())
        : QStringLiteral("%1:%2").arg(m_peer.toString()).arg(socket->peerPort());
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &SmtpSession::onIdleTimeout);
    m_activity.start();
    connect(m_socket, &QTcpSocket::readyRead, this, &SmtpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &SmtpSession::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &SmtpSession::onDisconnected);
    if (m_ssl) {
        connect(m_ssl, &QSslSocket::encrypted, this, &SmtpSession::onEncrypted);
        connect(m_ssl, &QSslSocket::sslErrors, this, &SmtpSession::onSslErrors);
    }
}

SmtpSession::~SmtpSession() = default;

void SmtpSession::start()
{
    Log::info(lcSmtp, QStringLiteral("smtp_session_open"),
              fields({{QStringLiteral("tls"), m_implicitTls ? QStringLiteral("yes") : QStringLiteral("no")}}));
    restartIdle();
    if (m_implicitTls) {
        m_state = State::Handshake;
        m_ssl->setSslConfiguration(*m_ctx->tls);
        m_ssl->startServerEncryption();
        return;
    }
    reply(SmtpReply::greeting(m_ctx->hostname));
}

void SmtpSession::shutdown()
{
    m_shutdownRequested = true;
    if (m_state == State::Committing || m_state == State::Closing || m_state == State::Closed)
        return; // the commit's reply comes first; onSubmitted() closes afterwards
    if (m_state == State::Handshake) {
        m_closeReason = QStringLiteral("shutdown");
        m_socket->abort();
        return;
    }
    closeWith(SmtpReply::shuttingDown(m_ctx->hostname), QStringLiteral("shutdown"));
}

qint64 SmtpSession::bufferedInputBytes() const
{
    return m_reader.pendingSize() + m_socket->bytesAvailable();
}

bool SmtpSession::readable() const
{
    switch (m_state) {
    case State::Command:
    case State::AuthPlain:
    case State::AuthLoginUser:
    case State::AuthLoginPassword:
    case State::Data:
        return true;
    default:
        return false;
    }
}

void SmtpSession::onReadyRead()
{
    // Read only while we can act on the input and have room for it; otherwise the bytes wait in
    // the socket (bounded by its read buffer size) and TCP pushes back.
    while (readable() && m_socket->bytesAvailable() > 0) {
        const qint64 room = kMaxPendingInputOctets - m_reader.pendingSize();
        if (room <= 0)
            break;
        m_reader.append(m_socket->read(room));
        processInput();
    }
}

void SmtpSession::processInput()
{
    while (readable()) {
        if (m_state == State::Data) {
            const qint64 linesBefore = m_data->lines();
            m_reader.consume(m_data->feed(m_reader.pending()));
            // Only whole lines count as progress, so a client trickling bytes still times out.
            if (m_data->lines() != linesBefore)
                restartIdle();
            if (!m_data->finished())
                return;
            finishData();
            continue;
        }
        const bool authLine = m_state != State::Command;
        auto line = m_reader.readLine(authLine ? kMaxAuthLineOctets : kMaxCommandLineOctets);
        if (!line)
            return;
        restartIdle();
        if (line->tooLong) {
            if (authLine) {
                m_state = State::Command;
                m_ctx->metrics.auth(m_mechanism == Mechanism::Plain ? "plain" : "login", "malformed");
            }
            badCommand(SmtpReply::kLineTooLong);
            continue;
        }
        if (authLine)
            handleAuthResponse(line->text);
        else
            handleCommand(line->text);
    }
}

void SmtpSession::handleCommand(const QByteArray &line)
{
    const SmtpCommand cmd = SmtpCommandParser::parseCommand(line);
    const QByteArray &v = cmd.verb;
    if (v == "EHLO" || v == "HELO") {
        handleEhlo(cmd.argument, v == "EHLO");
    } else if (v == "MAIL") {
        handleMail(cmd.argument);
    } else if (v == "RCPT") {
        handleRcpt(cmd.argument);
    } else if (v == "DATA") {
        handleData(cmd.argument);
    } else if (v == "RSET") {
        resetTransaction();
        reply(SmtpReply::kOk);
    } else if (v == "NOOP") {
        reply(SmtpReply::kOk);
    } else if (v == "QUIT") {
        closeWith(SmtpReply::kBye, QStringLiteral("quit"));
    } else if (v == "STARTTLS") {
        handleStartTls(cmd.argument);
    } else if (v == "AUTH") {
        handleAuth(cmd.argument);
    } else if (v == "HELP") {
        reply(SmtpReply::kHelp);
    } else if (v == "VRFY") {
        // RFC 5321 §3.5.3: 252 when the server will not verify but would try delivery.
        reply(SmtpReply::kVrfy);
    } else {
        badCommand(SmtpReply::kUnknown);
    }
}

void SmtpSession::handleEhlo(const QByteArray &argument, bool extended)
{
    if (argument.isEmpty())
        return badCommand(extended ? SmtpReply::kEhloSyntax : SmtpReply::kHeloSyntax);
    // RFC 5321 §4.1.4: EHLO/HELO also resets the transaction.
    resetTransaction();
    m_greeted = true;
    const QByteArray host = m_ctx->hostname.toUtf8();
    if (!extended)
        return reply("250 " + host);
    QList<QByteArray> lines{host,       "PIPELINING", "SIZE " + QByteArray::number(m_ctx->config.maxMessageSize),
                            "8BITMIME", "SMTPUTF8",   "ENHANCEDSTATUSCODES"};
    if (m_ctx->tls && !m_tls)
        lines.append("STARTTLS");
    if (authAllowedNow())
        lines.append("AUTH PLAIN LOGIN");
    QByteArray out;
    for (qsizetype i = 0; i < lines.size(); ++i)
        out += (i + 1 < lines.size() ? "250-" : "250 ") + lines[i] + "\r\n";
    out.chop(2);
    reply(out);
}

void SmtpSession::handleStartTls(const QByteArray &argument)
{
    if (!m_ctx->tls || !m_ssl)
        return badCommand(SmtpReply::kStartTlsUnavailable);
    if (m_tls)
        return badCommand(SmtpReply::kTlsActive);
    if (!argument.isEmpty())
        return badCommand(SmtpReply::kStartTlsSyntax);
    // RFC 3207 §4.2 / CVE-2011-0411: nothing the client sent before the handshake may be acted
    // on afterwards. Drop what we buffered and what the socket buffered.
    m_reader.clear();
    m_socket->skip(m_socket->bytesAvailable());
    reply(SmtpReply::kStartTlsGo);
    m_state = State::Handshake;
    m_ssl->setSslConfiguration(*m_ctx->tls);
    m_ssl->startServerEncryption();
}

void SmtpSession::onEncrypted()
{
    m_tls = true;
    // RFC 3207 §4.2: forget everything learnt before TLS; the client must EHLO again.
    m_greeted = false;
    m_user.clear();
    resetTransaction();
    m_certAuth = m_ctx->certificateAccepted() && !m_ssl->peerCertificate().isNull();
    m_ctx->metrics.tlsEstablished(m_implicitTls ? "implicit" : "starttls");
    Log::Fields extra{
        {QStringLiteral("protocol"),
         m_ssl->sessionProtocol() == QSsl::TlsV1_3 ? QStringLiteral("TLSv1.3") : QStringLiteral("TLSv1.2")},
        {QStringLiteral("cipher"), m_ssl->sessionCipher().name()}};
    if (m_certAuth)
        extra.append({QStringLiteral("client_cert"), m_ssl->peerCertificate().subjectDisplayName()});
    Log::info(lcSmtp, QStringLiteral("smtp_tls_established"), fields(extra));
    m_state = State::Command;
    restartIdle();
    if (m_implicitTls)
        reply(SmtpReply::greeting(m_ctx->hostname));
    onReadyRead();
}

void SmtpSession::onSslErrors(const QList<QSslError> &errors)
{
    // A client that presents no certificate is fine (it may still AUTH); one that presents a
    // certificate our CA did not sign fails the handshake, as in Posthorn (reference §3.3).
    for (const QSslError &e : errors)
        if (e.error() != QSslError::NoPeerCertificate)
            return;
    m_ssl->ignoreSslErrors(errors);
}

void SmtpSession::onSocketError()
{
    if (m_state != State::Handshake)
        return; // disconnected() follows and ends the session
    m_ctx->metrics.tlsFailed();
    Log::info(lcSmtp, QStringLiteral("smtp_tls_handshake_failed"),
              fields({{QStringLiteral("error"), m_socket->errorString()}}));
    m_closeReason = QStringLiteral("tls_failed");
    m_state = State::Closing;
    m_socket->abort();
}

void SmtpSession::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    const bool midData = m_state == State::Data;
    m_state = State::Closed;
    m_idle.stop();
    Log::info(lcSmtp, QStringLiteral("smtp_session_close"),
              fields({{QStringLiteral("reason"),
                       m_closeReason.isEmpty()
                           ? (midData ? QStringLiteral("disconnected_in_data") : QStringLiteral("disconnected"))
                           : m_closeReason}}));
    m_data.reset();
    Q_EMIT finished(this);
    deleteLater();
}

void SmtpSession::onIdleTimeout()
{
    // The timer is armed lazily (restartIdle() only records the time): re-arm for the rest.
    const qint64 idleFor = m_activity.elapsed() - m_lastActivityMs;
    if (idleFor < m_ctx->idleTimeoutMs) {
        m_idle.start(int(qMin<qint64>(m_ctx->idleTimeoutMs - idleFor, std::numeric_limits<int>::max())));
        return;
    }
    if (m_state == State::Closing || m_state == State::Handshake) {
        // The client stopped reading our last reply, or stalled its handshake.
        if (m_closeReason.isEmpty())
            m_closeReason = QStringLiteral("idle_timeout");
        m_socket->abort();
        return;
    }
    if (m_state == State::Committing || m_state == State::Closed)
        return;
    closeWith(SmtpReply::idleTimeout(m_ctx->hostname), QStringLiteral("idle_timeout"));
}

void SmtpSession::reply(QByteArrayView line)
{
    m_socket->write(line.data(), line.size());
    m_socket->write("\r\n", 2);
}

void SmtpSession::badCommand(QByteArrayView line)
{
    reply(line);
    if (++m_badCommands >= kMaxBadCommands)
        closeWith(SmtpReply::tooManyErrors(m_ctx->hostname), QStringLiteral("too_many_errors"));
}

void SmtpSession::closeWith(QByteArrayView line, const QString &reason)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    reply(line);
    m_closeReason = reason;
    m_state = State::Closing;
    m_data.reset();
    m_reader.clear();
    restartIdle(); // bounds how long a client that does not read may hold the socket
    m_socket->disconnectFromHost();
}

void SmtpSession::resetTransaction()
{
    m_inTransaction = false;
    m_mailFrom.clear();
    m_smtpUtf8 = false;
    m_recipients.clear();
    m_data.reset();
}

void SmtpSession::restartIdle()
{
    // Called for every line: recording a time is much cheaper than re-registering a timer.
    m_lastActivityMs = m_activity.elapsed();
    if (!m_idle.isActive())
        m_idle.start(int(qMin<qint64>(m_ctx->idleTimeoutMs, std::numeric_limits<int>::max())));
}

bool SmtpSession::isAuthenticated() const
{
    switch (m_ctx->config.authRequired) {
    case SmtpAuthMode::None:
        return true;
    case SmtpAuthMode::SmtpAuth:
        return !m_user.isEmpty();
    case SmtpAuthMode::ClientCert:
        return m_certAuth;
    case SmtpAuthMode::Either:
        return m_certAuth || !m_user.isEmpty();
    }
    return false;
}

Log::Fields SmtpSession::fields(Log::Fields extra) const
{
    Log::Fields f{{QStringLiteral("session_id"), m_id},
                  {QStringLiteral("ingress"), QStringLiteral("smtp")},
                  {QStringLiteral("remote_addr"), m_remote}};
    f.append(extra);
    return f;
}

} // namespace Postrider
