#include "KMimeAdapter.h"

#include <QMap>
#include <QStringDecoder>

namespace Postrider::Mime::KMimeAdapter {

namespace {

// KMime 22.12 mishandles RFC 2231 extended parameters (name*=, name*0*, name*1*, ...) in three
// ways: it reads '_' as a space (as in RFC 2047 Q words), it sorts continuations as strings (*10
// before *2), and it converts each continuation to Unicode on its own, breaking a UTF-8 sequence
// split across segments. So extended parameters are joined here, '_' escaped, and handed to
// KMime as one extended parameter for the charset conversion.
// The unfolded value of the first `field:` line in a raw LF header section.
QByteArray rawFieldValue(const QByteArray &head, QByteArrayView field)
{
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        if (end < 0)
            end = head.size();
        if (head.mid(pos, field.size()).compare(field, Qt::CaseInsensitive) == 0) {
            QByteArray value = head.mid(pos + field.size(), end - pos - field.size());
            // RFC 5322 §2.2.3: continuation lines start with white space.
            while (end + 1 < head.size() && (head[end + 1] == ' ' || head[end + 1] == '\t')) {
                const qsizetype next = end + 1;
                end = head.indexOf('\n', next);
                if (end < 0)
                    end = head.size();
                value += ' ' + head.mid(next, end - next).trimmed();
            }
            return value;
        }
        pos = end + 1;
    }
    return {};
}

// Splits `type; a=b; c="d;e"` at semicolons outside quoted strings.
QList<QByteArray> splitParameters(const QByteArray &value)
{
    QList<QByteArray> out{QByteArray()};
    bool quoted = false;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (quoted && c == '\\' && i + 1 < value.size()) {
            out.last() += value.mid(i, 2);
            ++i;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted)
            out.append(QByteArray());
        else
            out.last() += c;
    }
    return out;
}

// RFC 2231 §3/§4: joins `param*=` or `param*N[*]=` segments in numeric order into one extended
// value and lets KMime decode that. Empty when the parameter has no RFC 2231 form.
QString extendedParameter(const QByteArray &fieldValue, const QByteArray &param)
{
    QMap<int, QByteArray> segments; // index -> percent-encoded octets
    QByteArray charset = "us-ascii";
    for (const QByteArray &token : splitParameters(fieldValue)) {
        const qsizetype eq = token.indexOf('=');
        if (eq < 0)
            continue;
        QByteArray name = token.left(eq).trimmed().toLower();
        QByteArray value = token.mid(eq + 1).trimmed();
        if (!name.startsWith(param + '*'))
            continue;
        name = name.mid(param.size() + 1); // "", "N" or "N*"
        const bool extended = name.isEmpty() || name.endsWith('*');
        if (name.endsWith('*'))
            name.chop(1);
        bool ok = name.isEmpty();
        const int index = ok ? 0 : name.toInt(&ok);
        if (!ok || index < 0 || segments.contains(index))
            continue;
        if (value.startsWith('"') && value.endsWith('"') && value.size() >= 2)
            value = value.mid(1, value.size() - 2).replace("\\\"", "\"").replace("\\\\", "\\");
        if (extended && index == 0 && value.count('\'') >= 2) {
            charset = value.left(value.indexOf('\''));
            value = value.mid(value.indexOf('\'', value.indexOf('\'') + 1) + 1);
        }
        segments.insert(index, extended ? value : value.toPercentEncoding());
    }
    if (segments.isEmpty())
        return {};
    QByteArray joined;
    for (const QByteArray &segment : std::as_const(segments))
        joined += segment;
    joined.replace('_', "%5F");
    KMime::Headers::ContentDisposition reader;
    reader.from7BitString("attachment; filename*=" + charset + "''" + joined);
    return reader.filename();
}

} // namespace

MessagePtr parse(const QByteArray &lfContent)
{
    MessagePtr message(new KMime::Message);
    message->setContent(lfContent);
    message->parse();
    return message;
}

QByteArray mimeType(KMime::Content *content)
{
    const auto *type = existingHeader<KMime::Headers::ContentType>(content);
    return type && !type->isEmpty() ? type->mimeType().toLower() : QByteArray();
}

QString typeParameter(KMime::Content *content, const QString &name)
{
    const auto *type = existingHeader<KMime::Headers::ContentType>(content);
    if (!type)
        return {};
    if (const QString fixed = extendedParameter(rawFieldValue(content->head(), "content-type:"), name.toLatin1());
        !fixed.isEmpty())
        return fixed;
#if POSTRIDER_KMIME_AT_LEAST(6, 7, 0)
    return type->parameter(QByteArrayView(name.toLatin1())); // 26.04: QString overload deprecated
#else
    return type->parameter(name);
#endif
}

