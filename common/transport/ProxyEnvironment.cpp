#include "ProxyEnvironment.h"

namespace Postrider {

namespace {

/// The first non-empty of the names (upper case first, as Go's getEnvAny).
QPair<QString, QString> firstSet(const QProcessEnvironment &env, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        const QString name = QString::fromLatin1(n);
        const QString v = env.value(name);
        if (!v.isEmpty())
            return {name, v};
    }
    return {};
}

int defaultPort(const QString &scheme)
{
    if (scheme == u"https")
        return 443;
    if (scheme == u"socks5" || scheme == u"socks5h")
        return 1080;
    return 80;
}

/// A literal IP address (dotted quad or IPv6), not Qt's lenient short forms such as "127.1".
bool parseLiteralIp(const QString &text, QHostAddress *out)
{
    if (!(text.count(u'.') == 3 || text.contains(u':')))
        return false;
    QHostAddress a;
    if (!a.setAddress(text))
        return false;
    *out = a;
    return true;
}

/// Splits "host:port" / "[v6]:port"; the port is -1 when absent. False for a malformed port.
bool splitHostPort(const QString &entry, QString *host, int *port)
{
    *port = -1;
    if (entry.startsWith(u'[')) {
        const qsizetype close = entry.indexOf(u']');
        if (close < 0)
            return false;
        *host = entry.mid(1, close - 1);
        const QString rest = entry.mid(close + 1);
        if (rest.isEmpty())
            return true;
        if (!rest.startsWith(u':'))
            return false;
        bool ok = false;
        *port = rest.mid(1).toInt(&ok);
        return ok && *port > 0 && *port < 65536;
    }
    const qsizetype colon = entry.lastIndexOf(u':');
    if (colon < 0 || entry.count(u':') > 1) { // no port, or a bare IPv6 address
        *host = entry;
        return true;
    }
    *host = entry.left(colon);
    bool ok = false;
    *port = entry.mid(colon + 1).toInt(&ok);
    return ok && *port > 0 && *port < 65536;
}

} // namespace

ProxyEnvironment ProxyEnvironment::fromSystem()
{
    return ProxyEnvironment(QProcessEnvironment::systemEnvironment());
}

ProxyEnvironment::ProxyEnvironment(const QProcessEnvironment &env)
{
    const auto https = firstSet(env, {"HTTPS_PROXY", "https_proxy"});
    m_https = parseValue(https.first, https.second);
    // CGI: HTTP_PROXY may have come from a client's "Proxy:" request header (httpoxy).
    if (env.value(QStringLiteral("REQUEST_METHOD")).isEmpty()) {
        const auto http = firstSet(env, {"HTTP_PROXY", "http_proxy"});
        m_http = parseValue(http.first, http.second);
    }

    const QString noProxy = firstSet(env, {"NO_PROXY", "no_proxy"}).second;
    for (QString entry : noProxy.split(u',')) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == u"*") {
            m_noProxyAll = true;
            m_noProxy.clear();
            return;
        }
        Match m;
        if (entry.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (subnet.second >= 0) {
                m.kind = Match::Kind::Range;
                m.address = subnet.first;
                m.prefix = subnet.second;
                m_noProxy.append(m);
            }
            continue;
        }
        QString host;
        if (!splitHostPort(entry, &host, &m.port) || host.isEmpty())
            continue; // malformed: ignored, as Go does
        if (parseLiteralIp(host, &m.address)) {
            m.kind = Match::Kind::Address;
            m_noProxy.append(m);
            continue;
        }
        if (host.startsWith(QLatin1String("*.")))
            host.remove(0, 1);
        m.kind = Match::Kind::Domain;
        m.matchSelf = !host.startsWith(u'.');
        m.domain = m.matchSelf ? u'.' + host : host;
        m_noProxy.append(m);
    }
}

