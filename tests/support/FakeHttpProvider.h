#pragma once

#include "FakeHttpRequest.h"
#include "FakeHttpResponse.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace Postrider::Test {

/// \brief A scripted HTTP/1.1 server on 127.0.0.1 (port 0) for transport, outbox and ingress
/// tests: keep-alive, Content-Length and chunked request bodies, optional TLS with the test
/// certificate in tests/data/tls. Every request is recorded; a checker validates each one the
/// way the real API would, and its problems are kept for the test to assert on.
///
/// Answers come from, in order: the queue (enqueue()), then the handler (setHandler()), else
/// `200 {}`. Bench use: setRecording(false) keeps memory flat.
class FakeHttpProvider final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Http, Https };
    using Handler = std::function<FakeHttpResponse(const FakeHttpRequest &request, const QStringList &problems)>;
    using Checker = std::function<QStringList(const FakeHttpRequest &request)>;

    /// Named limits on what the fake reads (a request past them gets 413 / 431 and a close).
    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

    explicit FakeHttpProvider(QObject *parent = nullptr);
    ~FakeHttpProvider() override;

    /// Listens on 127.0.0.1, port 0. Https uses tests/data/tls/server.pem (CA: ca.pem).
    bool start(Mode mode = Mode::Http);
    quint16 port() const;
    /// "http://127.0.0.1:<port>" or "https://localhost:<port>".
    QUrl baseUrl() const;
    static QString caFile(); ///< tests/data/tls/ca.pem

    void enqueue(const FakeHttpResponse &response);
    void setHandler(Handler handler);
    void setChecker(Checker checker);
    void setRecording(bool on) { m_recording = on; }

    const QList<FakeHttpRequest> &requests() const { return m_requests; }
    FakeHttpRequest lastRequest() const { return m_requests.isEmpty() ? FakeHttpRequest() : m_requests.last(); }
    int requestCount() const { return m_count; }
    /// Everything the checker found, prefixed with the request index ("#1: ...").
    QStringList problems() const { return m_problems; }
    int connectionCount() const { return m_connections; }
    void clear();

signals:
    void requestReceived(int index);

private:
    class Server;
    struct Connection;
    void accept(QTcpSocket *socket);
    void process(Connection *c);
    void respond(Connection *c, const FakeHttpResponse &response);
    void fail(Connection *c, int status);

    Server *m_server = nullptr;
    Mode m_mode = Mode::Http;
    QList<FakeHttpResponse> m_queue;
    Handler m_handler;
    Checker m_checker;
    QList<FakeHttpRequest> m_requests;
    QStringList m_problems;
    int m_count = 0;
    int m_connections = 0;
    bool m_recording = true;
};

} // namespace Postrider::Test
