#include "MimeParser.h"

#include <QMutex>

#include "KMimeAdapter.h"
#include "MimeParts.h"

#include <QSet>

namespace Postrider::Mime {

namespace {

namespace K = KMimeAdapter;

Error malformed(const QString &why)
{
    return Error(QString::fromLatin1(kErrorMalformed), why);
}

// RFC 5322 §2.2: a header section starts with "field-name:" (obsolete syntax allows white
// space before the colon, RFC 5322 §4.5).
bool startsWithHeaderField(QByteArrayView raw)
{
    qsizetype i = 0;
    while (i < raw.size() && raw[i] > 32 && raw[i] < 127 && raw[i] != ':')
        ++i;
    if (i == 0)
        return false;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t'))
        ++i;
    return i < raw.size() && raw[i] == ':';
}

// Counts Content-Type fields that declare a composite entity (multipart/*, message/*). KMime
// parses the whole tree recursively before we can count anything, so this bounds its
// recursion and allocation by ParseOptions::maxParts first.
int compositeDeclarations(QByteArrayView raw)
{
    int count = 0;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        if (end < 0)
            end = raw.size();
        const QByteArrayView line = raw.sliced(pos, end - pos);
        if (line.size() >= 13 && line.first(13).compare("content-type:", Qt::CaseInsensitive) == 0) {
            QByteArray value = line.sliced(13).toByteArray();
            // A folded field continues on lines that start with white space.
            qsizetype next = end + 1;
            while (value.trimmed().isEmpty() && next < raw.size() && (raw[next] == ' ' || raw[next] == '\t')) {
                qsizetype nextEnd = raw.indexOf('\n', next);
                if (nextEnd < 0)
                    nextEnd = raw.size();
                value += raw.sliced(next, nextEnd - next).toByteArray();
                next = nextEnd + 1;
            }
            const QByteArray type = value.trimmed().toLower();
            if (type.startsWith("multipart/") || type.startsWith("message/"))
                ++count;
        }
        pos = end + 1;
    }
    return count;
}

// Header fields of the top-level header section (continuation lines belong to their field).
int headerFieldCount(QByteArrayView raw)
{
    int count = 0;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        if (end < 0)
            end = raw.size();
        const QByteArrayView line = raw.sliced(pos, end - pos);
        if (line.isEmpty() || line == "\r")
            break;
        if (line[0] != ' ' && line[0] != '\t')
            ++count;
        pos = end + 1;
    }
    return count;
}

Address toAddress(const KMime::Types::Mailbox &mailbox, bool utf8Headers)
{
    Address a;
    a.name = Parts::withoutLineBreaks(K::mailboxName(mailbox, utf8Headers)).trimmed();
    a.email = Parts::withoutLineBreaks(QString::fromUtf8(mailbox.address())).trimmed();
    return a;
}

template<typename H>
AddressList addresses(KMime::Message *m)
{
    AddressList out;
    const bool utf8Headers = K::hasRawUtf8Headers(m);
    if (auto *header = K::existingHeader<H>(m))
        for (const KMime::Types::Mailbox &mailbox : header->mailboxes())
            if (mailbox.hasAddress())
                out.append(toAddress(mailbox, utf8Headers));
    if (!out.isEmpty() || !utf8Headers)
        return out;
    // KMime 22.12 gives up on a whole list when an addr-spec holds UTF-8 (RFC 6532 §3.2);
    // core's parser accepts those, so it reads the raw field instead.
    const QByteArray raw = K::rawHeaderValue(m, QByteArray(H::staticType())).trimmed();
    if (raw.isEmpty())
        return out;
    auto parsed = Address::parseList(QString::fromUtf8(raw));
    if (parsed.ok())
        for (Address &a : parsed.value())
            if (!a.email.isEmpty())
                out.append(Address{Parts::withoutLineBreaks(a.name).trimmed(), a.email});
    return out;
}

/// Appends the addresses of `from` that pass `keep` and are not in `seen` yet (RFC 5321
/// §2.4: compared case-insensitively here, as Message::allRecipients does).
template<typename Pred>
void appendNew(AddressList &into, const AddressList &from, QSet<QString> &seen, Pred keep)
{
    for (const Address &a : from) {
        const QString key = a.email.toLower();
        if (!keep(key) || seen.contains(key))
            continue;
        seen.insert(key);
        into.append(a);
    }
}

