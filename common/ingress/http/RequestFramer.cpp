#include "RequestFramer.h"

#include "HttpLimits.h"
#include "core/Ascii.h"

#include <cstring>

namespace Postrider::Http {

namespace {

/// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

QByteArrayView trimOws(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

/// Calls `fn` for each non-empty, trimmed element of a comma-separated list (RFC 9110 §5.6.1).
template<typename Fn>
void forEachListItem(QByteArrayView value, Fn fn)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimOws(comma < 0 ? value : value.first(comma));
        if (!item.isEmpty())
            fn(item);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
}

/// Index just past the blank line ending a head (CRLF CRLF, or bare LF line ends), or -1.
qsizetype findHeadEnd(const QByteArray &in, qsizetype from)
{
    const char *data = in.constData();
    const qsizetype size = in.size();
    for (qsizetype i = from; i < size; ++i) {
        const void *nl = std::memchr(data + i, '\n', size_t(size - i));
        if (!nl)
            return -1;
        i = static_cast<const char *>(nl) - data;
        if (i + 1 < size && data[i + 1] == '\n')
            return i + 2;
        if (i + 2 < size && data[i + 1] == '\r' && data[i + 2] == '\n')
            return i + 3;
    }
    return -1;
}

bool parseDecimal(QByteArrayView s, qint64 *out)
{
    if (s.isEmpty() || s.size() > 18)
        return false;
    qint64 v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

} // namespace

RequestFramer::RequestFramer(qsizetype maxHeaderBytes)
    : m_maxHeader(maxHeaderBytes)
{ }

void RequestFramer::reset()
{
    m_state = State::Head;
    m_head = Head();
    m_headRaw.clear();
    m_body.clear();
    m_limit = 0;
    m_remaining = 0;
    m_scan = 0;
    m_leadingBlank = 0;
    m_trailerBytes = 0;
    m_started = false;
}

RequestFramer::Step RequestFramer::error(int status, const char *reason)
{
    m_state = State::Done;
    return Step{Kind::Error, status, QByteArray(reason)};
}

void RequestFramer::setBodyLimit(qint64 limit)
{
    if (m_state != State::AwaitLimit)
        return;
    m_limit = limit;
    if (m_head.chunked) {
        m_state = State::ChunkSize;
    } else if (m_head.contentLength > limit) {
        m_state = State::TooLarge; // refused from Content-Length alone: no body byte is read
    } else {
        m_remaining = std::max<qint64>(0, m_head.contentLength);
        // Reserve only what a first read could fill: a client announcing a large body that never
        // arrives must not cost memory up front.
        m_body.reserve(std::min<qint64>(m_remaining, kSocketReadBufferBytes));
        m_state = State::Body;
    }
}

bool RequestFramer::takeBody(QByteArray &input)
{
    const qint64 take = std::min<qint64>(m_remaining, input.size());
    if (take > 0) {
        m_body.append(input.constData(), take);
        input.remove(0, take);
        m_remaining -= take;
    }
    return m_remaining == 0;
}

RequestFramer::Step RequestFramer::advance(QByteArray &input)
{
    for (;;) {
        switch (m_state) {
        case State::Head: {
            // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
            if (!m_started) {
                qsizetype skip = 0;
                while (skip < input.size() && (input.at(skip) == '\r' || input.at(skip) == '\n'))
                    ++skip;
                if (skip) {
                    m_leadingBlank += skip;
                    input.remove(0, skip);
                    if (m_leadingBlank > m_maxHeader)
                        return error(431, "request header fields too large");
                }
                if (input.isEmpty())
                    return {};
                m_started = true;
            }
            const qsizetype end = findHeadEnd(input, m_scan);
            if (end < 0) {
                if (input.size() > m_maxHeader)
                    return error(431, "request header fields too large");
                m_scan = std::max<qsizetype>(0, input.size() - 2);
                return {};
            }
            if (end > m_maxHeader)
                return error(431, "request header fields too large");
            m_headRaw = input.left(end);
            input.remove(0, end);
            const Step s = parseHead(m_headRaw);
            if (s.kind == Kind::Error)
                return s;
            m_state = State::AwaitLimit;
            return Step{Kind::HeadComplete};
        }
        case State::AwaitLimit:
            return Step{Kind::HeadComplete};
        case State::Body:
            if (!takeBody(input))
                return {};
            m_state = State::Done;
            return Step{Kind::Complete};
        case State::ChunkSize: {
            const qsizetype nl = input.indexOf('\n');
            if (nl < 0) {
                if (input.size() > kMaxChunkLineBytes)
                    return error(400, "chunk size line too long");
                return {};
            }
            if (nl > kMaxChunkLineBytes)
                return error(400, "chunk size line too long");
            QByteArrayView line(input.constData(), nl);
            if (line.endsWith('\r'))
                line.chop(1);
            // chunk-size [ BWS ";" chunk-ext ] (RFC 9112 §7.1.1)
            qsizetype digits = 0;
            qint64 size = 0;
            bool overflow = false;
            while (digits < line.size()) {
                const int v = hexDigitValue(line.at(digits));
                if (v < 0)
                    break;
                if (size > (Q_INT64_C(1) << 58))
                    overflow = true;
                else
                    size = size * 16 + v;
                ++digits;
            }
            const QByteArrayView rest = trimOws(line.sliced(digits));
            if (digits == 0 || (!rest.isEmpty() && rest.front() != ';'))
                return error(400, "malformed chunk size");
            input.remove(0, nl + 1);
            if (overflow || size > m_limit - m_body.size()) {
                m_state = State::TooLarge;
                return Step{Kind::BodyTooLarge};
            }
            if (size == 0) {
                m_state = State::Trailers;
            } else {
                m_remaining = size;
                m_state = State::ChunkData;
            }
            break;
        }
        case State::ChunkData:
            if (!takeBody(input))
                return {};
            m_state = State::ChunkDataEnd;
            break;
        case State::ChunkDataEnd:
            if (input.startsWith("\r\n")) {
                input.remove(0, 2);
            } else if (input.startsWith('\n')) {
                input.remove(0, 1);
            } else if (input.isEmpty() || input == "\r") {
                return {};
            } else {
                return error(400, "malformed chunked body");
            }
            m_state = State::ChunkSize;
            break;
        case State::Trailers: {
            // Trailer fields are read and discarded (RFC 9112 §7.1.2), within the header cap.
            const qsizetype nl = input.indexOf('\n');
            if (nl < 0) {
                if (m_trailerBytes + input.size() > m_maxHeader)
                    return error(431, "request header fields too large");
                return {};
            }
            m_trailerBytes += nl + 1;
            if (m_trailerBytes > m_maxHeader)
                return error(431, "request header fields too large");
            const bool blank = nl == 0 || (nl == 1 && input.at(0) == '\r');
            input.remove(0, nl + 1);
            if (blank) {
                m_state = State::Done;
                return Step{Kind::Complete};
            }
            break;
        }
        case State::Done:
            return Step{Kind::Complete};
        case State::TooLarge:
            return Step{Kind::BodyTooLarge};
        }
    }
}

RequestFramer::Step RequestFramer::parseHead(const QByteArray &raw)
{
    Head h;
    QByteArrayView rest(raw);
    const auto nextLine = [&rest]() {
        const qsizetype nl = rest.indexOf('\n');
        QByteArrayView line = rest.first(nl);
        rest = rest.sliced(nl + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    };
    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    const QByteArrayView requestLine = nextLine();
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return error(400, "malformed request line");
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method) || target.isEmpty())
        return error(400, "malformed request line");
    for (char c : target)
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f)
            return error(400, "malformed request line");
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.' || version.at(5) < '0'
        || version.at(5) > '9' || version.at(7) < '0' || version.at(7) > '9')
        return error(400, "malformed HTTP version");
    if (version.at(5) != '1')
        return error(505, "HTTP version not supported");
    if (method == "CONNECT")
        return error(405, "method not allowed");
    h.method = method.toByteArray();
    h.target = target.toByteArray();
    h.httpMinor = version.at(7) == '0' ? 0 : 1;

    bool connectionClose = false;
    bool connectionKeepAlive = false;
    int hosts = 0;
    bool sawTransferEncoding = false;
    bool chunkedLast = false;
    bool otherCoding = false;
    while (!rest.isEmpty()) {
        const QByteArrayView line = nextLine();
        if (line.isEmpty())
            break;
        if (line.front() == ' ' || line.front() == '\t')
            return error(400, "obsolete header line folding"); // RFC 9112 §5.2
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return error(400, "malformed header field"); // includes white space before ':' (§5.1)
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimOws(line.sliced(colon + 1));
        for (char c : value)
            if (c == '\r' || c == '\0')
                return error(400, "malformed header field");
        h.headers.append({name.toByteArray(), value.toByteArray()});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            // RFC 9112 §6.3: a list of identical values may be read as one; QtHttpServer's parser
            // would refuse it, so such a head is re-framed with a single Content-Length.
            h.lengthListed = h.lengthListed || h.contentLength >= 0 || value.contains(',');
            bool ok = true;
            forEachListItem(value, [&](QByteArrayView item) {
                qint64 n = 0;
                if (!parseDecimal(item, &n) || (h.contentLength >= 0 && n != h.contentLength))
                    ok = false;
                else
                    h.contentLength = n;
            });
            if (!ok || h.contentLength < 0)
                return error(400, "invalid Content-Length");
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            sawTransferEncoding = true;
            forEachListItem(value, [&](QByteArrayView item) {
                if (chunkedLast)
                    otherCoding = true; // a coding after chunked
                chunkedLast = item.compare("chunked", Qt::CaseInsensitive) == 0;
                if (!chunkedLast)
                    otherCoding = true;
            });
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            forEachListItem(value, [&](QByteArrayView item) {
                if (item.compare("close", Qt::CaseInsensitive) == 0)
                    connectionClose = true;
                else if (item.compare("keep-alive", Qt::CaseInsensitive) == 0)
                    connectionKeepAlive = true;
            });
        } else if (name.compare("host", Qt::CaseInsensitive) == 0) {
            ++hosts;
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            if (value.compare("100-continue", Qt::CaseInsensitive) == 0)
                h.expectContinue = true;
        } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
            h.upgrade = true;
        }
    }
    if (h.httpMinor == 1 && hosts != 1)
        return error(400, hosts ? "too many Host headers" : "missing required Host header"); // RFC 9112 §3.2
    if (sawTransferEncoding) {
        // RFC 9112 §6.1/§6.3: chunked must be the final coding; a request carrying both framings is a
        // smuggling attempt; HTTP/1.0 has no transfer codings.
        if (h.httpMinor == 0 || h.contentLength >= 0 || !chunkedLast)
            return error(400, "invalid Transfer-Encoding");
        if (otherCoding)
            return error(501, "unsupported transfer coding");
        h.chunked = true;
    }
    h.keepAlive = h.httpMinor == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose);
    m_head = std::move(h);
    return {};
}

