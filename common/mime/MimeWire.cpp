#include "MimeWire.h"

#include <cstring>

#include "MimeErrors.h"

namespace Postrider::Mime::Wire {

namespace {

// RFC 2047 §2: an encoded word is at most 75 characters, and a line holding encoded words at
// most 76. 36 octets make a 60-character word ("=?UTF-8?B?" + 48 + "?="), which still fits
// after "Subject: " or a "; name=" parameter on one line.
constexpr qsizetype kEncodedWordPayload = 36;
// Room left for a header name and "; " when deciding that a value can stay on one line.
constexpr qsizetype kParameterBudget = 60;
// RFC 2231 continuations the builder writes at most (indexes 0-9 sort the same as numbers).
constexpr qsizetype kMaxContinuations = 10;
// An unfoldable run longer than this cannot share a line with any valid header name.
constexpr qsizetype kLongestFoldableRun = kMaxLineOctets - 80;

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 5322 §3.2.3 atext.
bool isAtext(QChar c)
{
    if (c.unicode() > 0x7e)
        return false;
    const char a = char(c.unicode());
    return (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9')
        || QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(a);
}

// RFC 2231 §7 attribute-char: what may stay unescaped in an extended parameter value. '_' is
// allowed there but escaped anyway: KMime 22.12 reads it as a space, as in RFC 2047 Q words.
bool isAttrChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$&+-.^`|~").contains(c);
}

// Splits before every white-space character, so that chunks after the first start with WSP.
Chunks splitAtWhitespace(const QByteArray &value)
{
    Chunks out{QByteArray()};
    for (char c : value) {
        if (isWsp(c))
            out.append(QByteArray());
        out.last().append(c);
    }
    return out;
}

// A code point of `text` starting at `i`, as UTF-8 (surrogate pairs kept together).
QByteArray codePointAt(const QString &text, qsizetype &i)
{
    const qsizetype n = (text[i].isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
    const QByteArray bytes = text.mid(i, n).toUtf8();
    i += n;
    return bytes;
}

QByteArray quoted(const QString &value)
{
    QByteArray v = value.toLatin1();
    v.replace('\\', "\\\\");
    v.replace('"', "\\\"");
    return '"' + v + '"';
}

bool isPlainPhrase(const QString &name)
{
    if (name.isEmpty() || name.startsWith(u' ') || name.endsWith(u' ') || name.contains(QLatin1String("  ")))
        return false;
    for (QChar c : name)
        if (c != u' ' && !isAtext(c))
            return false;
    return true;
}

void appendWithSpace(Chunks &into, const Chunks &more)
{
    for (qsizetype i = 0; i < more.size(); ++i)
        into.append(i == 0 ? ' ' + more[i] : more[i]);
}

} // namespace

bool hasLineBreakOrNul(QStringView s)
{
    for (QChar c : s)
        if (c == u'\r' || c == u'\n' || c == QChar(0))
            return true;
    return false;
}

bool isPrintableAscii(QStringView s)
{
    for (QChar c : s)
        if (c.unicode() > 0x7e || (c.unicode() < 0x20 && c != u'\t'))
            return false;
    return true;
}

Chunks encodedWords(const QString &text)
{
    Chunks out;
    QByteArray payload;
    const auto flush = [&] {
        if (payload.isEmpty())
            return;
        const QByteArray word = "=?UTF-8?B?" + payload.toBase64() + "?=";
        out.append(out.isEmpty() ? word : ' ' + word);
        payload.clear();
    };
    for (qsizetype i = 0; i < text.size();) {
        const QByteArray cp = codePointAt(text, i);
        if (payload.size() + cp.size() > kEncodedWordPayload)
            flush();
        payload += cp;
    }
    flush();
    if (out.isEmpty())
        out.append(QByteArray());
    return out;
}

Chunks unstructured(const QString &text)
{
    // RFC 2047 §5(1): "=?" in plain text would be read back as an encoded word, so encode it.
    if (!isPrintableAscii(text) || text.contains(QLatin1String("=?")))
        return encodedWords(text);
    const Chunks chunks = splitAtWhitespace(text.toLatin1());
    for (const QByteArray &c : chunks)
        if (c.size() > kLongestFoldableRun)
            return encodedWords(text);
    return chunks;
}

Chunks mailbox(const Address &address)
{
    const QByteArray addrSpec = address.email.toUtf8(); // RFC 6532 §3.2 when not ASCII
    if (address.name.isEmpty())
        return {addrSpec};
    Chunks out;
    if (isPrintableAscii(address.name) && !address.name.contains(QLatin1String("=?"))
        && !address.name.contains(u'\t')) {
        // Folding inside a quoted-string is allowed (RFC 5322 §3.2.4: FWS within qcontent).
        const QByteArray phrase = isPlainPhrase(address.name) ? address.name.toLatin1() : quoted(address.name);
        out = splitAtWhitespace(phrase);
    } else {
        // RFC 2047 §5(3): encoded words may stand in for words of a phrase.
        out = encodedWords(address.name);
    }
    out.append(" <" + addrSpec + '>');
    return out;
}

Chunks mailboxList(const AddressList &list)
{
    Chunks out;
    for (const Address &a : list) {
        if (out.isEmpty()) {
            out = mailbox(a);
            continue;
        }
        out.last().append(',');
        appendWithSpace(out, mailbox(a));
    }
    return out;
}

Chunks parameter(QByteArrayView name, const QString &value)
{
    if (isPrintableAscii(value) && !value.contains(u'\t') && name.size() + value.size() + 4 <= kParameterBudget)
        return {' ' + name.toByteArray() + '=' + quoted(value)};
    // RFC 2231 §4: charset'language'percent-encoded octets; §3: numbered continuations. A code
    // point is never split across segments, for decoders that convert each segment on its own.
    QList<QByteArray> pieces;
    qsizetype total = 0;
    for (qsizetype i = 0; i < value.size();) {
        QByteArray piece;
        for (char c : codePointAt(value, i)) {
            if (isAttrChar(c))
                piece += c;
            else
                piece += '%' + QByteArray::number(uchar(c), 16).rightJustified(2, '0').toUpper();
        }
        total += piece.size();
        pieces.append(piece);
    }
    // Receivers on KMime sort segments as strings (see KMimeAdapter.cpp): stay within ten
    // segments, with longer lines if the name is very long.
    const qsizetype budget = std::max(kParameterBudget - name.size() - 4, total / kMaxContinuations + 12);
    QList<QByteArray> segments{QByteArray()};
    for (const QByteArray &piece : std::as_const(pieces)) {
        const qsizetype limit = segments.size() == 1 ? budget - 7 : budget; // "utf-8''"
        if (!segments.last().isEmpty() && segments.last().size() + piece.size() > limit)
            segments.append(QByteArray());
        segments.last() += piece;
    }
    if (segments.size() == 1)
        return {' ' + name.toByteArray() + "*=utf-8''" + segments.first()};
    Chunks out;
    for (qsizetype n = 0; n < segments.size(); ++n) {
        if (n > 0)
            out.last().append(';');
        const QByteArray prefix = ' ' + name.toByteArray() + '*' + QByteArray::number(n) + "*=";
        out.append(prefix + (n == 0 ? "utf-8''" : "") + segments[n]);
    }
    return out;
}

Chunks encodedWordParameter(QByteArrayView name, const QString &value)
{
    if (isPrintableAscii(value) && !value.contains(QLatin1String("=?")) && !value.contains(u'\t')
        && name.size() + value.size() + 4 <= kParameterBudget)
        return {' ' + name.toByteArray() + '=' + quoted(value)};
    Chunks words = encodedWords(value);
    words.first().prepend(' ' + name.toByteArray() + "=\"");
    words.last().append('"');
    return words;
}

Result<QByteArray> foldHeader(QByteArrayView name, const Chunks &chunks)
{
    QByteArray out;
    QByteArray line = name.toByteArray() + ':';
    bool lineHasContent = false;
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        const QByteArray piece = i == 0 ? ' ' + chunks[i] : chunks[i];
        const bool pieceHasContent = piece.trimmed().size() > 0;
        if (i > 0 && lineHasContent && pieceHasContent && line.size() + piece.size() > kFoldColumn) {
            out += line + "\r\n";
            line.clear();
            lineHasContent = false;
        }
        line += piece;
        lineHasContent = lineHasContent || pieceHasContent;
        if (line.size() > kMaxLineOctets)
            return Error(QString::fromLatin1(kErrorLineTooLong),
                         QStringLiteral("header %1 has a part too long to fold into %2 octets")
                             .arg(QString::fromLatin1(name), QString::number(kMaxLineOctets)));
    }
    out += line + "\r\n";
    return out;
}

QByteArray toCrlfUtf8(const QString &text)
{
    QString t = text;
    t.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    t.replace(u'\r', u'\n');
    QByteArray bytes = t.toUtf8();
    bytes.replace("\n", "\r\n");
    return bytes;
}

namespace {
// Index of the next CRLF at or after `from`, or -1. A lone LF is not a line end here (the
// callers only see CRLF-normalised text; a stray LF stays inside its line). memchr keeps this
// cheap for the short needle, which QByteArrayView::indexOf("\r\n") is not.
qsizetype findCrlf(QByteArrayView data, qsizetype from)
{
    const char *base = data.data();
    const qsizetype n = data.size();
    while (from < n) {
        const void *hit = std::memchr(base + from, '\n', size_t(n - from));
        if (!hit)
            return -1;
        const qsizetype lf = static_cast<const char *>(hit) - base;
        if (lf > 0 && base[lf - 1] == '\r')
            return lf - 1;
        from = lf + 1;
    }
    return -1;
}
} // namespace

qsizetype longestLine(QByteArrayView data)
{
    qsizetype longest = 0;
    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = findCrlf(data, start);
        if (end < 0)
            end = data.size();
        longest = std::max(longest, end - start);
        start = end + 2;
    }
    return longest;
}

QByteArray quotedPrintable(QByteArrayView data)
{
    static const char hex[] = "0123456789ABCDEF";
    // Worst case: every octet escaped (3 bytes), plus a soft break ("=\r\n", 3 bytes) after at
    // least kEncodedLineLength - 3 encoded bytes; 64 bytes per break leaves a margin.
    static_assert(kEncodedLineLength - 3 >= 64);
    QByteArray out(data.size() * 3 + (data.size() * 3 / 64 + 2) * 3, Qt::Uninitialized);
    char *w = out.data();
    qsizetype start = 0;
    while (start < data.size()) {
        qsizetype end = findCrlf(data, start);
        const bool terminated = end >= 0;
        if (!terminated)
            end = data.size();
        const QByteArrayView line = data.sliced(start, end - start);
        qsizetype column = 0;
        for (qsizetype j = 0; j < line.size(); ++j) {
            const char c = line[j];
            const bool last = j == line.size() - 1;
            // Literal: printable ASCII except '=', and white space that does not end the line
            // (RFC 2045 §6.7 rules 2 and 3). A leading '.' or "From " is escaped too, so that
            // no relay's dot handling or mbox quoting can alter the line.
            const bool escapeStart = j == 0 && (c == '.' || line.startsWith("From "));
            const bool literal = !escapeStart && ((c >= 33 && c <= 126 && c != '=') || (isWsp(c) && !last));
            const qsizetype width = literal ? 1 : 3;
            if (column + width > (last ? kEncodedLineLength : kEncodedLineLength - 1)) {
                *w++ = '='; // soft line break, rule 5
                *w++ = '\r';
                *w++ = '\n';
                column = 0;
            }
            if (literal) {
                *w++ = c;
            } else {
                *w++ = '=';
                *w++ = hex[uchar(c) >> 4];
                *w++ = hex[uchar(c) & 0xf];
            }
            column += width;
        }
        if (terminated) {
            *w++ = '\r';
            *w++ = '\n';
        }
        start = end + 2;
    }
    out.truncate(w - out.constData());
    return out;
}

QByteArray base64Lines(QByteArrayView data)
{
    const QByteArray b64 = data.toByteArray().toBase64();
    QByteArray out;
    out.reserve(b64.size() + b64.size() / kEncodedLineLength * 2 + 2);
    for (qsizetype i = 0; i < b64.size(); i += kEncodedLineLength)
        out += b64.mid(i, kEncodedLineLength) + "\r\n";
    return out;
}

} // namespace Postrider::Mime::Wire
