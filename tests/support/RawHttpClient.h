#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>

#include <optional>

namespace Postrider::Test {

/// \brief One HTTP/1.1 response as read off the wire by RawHttpClient.
struct RawResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; ///< first value, case-insensitive
    bool hasHeader(const QByteArray &name) const;
};

/// \brief A byte-level HTTP client for tests that need what QNetworkAccessManager hides:
/// pipelining, partial requests (slowloris), malformed framing, HTTP/1.0, disconnecting early.
/// Every wait runs the event loop with a bound (QTest::qWaitFor), never a sleep.
class RawHttpClient
{
public:
    static constexpr int kDefaultWaitMs = 5000;

    /// Connects to 127.0.0.1:`port`, from `from` when given (any 127.x address works on Linux,
    /// which lets a test be several clients).
    bool connectTo(quint16 port, int timeoutMs = kDefaultWaitMs, const QHostAddress &from = {});
    void send(const QByteArray &bytes);
    /// Reads the next complete response (Content-Length framed, or up to the close when there is
    /// none). `headRequest`: the response to a HEAD has no body whatever its Content-Length says.
    std::optional<RawResponse> readResponse(int timeoutMs = kDefaultWaitMs, bool headRequest = false);
    /// True once the server closed the connection (within the bound).
    bool waitForClose(int timeoutMs = kDefaultWaitMs);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void abort() { m_socket.abort(); }
    QTcpSocket &socket() { return m_socket; }
    /// Bytes received and not yet consumed as a response.
    QByteArray pending() const { return m_buffer; }

    /// "POST <path> HTTP/1.1" with Host, Content-Length and the given extra header lines.
    static QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                              const QList<QByteArray> &headerLines = {});

private:
    std::optional<RawResponse> tryParse(bool headRequest, bool closed);
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace Postrider::Test