QByteArray RequestFramer::takeRequest()
{
    QByteArray out;
    const bool tooLarge = m_state == State::TooLarge;
    if (!tooLarge && !m_head.chunked && !m_head.upgrade && !m_head.lengthListed) {
        out.reserve(m_headRaw.size() + m_body.size());
        out.append(m_headRaw).append(m_body);
    } else {
        // Re-frame: the same request line and fields, minus framing and Upgrade, plus an exact length.
        const QByteArray body = tooLarge ? QByteArray() : m_body;
        out.reserve(m_headRaw.size() + body.size() + 32);
        out.append(m_head.method)
            .append(' ')
            .append(m_head.target)
            .append(" HTTP/1.")
            .append(m_head.httpMinor ? '1' : '0');
        out.append("\r\n");
        for (const auto &h : std::as_const(m_head.headers)) {
            if (h.first.compare("content-length", Qt::CaseInsensitive) == 0
                || h.first.compare("transfer-encoding", Qt::CaseInsensitive) == 0
                || h.first.compare("upgrade", Qt::CaseInsensitive) == 0)
                continue;
            out.append(h.first).append(": ").append(h.second).append("\r\n");
        }
        out.append("Content-Length: ").append(QByteArray::number(body.size())).append("\r\n\r\n");
        out.append(body);
    }
    reset();
    return out;
}

} // namespace Postrider::Http
