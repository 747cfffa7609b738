#pragma once

#include "SmtpReply.h"

#include <QByteArray>
#include <QString>

/// \brief Pure helpers for the SMTP wire format, shared by the relay client, the fake server of
/// the tests and (turned around) the SMTP listener.
namespace Postrider::Smtp {

/// RFC 5321 §4.5.3.1.6 / RFC 5322 §2.1.1: 1000 octets per text line including CRLF.
inline constexpr qsizetype kMaxTextLineLength = 998;
/// RFC 5321 §4.5.3.1.4: 512 octets per command line including CRLF.
inline constexpr qsizetype kMaxCommandLineLength = 510;

/// The DATA payload for `message`: every line ending made CRLF (a lone CR or LF becomes CRLF),
/// a leading "." doubled (RFC 5321 §4.5.2), a final CRLF added when missing, and the end of
/// data indication "." CRLF appended.
QByteArray encodeData(QByteArrayView message);
/// The reverse, for one received line without its CRLF: drops the leading "." that
/// §4.5.2 added. (The caller recognises the terminating "." line before calling this.)
QByteArray unstuffLine(QByteArrayView line);

/// Length of the longest line (without its line ending).
qsizetype longestLine(QByteArrayView data);
/// True when any octet has the high bit set (RFC 6152: needs 8BITMIME).
bool has8BitOctets(QByteArrayView data);
bool isAscii(QStringView text);

/// RFC 4616 §2 initial response `[authzid] NUL authcid NUL passwd`, UTF-8, base64; no authzid.
QByteArray saslPlainResponse(const QString &username, const QString &password);

/// `text` with the password, its base64 form and the AUTH PLAIN response replaced by
/// "[REDACTED]" (a server may echo what it was sent). Nothing is replaced when `password` is empty.
QString redactCredentials(QString text, const QString &username, const QString &password);

/// The relay's queue id from the reply to the end of data: Postfix "queued as 4F7Yc2",
/// Exim "id=1qA2bC-000123-4D", or the token after "Ok:"/"Ok" (Postfix, SES). Empty if none.
QString queueIdFromReply(const SmtpReply &reply);

/// True for names RFC 6761 §6.3 reserves for loopback ("localhost", "*.localhost") and for
/// loopback address literals (127.0.0.0/8, ::1), with or without [brackets].
bool isLoopbackHost(const QString &host);

/// True when `name` may follow EHLO: a domain of letters, digits, '-' and '.', or an address
/// literal in brackets (RFC 5321 §4.1.3).
bool isValidHeloName(const QString &name);

} // namespace Postrider::Smtp
