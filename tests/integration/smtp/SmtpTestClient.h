#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <functional>

namespace Postrider::Test {

/// Runs the event loop until `done()` or `timeoutMs` passed; returns done(). The listener under
/// test lives in the same thread, so a test must never block in waitFor*().
bool pumpUntil(const std::function<bool()> &done, int timeoutMs = 5000);

/// \brief A scripted SMTP client for listener tests: sends raw bytes or command lines and reads
/// complete (multi-line) replies, all while the event loop keeps running.
class SmtpTestClient
{
public:
    SmtpTestClient();

    /// Trust `caFile` when verifying the server; present `certFile`/`keyFile` when set.
    void setTls(const QString &caFile, const QString &certFile = {}, const QString &keyFile = {});
    /// Accept any server certificate (the ephemeral one).
    void setTrustAnyCertificate(bool trust) { m_trustAny = trust; }

    bool connectTo(quint16 port, bool implicitTls = false);
    void send(const QByteArray &bytes);
    /// The next complete reply, lines joined with "\n"; empty on timeout or disconnect.
    QByteArray readReply(int timeoutMs = 5000);
    /// send(line + CRLF) then readReply().
    QByteArray command(const QByteArray &line, int timeoutMs = 5000);
    /// STARTTLS and the handshake; false when the server refused or the handshake failed.
    bool startTls();
    bool waitEncrypted(int timeoutMs = 5000);
    bool waitDisconnected(int timeoutMs = 5000);
    bool isConnected() const;
    /// Bytes received and not yet consumed by readReply().
    QByteArray unread() const { return m_buffer; }
    QSslSocket &socket() { return m_socket; }
    QList<QSslError> sslErrors() const { return m_errors; }

private:
    QSslSocket m_socket;
    QByteArray m_buffer;
    QList<QSslError> m_errors;
    bool m_trustAny = false;
    bool m_connected = false;
};

} // namespace Postrider::Test
