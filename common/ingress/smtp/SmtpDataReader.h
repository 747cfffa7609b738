#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Postrider {

/// \brief Reads the DATA section of one transaction (RFC 5321 §4.1.1.4): removes dot-stuffing
/// (§4.5.2), stops at the `<CRLF>.<CRLF>` end marker and keeps at most `maxMessageOctets` of
/// content (SIZE, RFC 1870), so memory stays bounded whatever the client sends.
///
/// SMTP smuggling (decisions §10): only a line that is exactly `.` followed by CRLF ends the
/// message. A bare LF or a bare CR never ends a line or the message; a message that contains
/// one is read to its real end and then flagged, so the session rejects it whole.
class SmtpDataReader
{
public:
    enum class Verdict { Ok, TooBig, BareLineBreak, LineTooLong };

    explicit SmtpDataReader(qint64 maxMessageOctets, qsizetype maxLineOctets);

    /// Consumes bytes up to and including the end marker; returns how many were used. Bytes after
    /// the marker (pipelined commands) are left to the caller.
    qsizetype feed(QByteArrayView bytes);
    bool finished() const { return m_finished; }
    Verdict verdict() const;
    /// The unstuffed message with CRLF line ends; empty unless the verdict is Ok.
    const QByteArray &message() const { return m_message; }
    QByteArray takeMessage() { return std::move(m_message); }
    /// Octets of content seen (counted after unstuffing, CRLF included), even past the cap.
    qint64 receivedOctets() const { return m_received; }
    /// Complete lines consumed so far (a client that trickles one line slowly makes no progress).
    qint64 lines() const { return m_lines; }

private:
    void processLine(QByteArrayView line);

    qint64 m_maxMessage;
    qsizetype m_maxLine;
    QByteArray m_message;
    QByteArray m_partial; ///< the current line, when a read ended inside it
    qint64 m_received = 0;
    qint64 m_lines = 0;
    bool m_finished = false;
    bool m_tooBig = false;
    bool m_bareLineBreak = false;
    bool m_lineTooLong = false;
    bool m_discardingLine = false;
    bool m_lastLineCrlf = true; ///< the CRLF ending the DATA command line counts
};

} // namespace Postrider
