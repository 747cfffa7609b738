#pragma once

#include "MimeErrors.h"
#include "core/Message.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Postrider::Mime {

/// \brief Choices the caller of buildMessage() makes about the wire form; the content itself
/// comes from the Message.
struct BuildOptions
{
    QDateTime date; ///< Date header (written in UTC); invalid = now
    QString messageIdDomain; ///< Message-ID `<uuid@domain>`; empty = domain of From
    QString messageId; ///< explicit Message-ID without `<>`; wins over everything else
    bool includeBcc = false; ///< Bcc header: local capture files only, never on the wire
    bool allow8bit = true; ///< 8bit UTF-8 text parts allowed (8BITMIME); false = 7-bit transfer encodings only
};

/// Builds an RFC 5322 + MIME (RFC 2045-2049) message with CRLF line endings and no line over
/// 998 octets. The structure follows the content: text/plain, text/html or
/// multipart/alternative; multipart/related around the HTML when it has inline parts;
/// multipart/mixed outermost when there are attachments.
///
/// Message-ID: BuildOptions::messageId, else a `Message-ID` entry of Message::headers, else a
/// generated one. Errors: `mime.header_injection` (CR, LF or NUL in any value bound for a
/// header), the Message::validate() error, `mime.invalid`, `mime.line_too_long`.
Result<QByteArray> buildMessage(const Message &message, const BuildOptions &options = {});

} // namespace Postrider::Mime
