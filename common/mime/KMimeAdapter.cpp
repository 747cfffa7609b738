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

QByteArray decodedBody(KMime::Content *content)
{
    return content->decodedContent();
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
