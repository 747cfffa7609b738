// The HTTP provider transports through an outbound proxy named by HTTP_PROXY / HTTPS_PROXY, as
// Posthorn's Go client used them: a local forwarding proxy on port 0 records what reaches it and
// relays plain-HTTP requests to the strict fake Postmark; HTTPS requests must arrive as CONNECT.

#include "TransportTestKit.h"
#include "core/Clock.h"
#include "transport/PostmarkTransport.h"
#include "transport/ProxyEnvironment.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

namespace {

/// A minimal HTTP proxy: reads one request head, records it, and either relays the connection to
/// `upstreamPort` (absolute-form target rewritten to origin-form) or answers `refuseWith`.
class FakeProxy : public QObject
{
public:
    QByteArray requestLine;
    QByteArray proxyAuthorization;
    int connections = 0;
    int challenges = 0; ///< 407 answers sent to requests without credentials
    quint16 upstreamPort = 0;
    QByteArray refuseWith; ///< e.g. "403 Forbidden": answer this instead of relaying

    bool start() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

    FakeProxy()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                ++connections;
                auto *buffer = new QByteArray;
                connect(client, &QObject::destroyed, this, [buffer] { delete buffer; });
                connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
                    *buffer += client->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    client->disconnect(this);
                    handle(client, *buffer);
                });
            }
        });
    }

private:
    void handle(QTcpSocket *client, const QByteArray &head)
    {
        const QList<QByteArray> lines = head.left(head.indexOf("\r\n\r\n")).split('\n');
        QByteArray authorization;
        for (const QByteArray &l : lines)
            if (l.toLower().startsWith("proxy-authorization:"))
                authorization = l.mid(l.indexOf(':') + 1).trimmed();
        if (authorization.isEmpty()) {
            // As a real proxy does: challenge, and expect the client to come back with credentials.
            ++challenges;
            client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
                          "realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            client->disconnectFromHost();
            return;
        }
        requestLine = lines.value(0).trimmed();
        proxyAuthorization = authorization;
        if (!refuseWith.isEmpty()) {
            client->write("HTTP/1.1 " + refuseWith + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            client->disconnectFromHost();
            return;
        }
        // "POST http://host:port/email HTTP/1.1" -> "POST /email HTTP/1.1"
        QList<QByteArray> parts = requestLine.split(' ');
        const QByteArray target = parts.value(1);
        const qsizetype pathStart = target.indexOf('/', target.indexOf("://") + 3);
        parts[1] = target.mid(pathStart);
        QByteArray forwarded = head;
        forwarded.replace(0, requestLine.size(), parts.join(' '));
        auto *upstream = new QTcpSocket(client);
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(QHostAddress::LocalHost, upstreamPort);
        upstream->write(forwarded);
    }

    QTcpServer m_server;
};

/// Sets environment variables for one test and restores them.
class EnvGuard
{
public:
    void set(const char *name, const QByteArray &value)
    {
        if (!m_saved.contains(name))
            m_saved.insert(name, qEnvironmentVariableIsSet(name) ? std::optional(qgetenv(name)) : std::nullopt);
        qputenv(name, value);
    }
    ~EnvGuard()
    {
        for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it) {
            if (it.value())
                qputenv(it.key().constData(), *it.value());
            else
                qunsetenv(it.key().constData());
        }
    }

private:
    QHash<QByteArray, std::optional<QByteArray>> m_saved;
};

} // namespace