void setCharset(KMime::Content *content, const QByteArray &charset)
{
#if POSTRIDER_KMIME_AT_LEAST(6, 7, 0)
    content->contentType(KMime::Create)->setCharset(charset);
#else
    content->contentType(true)->setCharset(charset);
#endif
}

QByteArray disposition(KMime::Content *content)
{
    const auto *header = existingHeader<KMime::Headers::ContentDisposition>(content);
    if (!header || header->isEmpty())
        return {};
    switch (header->disposition()) {
    case KMime::Headers::CDattachment:
        return QByteArrayLiteral("attachment");
    case KMime::Headers::CDinline:
        return QByteArrayLiteral("inline");
    default:
        return {};
    }
}

QString dispositionFilename(KMime::Content *content)
{
    const auto *header = existingHeader<KMime::Headers::ContentDisposition>(content);
    if (!header)
        return {};
    if (const QString fixed = extendedParameter(rawFieldValue(content->head(), "content-disposition:"), "filename");
        !fixed.isEmpty())
        return fixed;
    return header->filename();
}

QByteArray contentId(KMime::Content *content)
{
    const auto *header = existingHeader<KMime::Headers::ContentID>(content);
    return header ? header->identifier() : QByteArray();
}

bool isLineBasedEncoding(KMime::Content *content)
{
    const auto *header = existingHeader<KMime::Headers::ContentTransferEncoding>(content);
    if (!header)
        return true;
    return header->encoding() != KMime::Headers::CEbase64 && header->encoding() != KMime::Headers::CEuuenc;
}

DeclaredType declaredType(KMime::Content *content)
{
    const QByteArray value = rawFieldValue(content->head(), "content-type:");
    if (value.isEmpty())
        return {};
    KMime::Headers::ContentType type;
    type.from7BitString(value);
    return DeclaredType{type.mimeType().toLower(), !type.boundary().isEmpty()};
}

QByteArray rawHeaderValue(KMime::Content *content, QByteArrayView name)
{
    return rawFieldValue(content->head(), name.toByteArray() + ':');
}

QString mailboxName(const KMime::Types::Mailbox &mailbox, bool utf8HeaderSection)
{
    QString name = mailbox.name();
    if (!utf8HeaderSection)
        return name;
    bool latin1Only = true;
    bool eightBit = false;
    for (QChar c : name) {
        latin1Only = latin1Only && c.unicode() <= 0xff;
        eightBit = eightBit || c.unicode() >= 0x80;
    }
    if (!latin1Only || !eightBit)
        return name;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString repaired = utf8.decode(name.toLatin1());
    return utf8.hasError() ? name : repaired;
}

bool hasRawUtf8Headers(KMime::Content *content)
{
    const QByteArray head = content->head();
    bool eightBit = false;
    for (char c : head)
        eightBit = eightBit || uchar(c) >= 0x80;
    if (!eightBit)
        return false;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = utf8.decode(head);
    return !utf8.hasError();
}

QByteArray decodedBody(KMime::Content *content)
{
    const auto *header = existingHeader<KMime::Headers::ContentTransferEncoding>(content);
    const auto encoding = header ? header->encoding() : KMime::Headers::CE7Bit;
    // decodedContent() drops a final line break of 7bit, 8bit and quoted-printable bodies,
    // but for an attachment (an .ics, a patch) that line break is content.
    if (encoding == KMime::Headers::CE7Bit || encoding == KMime::Headers::CE8Bit)
        return content->body();
    QByteArray data = content->decodedContent();
    const QByteArray raw = content->body();
    if (encoding == KMime::Headers::CEquPr && raw.endsWith('\n') && !raw.endsWith("=\n") && !data.endsWith('\n'))
        data += '\n';
    return data;
}

QString decodedText(KMime::Content *content)
{
#if POSTRIDER_KMIME_AT_LEAST(6, 3, 0)
    return content->decodedText(KMime::Content::NoTrim);
#else
    return content->decodedText(false, false);
#endif
}

QByteArray encapsulatedBody(KMime::Content *content)
{
    if (const auto inner = content->bodyAsMessage())
        return inner->encodedContent();
    return content->decodedContent();
}

} // namespace Postrider::Mime::KMimeAdapter