void setRecipients(Message &m, KMime::Message *k, const AddressList &envelope)
{
    const AddressList to = addresses<KMime::Headers::To>(k);
    const AddressList cc = addresses<KMime::Headers::Cc>(k);
    QSet<QString> seen;
    if (envelope.isEmpty()) {
        const auto all = [](const QString &) { return true; };
        appendNew(m.to, to, seen, all);
        appendNew(m.cc, cc, seen, all);
        appendNew(m.bcc, addresses<KMime::Headers::Bcc>(k), seen, all);
        return;
    }
    // The envelope decides who receives the message (decisions §7); the headers only lend
    // display names and say who was visible. Envelope-only recipients are blind copies.
    QSet<QString> inEnvelope;
    for (const Address &a : envelope)
        inEnvelope.insert(a.email.toLower());
    const auto enveloped = [&](const QString &key) { return inEnvelope.contains(key); };
    appendNew(m.to, to, seen, enveloped);
    appendNew(m.cc, cc, seen, enveloped);
    appendNew(m.bcc, envelope, seen, enveloped);
}

} // namespace

bool isKeptHeaderName(QByteArrayView name)
{
    if (!isValidHeaderName(name) || isReservedHeaderName(name))
        return false;
    const QByteArray lower = name.toByteArray().toLower();
    // Trace, transport and structure fields (RFC 5321 §4.4, RFC 6376, RFC 8617, RFC 8601,
    // RFC 2045 §9) describe one hop or one encoding, not the message; a relay writes its own.
    static const QSet<QByteArray> dropped = {"authentication-results",
                                             "bcc",
                                             "content-length",
                                             "date",
                                             "delivered-to",
                                             "dkim-signature",
                                             "domainkey-signature",
                                             "lines",
                                             "mime-version",
                                             "received",
                                             "received-spf",
                                             "return-path",
                                             "sender",
                                             "status",
                                             "x-envelope-from",
                                             "x-envelope-to",
                                             "x-received",
                                             "x-status",
                                             "x-uid",
                                             "x-virus-scanned"};
    static const char *const droppedPrefixes[] = {"content-",  "arc-",  "resent-",        "x-original-", "x-spam-",
                                                  "x-google-", "x-gm-", "x-ms-exchange-", "x-mozilla-"};
    if (dropped.contains(lower))
        return false;
    for (const char *prefix : droppedPrefixes)
        if (lower.startsWith(prefix))
            return false;
    return true;
}

Result<Message> parseMessage(QByteArrayView raw, const ParseOptions &o)
{
    // KCodecs 5.x keeps an unsynchronised process-wide charset cache that RFC 2047 decoding
    // appends to, so two parses must never run at the same time, whatever their threads.
    static QMutex kmimeLock;
    QMutexLocker lock(&kmimeLock);
    if (!startsWithHeaderField(raw))
        return malformed(QStringLiteral("the message does not start with a header field"));
    if (headerFieldCount(raw) > o.maxHeaders)
        return Error(QString::fromLatin1(kErrorTooComplex),
                     QStringLiteral("more than %1 header fields").arg(o.maxHeaders));
    if (compositeDeclarations(raw) > o.maxParts)
        return Error(QString::fromLatin1(kErrorTooComplex), QStringLiteral("more than %1 MIME parts").arg(o.maxParts));

    QByteArray lf = raw.toByteArray();
    lf.replace("\r\n", "\n"); // KMime works on LF line endings
    const K::MessagePtr parsed = K::parse(lf);
    KMime::Message *k = &*parsed;

    const auto headers = k->headers();

    Message m;
    const AddressList from = addresses<KMime::Headers::From>(k);
    m.from = from.isEmpty() ? o.envelopeFrom : from.first();
    if (m.from.isEmpty())
        return malformed(QStringLiteral("no From header and no envelope sender"));
    setRecipients(m, k, o.envelopeRecipients);
    m.replyTo = addresses<KMime::Headers::ReplyTo>(k);
    if (auto *subject = K::existingHeader<KMime::Headers::Subject>(k))
        m.subject = Parts::withoutLineBreaks(subject->asUnicodeString());
    for (const KMime::Headers::Base *h : headers) {
        const QByteArray name(h->type());
        if (!isKeptHeaderName(name))
            continue;
        const QString value = Parts::withoutLineBreaks(h->asUnicodeString()).trimmed();
        if (!value.isEmpty())
            m.headers.append(Header{name, value});
    }

    auto bodies = Parts::collect(k, o.maxDepth, o.maxParts);
    if (!bodies)
        return bodies.error();
    m.text = std::move(bodies->text);
    m.html = std::move(bodies->html);
    m.attachments = std::move(bodies.value().attachments);
    return m;
}

} // namespace Postrider::Mime
