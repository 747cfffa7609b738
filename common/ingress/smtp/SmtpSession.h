#pragma once

#include "SmtpDataReader.h"
#include "SmtpLineReader.h"

#include "core/Logging.h"
#include "core/Message.h"
#include "core/Result.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslError>
#include <QStringList>
#include <QTimer>

#include <optional>

class QSslSocket;
class QTcpSocket;

namespace Postrider {

struct SmtpSessionContext;
struct SubmitReceipt;

/// \brief One SMTP connection: the RFC 5321 command state machine with STARTTLS (RFC 3207),
/// AUTH PLAIN/LOGIN (RFC 4954, 4616), pipelining (RFC 2920) and streamed DATA, on the event loop
/// without blocking. A message is acknowledged only after the outbox has committed it.
class SmtpSession final : public QObject
{
    Q_OBJECT
public:
    /// Takes ownership of `socket` (connected, not yet encrypted): a QSslSocket when the listener
    /// offers TLS, else a plain QTcpSocket (cheaper per connection).
    SmtpSession(QTcpSocket *socket, SmtpSessionContext *context, bool implicitTls, QObject *parent = nullptr);
    ~SmtpSession() override;

    /// Sends the greeting, or starts the TLS handshake on an implicit-TLS port.
    void start();
    /// Ends the session with `421` (after the reply for a message being committed).
    void shutdown();
    QHostAddress peerAddress() const { return m_peer; }
    /// Received bytes held in memory and not yet processed (ours and the socket's buffer).
    qint64 bufferedInputBytes() const;
    const QString &id() const { return m_id; }

Q_SIGNALS:
    /// The connection is gone; the session deletes itself afterwards.
    void finished(Postrider::SmtpSession *session);

private:
    enum class State {
        Handshake,
        Command,
        AuthPlain,
        AuthLoginUser,
        AuthLoginPassword,
        Data,
        Committing,
        Closing,
        Closed
    };
    enum class Mechanism { Plain, Login };

    void onReadyRead();
    void processInput();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onSocketError();
    void onDisconnected();
    void onIdleTimeout();

    void handleCommand(const QByteArray &line);
    void handleEhlo(const QByteArray &argument, bool extended);
    void handleStartTls(const QByteArray &argument);
    void handleMail(const QByteArray &argument);
    void handleRcpt(const QByteArray &argument);
    void handleData(const QByteArray &argument);
    void finishData();
    void submitParsed(const Result<Message> &parsed, qint64 received);
    void onSubmitted(const Result<SubmitReceipt> &result, qint64 size);

    // AUTH (SmtpSessionAuth.cpp)
    void handleAuth(const QByteArray &argument);
    void handleAuthResponse(const QByteArray &line);
    void checkCredentials(const QByteArray &username, const QByteArray &password);
    bool authAllowedNow() const;

    void reply(QByteArrayView line);
    void badCommand(QByteArrayView line);
    void closeWith(QByteArrayView line, const QString &reason);
    void resetTransaction();
    void restartIdle();
    bool isAuthenticated() const;
    bool readable() const;
    Log::Fields fields(Log::Fields extra = {}) const;

    QTcpSocket *m_socket;
    QSslSocket *m_ssl; ///< m_socket when TLS is offered, else null
    SmtpSessionContext *m_ctx;
    QString m_id;
    QHostAddress m_peer;
    QString m_remote; ///< ip:port for logs
    bool m_implicitTls;
    State m_state = State::Command;
    SmtpLineReader m_reader;
    std::optional<SmtpDataReader> m_data;
    QTimer m_idle;
    QElapsedTimer m_activity; ///< monotonic base for m_lastActivityMs
    qint64 m_lastActivityMs = 0;
    bool m_tls = false;
    bool m_greeted = false; ///< HELO/EHLO seen since the start or since TLS began
    bool m_certAuth = false;
    QString m_user;
    Mechanism m_mechanism = Mechanism::Plain;
    QByteArray m_loginUser;
    bool m_inTransaction = false;
    QString m_mailFrom;
    bool m_smtpUtf8 = false;
    QStringList m_recipients;
    int m_badCommands = 0;
    bool m_shutdownRequested = false;
    QString m_closeReason;
};

} // namespace Postrider
