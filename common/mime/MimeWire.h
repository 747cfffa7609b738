#pragma once

#include "core/Address.h"
#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// Low-level encoders for the MIME builder: header folding, RFC 2047 encoded words, RFC 2231
/// parameters, quoted-printable and base64 bodies. Private to postrider_mime; no KMime here.
namespace Postrider::Mime::Wire {

/// RFC 5322 §2.1.1: a line MUST NOT exceed 998 octets (without CRLF) and SHOULD NOT exceed 78.
inline constexpr qsizetype kMaxLineOctets = 998;
inline constexpr qsizetype kFoldColumn = 78;
/// RFC 2045 §6.7 rule 5 and §6.8: encoded lines of at most 76 characters.
inline constexpr qsizetype kEncodedLineLength = 76;

/// A header value split where it may be folded (RFC 5322 §3.2.2): every chunk after the first
/// starts with white space, so joining the chunks gives the value and folding inserts CRLF
/// before a chunk.
using Chunks = QList<QByteArray>;

/// True when `s` holds CR, LF or NUL: bytes that could end a header line or hide a new one.
bool hasLineBreakOrNul(QStringView s);
bool isPrintableAscii(QStringView s);

/// RFC 2047 `B` encoded words in UTF-8, each at most 75 characters and cut on code-point
/// boundaries; joined with single spaces, which decoders drop between adjacent words (§6.2).
Chunks encodedWords(const QString &text);
/// An unstructured value (Subject, X-*): printable ASCII folds at its own white space; anything
/// else, or an ASCII run too long to fold, becomes encoded words.
Chunks unstructured(const QString &text);
/// A mailbox: `addr-spec`, `atoms <addr-spec>`, `"quoted" <addr-spec>` or `=?UTF-8?B?...?= <addr-spec>`.
Chunks mailbox(const Address &address);
/// Mailboxes separated by commas, foldable after each comma.
Chunks mailboxList(const AddressList &list);

/// `; name="value"` in the plain form when it fits, otherwise RFC 2231 §3/§4 extended
/// parameters in UTF-8 with continuations (`name*0*=utf-8''...; name*1*=...`).
Chunks parameter(QByteArrayView name, const QString &value);
/// `; name="=?UTF-8?B?...?="`: the RFC 2047 form old clients read for Content-Type `name`.
Chunks encodedWordParameter(QByteArrayView name, const QString &value);

/// `Name: chunk chunk...` folded at kFoldColumn where possible, ending with CRLF. Fails with
/// `mime.line_too_long` if a chunk cannot fit in kMaxLineOctets.
Result<QByteArray> foldHeader(QByteArrayView name, const Chunks &chunks);

/// Text with any line-break convention as UTF-8 with CRLF line breaks.
QByteArray toCrlfUtf8(const QString &text);
/// Length of the longest line in CRLF-separated `data`, in octets.
qsizetype longestLine(QByteArrayView data);
/// RFC 2045 §6.7 quoted-printable of CRLF-separated `data`; lines end with CRLF.
QByteArray quotedPrintable(QByteArrayView data);
/// RFC 2045 §6.8 base64 in lines of 76 characters, each ending with CRLF.
QByteArray base64Lines(QByteArrayView data);

} // namespace Postrider::Mime::Wire
