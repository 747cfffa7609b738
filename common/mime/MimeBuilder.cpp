#include "MimeBuilder.h"

#include "MimeWire.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QUrl>
#include <QUuid>

namespace Postrider::Mime {

namespace {

using Wire::Chunks;

// Boundaries start with "=_": that pair cannot occur in quoted-printable or base64 output
// (RFC 2045 §6.7, §6.8), and 7bit/8bit parts containing the prefix are sent as
// quoted-printable, so a boundary never collides with content (RFC 2046 §5.1.1).
constexpr char kBoundaryPrefix[] = "=_pr_";
constexpr int kBoundaryRandomChars = 24;

/// One MIME entity of the tree being built.
struct Part
{
    QByteArray headers; ///< folded Content-* lines, each ending with CRLF
    QByteArray body; ///< leaf: transfer-encoded body ending with CRLF
    QByteArray boundary; ///< multipart only
    QList<Part> children;
    bool eightBit = false; ///< this entity or a descendant carries 8bit data
};

Error injection(const QString &field)
{
    return Error(QString::fromLatin1(kErrorHeaderInjection),
                 QStringLiteral("CR, LF or NUL in %1 would break the header section").arg(field),
                 QJsonObject{{QStringLiteral("field"), field}});
}

Error invalid(const QString &why)
{
    return Error(QString::fromLatin1(kErrorInvalid), why);
}

// Defence in depth: runs before Message::validate() so that any CR/LF/NUL bound for a header
// gets the same stable code whatever validate() covers.
Status checkInjection(const Message &m, const BuildOptions &o)
{
    using Wire::hasLineBreakOrNul;
    const auto addressBad = [](const Address &a) { return hasLineBreakOrNul(a.name) || hasLineBreakOrNul(a.email); };
    if (addressBad(m.from))
        return injection(QStringLiteral("from"));
    const std::pair<const AddressList *, const char *> lists[] = {
        {&m.to, "to"}, {&m.cc, "cc"}, {&m.bcc, "bcc"}, {&m.replyTo, "reply_to"}};
    for (const auto &[list, field] : lists)
        for (const Address &a : *list)
            if (addressBad(a))
                return injection(QString::fromLatin1(field));
    if (hasLineBreakOrNul(m.subject))
        return injection(QStringLiteral("subject"));
    for (const Header &h : m.headers)
        if (h.name.contains('\r') || h.name.contains('\n') || h.name.contains('\0') || hasLineBreakOrNul(h.value))
            return injection(QStringLiteral("header ") + QString::fromLatin1(h.name.left(76)));
    for (const Attachment &a : m.attachments)
        if (hasLineBreakOrNul(a.filename) || hasLineBreakOrNul(a.contentType) || hasLineBreakOrNul(a.contentId))
            return injection(QStringLiteral("attachment"));
    if (hasLineBreakOrNul(o.messageId) || hasLineBreakOrNul(o.messageIdDomain))
        return injection(QStringLiteral("message_id"));
    return {};
}

QByteArray newBoundary()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray b = kBoundaryPrefix;
    for (int i = 0; i < kBoundaryRandomChars; ++i)
        b += alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))];
    return b;
}

// RFC 2045 §5.1 token: printable ASCII without space and tspecials.
bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (c <= 32 || c >= 127 || QByteArrayView("()<>@,;:\\\"/[]?=").contains(c))
            return false;
    return true;
}

Status addHeader(QByteArray &out, QByteArrayView name, const Chunks &chunks)
{
    auto line = Wire::foldHeader(name, chunks);
    if (!line)
        return line.error();
    out += line.value();
    return {};
}

void addParameter(Chunks &into, const Chunks &parameter)
{
    into.last().append(';');
    into += parameter;
}

