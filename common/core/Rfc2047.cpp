#include "Rfc2047.h"

#include "Ascii.h"

#include <QStringDecoder>

namespace Postrider::Rfc2047 {

namespace {

std::optional<QString> decodeCharset(const QByteArray &charset, const QByteArray &bytes)
{
    // RFC 2231 §5 allows a language suffix: charset*lang.
    QByteArray cs = charset;
    if (const qsizetype star = cs.indexOf('*'); star >= 0)
        cs.truncate(star);
    cs = cs.toLower();
    if (cs == "us-ascii" || cs == "ascii")
        cs = "iso-8859-1"; // a superset that never fails on 8-bit noise
    QStringDecoder dec(cs.constData(), QStringDecoder::Flag::Stateless);
    if (!dec.isValid())
        return std::nullopt;
    return dec.decode(bytes);
}

// RFC 2047 §4.2: "_" is a space, "=XX" a hex octet; a broken escape is kept literally.
QByteArray decodeQ(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '_') {
            out.append(' ');
            continue;
        }
        if (c == '=' && i + 2 < in.size()) {
            const int hi = hexDigitValue(in[i + 1]);
            const int lo = hexDigitValue(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char((hi << 4) | lo));
                i += 2;
                continue;
            }
        }
        out.append(c);
    }
    return out;
}

} // namespace

std::optional<QString> decodeWord(QStringView word)
{
    if (!word.startsWith(u"=?") || !word.endsWith(u"?=") || word.size() < 8)
        return std::nullopt;
    const QStringView inner = word.mid(2, word.size() - 4);
    const qsizetype q1 = inner.indexOf(u'?');
    if (q1 <= 0 || q1 + 2 >= inner.size() || inner[q1 + 2] != u'?')
        return std::nullopt;
    const QByteArray charset = inner.left(q1).toLatin1();
    const QChar enc = inner[q1 + 1].toUpper();
    const QByteArray text = inner.mid(q1 + 3).toLatin1();
    if (text.contains('?') && enc != u'Q')
        return std::nullopt;
    QByteArray bytes;
    if (enc == u'B') {
        auto r = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (!r)
            return std::nullopt;
        bytes = *r;
    } else if (enc == u'Q') {
        bytes = decodeQ(text);
    } else {
        return std::nullopt;
    }
    return decodeCharset(charset, bytes);
}

QString decodeText(QStringView text)
{
    QString out;
    qsizetype i = 0;
    bool lastWasEncoded = false;
    QString pendingSpace;
    while (i < text.size()) {
        if (text.mid(i).startsWith(u"=?")) {
            // find the end "?=" after charset?enc?
            const qsizetype q1 = text.indexOf(u'?', i + 2);
            const qsizetype q2 = q1 < 0 ? -1 : text.indexOf(u'?', q1 + 1);
            const qsizetype end = q2 < 0 ? -1 : text.indexOf(u"?=", q2 + 1);
            if (end > 0) {
                const QStringView word = text.mid(i, end + 2 - i);
                if (auto d = decodeWord(word)) {
                    if (!lastWasEncoded)
                        out += pendingSpace;
                    pendingSpace.clear();
                    out += *d;
                    lastWasEncoded = true;
                    i = end + 2;
                    continue;
                }
            }
        }
        const QChar c = text[i];
        if (c == u' ' || c == u'\t' || c == u'\r' || c == u'\n') {
            if (c != u'\r' && c != u'\n')
                pendingSpace += c;
            ++i;
            continue;
        }
        out += pendingSpace;
        pendingSpace.clear();
        lastWasEncoded = false;
        out += c;
        ++i;
    }
    out += pendingSpace;
    return out;
}

QByteArray encodeText(const QString &text)
{
    bool plain = true;
    for (QChar c : text) {
        if (c.unicode() >= 0x7f || (c.unicode() < 0x20 && c != u'\t')) {
            plain = false;
            break;
        }
    }
    if (plain && !text.contains(QLatin1String("=?")))
        return text.toLatin1();
    // 75 chars per word: "=?UTF-8?B?" (10) + "?=" (2) leaves 63 → 45 input bytes (15 groups of 3).
    constexpr qsizetype maxPayload = 45;
    QByteArray out;
    QByteArray chunk;
    const auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        qsizetype n = (text[i].isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
        QChar ch = text[i];
        QByteArray cp = (ch.unicode() < 0x20 && ch != u'\t') ? QByteArray(" ") : text.mid(i, n).toUtf8();
        if (chunk.size() + cp.size() > maxPayload)
            flush();
        chunk += cp;
        i += n - 1;
    }
    flush();
    return out;
}

} // namespace Postrider::Rfc2047
