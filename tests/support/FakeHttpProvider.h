#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>

class QTcpSocket;

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
};

/// \brief What the fake does with one request.
struct FakeHttpResponse
{
    enum class Action {
        Respond, ///< write a response
        CloseWithoutAnswer, ///< FIN without a byte of response
        Reset, ///< RST (SO_LINGER 0)
        Hang, ///< never answer (the client's timeout must fire)
    };
    Action action = Action::Respond;
    int status = 200;
    QByteArray reason; ///< empty = a standard phrase
    FakeHeaderList headers;
    QByteArray body;
    int delayMs = 0; ///< wait before acting
    bool chunked = false; ///< send the body with Transfer-Encoding: chunked
    bool closeAfter = false; ///< Connection: close, then close

    static FakeHttpResponse json(int status, const QByteArray &body, FakeHeaderList headers = {});
    static FakeHttpResponse text(int status, const QByteArray &body);
    static FakeHttpResponse withAction(Action action, int delayMs = 0);
};

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