Result<Part> textPart(const QString &text, QByteArrayView subtype, bool allow8bit)
{
    // The body always ends with a line break of its own: the CRLF before the next boundary
    // belongs to the delimiter (RFC 2046 §5.1.1), so text ending in a newline keeps it.
    const QByteArray payload = Wire::toCrlfUtf8(text) + "\r\n";
    qsizetype nonAscii = 0;
    for (char c : payload)
        nonAscii += uchar(c) >= 0x80 ? 1 : 0;
    const bool shortLines = Wire::longestLine(payload) <= Wire::kFoldColumn;
    const bool plainSafe = shortLines && !payload.contains('\0') && !payload.contains(kBoundaryPrefix);
    Part p;
    QByteArray cte;
    if (plainSafe && nonAscii == 0) {
        cte = "7bit";
        p.body = payload;
    } else if (plainSafe && allow8bit) {
        cte = "8bit";
        p.body = payload;
        p.eightBit = true;
    } else if (nonAscii * 2 > payload.size()) {
        cte = "base64"; // mostly non-Latin script: quoted-printable would triple it
        p.body = Wire::base64Lines(payload);
    } else {
        cte = "quoted-printable";
        p.body = Wire::quotedPrintable(payload);
    }
    Chunks type{"text/" + subtype.toByteArray()};
    addParameter(type, {" charset=utf-8"});
    if (Status s = addHeader(p.headers, "Content-Type", type); !s)
        return s.error();
    if (Status s = addHeader(p.headers, "Content-Transfer-Encoding", {cte}); !s)
        return s.error();
    return p;
}

// RFC 2046 §5.2.1: message/rfc822 may only be 7bit, 8bit or binary, never base64. Returns
// false when the bytes cannot travel that way (the caller then sends them as opaque data).
bool encapsulatedMessageBody(const QByteArray &data, bool allow8bit, Part &p, QByteArray &cte)
{
    QByteArray payload = data;
    payload.replace("\r\n", "\n");
    payload.replace("\n", "\r\n");
    if (!payload.endsWith("\r\n"))
        payload += "\r\n";
    bool ascii = true;
    for (char c : payload)
        ascii = ascii && uchar(c) < 0x80;
    if (Wire::longestLine(payload) > Wire::kMaxLineOctets || payload.contains('\0') || payload.contains(kBoundaryPrefix)
        || (!ascii && !allow8bit))
        return false;
    cte = ascii ? "7bit" : "8bit";
    p.body = payload;
    p.eightBit = !ascii;
    return true;
}

Result<Part> attachmentPart(const Attachment &a, bool allow8bit)
{
    QString type = a.contentType.trimmed();
    if (type.isEmpty())
        type = QStringLiteral("application/octet-stream");
    const qsizetype semicolon = type.indexOf(u';');
    QByteArray mediaType = type.left(semicolon).trimmed().toLatin1();
    const QString extra = semicolon < 0 ? QString() : type.mid(semicolon + 1).trimmed();
    const qsizetype slash = mediaType.indexOf('/');
    if (!Wire::isPrintableAscii(type) || slash <= 0 || !isToken(mediaType.left(slash))
        || !isToken(mediaType.mid(slash + 1)) || mediaType.toLower().startsWith("multipart/"))
        return invalid(QStringLiteral("attachment \"%1\" has an invalid content type \"%2\"").arg(a.filename, type));

    Part p;
    QByteArray cte = "base64";
    if (mediaType.toLower().startsWith("message/") && !encapsulatedMessageBody(a.data, allow8bit, p, cte))
        mediaType = "application/octet-stream";
    if (cte == "base64")
        p.body = Wire::base64Lines(a.data);

    Chunks contentType{mediaType};
    if (!extra.isEmpty())
        addParameter(contentType, {' ' + extra.toLatin1()});
    if (!a.filename.isEmpty())
        addParameter(contentType, Wire::encodedWordParameter("name", a.filename));
    if (Status s = addHeader(p.headers, "Content-Type", contentType); !s)
        return s.error();
    if (Status s = addHeader(p.headers, "Content-Transfer-Encoding", {cte}); !s)
        return s.error();
    Chunks disposition{a.isInline ? "inline" : "attachment"};
    if (!a.filename.isEmpty())
        addParameter(disposition, Wire::parameter("filename", a.filename)); // RFC 2183 + RFC 2231
    if (Status s = addHeader(p.headers, "Content-Disposition", disposition); !s)
        return s.error();
    if (!a.contentId.isEmpty()) {
        // RFC 2045 §7 / RFC 2392: msg-id syntax, referenced from HTML as cid:<contentId>.
        if (!Wire::isPrintableAscii(a.contentId) || a.contentId.contains(u' ') || a.contentId.contains(u'\t')
            || a.contentId.contains(u'<') || a.contentId.contains(u'>'))
            return invalid(QStringLiteral("attachment \"%1\" has an invalid content id").arg(a.filename));
        if (Status s = addHeader(p.headers, "Content-ID", {'<' + a.contentId.toLatin1() + '>'}); !s)
            return s.error();
    }
    return p;
}

