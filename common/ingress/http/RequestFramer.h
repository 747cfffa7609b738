#pragma once

#include "HttpMessage.h"

#include <QByteArray>

namespace Postrider::Http {

/// \brief Finds where each HTTP/1.x request on a connection starts and ends (RFC 9112 §2–§7), so
/// the connection guard can enforce the header cap, the body cap and the request deadline before
/// anything is buffered, and hand QtHttpServer exactly one complete request at a time.
///
/// Bytes are consumed from the front of the caller's input buffer as they are framed. A
/// Content-Length body is kept as it arrives; a chunked body is decoded as it arrives, so memory
/// is bounded by the body cap and not by the client's chunk framing. The request handed on
/// (takeRequest()) always has a Content-Length: chunked bodies are re-framed, and a body refused
/// as too large is replaced by an empty one so the endpoint pipeline still runs its earlier steps
/// (Posthorn §2.2 checks method, type, origin and rate limit before the body) and answers 413.
class RequestFramer
{
public:
    /// \brief The parsed request head.
    struct Head
    {
        QByteArray method;
        QByteArray target;
        int httpMinor = 1;
        HeaderList headers;
        qint64 contentLength = -1; ///< -1 = none
        bool chunked = false;
        bool keepAlive = true; ///< RFC 9112 §9.3: HTTP/1.1 default, `Connection: close`, HTTP/1.0 rules
        bool expectContinue = false; ///< `Expect: 100-continue` (RFC 9110 §10.1.1)
        bool upgrade = false; ///< an `Upgrade` header, which the guard removes (RFC 9110 §7.8 lets us ignore it)
        bool lengthListed = false; ///< Content-Length repeated or as a list of equal values: re-framed
    };

    enum class Kind {
        NeedMore, ///< everything available was consumed; wait for more bytes
        HeadComplete, ///< head() is valid; call setBodyLimit() and advance() again
        Complete, ///< the request is complete: takeRequest()
        BodyTooLarge, ///< the body exceeds the limit; takeRequest() gives the head with an empty body
        Error, ///< unusable request: answer `status` and close
    };
    struct Step
    {
        Kind kind = Kind::NeedMore;
        int status = 0; ///< Error: 400, 431, 501 or 505
        QByteArray reason; ///< Error: why, for the response and the log
    };

    explicit RequestFramer(qsizetype maxHeaderBytes);

    Step advance(QByteArray &input);
    void setBodyLimit(qint64 limit);
    const Head &head() const { return m_head; }
    /// True once a byte of the current request (after optional leading blank lines) has arrived.
    bool started() const { return m_started; }
    /// Decoded body bytes received so far for the current request.
    qint64 bodyBytes() const { return m_body.size(); }
    /// The request to hand on; resets the framer for the next request.
    QByteArray takeRequest();

private:
    /// Moves up to m_remaining bytes of `input` into the body; true once none remain.
    bool takeBody(QByteArray &input);
    enum class State { Head, AwaitLimit, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, TooLarge };
    Step parseHead(const QByteArray &raw);
    Step error(int status, const char *reason);
    void reset();

    qsizetype m_maxHeader;
    State m_state = State::Head;
    Head m_head;
    QByteArray m_headRaw;
    QByteArray m_body;
    qint64 m_limit = 0;
    qint64 m_remaining = 0;
    qsizetype m_scan = 0;
    qsizetype m_leadingBlank = 0;
    qsizetype m_trailerBytes = 0;
    bool m_started = false;
};

} // namespace Postrider::Http
