#include "KMimeAdapter.h"

namespace Postrider::Mime::KMimeAdapter {

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
    return type ? type->parameter(name) : QString();
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
    return header ? header->filename() : QString();
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
    const QByteArray head = content->head();
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        if (end < 0)
            end = head.size();
        if (head.mid(pos, 13).compare("content-type:", Qt::CaseInsensitive) == 0) {
            QByteArray value = head.mid(pos + 13, end - pos - 13);
            // RFC 5322 §2.2.3: continuation lines start with white space.
            while (end + 1 < head.size() && (head[end + 1] == ' ' || head[end + 1] == '\t')) {
                const qsizetype next = end + 1;
                end = head.indexOf('\n', next);
                if (end < 0)
                    end = head.size();
                value += ' ' + head.mid(next, end - next).trimmed();
            }
            KMime::Headers::ContentType type;
            type.from7BitString(value);
            return DeclaredType{type.mimeType().toLower(), !type.boundary().isEmpty()};
        }
        pos = end + 1;
    }
    return {};
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
