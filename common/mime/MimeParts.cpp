#include "MimeParts.h"

#include "MimeErrors.h"

#include <QStringDecoder>

namespace Postrider::Mime::Parts {

namespace {

namespace K = KMimeAdapter;

/// What the enclosing multipart entities say about a part.
struct Context
{
    QByteArray parentType;
    bool inAlternative = false;
    bool inRelated = false;
};

bool isAscii(QByteArrayView bytes)
{
    for (char c : bytes)
        if (uchar(c) >= 0x80)
            return false;
    return true;
}

bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = decoder.decode(bytes);
    return !decoder.hasError();
}

QString quotedIfNeeded(const QString &value)
{
    for (QChar c : value)
        if (c.unicode() <= 32 || c.unicode() >= 127 || QStringView(u"()<>@,;:\\\"/[]?=").contains(c))
            return u'"' + QString(value).replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\""))
                + u'"';
    return value;
}

// Media type plus the parameters that change how the bytes are read: the charset of a text
// attachment and the iTIP method of a calendar (RFC 6047 §2.4).
QString attachmentType(KMime::Content *c, const QByteArray &type)
{
    QString out = QString::fromLatin1(type);
    if (!type.startsWith("text/"))
        return out;
    for (const QString &name : {QStringLiteral("charset"), QStringLiteral("method")}) {
        const QString value = withoutLineBreaks(K::typeParameter(c, name)).trimmed();
        if (!value.isEmpty())
            out += QStringLiteral("; ") + name + u'=' + quotedIfNeeded(value);
    }
    return out;
}

QString fallbackFilename(const QByteArray &type, qsizetype index)
{
    if (type == "text/calendar")
        return QStringLiteral("invite.ics");
    if (type == "message/rfc822")
        return QStringLiteral("message-%1.eml").arg(index);
    static const std::pair<const char *, const char *> extensions[] = {
        {"application/pdf", "pdf"}, {"image/png", "png"},      {"image/jpeg", "jpg"}, {"image/gif", "gif"},
        {"image/webp", "webp"},     {"image/svg+xml", "svg"},  {"text/plain", "txt"}, {"text/html", "html"},
        {"text/csv", "csv"},        {"application/zip", "zip"}};
    for (const auto &[mime, ext] : extensions)
        if (type == mime)
            return QStringLiteral("attachment-%1.%2").arg(index).arg(QLatin1String(ext));
    return QStringLiteral("attachment-%1.bin").arg(index);
}

