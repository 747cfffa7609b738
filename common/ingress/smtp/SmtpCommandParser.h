#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace Postrider {

/// \brief One SMTP command line split into its verb (upper-cased) and argument text.
struct SmtpCommand
{
    QByteArray verb;
    QByteArray argument; ///< everything after the first space, trailing white space removed
};

/// \brief The reverse-path or forward-path of MAIL / RCPT with its ESMTP parameters.
struct SmtpPathArgument
{
    QString address; ///< the mailbox between `<` and `>`, source route removed
    bool nonAscii = false; ///< the address holds UTF-8 (RFC 6531 needs SMTPUTF8 for it)
    QList<QPair<QByteArray, QByteArray>> parameters; ///< keyword (upper-cased) → value

    std::optional<QByteArray> parameter(QByteArrayView keyword) const;
};

/// \brief The three parts of a SASL PLAIN message (RFC 4616 §2).
struct PlainCredentials
{
    QByteArray authzid;
    QByteArray username;
    QByteArray password;
};

/// \brief Pure, socket-free parsing of what an SMTP client sends outside DATA: command lines,
/// MAIL/RCPT paths with parameters (RFC 5321 §4.1.2, §4.1.1.2–3), SASL responses (RFC 4954).
/// Everything here is fuzzed (tests/fuzz).
namespace SmtpCommandParser {

/// Longest path RFC 5321 §4.5.3.1.3 allows, brackets included.
inline constexpr qsizetype kMaxPathOctets = 256;

SmtpCommand parseCommand(QByteArrayView line);
/// `FROM:<addr> [params]` (prefix case-insensitive, spaces allowed after the colon). The null
/// path `<>` is refused, as Posthorn does. Error code `smtp.syntax`.
Result<SmtpPathArgument> parseMailFrom(QByteArrayView argument);
/// `TO:<addr> [params]`. Error code `smtp.syntax`.
Result<SmtpPathArgument> parseRcptTo(QByteArrayView argument);
/// Strict base64 of a SASL response; `=` is the empty response (RFC 4954 §4). nullopt when the
/// text is not base64.
std::optional<QByteArray> decodeSaslResponse(QByteArrayView text);
/// Splits a decoded PLAIN message; nullopt unless it is exactly authzid NUL authcid NUL passwd
/// with a non-empty authcid and password.
std::optional<PlainCredentials> parsePlain(const QByteArray &decoded);

} // namespace SmtpCommandParser

} // namespace Postrider
