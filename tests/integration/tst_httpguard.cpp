// The hardening layer in front of QtHttpServer: every limit at its edge, keep-alive semantics,
// pipelining order with deferred answers, and a client leaving before its answer. A live
// HttpServerAdapter on 127.0.0.1 port 0, driven by raw sockets (RawHttpClient).

#include "RawHttpClient.h"

#include "ingress/http/HttpServerAdapter.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTest>
#include <QTimer>

using namespace Postrider;
using namespace Postrider::Http;
using Postrider::Test::RawHttpClient;
using Postrider::Test::RawResponse;

namespace {

constexpr int kRequestTimeoutMs = 400;
constexpr int kIdleTimeoutMs = 400;
constexpr int kMaxConnections = 4;
constexpr qsizetype kMaxHeaderBytes = 1024;
constexpr qint64 kSmallCap = 100; ///< body cap of /small
constexpr qint64 kDefaultCap = 1 << 20;

QByteArray chunked(const QByteArray &body, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += chunkSize) {
        const QByteArray piece = body.mid(i, chunkSize);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

} // namespace

class tst_HttpGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpServerAdapter> m_server;
    int m_handled = 0;
    QList<QByteArray> m_seenPaths;
    QList<HttpReply> m_parked; ///< answers held by the test ("/park")
    bool m_lastTooLarge = false;
    QByteArray m_lastBody;

