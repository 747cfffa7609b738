#pragma once

#include "SmtpReply.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Postrider {

/// \brief Turns the bytes an SMTP server sends into complete replies (RFC 5321 §4.2), with a
/// bound on every dimension so a hostile or broken server cannot make the client buffer without
/// limit. Pure: no socket, so tests and the fuzzer feed it bytes directly.
///
/// Lines end in CRLF; a bare LF is accepted (lenient, as most clients are). A line that is not
/// `ddd`, `ddd-text` or `ddd text`, a continuation line with a different code, or a limit
/// exceeded puts the parser into an error state it does not leave until reset().
class SmtpReplyParser
{
public:
    /// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers exceed it (long
    /// "queued as" texts, banner lines), so accept up to 8 times that.
    static constexpr qsizetype kMaxLineLength = 4096;
    /// Lines in one multi-line reply (an EHLO reply of a large MTA has about 15).
    static constexpr int kMaxLinesPerReply = 128;

    /// Appends bytes; returns false once the stream is malformed (see errorString()).
    bool feed(QByteArrayView bytes);
    bool hasReply() const { return !m_replies.isEmpty(); }
    SmtpReply takeReply() { return m_replies.takeFirst(); }
    int pendingReplies() const { return int(m_replies.size()); }

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    /// Bytes received that are not yet part of a complete reply (a partial line or the first
    /// lines of a multi-line reply). After STARTTLS's 220 this must be zero (RFC 3207 §5).
    qsizetype bufferedBytes() const;

    void reset();

    /// Splits "5.7.8 text" into its enhanced code when the class matches the reply code's first
    /// digit (RFC 3463 §2, RFC 2034 §4); returns an empty string otherwise.
    static QString enhancedCodeOf(int code, QStringView text);

private:
    bool parseLine(QByteArrayView line);
    bool fail(QString why);

    QByteArray m_buffer; ///< bytes after the last complete line
    SmtpReply m_current; ///< lines of a multi-line reply seen so far
    qsizetype m_currentBytes = 0;
    QList<SmtpReply> m_replies;
    QString m_error;
};

} // namespace Postrider
