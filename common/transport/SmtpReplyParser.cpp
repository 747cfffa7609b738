#include "SmtpReplyParser.h"

#include <QRegularExpression>

namespace Postrider {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Reply text as readable Unicode: UTF-8 (RFC 6531 servers may send it), every control
/// character except TAB replaced, so a reply can never forge a line in a log.
QString sanitizedText(QByteArrayView raw)
{
    QString text = QString::fromUtf8(raw);
    for (QChar &c : text)
        if ((c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f)
            c = u'?';
    return text;
}

} // namespace

qsizetype SmtpReplyParser::bufferedBytes() const
{
    return m_buffer.size() + m_currentBytes;
}

void SmtpReplyParser::reset()
{
    m_buffer.clear();
    m_current = {};
    m_currentBytes = 0;
    m_replies.clear();
    m_error.clear();
}

bool SmtpReplyParser::fail(QString why)
{
    m_error = std::move(why);
    m_buffer.clear();
    return false;
}

bool SmtpReplyParser::feed(QByteArrayView bytes)
{
    if (hasError())
        return false;
    m_buffer.append(bytes);
    qsizetype start = 0;
    for (;;) {
        const qsizetype lf = m_buffer.indexOf('\n', start);
        if (lf < 0)
            break;
        qsizetype end = lf;
        if (end > start && m_buffer.at(end - 1) == '\r')
            --end;
        if (lf + 1 - start > kMaxLineLength)
            return fail(QStringLiteral("reply line longer than %1 octets").arg(kMaxLineLength));
        if (!parseLine(QByteArrayView(m_buffer).sliced(start, end - start)))
            return false;
        m_currentBytes = m_current.lines.isEmpty() ? 0 : m_currentBytes + (lf + 1 - start);
        start = lf + 1;
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > kMaxLineLength)
        return fail(QStringLiteral("reply line longer than %1 octets").arg(kMaxLineLength));
    return true;
}

bool SmtpReplyParser::parseLine(QByteArrayView line)
{
    // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
    //                             Reply-code [ SP textstring ] CRLF
    // Reply-code: first digit 2-5, second 0-5, third 0-9.
    if (line.size() < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2]) || line[0] < '2' || line[0] > '5'
        || line[1] > '5')
        return fail(QStringLiteral("malformed reply line \"%1\"")
                        .arg(sanitizedText(line.first(std::min<qsizetype>(64, line.size())))));
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    bool last = true;
    QByteArrayView text;
    if (line.size() > 3) {
        if (line[3] == '-')
            last = false;
        else if (line[3] != ' ')
            return fail(QStringLiteral("malformed reply line \"%1\"")
                            .arg(sanitizedText(line.first(std::min<qsizetype>(64, line.size())))));
        text = line.sliced(4);
    }
    if (!m_current.lines.isEmpty() && m_current.code != code)
        return fail(
            QStringLiteral("reply code changed from %1 to %2 inside a multi-line reply").arg(m_current.code).arg(code));
    if (m_current.lines.size() >= kMaxLinesPerReply)
        return fail(QStringLiteral("reply longer than %1 lines").arg(kMaxLinesPerReply));
    m_current.code = code;
    m_current.lines.append(sanitizedText(text));
    if (m_current.lines.size() == 1)
        m_current.enhancedCode = enhancedCodeOf(code, m_current.lines.constFirst());
    if (last) {
        m_replies.append(std::move(m_current));
        m_current = {};
    }
    return true;
}

QString SmtpReplyParser::enhancedCodeOf(int code, QStringView text)
{
    // RFC 3463 §2: class "." subject "." detail; class 2, 4 or 5; subject and detail 1-3 digits.
    static const QRegularExpression re(QStringLiteral("^([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?=\\s|$)"));
    const auto m = re.match(text);
    if (!m.hasMatch() || m.capturedView(1).toInt() != code / 100)
        return {};
    return m.captured(0);
}

} // namespace Postrider
