#include "Message.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonArray>
#include <QSet>
#include <QUuid>

namespace Postrider {

namespace {
constexpr quint32 kMagic = 0x50524d31; // "PRM1"
constexpr quint16 kFormatVersion = 1;

QJsonArray toJsonArray(const AddressList &list)
{
    QJsonArray arr;
    for (const Address &a : list)
        arr.append(a.toString());
    return arr;
}

bool hasLineBreak(const QString &s)
{
    return s.contains(u'\r') || s.contains(u'\n');
}

Error invalid(const QString &why)
{
    return Error(QStringLiteral("message.invalid"), why);
}
} // namespace

// Stream operators live in the namespace of the types so QList's operators find them by ADL.
QDataStream &operator<<(QDataStream &s, const Address &a)
{
    return s << a.name << a.email;
}
QDataStream &operator>>(QDataStream &s, Address &a)
{
    return s >> a.name >> a.email;
}
QDataStream &operator<<(QDataStream &s, const Attachment &a)
{
    return s << a.filename << a.contentType << a.contentId << a.isInline << a.data;
}
QDataStream &operator>>(QDataStream &s, Attachment &a)
{
    return s >> a.filename >> a.contentType >> a.contentId >> a.isInline >> a.data;
}
QDataStream &operator<<(QDataStream &s, const Header &h)
{
    return s << h.name << h.value;
}
QDataStream &operator>>(QDataStream &s, Header &h)
{
    return s >> h.name >> h.value;
}

QString ingressName(Ingress ingress)
{
    switch (ingress) {
    case Ingress::HttpForm:
        return QStringLiteral("http_form");
    case Ingress::HttpApi:
        return QStringLiteral("http_api");
    case Ingress::Smtp:
        return QStringLiteral("smtp");
    case Ingress::Cli:
        return QStringLiteral("cli");
    case Ingress::Admin:
        return QStringLiteral("admin");
    case Ingress::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

Ingress ingressFromName(QStringView name)
{
    for (Ingress i : {Ingress::HttpForm, Ingress::HttpApi, Ingress::Smtp, Ingress::Cli, Ingress::Admin})
        if (ingressName(i) == name)
            return i;
    return Ingress::Unknown;
}

AddressList Message::allRecipients() const
{
    AddressList out;
    QSet<QString> seen;
    for (const AddressList *list : {&to, &cc, &bcc}) {
        for (const Address &a : *list) {
            const QString key = a.email.toLower();
            if (seen.contains(key))
                continue;
            seen.insert(key);
            out.append(a);
        }
    }
    return out;
}

qint64 Message::contentSize() const
{
    qint64 n = subject.size() + text.toUtf8().size() + html.toUtf8().size();
    for (const Attachment &a : attachments)
        n += a.data.size();
    for (const Header &h : headers)
        n += h.name.size() + h.value.size();
    return n;
}

bool isValidHeaderName(QByteArrayView name)
{
    if (name.isEmpty() || name.size() > 76)
        return false;
    for (char c : name)
        if (c < 33 || c > 126 || c == ':')
            return false;
    return true;
}

bool isReservedHeaderName(QByteArrayView name)
{
    static const char *const reserved[] = {"from",
                                           "to",
                                           "cc",
                                           "bcc",
                                           "reply-to",
                                           "subject",
                                           "date",
                                           "sender",
                                           "mime-version",
                                           "content-type",
                                           "content-transfer-encoding",
                                           "content-disposition",
                                           "content-id",
                                           "return-path",
                                           "received"};
    const QByteArray lower = name.toByteArray().toLower();
    for (const char *r : reserved)
        if (lower == r)
            return true;
    return false;
}

Status Message::validate() const
{
    if (from.isEmpty())
        return invalid(QStringLiteral("no sender"));
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty())
        return invalid(QStringLiteral("no recipients"));
    for (const AddressList *list : {&to, &cc, &bcc, &replyTo})
        for (const Address &a : *list)
            if (hasLineBreak(a.email) || hasLineBreak(a.name))
                return invalid(QStringLiteral("line break in an address"));
    if (hasLineBreak(from.email) || hasLineBreak(from.name))
        return invalid(QStringLiteral("line break in the sender"));
    if (hasLineBreak(subject))
        return invalid(QStringLiteral("line break in the subject"));
    for (const Header &h : headers) {
        if (!isValidHeaderName(h.name))
            return invalid(QStringLiteral("invalid header name \"%1\"").arg(QString::fromLatin1(h.name)));
        if (isReservedHeaderName(h.name))
            return invalid(QStringLiteral("header \"%1\" is set by Postrider and cannot be overridden")
                               .arg(QString::fromLatin1(h.name)));
        if (hasLineBreak(h.value))
            return invalid(QStringLiteral("line break in header \"%1\"").arg(QString::fromLatin1(h.name)));
    }
    for (const Attachment &a : attachments) {
        if (hasLineBreak(a.filename) || hasLineBreak(a.contentType) || hasLineBreak(a.contentId))
            return invalid(QStringLiteral("line break in attachment metadata"));
        if (a.isInline && a.contentId.isEmpty())
            return invalid(QStringLiteral("inline attachment \"%1\" has no content id").arg(a.filename));
    }
    return {};
}

QByteArray Message::serialize() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_4);
    s << kMagic << kFormatVersion;
    s << from << to << cc << bcc << replyTo << subject << text << html << headers << attachments;
    s << qint32(ingress) << submissionId << createdAt.toMSecsSinceEpoch() << metadata;
    return out;
}

