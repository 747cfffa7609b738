#include "HttpIngress.h"

#include "GuardedTcpServer.h"

#include "ApiPipeline.h"
#include "ContentNegotiation.h"
#include "FormPipeline.h"
#include "HttpLimits.h"
#include "HttpServerAdapter.h"
#include "ResponseBodies.h"

#include "core/Clock.h"
#include "core/MetricsRegistry.h"
#include "outbox/Outbox.h"

#include <QDateTime>
#include <QPointer>

namespace Postrider::Http {

namespace {

GuardedTcpServer::Settings guardSettings(const HttpConfig &h)
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    GuardedTcpServer::Settings s;
    s.maxConnections = int(std::clamp<qint64>(h.maxConnections, 1, 1'000'000));
    s.maxHeaderBytes = qsizetype(h.maxHeaderSize);
    s.requestTimeoutMs = int(std::max<qint64>(1, duration_cast<milliseconds>(h.requestTimeout).count()));
    s.idleTimeoutMs = int(std::max<qint64>(1, duration_cast<milliseconds>(h.idleTimeout).count()));
    return s;
}

/// An error outside any endpoint (404, 405 on the issuer): JSON unless the client asks for text.
HttpResponse plainError(const HttpRequest &r, int status, const QString &message, const QString &code)
{
    if (ContentNegotiation::forError(r.header("Accept"), false) == Representation::Text)
        return HttpResponse::text(status, message.toUtf8() + '\n');
    return HttpResponse::json(status, errorBody(message, code));
}

} // namespace

