#pragma once

#include <QString>
#include <QStringList>

namespace Postrider {

/// \brief One complete SMTP reply (RFC 5321 §4.2): a three-digit code, the text of every line,
/// and the RFC 3463 enhanced status code when the server sent one (RFC 2034).
struct SmtpReply
{
    int code = 0;
    QString enhancedCode; ///< "5.7.8", or empty
    QStringList lines; ///< text after "ddd-" / "ddd ", control characters replaced

    int codeClass() const { return code / 100; }
    bool isPositive() const { return codeClass() == 2; } ///< 2yz (RFC 5321 §4.2.1)
    bool isIntermediate() const { return codeClass() == 3; } ///< 3yz
    bool isTransientNegative() const { return codeClass() == 4; } ///< 4yz: try again later
    bool isPermanentNegative() const { return codeClass() == 5; } ///< 5yz: do not repeat as is

    /// The text of all lines joined by a space, the enhanced code repeated on continuation lines
    /// dropped: "5.1.1 <bob@example.com>: Recipient address rejected".
    QString text() const;
    /// "550 5.1.1 <bob@example.com>: Recipient address rejected", for messages and logs.
    QString toString() const;
};

} // namespace Postrider
