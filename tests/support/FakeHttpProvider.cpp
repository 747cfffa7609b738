#include "FakeHttpProvider.h"

#include "TestData.h"

#include <QFile>
#include <QHash>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#ifdef Q_OS_UNIX
#    include <sys/socket.h>
#endif

namespace Postrider::Test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

struct FakeHttpProvider::Connection
{
    QTcpSocket *socket = nullptr;
    QByteArray buffer;
    int index = 0;
    bool busy = false;
    bool closeAfter = false;
};

class FakeHttpProvider::Server final : public QTcpServer
{
public:
    explicit Server(FakeHttpProvider *owner)
        : QTcpServer(owner)
        , m_owner(owner)
    { }
    bool tls = false;
    QSslCertificate cert;
    QSslKey key;

protected:
    void incomingConnection(qintptr fd) override
    {
        QTcpSocket *s = nullptr;
        if (tls) {
            auto *ssl = new QSslSocket(this);
            if (!ssl->setSocketDescriptor(fd)) {
                delete ssl;
                return;
            }
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setLocalCertificate(cert);
            conf.setPrivateKey(key);
            conf.setPeerVerifyMode(QSslSocket::VerifyNone);
            conf.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")}); // the fake speaks HTTP/1.1 only
            ssl->setSslConfiguration(conf);
            ssl->startServerEncryption();
            s = ssl;
        } else {
            s = new QTcpSocket(this);
            if (!s->setSocketDescriptor(fd)) {
                delete s;
                return;
            }
        }
        m_owner->accept(s);
    }

private:
    FakeHttpProvider *m_owner;
};

FakeHttpProvider::FakeHttpProvider(QObject *parent)
    : QObject(parent)
{ }

FakeHttpProvider::~FakeHttpProvider()
{
    const auto conns = findChildren<QTcpSocket *>();
    for (QTcpSocket *s : conns)
        s->disconnect(this);
}

QString FakeHttpProvider::caFile()
{
    return dataPath(QStringLiteral("tls/ca.pem"));
}

