#pragma once

#include "MimeErrors.h"
#include "core/Address.h"
#include "core/Message.h"
#include "core/Result.h"

#include <QByteArrayView>

namespace Postrider::Mime {

/// \brief What the SMTP transaction adds to the message bytes, and the named limits the parser
/// enforces on them.
struct ParseOptions
{
    static constexpr int kDefaultMaxDepth = 16;
    static constexpr int kDefaultMaxParts = 256;
    static constexpr int kDefaultMaxHeaders = 1000;

    Address envelopeFrom; ///< MAIL FROM; used when the message has no From header
    AddressList envelopeRecipients; ///< RCPT TO; when set, authoritative for to/cc/bcc
    int maxDepth = kDefaultMaxDepth; ///< nesting of multipart/* entities
    int maxParts = kDefaultMaxParts; ///< MIME entities in the whole tree
    int maxHeaders = kDefaultMaxHeaders; ///< header fields of the top-level entity
};

/// Parses one RFC 5322 + MIME message (CRLF or LF line endings) into a Message.
///
/// Bodies: the text/plain and text/html parts found anywhere in the multipart tree, decoded
/// from their transfer encoding and charset. Parts with a filename or an attachment
/// disposition, non-text parts, text/calendar and message/rfc822 become attachments; parts
/// with a Content-ID that are not attachments by disposition are inline.
///
/// Recipients: with envelope recipients, `to` and `cc` are the header addresses the envelope
/// also names, `bcc` the remaining envelope addresses; header-only addresses are dropped.
/// Without them the To, Cc and Bcc headers are used.
///
/// Headers: non-structural ones (Message-ID, In-Reply-To, References, List-*, X-*, ...) are
/// kept decoded; trace, transport and MIME structure fields are dropped.
///
/// Errors: `mime.malformed` (no header section, multipart without boundary, no sender at
/// all), `mime.too_complex` (a ParseOptions limit exceeded).
Result<Message> parseMessage(QByteArrayView raw, const ParseOptions &options = {});

/// True for a header the parser keeps in Message::headers (case-insensitive).
bool isKeptHeaderName(QByteArrayView name);

} // namespace Postrider::Mime
