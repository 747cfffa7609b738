#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Postrider {

/// \brief The bytes a session has received but not yet processed, and the framing of command
/// lines out of them (RFC 5321 §2.3.8: lines end with CRLF; a bare LF is accepted as the end of
/// a command line, as most servers do, but never inside DATA — see SmtpDataReader).
///
/// A line longer than the caller's limit is never buffered: its bytes are dropped up to the next
/// LF and readLine() then reports it once as `tooLong`.
class SmtpLineReader
{
public:
    struct Line
    {
        QByteArray text; ///< without the line terminator
        bool tooLong = false; ///< the line exceeded the limit; `text` is empty
    };

    void append(QByteArrayView bytes);
    /// The next complete line of at most `maxOctets` octets including its terminator, or nullopt
    /// when more input is needed.
    std::optional<Line> readLine(qsizetype maxOctets);
    /// Unprocessed bytes (DATA is read from here by SmtpDataReader).
    QByteArrayView pending() const { return QByteArrayView(m_buffer).sliced(m_offset); }
    qsizetype pendingSize() const { return m_buffer.size() - m_offset; }
    void consume(qsizetype n);
    /// Drops everything received so far (STARTTLS: RFC 3207 §4.2 and CVE-2011-0411).
    void clear();

private:
    void compact();

    QByteArray m_buffer;
    qsizetype m_offset = 0;
    bool m_discarding = false; ///< inside an over-long line, dropping bytes up to its LF
};

} // namespace Postrider
