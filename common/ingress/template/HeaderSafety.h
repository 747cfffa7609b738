#pragma once

#include <QString>

namespace Postrider::Template {

/// Makes a rendered subject safe to place in a mail header. Every run of control characters
/// (Unicode Cc: C0 including CR and LF, DEL, C1 including NEL) and of the Unicode line and
/// paragraph separators U+2028/U+2029 becomes one space, except TAB, which RFC 5322 allows in
/// unstructured fields; the result is trimmed of white space at both ends.
///
/// Why replace rather than reject: the subject comes from submitted fields, and a form should not
/// fail because a user pasted a line break, yet no submitted byte may ever start a new header
/// line (`\r\nBcc: ...`) on any transport, including the ones that send the value verbatim to a
/// provider's JSON API. Why a space rather than nothing: "Hello\nWorld" stays two words.
QString headerSafe(const QString &value);

} // namespace Postrider::Template
