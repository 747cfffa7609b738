#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>

namespace Postrider::Test {

using FakeHeaderList = QList<QPair<QByteArray, QByteArray>>;

/// \brief One request as the fake received it (body already de-chunked).
struct FakeHttpRequest
{
    /// \brief One part of a multipart/form-data body.
    struct Part
    {
        QByteArray name;
        QByteArray filename;
        bool hasFilename = false;
        QByteArray contentType; ///< empty when the part has no Content-Type
        FakeHeaderList headers;
        QByteArray body;
    };

    QByteArray method;
    QByteArray target; ///< request-target as sent ("/v3/x/messages?a=b")
    QByteArray path; ///< target before '?'
    QByteArray query; ///< target after '?'
    QByteArray version; ///< "HTTP/1.1"
    FakeHeaderList headers; ///< in order, names as sent
    QByteArray body;
    bool chunked = false; ///< the body came with Transfer-Encoding: chunked
    int connection = 0; ///< 1-based index of the TCP connection it arrived on

    QByteArray header(QByteArrayView name) const; ///< first value, or empty
    QList<QByteArray> headerValues(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
    QJsonDocument json() const; ///< null document when the body is not JSON
    QList<Part> parts() const; ///< parsed multipart/form-data (empty otherwise or when malformed)
    QList<QByteArray> partNames() const;
    QList<QByteArray> partValues(QByteArrayView name) const;

    /// Header lines ("Name: value", CRLF or LF, obs-fold joined) as an ordered list.
    static FakeHeaderList parseHeaderBlock(const QByteArray &block);
};

} // namespace Postrider::Test