Result<Message> Message::deserialize(QByteArrayView bytes)
{
    const QByteArray copy = bytes.toByteArray();
    QDataStream s(copy);
    s.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint16 version = 0;
    s >> magic >> version;
    if (magic != kMagic || version != kFormatVersion)
        return Error(QStringLiteral("message.corrupt"), QStringLiteral("unknown message encoding"));
    Message m;
    qint32 ingress = 0;
    qint64 created = 0;
    s >> m.from >> m.to >> m.cc >> m.bcc >> m.replyTo >> m.subject >> m.text >> m.html >> m.headers >> m.attachments;
    s >> ingress >> m.submissionId >> created >> m.metadata;
    if (s.status() != QDataStream::Ok)
        return Error(QStringLiteral("message.corrupt"), QStringLiteral("truncated message record"));
    m.ingress = static_cast<Ingress>(ingress);
    m.createdAt = QDateTime::fromMSecsSinceEpoch(created, Qt::UTC);
    return m;
}

QJsonObject Message::toJson(bool withBodies) const
{
    QJsonObject o;
    o.insert(QStringLiteral("submission_id"), submissionId);
    o.insert(QStringLiteral("ingress"), ingressName(ingress));
    o.insert(QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("from"), from.toString());
    o.insert(QStringLiteral("to"), toJsonArray(to));
    if (!cc.isEmpty())
        o.insert(QStringLiteral("cc"), toJsonArray(cc));
    if (!bcc.isEmpty())
        o.insert(QStringLiteral("bcc"), toJsonArray(bcc));
    if (!replyTo.isEmpty())
        o.insert(QStringLiteral("reply_to"), toJsonArray(replyTo));
    o.insert(QStringLiteral("subject"), subject);
    if (withBodies) {
        o.insert(QStringLiteral("text"), text);
        if (!html.isEmpty())
            o.insert(QStringLiteral("html"), html);
    }
    if (!headers.isEmpty()) {
        QJsonObject h;
        for (const Header &hdr : headers)
            h.insert(QString::fromLatin1(hdr.name), hdr.value);
        o.insert(QStringLiteral("headers"), h);
    }
    QJsonArray atts;
    for (const Attachment &a : attachments) {
        QJsonObject ao{{QStringLiteral("filename"), a.filename},
                       {QStringLiteral("content_type"), a.contentType},
                       {QStringLiteral("size"), a.data.size()}};
        if (!a.contentId.isEmpty())
            ao.insert(QStringLiteral("content_id"), a.contentId);
        if (a.isInline)
            ao.insert(QStringLiteral("inline"), true);
        if (withBodies)
            ao.insert(QStringLiteral("data"), QString::fromLatin1(a.data.toBase64()));
        atts.append(ao);
    }
    if (!atts.isEmpty())
        o.insert(QStringLiteral("attachments"), atts);
    if (!metadata.isEmpty())
        o.insert(QStringLiteral("metadata"), QJsonObject::fromVariantMap(metadata));
    return o;
}

QString newSubmissionId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Postrider