Result<Part> multipart(QByteArrayView subtype, QList<Part> children, const Chunks &extra = {})
{
    Part p;
    p.boundary = newBoundary();
    Chunks type{"multipart/" + subtype.toByteArray()};
    addParameter(type, {" boundary=\"" + p.boundary + '"'});
    if (!extra.isEmpty())
        addParameter(type, extra);
    for (const Part &c : children)
        p.eightBit = p.eightBit || c.eightBit;
    p.children = std::move(children);
    if (Status s = addHeader(p.headers, "Content-Type", type); !s)
        return s.error();
    // RFC 2045 §6.4: a composite entity is labelled 8bit when any part inside it is.
    if (p.eightBit)
        if (Status s = addHeader(p.headers, "Content-Transfer-Encoding", {"8bit"}); !s)
            return s.error();
    return p;
}

QByteArray serializeBody(const Part &p)
{
    if (p.boundary.isEmpty())
        return p.body;
    QByteArray out;
    for (const Part &c : p.children)
        out += "--" + p.boundary + "\r\n" + c.headers + "\r\n" + serializeBody(c) + "\r\n";
    out += "--" + p.boundary + "--\r\n";
    return out;
}

Result<Part> bodyTree(const Message &m, const BuildOptions &o)
{
    std::optional<Part> text;
    std::optional<Part> html;
    if (!m.text.isEmpty() || m.html.isEmpty()) {
        auto r = textPart(m.text, "plain", o.allow8bit);
        if (!r)
            return r.error();
        text = std::move(r).value();
    }
    if (!m.html.isEmpty()) {
        auto r = textPart(m.html, "html", o.allow8bit);
        if (!r)
            return r.error();
        html = std::move(r).value();
    }
    // Inline parts belong next to the HTML that references them (RFC 2387); without HTML they
    // travel with the attachments, still marked inline with their Content-ID.
    QList<Part> related;
    QList<Part> mixed;
    for (const Attachment &a : m.attachments) {
        auto r = attachmentPart(a, o.allow8bit);
        if (!r)
            return r.error();
        (a.isInline && html ? related : mixed).append(std::move(r).value());
    }
    if (html && !related.isEmpty()) {
        related.prepend(*std::move(html));
        auto r = multipart("related", std::move(related), {" type=\"text/html\""});
        if (!r)
            return r.error();
        html = std::move(r).value();
    }
    std::optional<Part> body;
    if (text && html) {
        auto r = multipart("alternative", {*std::move(text), *std::move(html)});
        if (!r)
            return r.error();
        body = std::move(r).value();
    } else {
        body = html ? std::move(html) : std::move(text);
    }
    if (mixed.isEmpty())
        return *std::move(body);
    if (body && (!m.text.isEmpty() || !m.html.isEmpty()))
        mixed.prepend(*std::move(body));
    return multipart("mixed", std::move(mixed));
}

// RFC 5322 §3.6.4 msg-id without its angle brackets; empty when `value` is not one.
QByteArray msgId(QString value)
{
    value = value.trimmed();
    if (value.startsWith(u'<') && value.endsWith(u'>'))
        value = value.mid(1, value.size() - 2);
    if (value.isEmpty() || !Wire::isPrintableAscii(value) || !value.contains(u'@') || value.contains(u' ')
        || value.contains(u'\t') || value.contains(u'<') || value.contains(u'>'))
        return {};
    return value.toLatin1();
}

