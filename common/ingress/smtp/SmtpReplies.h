#pragma once

#include <QByteArray>
#include <QString>

/// \brief Every fixed reply the SMTP listener sends (the table in docs/smtp.md). Texts follow
/// Posthorn v1.0 (reference §3.2) except where decisions.md or an RFC cited in docs/smtp.md
/// says otherwise; enhanced status codes per RFC 3463 / RFC 5248.
namespace Postrider::SmtpReply {

inline constexpr char kOk[] = "250 2.0.0 OK";
inline constexpr char kMailOk[] = "250 2.1.0 OK";
inline constexpr char kRcptOk[] = "250 2.1.5 OK";
inline constexpr char kBye[] = "221 2.0.0 Bye";
inline constexpr char kHelp[] = "214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT HELP VRFY";
inline constexpr char kVrfy[] = "252 2.0.0 Cannot VRFY user; send RCPT to attempt delivery";
inline constexpr char kUnknown[] = "500 5.5.1 Command unrecognized";
inline constexpr char kLineTooLong[] = "500 5.5.2 Line too long";
inline constexpr char kEhloSyntax[] = "501 5.5.4 Syntax: EHLO hostname";
inline constexpr char kHeloSyntax[] = "501 5.5.4 Syntax: HELO hostname";
inline constexpr char kNeedHelo[] = "503 5.5.1 Send HELO/EHLO first";

inline constexpr char kStartTlsUnavailable[] = "502 5.5.1 STARTTLS not supported";
inline constexpr char kTlsActive[] = "503 5.5.1 TLS already active";
inline constexpr char kStartTlsSyntax[] = "501 5.5.4 Syntax: STARTTLS";
inline constexpr char kStartTlsGo[] = "220 2.0.0 Ready to start TLS";
inline constexpr char kNeedStartTls[] = "530 5.7.0 Must issue STARTTLS first";

inline constexpr char kAuthUnavailable[] = "502 5.5.1 AUTH not supported";
inline constexpr char kAuthNeedsEncryption[] = "538 5.7.11 Encryption required for requested authentication mechanism";
inline constexpr char kAuthAlready[] = "503 5.5.1 Already authenticated";
inline constexpr char kAuthInTransaction[] = "503 5.5.1 AUTH not allowed during a mail transaction";
inline constexpr char kAuthSyntax[] = "501 5.5.4 Syntax: AUTH mechanism [initial-response]";
inline constexpr char kAuthMechanism[] = "504 5.5.4 Auth mechanism not supported (PLAIN or LOGIN)";
inline constexpr char kAuthLockedOut[] = "454 4.7.0 Too many failed authentications, try again later";
inline constexpr char kAuthContinue[] = "334 ";
inline constexpr char kAuthUsername[] = "334 VXNlcm5hbWU6"; // "Username:"
inline constexpr char kAuthPassword[] = "334 UGFzc3dvcmQ6"; // "Password:"
inline constexpr char kAuthCancelled[] = "501 5.7.0 Authentication cancelled";
inline constexpr char kAuthMalformed[] = "535 5.7.8 Malformed AUTH credentials";
inline constexpr char kAuthFailed[] = "535 5.7.8 Authentication failed";
inline constexpr char kAuthOk[] = "235 2.7.0 Authentication successful";

inline constexpr char kAuthRequired[] = "530 5.7.0 Authentication required";
inline constexpr char kMailSyntax[] = "501 5.5.4 Syntax: MAIL FROM:<address>";
inline constexpr char kRcptSyntax[] = "501 5.5.4 Syntax: RCPT TO:<address>";
inline constexpr char kBodyValue[] = "555 5.5.4 Unsupported BODY value (7BIT or 8BITMIME)";
inline constexpr char kNeedSmtpUtf8[] = "553 5.6.7 Non-ASCII address requires SMTPUTF8";
inline constexpr char kDeclaredTooBig[] = "552 5.3.4 Message size exceeds fixed maximum message size";
inline constexpr char kSenderRejected[] = "550 5.7.1 Sender not authorized";
inline constexpr char kQueueUnavailable[] = "451 4.3.0 Mail queue unavailable, try again later";
inline constexpr char kNeedMail[] = "503 5.5.1 MAIL FROM required first";
inline constexpr char kTooManyRecipients[] = "452 4.5.3 Too many recipients";
inline constexpr char kRecipientRejected[] = "550 5.7.1 Recipient not authorized";
inline constexpr char kNeedRcpt[] = "503 5.5.1 RCPT TO required first";
inline constexpr char kDataSyntax[] = "501 5.5.4 Syntax: DATA";
inline constexpr char kDataGo[] = "354 End data with <CR><LF>.<CR><LF>";

inline constexpr char kTooBig[] = "552 5.3.4 Message too big";
inline constexpr char kBareLineBreak[] = "554 5.6.0 Message contains a bare CR or LF; lines must end with CRLF";
inline constexpr char kDataLineTooLong[] = "554 5.6.0 Message contains a line longer than 65536 octets";
inline constexpr char kFromRejected[] = "550 5.7.1 Sender not authorized (From header)";
inline constexpr char kNotQueued[] = "451 4.3.0 Message not queued, try again later";
inline constexpr char kUpstreamFailed[] = "451 4.4.0 Upstream transport failed";

inline QByteArray malformed(const QString &detail)
{
    QString oneLine = detail;
    oneLine.replace(u'\r', u' ').replace(u'\n', u' ');
    return "554 5.6.0 Malformed message: " + oneLine.toUtf8();
}
inline QByteArray queuedAs(const QString &id)
{
    return "250 2.0.0 Ok: queued as " + id.toLatin1();
}
inline QByteArray greeting(const QString &host)
{
    return "220 " + host.toUtf8() + " ESMTP Postrider";
}
inline QByteArray idleTimeout(const QString &host)
{
    return "421 4.4.2 " + host.toUtf8() + " Idle timeout, closing connection";
}
inline QByteArray tooManyConnections(const QString &host)
{
    return "421 4.7.0 " + host.toUtf8() + " Too many connections, try again later";
}
inline QByteArray tooManyFromAddress(const QString &host)
{
    return "421 4.7.0 " + host.toUtf8() + " Too many connections from your address, try again later";
}
inline QByteArray tooManyErrors(const QString &host)
{
    return "421 4.7.0 " + host.toUtf8() + " Too many errors, closing connection";
}
inline QByteArray shuttingDown(const QString &host)
{
    return "421 4.3.2 " + host.toUtf8() + " Service shutting down";
}

} // namespace Postrider::SmtpReply