// A name a receiver can store safely: no control characters and no directory part.
QString cleanFilename(QString name)
{
    name.removeIf([](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    name = name.mid(std::max(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\')) + 1).trimmed();
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        name.clear();
    return name;
}

Error tooComplex(const QString &why)
{
    return Error(QString::fromLatin1(kErrorTooComplex), why);
}

class Walker
{
public:
    Walker(int maxDepth, int maxParts)
        : m_maxDepth(maxDepth)
        , m_maxParts(maxParts)
    { }

    Status walk(KMime::Content *c, int depth, const Context &ctx)
    {
        if (++m_parts > m_maxParts)
            return tooComplex(QStringLiteral("more than %1 MIME parts").arg(m_maxParts));
        const K::DeclaredType declared = K::declaredType(c);
        if (declared.mimeType.startsWith("multipart/") && !K::mimeType(c).startsWith("multipart/"))
            return Error(
                QString::fromLatin1(kErrorMalformed),
                declared.hasBoundary
                    ? QStringLiteral("%1 whose boundary never occurs in the body")
                          .arg(QString::fromLatin1(declared.mimeType))
                    : QStringLiteral("%1 without a boundary parameter").arg(QString::fromLatin1(declared.mimeType)));
        QByteArray type = K::mimeType(c);
        if (type.isEmpty()) // RFC 2045 §5.2 default; RFC 2046 §5.1.5 inside a digest
            type = ctx.parentType == "multipart/digest" ? "message/rfc822" : "text/plain";
        if (type.startsWith("multipart/"))
            return walkMultipart(c, type, depth + 1, ctx);
        addLeaf(c, type, ctx);
        return {};
    }

    Bodies take() { return std::move(m_out); }

private:
    Status walkMultipart(KMime::Content *c, const QByteArray &type, int depth, const Context &ctx)
    {
        if (depth > m_maxDepth)
            return tooComplex(QStringLiteral("multipart nesting deeper than %1").arg(m_maxDepth));
        // RFC 2046 §5.1.1: the boundary parameter is mandatory.
        if (K::typeParameter(c, QStringLiteral("boundary")).isEmpty())
            return Error(QString::fromLatin1(kErrorMalformed),
                         QStringLiteral("%1 without a boundary parameter").arg(QString::fromLatin1(type)));
        const auto children = c->contents();
        if (children.isEmpty())
            return Error(QString::fromLatin1(kErrorMalformed),
                         QStringLiteral("%1 whose boundary never occurs in the body").arg(QString::fromLatin1(type)));
        Context inner;
        inner.parentType = type;
        inner.inAlternative = type == "multipart/alternative";
        inner.inRelated = ctx.inRelated || type == "multipart/related";
        for (KMime::Content *child : children)
            if (Status s = walk(child, depth, inner); !s)
                return s;
        return {};
    }

    void addLeaf(KMime::Content *c, const QByteArray &type, const Context &ctx)
    {
        const QByteArray disposition = K::disposition(c);
        QString filename = K::dispositionFilename(c);
        if (filename.isEmpty())
            filename = K::typeParameter(c, QStringLiteral("name"));
        filename = cleanFilename(withoutLineBreaks(filename));
        const bool bodyType = type == "text/plain" || type == "text/html";
        if (bodyType && disposition != "attachment" && filename.isEmpty()) {
            QString &target = type == "text/html" ? m_out.html : m_out.text;
            const QString text = decodeText(c);
            // Alternatives say the same thing twice: keep the first of each type. Other
            // containers (mixed, e.g. a list footer) add content: append it.
            if (target.isEmpty())
                target = text;
            else if (!ctx.inAlternative && !text.isEmpty())
                target += (target.endsWith(u'\n') ? QString() : QStringLiteral("\n")) + text;
            return;
        }
        Attachment a;
        a.filename = filename.isEmpty() ? fallbackFilename(type, m_out.attachments.size() + 1) : filename;
        a.contentType = attachmentType(c, type);
        a.contentId = withoutLineBreaks(QString::fromLatin1(K::contentId(c))).trimmed();
        // RFC 2387 inline parts: referenced by Content-ID and not marked as a download.
        a.isInline =
            !a.contentId.isEmpty() && disposition != "attachment" && (ctx.inRelated || disposition == "inline");
        if (type == "message/rfc822") {
            a.data = K::encapsulatedBody(c);
            a.data.replace("\n", "\r\n"); // back to the RFC 5322 canonical form
        } else {
            a.data = K::decodedBody(c);
            if (K::isLineBasedEncoding(c)) { // KMime saw LF only; text line breaks are CRLF
                a.data.replace("\r\n", "\n");
                a.data.replace("\n", "\r\n");
            }
        }
        m_out.attachments.append(std::move(a));
    }

    static QString decodeText(KMime::Content *c)
    {
        // Senders often send UTF-8 (or windows-1252) while declaring nothing or US-ASCII;
        // decode what the bytes are rather than replacing every 8-bit byte.
        const QString declared = K::typeParameter(c, QStringLiteral("charset")).toLower();
        if (declared.isEmpty() || declared == QLatin1String("us-ascii") || declared == QLatin1String("ascii")) {
            const QByteArray bytes = K::decodedBody(c);
            if (!isAscii(bytes))
                K::setCharset(c, isValidUtf8(bytes) ? "utf-8" : "windows-1252");
        }
        QString text = K::decodedText(c);
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        if (text.endsWith(u'\r')) // base64 text keeps CRLF; KMime already took the LF
            text.chop(1);
        return text;
    }

    int m_maxDepth;
    int m_maxParts;
    int m_parts = 0;
    Bodies m_out;
};

} // namespace

QString withoutLineBreaks(QString s)
{
    for (QChar &c : s)
        if (c == u'\r' || c == u'\n' || c == QChar(0))
            c = u' ';
    return s;
}

Result<Bodies> collect(KMime::Content *root, int maxDepth, int maxParts)
{
    Walker walker(maxDepth, maxParts);
    if (Status s = walker.walk(root, 0, {}); !s)
        return s.error();
    return walker.take();
}

} // namespace Postrider::Mime::Parts
