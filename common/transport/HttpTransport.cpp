#include "HttpTransport.h"

#include "ProxyEnvironment.h"
#include "RetryAfter.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "core/TransportSchema.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace Postrider {

struct HttpTransport::Attempt
{
    Callback done;
    qint64 startedMs = 0;
    QNetworkAccessManager *manager = nullptr;
    QByteArray body;
    bool timedOut = false;
    QStringList sslErrors;
};

namespace {

Error invalid(const TransportConfig &config, const QString &why)
{
    return Error(QStringLiteral("transport.invalid"), QStringLiteral("transport \"%1\": %2").arg(config.name, why));
}

QString networkErrorCode(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection_refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection_closed");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host_not_found");
    case QNetworkReply::TimeoutError:
        return QStringLiteral("timeout");
    case QNetworkReply::OperationCanceledError:
        return QStringLiteral("canceled");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("tls_handshake_failed");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("network_unavailable");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return QStringLiteral("proxy_error");
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return QStringLiteral("protocol_error");
    default:
        return QStringLiteral("network_error");
    }
}

} // namespace

HttpTransport::HttpTransport(TransportConfig config, Clock *clock, QString provider, QObject *parent)
    : Transport(std::move(config), clock, parent)
    , m_provider(std::move(provider))
{
    // Secrets of this type never reach a log line or a SendResult (Transport::finish redacts).
    if (const TransportTypeSpec *spec = transportTypeSpec(type()))
        for (const SettingSpec &s : spec->settings)
            if (s.secret)
                Log::addSecret(this->config().setting(s.key));

    const QString caFile = this->config().setting(QStringLiteral("ca_file"));
    if (!caFile.isEmpty())
        m_extraCas = QSslCertificate::fromPath(caFile, QSsl::Pem);

    // One manager holds at most kConnectionsPerManager HTTP/1.1 connections to a host; size the
    // pool so the configured concurrency fits (HTTP/2 multiplexes and needs only the first).
    const int concurrency = this->config().maxConcurrency > 0 ? this->config().maxConcurrency : defaultConcurrency();
    const int managers =
        std::clamp((concurrency + kConnectionsPerManager - 1) / kConnectionsPerManager, 1, kMaxManagers);
    // Outbound proxy from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as Posthorn's Go client used it.
    m_proxies = std::make_unique<ProxyEnvironment>(ProxyEnvironment::fromSystem());
    const ProxyEnvironment &proxies = *m_proxies;
    for (const QString &secret : proxies.secrets())
        Log::addSecret(secret);
    for (int i = 0; i < managers; ++i) {
        auto *m = new QNetworkAccessManager(this);
        m->setProxyFactory(new EnvironmentProxyFactory(proxies)); // the manager owns it
        m->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m->setAutoDeleteReplies(false);
        m_managers.append(m);
        m_inFlight.insert(m, 0);
    }
}

HttpTransport::~HttpTransport() = default;

void HttpTransport::setDefaultBase(const QString &defaultBase)
{
    QString base = config().setting(QStringLiteral("base_url"));
    if (base.isEmpty())
        base = defaultBase;
    while (base.endsWith(u'/'))
        base.chop(1);
    m_baseUrl = QUrl(base, QUrl::StrictMode);
}

int HttpTransport::inFlight() const
{
    int n = 0;
    for (int v : m_inFlight)
        n += v;
    return n;
}

