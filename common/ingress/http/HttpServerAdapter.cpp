#include "HttpServerAdapter.h"

#include "GuardedConnection.h"
#include "ProxySocket.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QPointer>

// Qt 6.8 hands route and missing handlers an lvalue responder; earlier versions an rvalue.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#    define POSTRIDER_RESPONDER QHttpServerResponder &
#else
#    define POSTRIDER_RESPONDER QHttpServerResponder &&
#endif

namespace Postrider::Http {

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

/// The statuses Postrider answers with. Qt 6.4 looks the reason phrase up with std::map::at, so
/// an unknown code would throw; everything written goes through this list.
constexpr int kWritableStatuses[] = {200, 301, 303, 400, 401, 403, 404, 405, 408, 409,
                                     413, 415, 422, 429, 431, 500, 501, 502, 503, 505};

HeaderList requestHeaders(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    HeaderList out;
    for (const auto &h : request.headers().toListOfPairs())
        out.append({h.first, h.second});
    return out;
#else
    return request.headers();
#endif
}

/// \brief Answers one request through QtHttpServer's responder, unless the client has gone
/// (the QPointers go null when the connection or its proxy socket is deleted).
class ResponderSink final : public HttpReply::Sink
{
public:
    ResponderSink(POSTRIDER_RESPONDER responder, GuardedConnection *connection)
        : m_responder(std::move(responder))
        , m_connection(connection)
        , m_proxy(connection->proxy())
        , m_meta(connection->current())
    { }

    bool isConnected() const override
    {
        return m_connection && m_proxy && m_proxy->state() == QAbstractSocket::ConnectedState
            && m_connection->isClientConnected();
    }

    void send(const HttpResponse &response) override
    {
        if (!isConnected())
            return;
        const int status = HttpServerAdapter::isWritableStatus(response.status) ? response.status : 500;
        const bool close = response.closeConnection || !m_meta.keepAlive;
        HeaderList headers = response.headers;
        // RFC 9112 §9.6: announce the close; an HTTP/1.0 client keeps the connection only if told.
        if (close)
            headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
        else if (m_meta.httpMinor == 0)
            headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive")});
        const bool head = m_meta.method == "HEAD"; // RFC 9110 §9.3.2: same fields, no content
        write(StatusCode(status), headers, response.body, head);
        if (m_connection)
            m_connection->responseFinished(close);
    }

private:
    void write(StatusCode status, const HeaderList &headers, const QByteArray &body, bool headOnly)
    {
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        QHttpHeaders h;
        for (const auto &f : headers)
            h.append(f.first, f.second);
        QHttpServerResponse r(headOnly ? QByteArray() : body, status);
        r.setHeaders(std::move(h));
        m_responder.sendResponse(r);
#else
        // Qt 6.4–6.7: the header list of write() is an initializer_list, so write the parts.
        m_responder.writeStatusLine(status);
        for (const auto &f : headers)
            m_responder.writeHeader(f.first, f.second);
        m_responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
        if (headOnly)
            m_responder.writeBody("", 0);
        else
            m_responder.writeBody(body);
#endif
    }

    QHttpServerResponder m_responder;
    QPointer<GuardedConnection> m_connection;
    QPointer<ProxySocket> m_proxy;
    RequestMeta m_meta;
};

} // namespace

HttpServerAdapter::HttpServerAdapter(const GuardedTcpServer::Settings &settings, QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QHttpServer>())
    , m_tcp(new GuardedTcpServer(settings, this)) // re-parented to QHttpServer by bind()
{
    const auto handle = [this](const QHttpServerRequest &request, POSTRIDER_RESPONDER responder) {
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        GuardedConnection *connection = m_tcp->connectionFor(request.remoteAddress(), request.remotePort());
#else
        auto *proxy = qobject_cast<ProxySocket *>(responder.socket());
        GuardedConnection *connection = proxy ? proxy->connection() : nullptr;
#endif
        if (!connection)
            return; // not one of ours; cannot happen with bind() to the guarded server only
        connection->requestHandled();
        const RequestMeta &meta = connection->current();
        HttpRequest r;
        r.method = meta.method;
        r.target = meta.target;
        const qsizetype q = meta.target.indexOf('?');
        r.path = q < 0 ? meta.target : meta.target.left(q);
        r.rawQuery = q < 0 ? QByteArray() : meta.target.mid(q + 1);
        r.headers = requestHeaders(request);
        r.body = request.body();
        r.peer = connection->peerAddress();
        r.peerPort = connection->peerPort();
        r.httpMinor = meta.httpMinor;
        r.bodyTooLarge = meta.bodyTooLarge;
        r.bodyLimit = meta.bodyLimit;
        r.connectionId = connection->id();
        HttpReply reply(std::make_shared<ResponderSink>(std::move(responder), connection));
        if (m_handler)
            m_handler(std::move(r), std::move(reply));
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    m_server->setMissingHandler(this, handle);
#else
    m_server->setMissingHandler(handle);
#endif
}

HttpServerAdapter::~HttpServerAdapter() = default;

Status HttpServerAdapter::listen(const QHostAddress &address, quint16 port)
{
    if (!m_tcp->listen(address, port))
        return Error(
            QStringLiteral("http.listen"),
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_tcp->errorString()));
        // bind() re-parents the server to QHttpServer and connects its new-connection signal.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (!m_server->bind(m_tcp))
        return Error(QStringLiteral("http.listen"), QStringLiteral("QHttpServer::bind failed"));
#else
    m_server->bind(m_tcp);
#endif
    return {};
}

bool HttpServerAdapter::isListening() const
{
    return m_tcp->isListening();
}

QHostAddress HttpServerAdapter::serverAddress() const
{
    return m_tcp->serverAddress();
}

quint16 HttpServerAdapter::serverPort() const
{
    return m_tcp->serverPort();
}

void HttpServerAdapter::stop()
{
    m_tcp->shutdown();
}

bool HttpServerAdapter::isWritableStatus(int status)
{
    for (int s : kWritableStatuses)
        if (s == status)
            return true;
    return false;
}

} // namespace Postrider::Http
