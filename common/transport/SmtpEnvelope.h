#pragma once

#include <QString>
#include <QStringList>

namespace Postrider {

/// \brief What SmtpTransaction puts in MAIL FROM and RCPT TO (RFC 5321 §3.3), with the MAIL
/// parameters the message needs and the server offered.
struct SmtpEnvelope
{
    QString sender; ///< bare addr-spec, no display name (may be empty: the null reverse-path)
    QStringList recipients; ///< bare addr-specs, already deduplicated
    bool smtpUtf8 = false; ///< RFC 6531 §3.4: `SMTPUTF8` (UTF-8 addresses or headers)
    bool body8BitMime = false; ///< RFC 6152 §2: `BODY=8BITMIME`
    qint64 declaredSize = -1; ///< RFC 1870 §6: `SIZE=`; -1 = not declared
};

} // namespace Postrider
