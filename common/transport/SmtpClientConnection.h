#pragma once

#include "SmtpCapabilities.h"
#include "SmtpClientOptions.h"
#include "SmtpReplyParser.h"
#include "Transport.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QSslSocket;

namespace Postrider {

/// \brief One client session with an SMTP server on a QSslSocket: connect (plain or implicit
/// TLS), greeting, EHLO (HELO fallback), STARTTLS and a second EHLO, AUTH PLAIN/LOGIN; then it
/// carries commands for SmtpTransaction. Fully asynchronous; every wait is bounded by a stage
/// timeout and by the attempt deadline.
///
/// Signals: ready() once the session may start a mail transaction; failed() at most once, for
/// anything that ends the session early (network, TLS, timeout, protocol error, a negative reply
/// before Ready), unless the owner has already called close(); closed() exactly once at the end,
/// after which the owner deletes the object. A later connection pool keeps a Ready connection
/// and runs further transactions on it (RSET between them).
class SmtpClientConnection final : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, Connecting, TlsHandshake, Greeting, Hello, StartTls, Auth, Ready, Closing, Closed };
    enum class CloseMode {
        Quit, ///< QUIT, wait for 221 (bounded), close
        ResetThenQuit, ///< RSET first: leaves no half transaction behind (RFC 5321 §4.1.1.5)
        Abort, ///< drop the connection now (the server discards an unfinished DATA, §3.8)
    };
    using ReplyHandler = std::function<void(const SmtpReply &)>;

    explicit SmtpClientConnection(SmtpClientOptions options, QObject *parent = nullptr);
    ~SmtpClientConnection() override;

    void open(QDeadlineTimer deadline);
    /// Bounds every later wait (a pooled connection gets each attempt's deadline).
    void setDeadline(QDeadlineTimer deadline) { m_deadline = deadline; }
    void close(CloseMode mode);

    Phase phase() const { return m_phase; }
    const SmtpClientOptions &options() const { return m_options; }
    const SmtpCapabilities &capabilities() const { return m_caps; }
    bool isEncrypted() const;
    /// Encrypted and the certificate chain and name were verified.
    bool isPeerVerified() const { return isEncrypted() && m_peerVerified; }

    /// Writes one command line (CRLF added) and queues `handler` for its reply; replies are
    /// matched to commands in order, so several commands may be in flight (RFC 2920). `stage`
    /// names the command in errors; `logAs` replaces the line in the log (AUTH payloads).
    void sendCommand(const QByteArray &line, const QString &stage, std::chrono::milliseconds timeout,
                     ReplyHandler handler, const QByteArray &logAs = {});
    /// Streams an already encoded DATA payload (Smtp::encodeData) after a 354, with the data
    /// block timeout restarted on every write progress, then waits for the final reply.
    void sendData(QByteArray encoded, ReplyHandler finalReply);

    /// `text` with the password and the AUTH payloads replaced by "[REDACTED]" (a server may
    /// echo what it was sent).
    QString redact(QString text) const;

    /// Maps a negative or unexpected reply: 4yz → Transient, 5yz → Terminal (RFC 5321 §4.2.1),
    /// anything else → Transient `protocol_error`. errorCode is the enhanced status code.
    static SendResult failureFromReply(const QString &context, const SmtpReply &reply);

signals:
    void ready();
    void failed(const Postrider::SendResult &result);
    void closed();

private:
    struct Pending
    {
        QString stage;
        std::chrono::milliseconds timeout;
        ReplyHandler handler;
    };

    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onBytesWritten();
    void onSocketError();
    void onDisconnected();
    void onTimeout();

    void expectReply(const QString &stage, std::chrono::milliseconds timeout, ReplyHandler handler);
    void dispatchReplies();
    void armTimer(std::chrono::milliseconds stageTimeout, const QString &what);
    void pumpData();

    void expectGreeting();
    void sendHello(bool helo);
    void afterHello();
    void beginAuth();
    void authFailed(const SmtpReply &reply);
    void becomeReady();
    bool credentialsMayBeSent() const;

    /// Ends the session early: emits failed() (unless the owner is closing) and closes, saying
    /// QUIT first when `sayQuit` and the server is still listening.
    void fail(const SendResult &result, bool sayQuit = false);
    void failProtocol(const QString &why);
    void finishClose();
    void log(const char *direction, const QByteArray &line) const;

    SmtpClientOptions m_options;
    QSslSocket *m_socket = nullptr;
    SmtpReplyParser m_parser;
    SmtpCapabilities m_caps;
    QList<Pending> m_pending;
    QTimer m_timer;
    QString m_timerWhat;
    QDeadlineTimer m_deadline;
    Phase m_phase = Phase::Idle;
    QByteArray m_data;
    qsizetype m_dataOffset = 0;
    bool m_sendingData = false;
    bool m_dataInterrupted = false; ///< a reply came before all of DATA was written
    bool m_peerVerified = false;
    bool m_startTlsDone = false;
    bool m_startTlsDeclined = false;
    bool m_ownerClosing = false;
    QStringList m_tlsErrors;
};

} // namespace Postrider
