#include "GoText.h"

#include "core/Ascii.h"

#include <QChar>

namespace Postrider::Template::detail {

namespace {

constexpr char lowerHex[] = "0123456789abcdef";
constexpr char upperHex[] = "0123456789ABCDEF";

bool isContinuation(uchar b)
{
    return (b & 0xC0) == 0x80;
}

void appendHex(QByteArray &out, quint32 value, int digits, const char *alphabet)
{
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.append(alphabet[(value >> shift) & 0xF]);
}

bool validRune(char32_t r)
{
    return r <= 0x10FFFF && !(r >= 0xD800 && r <= 0xDFFF);
}

// strconv's appendEscapedRune: the shortest Go escape for a rune inside a quoted literal.
void appendEscapedRune(QByteArray &out, char32_t r, char quoteChar, bool asciiOnly)
{
    if (r == char32_t(quoteChar) || r == '\\') {
        out.append('\\');
        out.append(char(r));
        return;
    }
    if (asciiOnly ? (r < 0x80 && isPrint(r)) : isPrint(r)) {
        appendRune(out, r);
        return;
    }
    switch (r) {
    case '\a':
        out.append("\\a");
        return;
    case '\b':
        out.append("\\b");
        return;
    case '\f':
        out.append("\\f");
        return;
    case '\n':
        out.append("\\n");
        return;
    case '\r':
        out.append("\\r");
        return;
    case '\t':
        out.append("\\t");
        return;
    case '\v':
        out.append("\\v");
        return;
    default:
        break;
    }
    if (r < ' ' || r == 0x7F) {
        out.append("\\x");
        appendHex(out, r, 2, lowerHex);
    } else if (!validRune(r) || r < 0x10000) {
        out.append("\\u");
        appendHex(out, validRune(r) ? r : RuneError, 4, lowerHex);
    } else {
        out.append("\\U");
        appendHex(out, r, 8, lowerHex);
    }
}

// One (possibly escaped) character of an interpreted literal, as strconv.UnquoteChar reads it.
// `raw` is set for \x and octal escapes, which stand for a byte rather than a rune.
struct Unquoted
{
    char32_t value = 0;
    bool raw = false;
    qsizetype consumed = 0;
};

std::optional<Unquoted> unquoteOne(QByteArrayView s, char quoteChar)
{
    if (s.isEmpty())
        return std::nullopt;
    const uchar c = uchar(s[0]);
    if (c == uchar(quoteChar) && (quoteChar == '\'' || quoteChar == '"'))
        return std::nullopt;
    if (c >= 0x80) {
        int width = 1;
        return Unquoted{decodeRune(s, &width), false, width};
    }
    if (c != '\\')
        return Unquoted{c, true, 1};
    if (s.size() < 2)
        return std::nullopt;
    const char e = s[1];
    switch (e) {
    case 'a':
        return Unquoted{'\a', true, 2};
    case 'b':
        return Unquoted{'\b', true, 2};
    case 'f':
        return Unquoted{'\f', true, 2};
    case 'n':
        return Unquoted{'\n', true, 2};
    case 'r':
        return Unquoted{'\r', true, 2};
    case 't':
        return Unquoted{'\t', true, 2};
    case 'v':
        return Unquoted{'\v', true, 2};
    case '\\':
        return Unquoted{'\\', true, 2};
    case '\'':
    case '"':
        if (e != quoteChar)
            return std::nullopt;
        return Unquoted{char32_t(e), true, 2};
    case 'x':
    case 'u':
    case 'U': {
        const int n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        if (s.size() < 2 + n)
            return std::nullopt;
        char32_t v = 0;
        for (int i = 0; i < n; ++i) {
            const int h = hexDigitValue(s[2 + i]);
            if (h < 0)
                return std::nullopt;
            v = (v << 4) | char32_t(h);
        }
        if (e == 'x')
            return Unquoted{v, true, 2 + n};
        if (!validRune(v))
            return std::nullopt;
        return Unquoted{v, false, 2 + n};
    }
    default:
        break;
    }
    if (e >= '0' && e <= '7') {
        if (s.size() < 4)
            return std::nullopt;
        char32_t v = 0;
        for (int i = 1; i <= 3; ++i) {
            const char d = s[i];
            if (d < '0' || d > '7')
                return std::nullopt;
            v = (v << 3) | char32_t(d - '0');
        }
        if (v > 255)
            return std::nullopt;
        return Unquoted{v, true, 4};
    }
    return std::nullopt;
}

} // namespace

char32_t decodeRune(QByteArrayView s, int *width)
{
    *width = 1;
    if (s.isEmpty())
        return RuneError;
    const uchar b0 = uchar(s[0]);
    if (b0 < 0x80)
        return b0;
    int need = 0;
    char32_t r = 0;
    uchar lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        r = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        r = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; // overlong
        if (b0 == 0xED)
            hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        r = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; // overlong
        if (b0 == 0xF4)
            hi = 0x8F; // beyond U+10FFFF
    } else {
        return RuneError;
    }
    if (s.size() < need + 1)
        return RuneError;
    const uchar b1 = uchar(s[1]);
    if (b1 < lo || b1 > hi)
        return RuneError;
    r = (r << 6) | (b1 & 0x3F);
    for (int i = 2; i <= need; ++i) {
        const uchar b = uchar(s[i]);
        if (!isContinuation(b))
            return RuneError;
        r = (r << 6) | (b & 0x3F);
    }
    *width = need + 1;
    return r;
}

