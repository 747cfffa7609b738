#include "SmtpWire.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Postrider::Smtp {

QByteArray encodeData(QByteArrayView message)
{
    QByteArray out;
    out.reserve(message.size() + message.size() / 64 + 8);
    bool lineStart = true;
    for (qsizetype i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r' || c == '\n') {
            // CRLF, a lone CR and a lone LF all end one line (never two for CRLF).
            if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n')
                ++i;
            out += "\r\n";
            lineStart = true;
            continue;
        }
        if (lineStart && c == '.')
            out += '.'; // RFC 5321 §4.5.2: transparency
        out += c;
        lineStart = false;
    }
    if (!lineStart)
        out += "\r\n";
    out += ".\r\n";
    return out;
}

QByteArray unstuffLine(QByteArrayView line)
{
    return (line.startsWith('.') ? line.sliced(1) : line).toByteArray();
}

qsizetype longestLine(QByteArrayView data)
{
    qsizetype longest = 0;
    qsizetype current = 0;
    for (const char c : data) {
        if (c == '\r' || c == '\n') {
            current = 0;
            continue;
        }
        longest = std::max(longest, ++current);
    }
    return longest;
}

bool has8BitOctets(QByteArrayView data)
{
    for (const char c : data)
        if (static_cast<unsigned char>(c) >= 0x80)
            return true;
    return false;
}

bool isAscii(QStringView text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x80)
            return false;
    return true;
}

QByteArray saslPlainResponse(const QString &username, const QString &password)
{
    return (QByteArray(1, '\0') + username.toUtf8() + QByteArray(1, '\0') + password.toUtf8()).toBase64();
}

QString redactCredentials(QString text, const QString &username, const QString &password)
{
    if (password.isEmpty())
        return text;
    const QString secrets[] = {
        QString::fromLatin1(saslPlainResponse(username, password)),
        QString::fromLatin1(password.toUtf8().toBase64()),
        password,
    };
    for (const QString &s : secrets)
        text.replace(s, QStringLiteral("[REDACTED]"));
    return text;
}

QString queueIdFromReply(const SmtpReply &reply)
{
    static const QRegularExpression patterns[] = {
        QRegularExpression(QStringLiteral("\\bqueued as\\s+<?([^\\s<>;,]+)"),
                           QRegularExpression::CaseInsensitiveOption),
        QRegularExpression(QStringLiteral("\\bid=<?([^\\s<>;,]+)"), QRegularExpression::CaseInsensitiveOption),
        QRegularExpression(QStringLiteral("^(?:[245]\\.[0-9]{1,3}\\.[0-9]{1,3}\\s+)?ok:?\\s+<?([^\\s<>;,]+)>?\\s*$"),
                           QRegularExpression::CaseInsensitiveOption),
    };
    constexpr qsizetype kMaxIdLength = 256;
    const QString text = reply.lines.isEmpty() ? QString() : reply.lines.join(u' ');
    for (const QRegularExpression &re : patterns) {
        const auto m = re.match(text);
        if (m.hasMatch() && m.capturedLength(1) <= kMaxIdLength)
            return m.captured(1);
    }
    return {};
}

bool isLoopbackHost(const QString &host)
{
    QString h = host.trimmed().toLower();
    if (h.endsWith(u'.'))
        h.chop(1);
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost")))
        return true;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h.startsWith(QLatin1String("ipv6:")))
        h = h.mid(5);
    QHostAddress address;
    return address.setAddress(h) && address.isLoopback();
}

bool isValidHeloName(const QString &name)
{
    static const QRegularExpression domain(QStringLiteral(
        "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$"));
    static const QRegularExpression literal(QStringLiteral("^\\[(?:IPv6:[0-9A-Fa-f:.]+|[0-9.]+)\\]$"));
    if (name.isEmpty() || name.size() > 255)
        return false;
    return domain.match(name).hasMatch() || literal.match(name).hasMatch();
}

} // namespace Postrider::Smtp
