#pragma once

#include "core/Result.h"

#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Postrider {

/// \brief The outbound proxy settings of the process environment, read the way Posthorn's Go
/// HTTP client read them (golang.org/x/net/http/httpproxy), so a deployment that relied on them
/// keeps working:
///
/// - `HTTPS_PROXY` / `https_proxy` for https URLs, `HTTP_PROXY` / `http_proxy` for http URLs; the
///   upper-case name wins when both are set. `HTTP_PROXY` is ignored when `REQUEST_METHOD` is set
///   (a CGI environment, where it could come from a request header).
/// - A proxy value is a URL with scheme `http`, `socks5` or `socks5h`, or a bare `host:port`
///   (taken as http). Credentials in it (`http://user:pass@host:3128`) are sent to the proxy.
///   An `https://` proxy (TLS to the proxy itself) is not supported by Qt's HTTP stack and is a
///   startup error rather than silently bypassed.
/// - Requests to `localhost` and loopback addresses never use the proxy.
/// - `NO_PROXY` / `no_proxy`: comma-separated; `*` disables the proxy; an IP address or CIDR
///   range; a domain name matching itself and its subdomains (`example.com`), or only its
///   subdomains (`.example.com`, `*.example.com`); each optionally with `:port`.
///
/// Only the HTTP provider transports use it; the SMTP relay connects directly, as Posthorn's did.
class ProxyEnvironment
{
public:
    /// Reads the current process environment.
    static ProxyEnvironment fromSystem();
    explicit ProxyEnvironment(const QProcessEnvironment &env);

    /// A proxy value is present but unusable (bad URL, unsupported scheme, no port...).
    Status validate() const;
    /// True when some proxy is configured.
    bool isActive() const { return m_http.isSet || m_https.isSet; }
    /// The proxy for a request to `url`, or QNetworkProxy::NoProxy.
    QNetworkProxy proxyFor(const QUrl &url) const;
    /// "http://proxy.lan:3128" without credentials, for logs; empty when unset.
    QString describeFor(const QString &scheme) const;
    /// The credentials in the proxy values, to register as log secrets.
    QStringList secrets() const;

private:
    struct Value
    {
        bool isSet = false;
        QString name; ///< environment variable it came from
        QString error; ///< non-empty when unusable
        QNetworkProxy proxy;
    };
    struct Match
    {
        enum class Kind { Address, Range, Domain } kind = Kind::Domain;
        QHostAddress address;
        int prefix = -1;
        QString domain; ///< lower case, with a leading dot
        bool matchSelf = false; ///< `example.com` also matches `example.com` itself
        int port = -1;
    };

    static Value parseValue(const QString &name, const QString &raw);
    bool bypass(const QString &host, int port) const;

    Value m_http;
    Value m_https;
    bool m_noProxyAll = false;
    QList<Match> m_noProxy;
};

/// \brief A QNetworkProxyFactory over a ProxyEnvironment, one per QNetworkAccessManager.
class EnvironmentProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit EnvironmentProxyFactory(ProxyEnvironment env)
        : m_env(std::move(env))
    { }
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override { return {m_env.proxyFor(query.url())}; }

private:
    ProxyEnvironment m_env;
};

} // namespace Postrider
