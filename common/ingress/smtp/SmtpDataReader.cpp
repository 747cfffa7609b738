#include "SmtpDataReader.h"

namespace Postrider {

SmtpDataReader::SmtpDataReader(qint64 maxMessageOctets, qsizetype maxLineOctets)
    : m_maxMessage(maxMessageOctets)
    , m_maxLine(maxLineOctets)
{ }

qsizetype SmtpDataReader::feed(QByteArrayView bytes)
{
    qsizetype used = 0;
    while (!m_finished && used < bytes.size()) {
        const QByteArrayView rest = bytes.sliced(used);
        const qsizetype lf = rest.indexOf('\n');
        if (lf < 0) {
            // An incomplete line: keep it (bounded) until its LF arrives.
            if (!m_discardingLine) {
                if (m_partial.size() + rest.size() > m_maxLine) {
                    m_lineTooLong = true;
                    m_discardingLine = true;
                    m_partial.clear();
                    m_message = QByteArray();
                } else {
                    m_partial.append(rest);
                }
            }
            return bytes.size();
        }
        const QByteArrayView piece = rest.first(lf + 1);
        used += lf + 1;
        ++m_lines;
        if (m_discardingLine) {
            m_discardingLine = false;
            m_partial.clear();
            m_lastLineCrlf = piece.endsWith("\r\n");
            // The tail of an over-long line is not inspected for the end marker: a `.` line can
            // only start after an LF, and this LF ends the long line.
            continue;
        }
        if (m_partial.isEmpty()) {
            processLine(piece);
        } else {
            m_partial.append(piece);
            const QByteArray line = std::exchange(m_partial, QByteArray());
            processLine(line);
        }
    }
    return used;
}

void SmtpDataReader::processLine(QByteArrayView line)
{
    if (line.size() > m_maxLine) {
        m_lineTooLong = true;
        m_lastLineCrlf = line.endsWith("\r\n");
        m_message = QByteArray();
        return;
    }
    // `line` ends with LF. Only CRLF is a line break (RFC 5321 §2.3.8).
    const bool crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
    QByteArrayView content = line.first(line.size() - (crlf ? 2 : 1));
    // The end marker is CRLF "." CRLF (§4.1.1.4): the dot line must itself end in CRLF and follow
    // a line that did. A bare LF is never a line end, so `<LF>.<LF>` and `<LF>.<CR><LF>` are content.
    const bool endsMessage = crlf && m_lastLineCrlf && content == ".";
    m_lastLineCrlf = crlf;
    if (endsMessage) {
        m_finished = true;
        return;
    }
    if (!crlf)
        m_bareLineBreak = true;
    if (content.contains('\r'))
        m_bareLineBreak = true; // `<CR>.<CR>`-style markers and other lone CRs
    if (content.startsWith('.'))
        content = content.sliced(1); // RFC 5321 §4.5.2 transparency
    const qint64 octets = content.size() + 2;
    m_received += octets;
    if (m_tooBig || m_bareLineBreak || m_lineTooLong) {
        m_message = QByteArray(); // rejected whatever follows; hold nothing
        return;
    }
    if (m_message.size() + octets > m_maxMessage) {
        m_tooBig = true;
        m_message = QByteArray(); // release it now; the rest is only counted
        return;
    }
    m_message.append(content);
    m_message.append("\r\n", 2);
}

SmtpDataReader::Verdict SmtpDataReader::verdict() const
{
    if (m_bareLineBreak)
        return Verdict::BareLineBreak;
    if (m_lineTooLong)
        return Verdict::LineTooLong;
    if (m_tooBig)
        return Verdict::TooBig;
    return Verdict::Ok;
}

} // namespace Postrider
