#pragma once

#include "GuardedTcpServer.h"
#include "HttpReply.h"

#include "core/Result.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;

namespace Postrider::Http {

/// \brief The only code that touches QtHttpServer (CONVENTIONS rule 2). It binds a QHttpServer to
/// a GuardedTcpServer, turns every request into a plain HttpRequest (copied: Qt 6.4 reuses its
/// request object) and every answer into the responder calls of the running Qt version
/// (6.4 → 6.8, `QT_VERSION` branches in the .cpp). Routing is Postrider's own (Go ServeMux
/// semantics, HttpRouter), so QtHttpServer's router is not used: every request reaches the
/// missing-route handler.
class HttpServerAdapter final : public QObject
{
    Q_OBJECT
public:
    /// Receives every request; answers through the HttpReply, now or later.
    using Handler = std::function<void(HttpRequest &&request, HttpReply reply)>;

    explicit HttpServerAdapter(const GuardedTcpServer::Settings &settings, QObject *parent = nullptr);
    ~HttpServerAdapter() override;

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    GuardedTcpServer *tcpServer() const { return m_tcp; }

    /// Binds `address:port` (port 0 = any free port). Error code `http.listen`.
    Status listen(const QHostAddress &address, quint16 port);
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    /// Stops accepting; idle keep-alive connections are closed, answers in progress complete.
    void stop();

    /// Status codes the adapter can write (Qt 6.4 only knows the reason phrases of its table).
    static bool isWritableStatus(int status);

private:
    std::unique_ptr<QHttpServer> m_server;
    GuardedTcpServer *m_tcp = nullptr;
    Handler m_handler;
};

} // namespace Postrider::Http
