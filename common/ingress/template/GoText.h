#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// Byte-level text helpers with Go's semantics (strconv, unicode, html/js/url escaping). Go
// strings are UTF-8 bytes, so everything here works on QByteArray, never on UTF-16.
namespace Postrider::Template::detail {

inline constexpr char32_t RuneError = 0xFFFD;

/// Decodes the rune starting at `s[0]` as Go's utf8.DecodeRune does: malformed or overlong
/// sequences and surrogates yield (RuneError, 1). `width` receives the byte count.
char32_t decodeRune(QByteArrayView s, int *width);
void appendRune(QByteArray &out, char32_t r);
/// Number of runes, counting every malformed byte as one (utf8.RuneCount).
qsizetype runeCount(QByteArrayView s);
/// The first `n` runes of `s` (fmt's precision truncation).
QByteArray truncateRunes(QByteArrayView s, qsizetype n);

/// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
bool isPrint(char32_t r);
/// text/template's identifier characters: '_', unicode.IsLetter, unicode.IsDigit.
bool isAlphaNumeric(char32_t r);

/// strconv.Quote / QuoteToASCII.
QByteArray quote(QByteArrayView s, bool asciiOnly = false);
/// strconv.QuoteRune / QuoteRuneToASCII.
QByteArray quoteRune(char32_t r, bool asciiOnly = false);

/// strconv.Unquote for a complete "..." or `...` literal (raw strings lose their CRs).
std::optional<QByteArray> unquoteString(QByteArrayView literal);
/// The rune of a complete '...' character literal, or nothing when malformed.
std::optional<char32_t> unquoteChar(QByteArrayView literal);

/// text/template's `html`: escapes " ' & < > and turns NUL into U+FFFD.
QByteArray htmlEscape(QByteArrayView s);
/// text/template's `js` (Go 1.21+ rules: also & and =, \uXXXX for non-printables).
QByteArray jsEscape(QByteArrayView s);
/// net/url.QueryEscape.
QByteArray urlQueryEscape(QByteArrayView s);

} // namespace Postrider::Template::detail