// BuildOptions::messageId (must be valid), else a valid Message-ID header of the message (an
// unusable one, e.g. relayed from a sloppy sender, is replaced), else a fresh one.
Result<QByteArray> messageId(const Message &m, const BuildOptions &o)
{
    if (!o.messageId.trimmed().isEmpty()) {
        const QByteArray id = msgId(o.messageId);
        if (id.isEmpty())
            return invalid(QStringLiteral("\"%1\" is not a valid Message-ID").arg(o.messageId));
        return '<' + id + '>';
    }
    for (const Header &h : m.headers)
        if (h.name.compare("message-id", Qt::CaseInsensitive) == 0)
            if (const QByteArray id = msgId(h.value); !id.isEmpty())
                return '<' + id + '>';
    const QString domain = o.messageIdDomain.isEmpty() ? m.from.domain() : o.messageIdDomain;
    // id-right is ASCII: a dot-atom (IDNs in their ACE form) or a domain literal.
    const bool literal = domain.startsWith(u'[') && domain.endsWith(u']') && Wire::isPrintableAscii(domain);
    const QByteArray ace = literal ? domain.toLatin1() : QUrl::toAce(domain);
    if (ace.isEmpty())
        return invalid(QStringLiteral("no usable domain for the Message-ID (\"%1\")").arg(domain));
    return '<' + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + '@' + ace + '>';
}

Chunks customValue(const Header &h)
{
    // msg-id lists cannot carry encoded words; leave them to foldHeader's length check.
    if (h.name.compare("references", Qt::CaseInsensitive) == 0
        || h.name.compare("in-reply-to", Qt::CaseInsensitive) == 0) {
        Chunks out;
        for (const QString &id : h.value.split(u' ', Qt::SkipEmptyParts))
            out.append(out.isEmpty() ? id.toUtf8() : ' ' + id.toUtf8());
        return out.isEmpty() ? Chunks{QByteArray()} : out;
    }
    return Wire::unstructured(h.value);
}

} // namespace

Result<QByteArray> buildMessage(const Message &m, const BuildOptions &o)
{
    if (Status s = checkInjection(m, o); !s)
        return s.error();
    if (Status s = m.validate(); !s)
        return s.error();
    for (const Header &h : m.headers) {
        // RFC 2045 §9: Content-* fields describe the MIME entity, which the builder owns.
        if (h.name.toLower().startsWith("content-") || h.name.compare("mime-version", Qt::CaseInsensitive) == 0)
            return invalid(
                QStringLiteral("header \"%1\" is written by the MIME builder").arg(QString::fromLatin1(h.name)));
        if ((h.name.compare("references", Qt::CaseInsensitive) == 0
             || h.name.compare("in-reply-to", Qt::CaseInsensitive) == 0)
            && !Wire::isPrintableAscii(h.value))
            return invalid(QStringLiteral("header \"%1\" must be ASCII message ids").arg(QString::fromLatin1(h.name)));
    }
    auto id = messageId(m, o);
    if (!id)
        return id.error();
    auto body = bodyTree(m, o);
    if (!body)
        return body.error();

    const QDateTime date = (o.date.isValid() ? o.date : QDateTime::currentDateTimeUtc()).toUTC();
    QByteArray out;
    QList<std::pair<QByteArray, Chunks>> fields;
    // RFC 5322 §3.3 date-time, always in UTC.
    const QByteArray dateText = QLocale::c().toString(date, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1();
    fields.append({"Date", Chunks{dateText + " +0000"}});
    fields.append({"From", Wire::mailbox(m.from)});
    if (!m.replyTo.isEmpty())
        fields.append({"Reply-To", Wire::mailboxList(m.replyTo)});
    if (!m.to.isEmpty())
        fields.append({"To", Wire::mailboxList(m.to)});
    if (!m.cc.isEmpty())
        fields.append({"Cc", Wire::mailboxList(m.cc)});
    if (o.includeBcc && !m.bcc.isEmpty())
        fields.append({"Bcc", Wire::mailboxList(m.bcc)});
    if (!m.subject.isEmpty())
        fields.append({"Subject", Wire::unstructured(m.subject)});
    fields.append({"Message-ID", Chunks{id.value()}});
    for (const Header &h : m.headers)
        if (h.name.compare("message-id", Qt::CaseInsensitive) != 0)
            fields.append({h.name, customValue(h)});
    fields.append({"MIME-Version", Chunks{"1.0"}});
    for (const auto &[name, chunks] : fields)
        if (Status s = addHeader(out, name, chunks); !s)
            return s.error();
    out += body->headers + "\r\n" + serializeBody(body.value());

    // Every path above keeps lines short; this guards the RFC 5322 §2.1.1 promise itself.
    if (Wire::longestLine(out) > Wire::kMaxLineOctets)
        return Error(QString::fromLatin1(kErrorLineTooLong), QStringLiteral("internal: a line exceeds 998 octets"));
    return out;
}

} // namespace Postrider::Mime