Status HttpTransport::validateSettings(const TransportConfig &config, const QStringList &required)
{
    for (const QString &key : required)
        if (config.setting(key).trimmed().isEmpty())
            return invalid(config, QStringLiteral("settings.%1 is required").arg(key));
    const QString base = config.setting(QStringLiteral("base_url"));
    if (!base.isEmpty()) {
        const QUrl url(base, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return invalid(config, QStringLiteral("settings.base_url must be an absolute http(s) URL"));
        if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
            return invalid(config,
                           QStringLiteral("settings.base_url must not carry credentials, a query or a fragment"));
    }
    if (const Status proxy = ProxyEnvironment::fromSystem().validate(); !proxy)
        return invalid(config, proxy.error().message);
    const QString ca = config.setting(QStringLiteral("ca_file"));
    if (!ca.isEmpty()) {
        if (!QFileInfo(ca).isReadable())
            return invalid(config, QStringLiteral("settings.ca_file \"%1\" cannot be read").arg(ca));
        if (QSslCertificate::fromPath(ca, QSsl::Pem).isEmpty())
            return invalid(config, QStringLiteral("settings.ca_file \"%1\" holds no PEM certificate").arg(ca));
    }
    return {};
}

QByteArray HttpTransport::headerValue(const HttpHeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QJsonObject HttpTransport::jsonObject(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    return err.error == QJsonParseError::NoError && doc.isObject() ? doc.object() : QJsonObject();
}

QByteArray HttpTransport::toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QNetworkAccessManager *HttpTransport::pickManager()
{
    // Least loaded first, so keep-alive connections spread evenly and stay warm.
    QNetworkAccessManager *best = m_managers.constFirst();
    for (QNetworkAccessManager *m : std::as_const(m_managers))
        if (m_inFlight.value(m) < m_inFlight.value(best))
            best = m;
    return best;
}

void HttpTransport::send(const Message &message, const SendOptions &options, Callback done)
{
    const qint64 started = clock()->steadyMs();
    Result<HttpCall> built = buildCall(message, options);
    if (!built) {
        finish(std::move(done),
               SendResult::failure(Outcome::Terminal, m_provider + QStringLiteral(": ") + built.error().message, 0,
                                   built.error().code),
               started);
        return;
    }
    HttpCall call = std::move(built).value();

    if (!m_proxyLogged && m_proxies->isActive()) {
        m_proxyLogged = true; // once per transport, on its first send (not during `validate`)
        Log::info(lcTransport, QStringLiteral("transport_proxy"),
                  {{QStringLiteral("transport"), config().name},
                   {QStringLiteral("https_proxy"), m_proxies->describeFor(QStringLiteral("https"))},
                   {QStringLiteral("http_proxy"), m_proxies->describeFor(QStringLiteral("http"))}});
    }

    QNetworkRequest request(call.url);
    // Never follow a redirect (a 3xx is an unexpected status, and credentials must not travel
    // to another origin); never keep cookies or cached credentials between attempts.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    const bool https = call.url.scheme() == QLatin1String("https");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, https);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", QByteArrayLiteral("Postrider/" POSTRIDER_VERSION));
    for (const auto &h : std::as_const(call.headers))
        request.setRawHeader(h.first, h.second);
    if (!https) {
        // Through an HTTP proxy, a plain-http request carries the proxy's credentials up front,
        // as Go's client does (Qt would only answer a 407 challenge; a CONNECT tunnel does that).
        const QNetworkProxy proxy = m_proxies->proxyFor(call.url);
        if (proxy.type() == QNetworkProxy::HttpProxy && !proxy.user().isEmpty())
            request.setRawHeader("Proxy-Authorization",
                                 "Basic " + (proxy.user() + u':' + proxy.password()).toUtf8().toBase64());
    } else {
        // Extra CAs add to the system store; certificate errors are never ignored, so an
        // untrusted or mismatched certificate fails the attempt (transient, see networkFailure).
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_extraCas.isEmpty())
            tls.addCaCertificates(m_extraCas);
        request.setSslConfiguration(tls);
    }

    auto attempt = std::make_shared<Attempt>();
    attempt->done = std::move(done);
    attempt->startedMs = started;
    attempt->manager = pickManager();
    ++m_inFlight[attempt->manager];

    QNetworkReply *reply = nullptr;
    if (call.multipart) {
        QHttpMultiPart *form = call.multipart.release();
        reply = attempt->manager->post(request, form);
        form->setParent(reply);
    } else {
        reply = attempt->manager->post(request, call.body);
    }

    connect(reply, &QNetworkReply::readyRead, reply, [reply, a = attempt] {
        const QByteArray chunk = reply->readAll(); // drained in full so the connection stays reusable
        if (a->body.size() < kMaxResponseBytes)
            a->body += chunk.left(kMaxResponseBytes - a->body.size());
    });
    connect(reply, &QNetworkReply::sslErrors, reply, [a = attempt](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            a->sslErrors.append(e.errorString());
    });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, a = attempt] {
        a->timedOut = true;
        reply->abort();
    });
    deadline->start(int(std::min<qint64>(timeoutMs(), std::numeric_limits<int>::max())));
    connect(reply, &QNetworkReply::finished, this, [this, reply, attempt] { onFinished(reply, attempt); });
}