ProxyEnvironment::Value ProxyEnvironment::parseValue(const QString &name, const QString &raw)
{
    Value v;
    if (raw.isEmpty())
        return v;
    v.isSet = true;
    v.name = name;
    // "host:port" without a scheme is an http proxy (Go retries the parse with "http://").
    const QUrl url(raw.contains(QLatin1String("://")) ? raw : QStringLiteral("http://") + raw, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()) {
        v.error = QStringLiteral("%1 is not a proxy address (expected http://host:port)").arg(name);
        return v;
    }
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == u"socks5" || scheme == u"socks5h") {
        type = QNetworkProxy::Socks5Proxy;
    } else if (scheme == u"https") {
        v.error = QStringLiteral("%1 names an https:// proxy, which Postrider cannot use (TLS to the proxy "
                                 "itself); use an http:// or socks5:// proxy")
                      .arg(name);
        return v;
    } else if (scheme != u"http") {
        v.error = QStringLiteral("%1 has the unsupported proxy scheme \"%2\" (use http, socks5 or socks5h)")
                      .arg(name, scheme);
        return v;
    }
    v.proxy = QNetworkProxy(type, url.host(), quint16(url.port(defaultPort(scheme))), url.userName(QUrl::FullyDecoded),
                            url.password(QUrl::FullyDecoded));
    if (scheme == u"socks5") // resolve names locally; socks5h lets the proxy resolve them
        v.proxy.setCapabilities(v.proxy.capabilities() & ~QNetworkProxy::HostNameLookupCapability);
    return v;
}

Status ProxyEnvironment::validate() const
{
    for (const Value *v : {&m_https, &m_http})
        if (!v->error.isEmpty())
            return Error(QStringLiteral("transport.proxy"), v->error);
    return {};
}

QString ProxyEnvironment::describeFor(const QString &scheme) const
{
    const Value &v = scheme == u"https" ? m_https : m_http;
    if (!v.isSet || !v.error.isEmpty())
        return {};
    const QString kind =
        v.proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http");
    return QStringLiteral("%1://%2:%3 (from %4)").arg(kind, v.proxy.hostName()).arg(v.proxy.port()).arg(v.name);
}

QStringList ProxyEnvironment::secrets() const
{
    QStringList out;
    for (const Value *v : {&m_https, &m_http})
        if (!v->proxy.password().isEmpty())
            out.append(v->proxy.password());
    return out;
}

bool ProxyEnvironment::bypass(const QString &rawHost, int port) const
{
    const QString host = rawHost.toLower();
    if (host == u"localhost")
        return true;
    QHostAddress ip;
    const bool isIp = parseLiteralIp(host, &ip);
    if (isIp && ip.isLoopback())
        return true;
    if (m_noProxyAll)
        return true;
    for (const Match &m : m_noProxy) {
        if (m.port >= 0 && m.port != port)
            continue;
        switch (m.kind) {
        case Match::Kind::Address:
            if (isIp && ip.isEqual(m.address, QHostAddress::TolerantConversion))
                return true;
            break;
        case Match::Kind::Range:
            if (isIp && ip.isInSubnet(m.address, m.prefix))
                return true;
            break;
        case Match::Kind::Domain:
            if (host.endsWith(m.domain) || (m.matchSelf && QStringView(host) == QStringView(m.domain).mid(1)))
                return true;
            break;
        }
    }
    return false;
}

QNetworkProxy ProxyEnvironment::proxyFor(const QUrl &url) const
{
    const QString scheme = url.scheme().toLower();
    const Value &v = scheme == u"https" ? m_https : m_http;
    if (!v.isSet || !v.error.isEmpty() || (scheme != u"https" && scheme != u"http"))
        return QNetworkProxy(QNetworkProxy::NoProxy);
    if (bypass(url.host(), url.port(defaultPort(scheme))))
        return QNetworkProxy(QNetworkProxy::NoProxy);
    return v.proxy;
}

} // namespace Postrider
