#pragma once

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <chrono>

namespace Postrider {

/// Per-stage limits of an SMTP client. The defaults are the minimums RFC 5321 §4.5.3.2 asks a
/// client to wait; every stage is further capped by the attempt's deadline (the transport
/// timeout), which is what normally ends a stuck attempt.
inline constexpr std::chrono::milliseconds kSmtpConnectTimeout =
    std::chrono::seconds(30); ///< TCP connect (not in the RFC)
inline constexpr std::chrono::milliseconds kSmtpTlsHandshakeTimeout = std::chrono::seconds(30); ///< not in the RFC
inline constexpr std::chrono::milliseconds kSmtpGreetingTimeout = std::chrono::minutes(5); ///< §4.5.3.2.1 initial 220
inline constexpr std::chrono::milliseconds kSmtpCommandTimeout =
    std::chrono::minutes(5); ///< §4.5.3.2.2/.3 MAIL, RCPT (and EHLO, AUTH)
inline constexpr std::chrono::milliseconds kSmtpDataInitTimeout = std::chrono::minutes(2); ///< §4.5.3.2.4 DATA → 354
inline constexpr std::chrono::milliseconds kSmtpDataBlockTimeout =
    std::chrono::minutes(3); ///< §4.5.3.2.5 progress while sending
inline constexpr std::chrono::milliseconds kSmtpDataTerminationTimeout =
    std::chrono::minutes(10); ///< §4.5.3.2.6 "." → 250
inline constexpr std::chrono::milliseconds kSmtpQuitTimeout =
    std::chrono::seconds(5); ///< best-effort QUIT after the result

/// \brief The per-stage timeouts of one SmtpClientConnection (tests shorten them).
struct SmtpTimeouts
{
    std::chrono::milliseconds connect = kSmtpConnectTimeout;
    std::chrono::milliseconds tlsHandshake = kSmtpTlsHandshakeTimeout;
    std::chrono::milliseconds greeting = kSmtpGreetingTimeout;
    std::chrono::milliseconds command = kSmtpCommandTimeout;
    std::chrono::milliseconds dataInit = kSmtpDataInitTimeout;
    std::chrono::milliseconds dataBlock = kSmtpDataBlockTimeout;
    std::chrono::milliseconds dataTermination = kSmtpDataTerminationTimeout;
    std::chrono::milliseconds quit = kSmtpQuitTimeout;
};

/// \brief How the session gets encrypted.
enum class SmtpTlsMode {
    StartTlsRequired, ///< `require_tls = true` (default): STARTTLS must be offered and succeed
    StartTlsOpportunistic, ///< `require_tls = false`: STARTTLS when offered, else plaintext
    Implicit, ///< `implicit_tls = true`: TLS from the first byte (port 465, RFC 8314 §3.3)
};

/// \brief Which SASL mechanism to use (`auth` setting).
enum class SmtpAuthMechanism { Auto, Plain, Login, None };

/// \brief Everything an SmtpClientConnection needs to open an authenticated session; built from
/// the `smtp` transport settings by SmtpRelayTransport::optionsFromConfig().
struct SmtpClientOptions
{
    QString host; ///< name dialled, verified against the certificate and used for policy
    quint16 port = 587;
    /// Dial this address instead of resolving `host` (like curl's --resolve); certificate and
    /// loopback checks still use `host`. Null = resolve `host`.
    QHostAddress connectAddress;
    SmtpTlsMode tlsMode = SmtpTlsMode::StartTlsRequired;
    bool verifyPeer = true; ///< false only with `tls_insecure_skip_verify = true`
    QList<QSslCertificate> extraCaCertificates; ///< from `ca_file`, added to the system CAs
    QString heloName = QStringLiteral("localhost");
    SmtpAuthMechanism auth = SmtpAuthMechanism::Auto;
    QString username;
    QString password;
    SmtpTimeouts timeouts;

    bool wantsAuth() const { return auth != SmtpAuthMechanism::None && !username.isEmpty(); }
};

} // namespace Postrider