void appendRune(QByteArray &out, char32_t r)
{
    if (!validRune(r))
        r = RuneError;
    if (r < 0x80) {
        out.append(char(r));
    } else if (r < 0x800) {
        out.append(char(0xC0 | (r >> 6)));
        out.append(char(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        out.append(char(0xE0 | (r >> 12)));
        out.append(char(0x80 | ((r >> 6) & 0x3F)));
        out.append(char(0x80 | (r & 0x3F)));
    } else {
        out.append(char(0xF0 | (r >> 18)));
        out.append(char(0x80 | ((r >> 12) & 0x3F)));
        out.append(char(0x80 | ((r >> 6) & 0x3F)));
        out.append(char(0x80 | (r & 0x3F)));
    }
}

qsizetype runeCount(QByteArrayView s)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < s.size(); ++n) {
        int width = 1;
        decodeRune(s.sliced(i), &width);
        i += width;
    }
    return n;
}

QByteArray truncateRunes(QByteArrayView s, qsizetype n)
{
    qsizetype i = 0;
    for (qsizetype count = 0; i < s.size() && count < n; ++count) {
        int width = 1;
        decodeRune(s.sliced(i), &width);
        i += width;
    }
    return s.first(i).toByteArray();
}

bool isPrint(char32_t r)
{
    if (r < 0x80)
        return r >= 0x20 && r < 0x7F;
    switch (QChar::category(r)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Punctuation_Connector:
    case QChar::Punctuation_Dash:
    case QChar::Punctuation_Open:
    case QChar::Punctuation_Close:
    case QChar::Punctuation_InitialQuote:
    case QChar::Punctuation_FinalQuote:
    case QChar::Punctuation_Other:
    case QChar::Symbol_Math:
    case QChar::Symbol_Currency:
    case QChar::Symbol_Modifier:
    case QChar::Symbol_Other:
        return true;
    default:
        return false;
    }
}

bool isAlphaNumeric(char32_t r)
{
    if (r < 0x80)
        return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
    switch (QChar::category(r)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
        return true;
    default:
        return false;
    }
}

QByteArray quote(QByteArrayView s, bool asciiOnly)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out.append('"');
    for (qsizetype i = 0; i < s.size();) {
        int width = 1;
        const char32_t r = decodeRune(s.sliced(i), &width);
        if (width == 1 && r == RuneError) {
            out.append("\\x");
            appendHex(out, uchar(s[i]), 2, lowerHex);
            ++i;
            continue;
        }
        appendEscapedRune(out, r, '"', asciiOnly);
        i += width;
    }
    out.append('"');
    return out;
}

QByteArray quoteRune(char32_t r, bool asciiOnly)
{
    QByteArray out("'");
    appendEscapedRune(out, validRune(r) ? r : RuneError, '\'', asciiOnly);
    out.append('\'');
    return out;
}

std::optional<QByteArray> unquoteString(QByteArrayView literal)
{
    if (literal.size() < 2)
        return std::nullopt;
    const char q = literal.front();
    if (literal.back() != q)
        return std::nullopt;
    QByteArrayView body = literal.sliced(1, literal.size() - 2);
    if (q == '`') {
        if (body.contains('`'))
            return std::nullopt;
        QByteArray out = body.toByteArray();
        out.replace("\r", ""); // Go spec: carriage returns inside raw strings are discarded
        return out;
    }
    if (q != '"' || body.contains('\n'))
        return std::nullopt;
    QByteArray out;
    out.reserve(body.size());
    while (!body.isEmpty()) {
        const auto one = unquoteOne(body, '"');
        if (!one)
            return std::nullopt;
        if (one->raw)
            out.append(char(one->value));
        else
            appendRune(out, one->value);
        body = body.sliced(one->consumed);
    }
    return out;
}

std::optional<char32_t> unquoteChar(QByteArrayView literal)
{
    if (literal.size() < 3 || literal.front() != '\'' || literal.back() != '\'')
        return std::nullopt;
    const auto one = unquoteOne(literal.sliced(1), '\'');
    if (!one || one->consumed != literal.size() - 2)
        return std::nullopt;
    return one->value;
}

QByteArray htmlEscape(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '\0':
            out.append("\xEF\xBF\xBD");
            break;
        case '"':
            out.append("&#34;");
            break;
        case '\'':
            out.append("&#39;");
            break;
        case '&':
            out.append("&amp;");
            break;
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        default:
            out.append(c);
        }
    }
    return out;
}

QByteArray jsEscape(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size();) {
        const uchar c = uchar(s[i]);
        if (c >= 0x80) {
            int width = 1;
            const char32_t r = decodeRune(s.sliced(i), &width);
            if (isPrint(r)) {
                out.append(s.sliced(i, width).data(), width);
            } else {
                out.append("\\u");
                appendHex(out, r, r > 0xFFFF ? 5 + (r > 0xFFFFF) : 4, upperHex);
            }
            i += width;
            continue;
        }
        switch (c) {
        case '\\':
            out.append("\\\\");
            break;
        case '\'':
            out.append("\\'");
            break;
        case '"':
            out.append("\\\"");
            break;
        case '<':
            out.append("\\u003C");
            break;
        case '>':
            out.append("\\u003E");
            break;
        case '&':
            out.append("\\u0026");
            break;
        case '=':
            out.append("\\u003D");
            break;
        default:
            if (c < ' ') {
                out.append("\\u00");
                appendHex(out, c, 2, upperHex);
            } else {
                out.append(char(c));
            }
        }
        ++i;
    }
    return out;
}

QByteArray urlQueryEscape(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size());
    for (const char ch : s) {
        const uchar c = uchar(ch);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out.append(char(c));
        } else if (c == ' ') {
            out.append('+');
        } else {
            out.append('%');
            appendHex(out, c, 2, upperHex);
        }
    }
    return out;
}

} // namespace Postrider::Template::detail
