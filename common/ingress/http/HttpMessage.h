#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QPair>

namespace Postrider::Http {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// First value of header `name` (case-insensitive), as Go's Header.Get returns it; empty when absent.
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);
bool hasHeader(const HeaderList &headers, QByteArrayView name);

/// \brief One request, copied out of QtHttpServer (which reuses its request object) together with
/// what the connection guard learnt while framing it. Plain data: safe to keep after the handler
/// returned and to hand to asynchronous steps.
struct HttpRequest
{
    QByteArray method; ///< as sent, e.g. "POST"
    QByteArray target; ///< raw request-target, e.g. "/contact?a=1" (not normalised by QUrl)
    QByteArray path; ///< target up to '?', still percent-encoded
    QByteArray rawQuery; ///< target after '?', without it
    HeaderList headers;
    QByteArray body; ///< empty when bodyTooLarge
    QHostAddress peer; ///< TCP peer (IPv4-mapped IPv6 unmapped to IPv4, as Go reports it)
    quint16 peerPort = 0;
    int httpMinor = 1; ///< HTTP/1.x
    bool bodyTooLarge = false; ///< the body exceeded `bodyLimit` and was not read
    qint64 bodyLimit = 0; ///< the cap the guard applied (bytes)
    qint64 receivedMs = 0; ///< steady clock when the handler got the request
    quint64 connectionId = 0;

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
};

/// \brief A complete response. The adapter adds Content-Length (and `Connection: close` when the
/// connection ends after it).
struct HttpResponse
{
    int status = 200;
    HeaderList headers;
    QByteArray body;
    /// Close the connection after this response (its request body was not read, or the client
    /// asked for it).
    bool closeConnection = false;

    /// `Content-Type: application/json; charset=utf-8`.
    static HttpResponse json(int status, QByteArray body);
    /// Go's http.Error shape: text/plain; charset=utf-8, X-Content-Type-Options: nosniff.
    static HttpResponse text(int status, QByteArray body);
    /// 303 See Other with `Location` (no body, as Go writes for POST).
    static HttpResponse seeOther(QByteArray location);
};

} // namespace Postrider::Http