bool FakeHttpProvider::start(Mode mode)
{
    m_mode = mode;
    m_server = new Server(this);
    if (mode == Mode::Https) {
        QFile certFile(dataPath(QStringLiteral("tls/server.pem")));
        QFile keyFile(dataPath(QStringLiteral("tls/server.key")));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        m_server->tls = true;
        m_server->cert = QSslCertificate(certFile.readAll(), QSsl::Pem);
        m_server->key = QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
        if (m_server->cert.isNull() || m_server->key.isNull())
            return false;
    }
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeHttpProvider::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl FakeHttpProvider::baseUrl() const
{
    // The test certificate names localhost and 127.0.0.1; https uses the name so that the
    // certificate check is the ordinary host-name check.
    if (m_mode == Mode::Https)
        return QUrl(QStringLiteral("https://localhost:%1").arg(port()));
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

void FakeHttpProvider::enqueue(const FakeHttpResponse &response)
{
    m_queue.append(response);
}

void FakeHttpProvider::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void FakeHttpProvider::setChecker(Checker checker)
{
    m_checker = std::move(checker);
}

void FakeHttpProvider::clear()
{
    m_requests.clear();
    m_problems.clear();
    m_queue.clear();
    m_count = 0;
}

void FakeHttpProvider::accept(QTcpSocket *socket)
{
    auto *c = new Connection;
    c->socket = socket;
    c->index = ++m_connections;
    connect(socket, &QTcpSocket::readyRead, this, [this, c] {
        c->buffer += c->socket->readAll();
        process(c);
    });
    // The connection state lives exactly as long as its socket (delayed answers use the socket
    // as their timer context, so none can outlive it).
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, [c] { delete c; });
}

void FakeHttpProvider::fail(Connection *c, int status)
{
    FakeHttpResponse r = FakeHttpResponse::text(status, reasonPhrase(status));
    r.closeAfter = true;
    c->buffer.clear();
    respond(c, r);
}

void FakeHttpProvider::process(Connection *c)
{
    while (!c->busy) {
        const qsizetype headerEnd = c->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (c->buffer.size() > kMaxHeaderBytes)
                fail(c, 431);
            return;
        }
        FakeHttpRequest req;
        const qsizetype lineEnd = c->buffer.indexOf("\r\n");
        const QList<QByteArray> requestLine = c->buffer.left(lineEnd).split(' ');
        if (requestLine.size() != 3) {
            fail(c, 400);
            return;
        }
        req.method = requestLine[0];
        req.target = requestLine[1];
        req.version = requestLine[2];
        const qsizetype q = req.target.indexOf('?');
        req.path = q < 0 ? req.target : req.target.left(q);
        req.query = q < 0 ? QByteArray() : req.target.mid(q + 1);
        req.headers = FakeHttpRequest::parseHeaderBlock(c->buffer.mid(lineEnd + 2, headerEnd - lineEnd - 2));
        req.connection = c->index;

        qsizetype consumed = headerEnd + 4;
        if (req.header("Transfer-Encoding").toLower().contains("chunked")) {
            req.chunked = true;
            qsizetype pos = consumed;
            for (;;) {
                const qsizetype eol = c->buffer.indexOf("\r\n", pos);
                if (eol < 0)
                    return; // need more data
                bool ok = false;
                const qsizetype size = c->buffer.mid(pos, eol - pos).split(';').first().trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0 || req.body.size() + size > kMaxBodyBytes) {
                    fail(c, ok ? 413 : 400);
                    return;
                }
                pos = eol + 2;
                if (size == 0) {
                    // Optional trailer fields, then an empty line (RFC 9112 §7.1.2).
                    const qsizetype end = c->buffer.indexOf("\r\n", pos);
                    if (end < 0)
                        return;
                    if (end == pos) {
                        pos += 2;
                    } else {
                        const qsizetype last = c->buffer.indexOf("\r\n\r\n", pos);
                        if (last < 0)
                            return;
                        pos = last + 4;
                    }
                    break;
                }
                if (c->buffer.size() < pos + size + 2)
                    return;
                req.body += c->buffer.mid(pos, size);
                pos += size + 2;
            }
            consumed = pos;
        } else {
            bool ok = true;
            const QByteArray cl = req.header("Content-Length");
            const qint64 length = cl.isEmpty() ? 0 : cl.toLongLong(&ok);
            if (!ok || length < 0 || length > kMaxBodyBytes) {
                fail(c, ok ? 413 : 400);
                return;
            }
            if (c->buffer.size() < consumed + length) {
                if (req.header("Expect").toLower() == "100-continue" && c->buffer.size() == consumed)
                    c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                return;
            }
            req.body = c->buffer.mid(consumed, length);
            consumed += length;
        }
        c->buffer.remove(0, consumed);
        c->closeAfter = req.header("Connection").toLower() == "close";

        const int index = m_count++;
        const QStringList problems = m_checker ? m_checker(req) : QStringList();
        for (const QString &p : problems)
            m_problems.append(QStringLiteral("#%1: %2").arg(index + 1).arg(p));
        FakeHttpResponse response;
        if (!m_queue.isEmpty())
            response = m_queue.takeFirst();
        else if (m_handler)
            response = m_handler(req, problems);
        else
            response = FakeHttpResponse::json(200, "{}");
        if (m_recording)
            m_requests.append(req);
        c->busy = true;
        emit requestReceived(index);
        if (response.delayMs > 0) {
            QTimer::singleShot(response.delayMs, c->socket, [this, c, response] { respond(c, response); });
            return;
        }
        respond(c, response);
    }
}

void FakeHttpProvider::respond(Connection *c, const FakeHttpResponse &r)
{
    QTcpSocket *s = c->socket;
    switch (r.action) {
    case FakeHttpResponse::Action::Hang:
        return;
    case FakeHttpResponse::Action::CloseWithoutAnswer:
        s->disconnectFromHost();
        return;
    case FakeHttpResponse::Action::Reset:
#ifdef Q_OS_UNIX
    {
        struct linger lg = {1, 0}; // close() now sends RST instead of FIN
        ::setsockopt(int(s->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
#endif
        s->abort();
        return;
    case FakeHttpResponse::Action::Respond:
        break;
    }
    const bool close = r.closeAfter || c->closeAfter;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' '
        + (r.reason.isEmpty() ? reasonPhrase(r.status) : r.reason) + "\r\n";
    for (const auto &h : r.headers)
        out += h.first + ": " + h.second + "\r\n";
    const bool noBody = (r.status >= 100 && r.status < 200) || r.status == 204 || r.status == 304;
    if (r.chunked && !noBody)
        out += "Transfer-Encoding: chunked\r\n";
    else if (!noBody)
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!noBody) {
        if (r.chunked) {
            if (!r.body.isEmpty())
                out += QByteArray::number(r.body.size(), 16) + "\r\n" + r.body + "\r\n";
            out += "0\r\n\r\n";
        } else {
            out += r.body;
        }
    }
    s->write(out);
    if (close) {
        s->disconnectFromHost();
        return;
    }
    c->busy = false;
    if (!c->buffer.isEmpty())
        QMetaObject::invokeMethod(
            s, [this, c] { process(c); }, Qt::QueuedConnection);
}

} // namespace Postrider::Test