void HttpTransport::onFinished(QNetworkReply *reply, const std::shared_ptr<Attempt> &attempt)
{
    --m_inFlight[attempt->manager];
    reply->deleteLater();
    const QByteArray rest = reply->isOpen() ? reply->readAll() : QByteArray(); // closed after abort()
    if (attempt->body.size() < kMaxResponseBytes)
        attempt->body += rest.left(kMaxResponseBytes - attempt->body.size());

    SendResult result;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (attempt->timedOut) {
        result = SendResult::failure(
            Outcome::Transient, QStringLiteral("%1 request timed out after %2 ms").arg(m_provider).arg(timeoutMs()), 0,
            QStringLiteral("timeout"));
    } else if (status > 0) {
        HttpHeaderList headers;
        for (const auto &h : reply->rawHeaderPairs())
            headers.append({h.first, h.second});
        result = classifyResponse(status, headers, attempt->body);
    } else {
        result = networkFailure(reply, *attempt);
    }
    finish(std::move(attempt->done), std::move(result), attempt->startedMs);
}

SendResult HttpTransport::networkFailure(QNetworkReply *reply, const Attempt &attempt) const
{
    QString code = networkErrorCode(reply->error());
    // Qt reports a proxy that refuses the tunnel ("Proxy denied connection") as an unspecific
    // network error; through a proxy, name it as the proxy's.
    if (code == u"network_error" && m_proxies->proxyFor(reply->url()).type() != QNetworkProxy::NoProxy)
        code = QStringLiteral("proxy_error");
    if (reply->error() == QNetworkReply::SslHandshakeFailedError || !attempt.sslErrors.isEmpty()) {
        const QString detail = attempt.sslErrors.isEmpty() ? reply->errorString() : attempt.sslErrors.join(u"; ");
        return SendResult::failure(Outcome::Transient, m_provider + QStringLiteral(" TLS handshake failed: ") + detail,
                                   0, QStringLiteral("tls_handshake_failed"));
    }
    return SendResult::failure(Outcome::Transient,
                               m_provider + QStringLiteral(" network error: ") + reply->errorString(), 0, code);
}

Outcome HttpTransport::errorOutcome(int status, const ProviderError &) const
{
    if (status == 429)
        return Outcome::RateLimited;
    if (status >= 500)
        return Outcome::Transient;
    return Outcome::Terminal;
}

SendResult HttpTransport::classifyResponse(int status, const HttpHeaderList &headers, const QByteArray &body) const
{
    if (isSuccessStatus(status))
        return SendResult::sent(parseMessageId(body), status);
    if (status < 400) // 1xx that reached us, 3xx (redirects are never followed), unlisted 2xx
        return SendResult::failure(Outcome::Terminal,
                                   QStringLiteral("unexpected %1 status %2").arg(m_provider).arg(status), status);

    const ProviderError error = parseError(headers, body);
    const Outcome outcome = errorOutcome(status, error);
    QString message = error.message;
    if (message.size() > kMaxErrorMessageChars)
        message = message.left(kMaxErrorMessageChars) + QChar(0x2026);
    if (message.isEmpty()) {
        if (status == 429)
            message = m_provider + QStringLiteral(" rate limit");
        else if (status >= 500)
            message = m_provider + QStringLiteral(" server error");
        else
            message = m_provider + QStringLiteral(" rejected request");
    }
    SendResult r = SendResult::failure(outcome, message, status, error.code);
    // RFC 9110 §10.2.3: Retry-After accompanies 429 and 503; keep it for any failure.
    r.retryAfterMs = parseRetryAfterMs(headerValue(headers, "Retry-After"), clock()->now());
    return r;
}

} // namespace Postrider