class tst_TransportProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (const char *n :
             {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "REQUEST_METHOD"})
            qunsetenv(n);
    }

    void httpRequestGoesThroughTheProxyWithCredentials()
    {
        FakeHttpProvider fake;
        QVERIFY(fake.start());
        FakeProviderRules::install(fake, P::Postmark, TransportTestKit::credentials());
        FakeProxy proxy;
        QVERIFY(proxy.start());
        proxy.upstreamPort = fake.baseUrl().port();

        EnvGuard env;
        env.set("HTTP_PROXY", "http://ops:Proxy-SENTINEL-pw@127.0.0.1:" + QByteArray::number(proxy.port()));
        // A name only the proxy can reach: a direct connection would fail to resolve it.
        const QUrl base(QStringLiteral("http://postmark.invalid:%1").arg(fake.baseUrl().port()));
        PostmarkTransport t(TransportTestKit::config(P::Postmark, base), Clock::system());
        const SendResult r = TransportTestKit::send(t, TransportTestKit::fullMessage());
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QCOMPARE(proxy.requestLine,
                 QByteArray("POST http://postmark.invalid:" + QByteArray::number(fake.baseUrl().port())
                            + "/email HTTP/1.1"));
        QCOMPARE(proxy.proxyAuthorization, "Basic " + QByteArray("ops:Proxy-SENTINEL-pw").toBase64());
        QCOMPARE(fake.requestCount(), 1);
        QVERIFY2(fake.problems().isEmpty(), qPrintable(fake.problems().join(u'\n')));
        QVERIFY(proxy.challenges <= 1);
    }

    void httpsRequestOpensATunnelAndAFailureIsTransient()
    {
        FakeProxy proxy;
        QVERIFY(proxy.start());
        proxy.refuseWith = "403 Forbidden";
        EnvGuard env;
        env.set("HTTPS_PROXY", "ops:Proxy-SENTINEL-pw@127.0.0.1:" + QByteArray::number(proxy.port()));
        PostmarkTransport t(TransportTestKit::config(P::Postmark, QUrl(QStringLiteral("https://api.postmark.invalid"))),
                            Clock::system());
        const SendResult r = TransportTestKit::send(t, TransportTestKit::minimalMessage());
        QCOMPARE(proxy.requestLine, QByteArray("CONNECT api.postmark.invalid:443 HTTP/1.1"));
        QCOMPARE(proxy.proxyAuthorization, "Basic " + QByteArray("ops:Proxy-SENTINEL-pw").toBase64());
        QVERIFY(!r.ok());
        QCOMPARE(r.outcome, Outcome::Transient); // a proxy failure is the network's, retried later
        QVERIFY2(r.errorCode == QStringLiteral("proxy_error"), qPrintable(r.describe()));
        QVERIFY2(!r.describe().contains(QStringLiteral("SENTINEL")), qPrintable(r.describe()));
    }

    void noProxyAndLoopbackGoDirect()
    {
        FakeHttpProvider fake;
        QVERIFY(fake.start());
        FakeProviderRules::install(fake, P::Postmark, TransportTestKit::credentials());
        FakeProxy proxy;
        QVERIFY(proxy.start());
        EnvGuard env;
        env.set("HTTP_PROXY", "127.0.0.1:" + QByteArray::number(proxy.port()));
        // fake.baseUrl() is a loopback address: never proxied.
        PostmarkTransport t(TransportTestKit::config(P::Postmark, fake.baseUrl()), Clock::system());
        const SendResult r = TransportTestKit::send(t, TransportTestKit::minimalMessage());
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QCOMPARE(proxy.connections, 0);

        env.set("NO_PROXY", "postmark.invalid");
        PostmarkTransport bypassed(
            TransportTestKit::config(P::Postmark, QUrl(QStringLiteral("http://api.postmark.invalid:9"))),
            Clock::system());
        const SendResult direct = TransportTestKit::send(bypassed, TransportTestKit::minimalMessage());
        QVERIFY(!direct.ok()); // went direct: the name does not resolve
        QCOMPARE(proxy.connections, 0);
    }

    void anUnusableProxyIsAConfigError()
    {
        EnvGuard env;
        env.set("HTTPS_PROXY", "https://proxy.lan:443");
        const Status s = PostmarkTransport::validate(
            TransportTestKit::config(P::Postmark, QUrl(QStringLiteral("https://x.invalid"))));
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("HTTPS_PROXY")), qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_TransportProxy)
#include "tst_transportproxy.moc"