HttpIngress::HttpIngress(const Config &config, Outbox *outbox, MetricsRegistry *metrics, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_metrics(std::make_unique<HttpMetrics>(metrics))
    , m_registry(metrics)
{
    m_services.outbox = outbox;
    m_services.clock = clock;
    m_services.metrics = m_metrics.get();
    m_services.context = this;
}

HttpIngress::~HttpIngress() = default;

Status HttpIngress::check(const Config &config)
{
    for (int i = 0; i < int(config.endpoints.size()); ++i) {
        auto e = Endpoint::build(config.endpoints.at(i), config, i);
        if (!e)
            return Error(QStringLiteral("config.invalid"), e.error().message);
    }
    return {};
}

bool HttpIngress::parseListen(const QString &listen, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = listen.lastIndexOf(u':');
    if (colon < 0)
        return false;
    bool ok = false;
    const uint p = listen.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    QString host = listen.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        *address = QHostAddress(QHostAddress::Any);
    else if (host == u"localhost")
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    *port = quint16(p);
    return true;
}

Status HttpIngress::start(const QString &listen)
{
    for (int i = 0; i < int(m_config.endpoints.size()); ++i) {
        auto e = Endpoint::build(m_config.endpoints.at(i), m_config, i);
        if (!e)
            return Error(QStringLiteral("config.invalid"), e.error().message);
        m_router.addEndpoint((*e)->path(), i, (*e)->csrf() != nullptr);
        m_endpoints.push_back(std::move(e).value());
    }
    QHostAddress address;
    quint16 port = 0;
    const QString where = listen.isEmpty() ? QString::fromLatin1(kDefaultListen) : listen;
    if (!parseListen(where, &address, &port))
        return Error(QStringLiteral("http.listen"),
                     QStringLiteral("invalid listen address \"%1\" (write host:port with an IP address)").arg(where));

    m_adapter = std::make_unique<HttpServerAdapter>(guardSettings(m_config.http));
    m_adapter->tcpServer()->setBodyLimitResolver(
        [this](const RequestFramer::Head &head) { return bodyLimitFor(head.target); });
    m_adapter->tcpServer()->setRejectionObserver([this](const char *limit) { m_metrics->guardRejected(limit); });
    m_adapter->setHandler([this](HttpRequest &&r, HttpReply reply) { handle(std::move(r), std::move(reply)); });
    if (const Status s = m_adapter->listen(address, port); !s)
        return s;
    const QPointer<HttpServerAdapter> adapter = m_adapter.get();
    m_registry->addCollector([adapter](MetricsRegistry &r) {
        r.set(QStringLiteral("http_connections"), {}, adapter ? double(adapter->tcpServer()->connectionCount()) : 0.0);
    });
    return {};
}

void HttpIngress::stop()
{
    if (m_adapter)
        m_adapter->stop();
}

int HttpIngress::openConnections() const
{
    return m_adapter ? m_adapter->tcpServer()->connectionCount() : 0;
}

bool HttpIngress::isListening() const
{
    return m_adapter && m_adapter->isListening();
}

QHostAddress HttpIngress::address() const
{
    return m_adapter ? m_adapter->serverAddress() : QHostAddress();
}

quint16 HttpIngress::port() const
{
    return m_adapter ? m_adapter->serverPort() : 0;
}

QString HttpIngress::boundAddress() const
{
    const QHostAddress a = address();
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(port());
}

void HttpIngress::addHealthCheck(std::function<QString()> check)
{
    m_healthChecks.append(std::move(check));
}

QStringList HttpIngress::healthProblems() const
{
    QStringList problems;
    if (!isListening())
        problems.append(QStringLiteral("http listener not listening"));
    if (!m_services.outbox || !m_services.outbox->isHealthy())
        problems.append(QStringLiteral("outbox not writable"));
    for (const auto &check : m_healthChecks)
        if (const QString p = check(); !p.isEmpty())
            problems.append(p);
    return problems;
}

qint64 HttpIngress::bodyLimitFor(QByteArrayView target) const
{
    const qsizetype q = target.indexOf('?');
    const RouteMatch m = m_router.match(q < 0 ? target : target.first(q));
    if (m.kind == RouteMatch::Kind::Endpoint)
        return m_endpoints.at(size_t(m.endpoint))->bodyLimit();
    return kNonEndpointBodyLimit;
}

void HttpIngress::handle(HttpRequest &&request, HttpReply reply)
{
    request.receivedMs = m_services.clock->steadyMs();
    const RouteMatch m = m_router.match(request.path, request.rawQuery);
    if (m.kind != RouteMatch::Kind::Endpoint)
        return answerBuiltin(m, request, reply);
    Endpoint &ep = *m_endpoints.at(size_t(m.endpoint));
    auto s = std::make_shared<Submission>(ep, m_services, std::move(request), std::move(reply));
    if (ep.isApi())
        ApiPipeline::run(s);
    else
        FormPipeline::run(s);
}

void HttpIngress::answerBuiltin(const RouteMatch &m, HttpRequest &r, HttpReply &reply)
{
    switch (m.kind) {
    case RouteMatch::Kind::Healthz: {
        // Posthorn §2.1: any method, text/plain, `ok` without a newline.
        const QStringList problems = healthProblems();
        if (problems.isEmpty())
            return reply.send(HttpResponse::text(200, "ok"));
        return reply.send(HttpResponse::text(503, problems.join(QStringLiteral("; ")).toUtf8()));
    }
    case RouteMatch::Kind::Metrics: {
        HttpResponse resp;
        resp.headers = {
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8")}};
        resp.body = m_registry->exposition(m_config.metrics.prefix);
        return reply.send(resp);
    }
    case RouteMatch::Kind::CsrfToken: {
        if (r.method != "GET" && r.method != "HEAD")
            return reply.send(
                plainError(r, 405, QStringLiteral("method not allowed"), QStringLiteral("method_not_allowed")));
        const CsrfTokens *csrf = m_endpoints.at(size_t(m.endpoint))->csrf();
        const qint64 now = m_services.clock->nowMs();
        const QByteArray token = csrf->issue(now);
        const qint64 issuedMs = (now / 1000) * 1000;
        const QString expires = QDateTime::fromMSecsSinceEpoch(issuedMs + csrf->ttlMs(), Qt::UTC).toString(Qt::ISODate);
        HttpResponse resp =
            HttpResponse::json(200, csrfTokenBody(token, expires, (issuedMs + csrf->ttlMs() - now) / 1000));
        resp.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
        return reply.send(resp);
    }
    case RouteMatch::Kind::Redirect: {
        HttpResponse resp;
        resp.status = 301;
        resp.headers = {{QByteArrayLiteral("Location"), m.location}};
        return reply.send(resp);
    }
    case RouteMatch::Kind::BadRequest:
        return reply.send(plainError(r, 400, QStringLiteral("bad request"), QStringLiteral("bad_request")));
    case RouteMatch::Kind::NotFound:
    case RouteMatch::Kind::Endpoint:
        return reply.send(plainError(r, 404, QStringLiteral("404 page not found"), QStringLiteral("not_found")));
    }
}

} // namespace Postrider::Http
