#include "SmtpCommandParser.h"

#include "core/Address.h"

#include <QStringDecoder>

namespace Postrider {

std::optional<QByteArray> SmtpPathArgument::parameter(QByteArrayView keyword) const
{
    for (const auto &p : parameters)
        if (p.first == keyword)
            return p.second;
    return std::nullopt;
}

namespace SmtpCommandParser {

namespace {

Error syntaxError(const QString &what)
{
    return Error(QStringLiteral("smtp.syntax"), what);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isSpace(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isSpace(v.back()))
        v.chop(1);
    return v;
}

/// RFC 5321 §4.1.2 esmtp-keyword: ALPHA / DIGIT, then also "-".
bool isKeyword(QByteArrayView k)
{
    if (k.isEmpty())
        return false;
    for (qsizetype i = 0; i < k.size(); ++i) {
        const char c = k[i];
        const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !(i > 0 && c == '-'))
            return false;
    }
    return true;
}

/// esmtp-value: %d33-60 / %d62-126, plus UTF-8 (RFC 6531 §3.3).
bool isValue(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char ch : v) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 33 || c == '=' || c == 127)
            return false;
    }
    return true;
}

/// Index of the `>` closing the path that starts at `v[0] == '<'`, honouring quoted strings and
/// quoted pairs in the local part (RFC 5321 §4.1.2 Quoted-string); -1 when there is none.
qsizetype closingBracket(QByteArrayView v)
{
    bool quoted = false;
    for (qsizetype i = 1; i < v.size(); ++i) {
        const char c = v[i];
        if (c == '\\' && quoted) {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == '>' && !quoted) {
            return i;
        }
    }
    return -1;
}

Result<SmtpPathArgument> parsePath(QByteArrayView argument, QByteArrayView prefix, const QString &usage)
{
    QByteArrayView v = trimmed(argument);
    if (v.size() < prefix.size() || QByteArrayView(v.first(prefix.size())).compare(prefix, Qt::CaseInsensitive) != 0)
        return syntaxError(usage);
    v = v.sliced(prefix.size());
    while (!v.isEmpty() && isSpace(v.front()))
        v = v.sliced(1);
    if (v.isEmpty() || v.front() != '<')
        return syntaxError(usage);
    const qsizetype close = closingBracket(v);
    if (close < 0 || close + 1 > kMaxPathOctets)
        return syntaxError(usage);
    QByteArrayView mailbox = v.sliced(1, close - 1);
    // RFC 5321 §4.1.1.3 / Appendix C: a source route ("@a,@b:") is accepted and ignored.
    if (mailbox.startsWith('@')) {
        const qsizetype colon = mailbox.indexOf(':');
        if (colon < 0)
            return syntaxError(usage);
        mailbox = mailbox.sliced(colon + 1);
    }
    if (mailbox.isEmpty())
        return syntaxError(usage);
    for (char ch : mailbox) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 32 || c == 127)
            return syntaxError(usage);
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(mailbox);
    if (utf8.hasError())
        return syntaxError(usage);
    const Result<Address> parsed = Address::parse(text);
    if (!parsed || !parsed->name.isEmpty() || parsed->email != text)
        return syntaxError(usage);

    SmtpPathArgument out;
    out.address = text;
    for (char ch : mailbox)
        out.nonAscii = out.nonAscii || static_cast<unsigned char>(ch) >= 0x80;

    QByteArrayView rest = v.sliced(close + 1);
    if (!rest.isEmpty() && !isSpace(rest.front()))
        return syntaxError(usage);
    rest = trimmed(rest);
    while (!rest.isEmpty()) {
        qsizetype end = 0;
        while (end < rest.size() && !isSpace(rest[end]))
            ++end;
        const QByteArrayView param = rest.first(end);
        const qsizetype eq = param.indexOf('=');
        const QByteArrayView key = eq < 0 ? param : param.first(eq);
        const QByteArrayView value = eq < 0 ? QByteArrayView() : param.sliced(eq + 1);
        if (!isKeyword(key) || (eq >= 0 && !isValue(value)))
            return syntaxError(usage);
        out.parameters.append({key.toByteArray().toUpper(), value.toByteArray()});
        rest = trimmed(rest.sliced(end));
    }
    return out;
}

} // namespace

SmtpCommand parseCommand(QByteArrayView line)
{
    line = trimmed(line);
    qsizetype space = 0;
    while (space < line.size() && !isSpace(line[space]))
        ++space;
    SmtpCommand cmd;
    cmd.verb = line.first(space).toByteArray().toUpper();
    cmd.argument = trimmed(line.sliced(space)).toByteArray();
    return cmd;
}

Result<SmtpPathArgument> parseMailFrom(QByteArrayView argument)
{
    return parsePath(argument, "FROM:", QStringLiteral("Syntax: MAIL FROM:<address>"));
}

Result<SmtpPathArgument> parseRcptTo(QByteArrayView argument)
{
    return parsePath(argument, "TO:", QStringLiteral("Syntax: RCPT TO:<address>"));
}

std::optional<QByteArray> decodeSaslResponse(QByteArrayView text)
{
    text = trimmed(text);
    if (text == "=")
        return QByteArray();
    if (text.isEmpty())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<PlainCredentials> parsePlain(const QByteArray &decoded)
{
    const qsizetype first = decoded.indexOf('\0');
    if (first < 0)
        return std::nullopt;
    const qsizetype second = decoded.indexOf('\0', first + 1);
    if (second < 0 || decoded.indexOf('\0', second + 1) >= 0)
        return std::nullopt;
    PlainCredentials c;
    c.authzid = decoded.first(first);
    c.username = decoded.sliced(first + 1, second - first - 1);
    c.password = decoded.sliced(second + 1);
    if (c.username.isEmpty() || c.password.isEmpty())
        return std::nullopt;
    return c;
}

} // namespace SmtpCommandParser

} // namespace Postrider
