#include "Address.h"

#include "Rfc2047.h"

#include <QHostAddress>

namespace Postrider {

namespace {

// RFC 5322 §3.2.3 specials; everything else visible (and any non-ASCII code point, RFC 6532)
// is atext.
bool isAtext(QChar c, bool dot)
{
    switch (c.unicode()) {
    case '.':
        return dot;
    case '(':
    case ')':
    case '<':
    case '>':
    case '[':
    case ']':
    case ':':
    case ';':
    case '@':
    case '\\':
    case ',':
    case '"':
        return false;
    default:
        return (c.unicode() >= '!' && c.unicode() <= '~') || c.unicode() >= 0x80;
    }
}
bool isVchar(QChar c)
{
    return (c.unicode() >= '!' && c.unicode() <= '~') || c.unicode() >= 0x80;
}
bool isWsp(QChar c)
{
    return c == u' ' || c == u'\t';
}

/// A small recursive-descent parser over RFC 5322 mailboxes, shaped after the grammar rather
/// than after any implementation. Errors carry a short reason.
class Parser
{
public:
    explicit Parser(QStringView s)
        : m_s(s)
    { }

    bool atEnd() const { return m_i >= m_s.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_s[m_i]; }
    bool consume(QChar c)
    {
        if (peek() != c || atEnd())
            return false;
        ++m_i;
        return true;
    }
    void skipSpace()
    {
        while (!atEnd() && isWsp(m_s[m_i]))
            ++m_i;
    }
    // CFWS: folding white space and (nested) comments. Returns false on an unclosed comment.
    bool skipCfws(QString *lastComment = nullptr)
    {
        skipSpace();
        while (peek() == u'(' && !atEnd()) {
            QString comment;
            if (!consumeComment(&comment))
                return false;
            if (lastComment)
                *lastComment = comment;
            skipSpace();
        }
        return true;
    }
    bool consumeComment(QString *out)
    {
        int depth = 0;
        do {
            if (atEnd())
                return false;
            const QChar c = m_s[m_i++];
            if (c == u'\\') {
                if (atEnd())
                    return false;
                out->append(m_s[m_i++]);
                continue;
            }
            if (c == u'(') {
                if (depth++ > 0)
                    out->append(c);
            } else if (c == u')') {
                if (--depth > 0)
                    out->append(c);
            } else {
                out->append(c);
            }
        } while (depth > 0);
        return true;
    }

    QString consumeAtom(bool dot, bool permissive, QString *err)
    {
        const qsizetype start = m_i;
        while (!atEnd() && isAtext(m_s[m_i], dot))
            ++m_i;
        if (m_i == start) {
            *err = QStringLiteral("expected an atom");
            return {};
        }
        QString atom = m_s.mid(start, m_i - start).toString();
        if (!permissive && (atom.startsWith(u'.') || atom.endsWith(u'.') || atom.contains(QLatin1String("..")))) {
            *err = QStringLiteral("misplaced dot");
            m_i = start;
            return {};
        }
        return atom;
    }

    QString consumeQuotedString(QString *err)
    {
        // caller checked the opening quote
        ++m_i;
        QString out;
        bool escaped = false;
        for (;;) {
            if (atEnd()) {
                *err = QStringLiteral("unclosed quoted-string");
                return {};
            }
            const QChar c = m_s[m_i];
            if (escaped) {
                if (!isVchar(c) && !isWsp(c)) {
                    *err = QStringLiteral("bad character in quoted-string");
                    return {};
                }
                out.append(c);
                escaped = false;
            } else if (c == u'"') {
                ++m_i;
                return out;
            } else if (c == u'\\') {
                escaped = true;
            } else if (isVchar(c) || isWsp(c)) {
                out.append(c);
            } else {
                *err = QStringLiteral("bad character in quoted-string");
                return {};
            }
            ++m_i;
        }
    }

    QString consumeDomainLiteral(QString *err)
    {
        ++m_i; // '['
        QString dtext;
        while (!atEnd() && peek() != u']') {
            const QChar c = m_s[m_i++];
            if (c.unicode() < '!' || c.unicode() > '~' || c == u'[' || c == u'\\') {
                *err = QStringLiteral("bad character in domain-literal");
                return {};
            }
            dtext.append(c);
        }
        if (!consume(u']')) {
            *err = QStringLiteral("unclosed domain-literal");
            return {};
        }
        QString ip = dtext;
        if (ip.startsWith(QLatin1String("IPv6:"), Qt::CaseInsensitive))
            ip = ip.mid(5);
        if (QHostAddress(ip).isNull()) {
            *err = QStringLiteral("domain-literal is not an IP address");
            return {};
        }
        return u'[' + dtext + u']';
    }

    // addr-spec = local-part "@" domain; restores the position on failure.
    bool consumeAddrSpec(QString *spec, QString *err)
    {
        const qsizetype orig = m_i;
        auto fail = [&](const QString &why) {
            *err = why;
            m_i = orig;
            return false;
        };
        skipSpace();
        if (atEnd())
            return fail(QStringLiteral("no address"));
        QString local;
        if (peek() == u'"') {
            local = consumeQuotedString(err);
            if (!err->isEmpty())
                return fail(*err);
            if (local.isEmpty())
                return fail(QStringLiteral("empty quoted local part"));
            local = quoteLocalPart(local);
        } else {
            local = consumeAtom(true, false, err);
            if (!err->isEmpty())
                return fail(*err);
        }
        if (!consume(u'@'))
            return fail(QStringLiteral("missing @"));
        skipSpace();
        if (atEnd())
            return fail(QStringLiteral("missing domain"));
        QString domain;
        if (peek() == u'[')
            domain = consumeDomainLiteral(err);
        else
            domain = consumeAtom(true, false, err);
        if (!err->isEmpty())
            return fail(*err);
        *spec = local + u'@' + domain;
        return true;
    }

