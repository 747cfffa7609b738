#include "SmtpLineReader.h"

namespace Postrider {

void SmtpLineReader::append(QByteArrayView bytes)
{
    compact();
    m_buffer.append(bytes);
}

std::optional<SmtpLineReader::Line> SmtpLineReader::readLine(qsizetype maxOctets)
{
    const QByteArrayView avail = pending();
    const qsizetype lf = avail.indexOf('\n');
    if (m_discarding) {
        if (lf < 0) {
            clear();
            m_discarding = true;
            return std::nullopt;
        }
        consume(lf + 1);
        m_discarding = false;
        return Line{QByteArray(), true};
    }
    if (lf < 0) {
        if (avail.size() >= maxOctets) {
            // Not even the terminator fits any more: stop buffering this line.
            clear();
            m_discarding = true;
        }
        return std::nullopt;
    }
    if (lf + 1 > maxOctets) {
        consume(lf + 1);
        return Line{QByteArray(), true};
    }
    qsizetype end = lf;
    if (end > 0 && avail[end - 1] == '\r')
        --end;
    Line line{avail.first(end).toByteArray(), false};
    consume(lf + 1);
    return line;
}

void SmtpLineReader::consume(qsizetype n)
{
    m_offset += qMin(n, pendingSize());
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    }
}

void SmtpLineReader::clear()
{
    m_buffer.clear();
    m_offset = 0;
    m_discarding = false;
}

void SmtpLineReader::compact()
{
    if (m_offset > 0 && m_offset >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
}

} // namespace Postrider