    quint16 port() const { return m_server->serverPort(); }

private Q_SLOTS:
    void init()
    {
        GuardedTcpServer::Settings s;
        s.maxConnections = kMaxConnections;
        s.maxHeaderBytes = kMaxHeaderBytes;
        s.requestTimeoutMs = kRequestTimeoutMs;
        s.idleTimeoutMs = kIdleTimeoutMs;
        m_server = std::make_unique<HttpServerAdapter>(s);
        m_server->tcpServer()->setBodyLimitResolver(
            [](const RequestFramer::Head &head) { return head.target.startsWith("/small") ? kSmallCap : kDefaultCap; });
        m_handled = 0;
        m_seenPaths.clear();
        m_parked.clear();
        m_server->setHandler([this](HttpRequest &&r, HttpReply reply) {
            ++m_handled;
            m_seenPaths.append(r.path);
            m_lastTooLarge = r.bodyTooLarge;
            m_lastBody = r.body;
            if (r.bodyTooLarge) {
                HttpResponse resp = HttpResponse::text(413, "too large\n");
                resp.closeConnection = true;
                return reply.send(resp);
            }
            if (r.path == "/defer") { // answered after the next request has arrived
                QTimer::singleShot(100, [reply]() mutable { reply.send(HttpResponse::text(200, "deferred")); });
                return;
            }
            if (r.path == "/park") {
                m_parked.append(reply);
                return;
            }
            reply.send(HttpResponse::text(200, r.path + ' ' + QByteArray::number(r.body.size())));
        });
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0).ok());
        QVERIFY(port() != 0);
    }
    void cleanup() { m_server.reset(); }

    void keepAliveServesSeveralRequests()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        for (int i = 0; i < 3; ++i) {
            c.send(RawHttpClient::request("POST", "/echo", "abc"));
            const auto r = c.readResponse();
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            QCOMPARE(r->body, QByteArray("/echo 3"));
            QVERIFY(!r->hasHeader("Connection"));
        }
        QVERIFY(c.isConnected());
    }

    void pipelinedAnswersKeepRequestOrder()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(RawHttpClient::request("GET", "/defer") + RawHttpClient::request("GET", "/fast")
               + RawHttpClient::request("POST", "/last", "xy"));
        const auto a = c.readResponse();
        const auto b = c.readResponse();
        const auto d = c.readResponse();
        QVERIFY(a && b && d);
        QCOMPARE(a->body, QByteArray("deferred"));
        QCOMPARE(b->body, QByteArray("/fast 0"));
        QCOMPARE(d->body, QByteArray("/last 2"));
    }

    void contentLength_data()
    {
        QTest::addColumn<qint64>("length");
        QTest::addColumn<int>("status");
        QTest::newRow("empty") << qint64(0) << 200;
        QTest::newRow("one under the cap") << kSmallCap - 1 << 200;
        QTest::newRow("at the cap") << kSmallCap << 200;
        QTest::newRow("one over the cap") << kSmallCap + 1 << 413;
        QTest::newRow("far over the cap") << qint64(200) * 1024 * 1024 << 413;
    }
    void contentLength()
    {
        QFETCH(qint64, length);
        QFETCH(int, status);
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        // Only the head is sent: a body over the cap must be refused from Content-Length alone.
        c.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(length) + "\r\n\r\n");
        if (status == 200)
            c.send(QByteArray(length, 'a'));
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, status);
        if (status == 413) {
            QVERIFY(m_lastTooLarge);
            QVERIFY(m_lastBody.isEmpty());
            QCOMPARE(r->header("Connection"), QByteArray("close"));
            QVERIFY(c.waitForClose());
        } else {
            QCOMPARE(r->body, "/small " + QByteArray::number(length));
        }
    }

    void chunkedBodyIsReassembled()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        const QByteArray body(5000, 'z');
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 7));
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, QByteArray("/echo 5000"));
        QCOMPARE(m_lastBody, body);
    }

    void chunkedBodyOverTheCapIsRefusedWhileStreaming()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        // 60 bytes fit, the next 60 do not: the answer comes before the body ends.
        c.send("3c\r\n" + QByteArray(60, 'a') + "\r\n");
        c.send("3c\r\n" + QByteArray(60, 'b') + "\r\n");
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QVERIFY(m_lastTooLarge);
        // The client keeps streaming; the server discards and closes within its linger budget.
        c.send(QByteArray(64 * 1024, 'c'));
        QVERIFY(c.waitForClose());
    }

    void oversizedChunkedStreamKeepsServerMemoryBounded()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        // Stream 8 MiB chunks of 64 KiB (8× the 1 MiB cap) as fast as the server takes them.
        const QByteArray piece = "10000\r\n" + QByteArray(0x10000, 'q') + "\r\n";
        int sent = 0;
        std::optional<RawResponse> r;
        (void)QTest::qWaitFor(
            [&] {
                if (c.isConnected() && sent < 128 && c.socket().bytesToWrite() < 256 * 1024) {
                    c.socket().write(piece);
                    ++sent;
                }
                if (!r)
                    r = c.readResponse(1);
                return r.has_value() && (!c.isConnected() || sent >= 128);
            },
            10000);
        QVERIFY(r);
        QCOMPARE(r->status, 413);
        QVERIFY(m_lastTooLarge);
        QVERIFY(c.waitForClose());
    }

    void headerCap_data()
    {
        QTest::addColumn<qsizetype>("headerValueBytes");
        QTest::addColumn<int>("status");
        // The head is the request line, Host, the padding header and the blank line.
        const qsizetype fixed = QByteArray("GET /h HTTP/1.1\r\nHost: x\r\nX-Pad: \r\n\r\n").size();
        QTest::newRow("exactly at the cap") << kMaxHeaderBytes - fixed << 200;
        QTest::newRow("one byte over") << kMaxHeaderBytes - fixed + 1 << 431;
        QTest::newRow("64 KiB line") << qsizetype(64 * 1024) << 431;
    }
    void headerCap()
    {
        QFETCH(qsizetype, headerValueBytes);
        QFETCH(int, status);
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send("GET /h HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(headerValueBytes, 'p') + "\r\n\r\n");
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, status);
        if (status == 431) {
            QCOMPARE(r->header("Content-Type"), QByteArray("application/json; charset=utf-8"));
            QVERIFY(r->body.contains("\"code\":\"header_too_large\""));
            QVERIFY(c.waitForClose());
            QCOMPARE(m_handled, 0);
        }
    }

    void slowlorisGets408()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        QElapsedTimer t;
        t.start();
        // Dribble one header byte every 50 ms: progress must not extend the request deadline.
        const QByteArray head = "POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: " + QByteArray(200, 's');
        int next = 0;
        QTimer drip;
        QObject::connect(&drip, &QTimer::timeout, [&] {
            if (next < head.size() && c.isConnected())
                c.send(head.mid(next++, 1));
        });
        drip.start(50);
        const auto r = c.readResponse(kRequestTimeoutMs * 10);
        drip.stop();
        QVERIFY(r);
        QCOMPARE(r->status, 408);
        QVERIFY(t.elapsed() >= kRequestTimeoutMs - 50);
        QVERIFY(c.waitForClose());
        QCOMPARE(m_handled, 0);
    }

    void idleKeepAliveConnectionIsClosed()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(RawHttpClient::request("GET", "/one"));
        QVERIFY(c.readResponse());
        QElapsedTimer t;
        t.start();
        QVERIFY(c.waitForClose(kIdleTimeoutMs * 10));
        QVERIFY(t.elapsed() >= kIdleTimeoutMs - 50);
        QVERIFY(c.pending().isEmpty()); // closed silently
    }

    void connectionCapAnswers503()
    {
        QList<std::shared_ptr<RawHttpClient>> clients;
        for (int i = 0; i < kMaxConnections; ++i) {
            auto c = std::make_shared<RawHttpClient>();
            QVERIFY(c->connectTo(port()));
            c->send(RawHttpClient::request("GET", "/held"));
            QVERIFY(c->readResponse());
            clients.append(c);
        }
        RawHttpClient extra;
        QVERIFY(extra.connectTo(port()));
        extra.send(RawHttpClient::request("GET", "/over"));
        const auto r = extra.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 503);
        QVERIFY(extra.waitForClose());
        QVERIFY(!m_seenPaths.contains("/over"));
        // One leaves; the next client is served.
        clients.first()->abort();
        QTRY_COMPARE(m_server->tcpServer()->connectionCount(), kMaxConnections - 1);
        RawHttpClient next;
        QVERIFY(next.connectTo(port()));
        next.send(RawHttpClient::request("GET", "/next"));
        const auto n = next.readResponse();
        QVERIFY(n);
        QCOMPARE(n->status, 200);
    }

    void connectionCloseIsHonoured_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("staysOpen");
        QTest::addColumn<QByteArray>("connectionHeader");
        QTest::newRow("1.1 default") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\n\r\n") << true << QByteArray();
        QTest::newRow("1.1 close") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << false
                                   << QByteArray("close");
        QTest::newRow("1.0 default") << QByteArray("GET /a HTTP/1.0\r\n\r\n") << false << QByteArray("close");
        QTest::newRow("1.0 keep-alive") << QByteArray("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true
                                        << QByteArray("keep-alive");
    }
    void connectionCloseIsHonoured()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, staysOpen);
        QFETCH(QByteArray, connectionHeader);
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(request);
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("Connection"), connectionHeader);
        if (staysOpen) {
            c.send(request);
            QVERIFY(c.readResponse());
            QVERIFY(c.isConnected());
        } else {
            QVERIFY(c.waitForClose());
        }
    }

    void clientGoneBeforeDeferredAnswer()
    {
        {
            RawHttpClient c;
            QVERIFY(c.connectTo(port()));
            c.send(RawHttpClient::request("GET", "/park"));
            QTRY_COMPARE(m_parked.size(), 1);
            QVERIFY(m_parked.first().isConnected());
            c.abort();
            QTRY_VERIFY(!m_parked.first().isConnected());
        }
        // The connection and QtHttpServer's socket are gone by now; answering must be a no-op.
        QTRY_COMPARE(m_server->tcpServer()->connectionCount(), 0);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        m_parked.first().send(HttpResponse::text(200, "too late"));
        m_parked.clear();
        RawHttpClient after;
        QVERIFY(after.connectTo(port()));
        after.send(RawHttpClient::request("GET", "/still-alive"));
        const auto r = after.readResponse();
        QVERIFY(r);
        QCOMPARE(r->body, QByteArray("/still-alive 0"));
    }

    void unansweredReplyBecomes500()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(RawHttpClient::request("GET", "/park"));
        QTRY_COMPARE(m_parked.size(), 1);
        m_parked.clear(); // the last copy goes without an answer
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 500);
    }

    void expectContinue()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return c.socket().bytesAvailable() > 0; }, 5000));
        QVERIFY(c.socket().peek(64).startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        c.send("abcd");
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->body, QByteArray("/echo 4"));
        // Over the cap: no 100, the final answer at once.
        c.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
        const auto big = c.readResponse();
        QVERIFY(big);
        QCOMPARE(big->status, 413);
    }

    void malformedRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("bad content-length")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::newRow("conflicting lengths")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("length and chunked (smuggling)")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
            << 400;
        QTest::newRow("chunked not last")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") << 400;
        QTest::newRow("unknown coding") << QByteArray(
            "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                                        << 501;
        QTest::newRow("obs-fold") << QByteArray("GET /x HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET /x HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("missing host") << QByteArray("GET /x HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("http/2.0") << QByteArray("GET /x HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("bad chunk size") << QByteArray(
            "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << 400;
        QTest::newRow("connect") << QByteArray("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n") << 405;
    }
    void malformedRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(request);
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, status);
        QCOMPARE(r->header("Connection"), QByteArray("close"));
        QVERIFY(c.waitForClose());
        QCOMPARE(m_handled, 0);
    }

    void headRequestHasNoBody()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send(RawHttpClient::request("HEAD", "/head"));
        const auto r = c.readResponse(RawHttpClient::kDefaultWaitMs, true);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("Content-Length"), QByteArray("7")); // "/head 0"
        c.send(RawHttpClient::request("GET", "/after"));
        const auto next = c.readResponse();
        QVERIFY(next);
        QCOMPARE(next->body, QByteArray("/after 0"));
    }

    void upgradeHeaderIsIgnored()
    {
        RawHttpClient c;
        QVERIFY(c.connectTo(port()));
        c.send("GET /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
        const auto r = c.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->body, QByteArray("/up 0"));
    }
};

QTEST_GUILESS_MAIN(tst_HttpGuard)
#include "tst_httpguard.moc"