    static QString quoteLocalPart(const QString &local)
    {
        bool needs = false;
        for (QChar c : local)
            if (!isAtext(c, true))
                needs = true;
        if (!needs && !local.startsWith(u'.') && !local.endsWith(u'.') && !local.contains(QLatin1String("..")))
            return local;
        QString q = QStringLiteral("\"");
        for (QChar c : local) {
            if (c == u'"' || c == u'\\')
                q.append(u'\\');
            q.append(c);
        }
        return q + u'"';
    }

    // phrase = 1*word (obs-phrase tolerated); encoded words (RFC 2047) are decoded and adjacent
    // encoded words are joined without the space between them (RFC 2047 §6.2).
    bool consumePhrase(QString *phrase, QString *err)
    {
        QStringList words;
        bool prevEncoded = false;
        for (;;) {
            if (!words.isEmpty() && !skipCfws())
                break;
            skipSpace();
            if (atEnd())
                break;
            QString word;
            QString e;
            bool encoded = false;
            if (peek() == u'"') {
                word = consumeQuotedString(&e);
            } else {
                word = consumeAtom(true, true, &e);
                if (e.isEmpty() && word.startsWith(QLatin1String("=?")) && word.endsWith(QLatin1String("?="))) {
                    const auto decoded = Rfc2047::decodeWord(word);
                    if (decoded) {
                        word = *decoded;
                        encoded = true;
                    }
                }
            }
            if (!e.isEmpty()) {
                if (words.isEmpty()) {
                    *err = QStringLiteral("missing display name: ") + e;
                    return false;
                }
                break;
            }
            if (prevEncoded && encoded)
                words.last() += word;
            else
                words.append(word);
            prevEncoded = encoded;
        }
        if (words.isEmpty()) {
            *err = QStringLiteral("missing display name");
            return false;
        }
        *phrase = words.join(u' ');
        return true;
    }

    bool parseMailbox(Address *out, QString *err)
    {
        skipSpace();
        if (atEnd()) {
            *err = QStringLiteral("no address");
            return false;
        }
        QString spec;
        QString e;
        if (consumeAddrSpec(&spec, &e)) {
            QString comment;
            if (!skipCfws(&comment)) {
                *err = QStringLiteral("unclosed comment");
                return false;
            }
            out->email = spec;
            out->name = comment.trimmed();
            return true;
        }
        QString name;
        if (peek() != u'<') {
            if (!consumePhrase(&name, err))
                return false;
        }
        skipSpace();
        if (!consume(u'<')) {
            *err = QStringLiteral("missing @ or <address>");
            return false;
        }
        e.clear();
        if (!consumeAddrSpec(&spec, &e)) {
            *err = e;
            return false;
        }
        skipSpace();
        if (!consume(u'>')) {
            *err = QStringLiteral("unclosed <address>");
            return false;
        }
        if (!skipCfws()) {
            *err = QStringLiteral("unclosed comment");
            return false;
        }
        out->name = name;
        out->email = spec;
        return true;
    }

private:
    QStringView m_s;
    qsizetype m_i = 0;
};

Error addressError(QStringView text, const QString &why)
{
    return Error(QStringLiteral("address.invalid"),
                 QStringLiteral("invalid email address \"%1\": %2").arg(text.toString(), why));
}

bool needsQuoting(const QString &name)
{
    for (QChar c : name)
        if (!isAtext(c, false) && c != u' ')
            return true;
    return name.startsWith(u' ') || name.endsWith(u' ');
}

} // namespace

QString Address::domain() const
{
    const qsizetype at = email.lastIndexOf(u'@');
    return at < 0 ? QString() : email.mid(at + 1);
}

QString Address::localPart() const
{
    const qsizetype at = email.lastIndexOf(u'@');
    return at < 0 ? email : email.left(at);
}

QString Address::toString() const
{
    if (name.isEmpty())
        return email;
    QString n = name;
    if (needsQuoting(n)) {
        n.replace(u'\\', QLatin1String("\\\\"));
        n.replace(u'"', QLatin1String("\\\""));
        n = u'"' + n + u'"';
    }
    return n + QStringLiteral(" <") + email + u'>';
}

Result<Address> Address::parse(QStringView text)
{
    Parser p(text);
    Address a;
    QString err;
    if (!p.parseMailbox(&a, &err))
        return addressError(text, err);
    if (!p.atEnd())
        return addressError(text, QStringLiteral("unexpected text after the address"));
    return a;
}

Result<QList<Address>> Address::parseList(QStringView text)
{
    QList<Address> out;
    Parser p(text);
    p.skipSpace();
    if (p.atEnd())
        return out;
    for (;;) {
        Address a;
        QString err;
        if (!p.parseMailbox(&a, &err))
            return addressError(text, err);
        out.append(a);
        p.skipSpace();
        if (p.atEnd())
            break;
        if (!p.consume(u','))
            return addressError(text, QStringLiteral("expected ',' between addresses"));
    }
    return out;
}

QString formatAddressList(const AddressList &list)
{
    QStringList parts;
    parts.reserve(list.size());
    for (const Address &a : list)
        parts.append(a.toString());
    return parts.join(QLatin1String(", "));
}

QStringList bareAddresses(const AddressList &list)
{
    QStringList out;
    out.reserve(list.size());
    for (const Address &a : list)
        out.append(a.email);
    return out;
}

} // namespace Postrider
