#include "HttpRouter.h"

#include "UrlEncodedForm.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace Postrider::Http {

namespace {

/// Go's path.Clean.
QString goPathClean(const QString &p)
{
    if (p.isEmpty())
        return QStringLiteral(".");
    const bool rooted = p.startsWith(u'/');
    QStringList out;
    for (const QString &seg : p.split(u'/')) {
        if (seg.isEmpty() || seg == u".")
            continue;
        if (seg == u"..") {
            if (!out.isEmpty() && out.last() != u"..")
                out.removeLast();
            else if (!rooted)
                out.append(seg);
            continue;
        }
        out.append(seg);
    }
    const QString joined = out.join(u'/');
    if (rooted)
        return u'/' + joined;
    return joined.isEmpty() ? QStringLiteral(".") : joined;
}

} // namespace

QString HttpRouter::cleanPath(const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral("/");
    QString p = path.startsWith(u'/') ? path : u'/' + path;
    QString np = goPathClean(p);
    if (p.endsWith(u'/') && np != u"/") {
        if (p.size() == np.size() + 1 && p.startsWith(np))
            np = p;
        else
            np += u'/';
    }
    return np;
}

QString HttpRouter::csrfIssuerPath(const QString &endpointPath)
{
    QString base = endpointPath;
    while (base.endsWith(u'/'))
        base.chop(1);
    return base + QLatin1String(kCsrfSuffix);
}

void HttpRouter::addEndpoint(const QString &path, int index, bool csrfIssuer)
{
    if (path.endsWith(u'/')) {
        m_subtrees.append({path, index});
        std::sort(m_subtrees.begin(), m_subtrees.end(),
                  [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    }
    m_exact.insert(path, index);
    if (csrfIssuer)
        m_csrf.insert(csrfIssuerPath(path), index);
}

RouteMatch HttpRouter::match(QByteArrayView rawPath, QByteArrayView rawQuery) const
{
    RouteMatch m;
    QByteArrayView target = rawPath;
    // absolute-form (RFC 9112 §3.2.2): route on its path
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    if (!target.startsWith('/')) {
        m.kind = RouteMatch::Kind::BadRequest;
        return m;
    }
    QByteArray decoded;
    if (!pathUnescape(target, &decoded)) {
        m.kind = RouteMatch::Kind::BadRequest;
        return m;
    }
    const QString path = QString::fromUtf8(decoded);
    const QString clean = cleanPath(path);
    if (clean != path) {
        m.kind = RouteMatch::Kind::Redirect;
        m.location = QUrl::toPercentEncoding(clean, "/");
        if (!rawQuery.isEmpty())
            m.location += '?' + rawQuery.toByteArray();
        return m;
    }
    if (const auto it = m_exact.constFind(path); it != m_exact.constEnd()) {
        m.kind = RouteMatch::Kind::Endpoint;
        m.endpoint = *it;
        return m;
    }
    if (path == u"/healthz") {
        m.kind = RouteMatch::Kind::Healthz;
        return m;
    }
    if (path == u"/metrics") {
        m.kind = RouteMatch::Kind::Metrics;
        return m;
    }
    if (const auto it = m_csrf.constFind(path); it != m_csrf.constEnd()) {
        m.kind = RouteMatch::Kind::CsrfToken;
        m.endpoint = *it;
        return m;
    }
    for (const auto &s : m_subtrees) {
        if (path.startsWith(s.first)) {
            m.kind = RouteMatch::Kind::Endpoint;
            m.endpoint = s.second;
            return m;
        }
        if (path + u'/' == s.first) {
            m.kind = RouteMatch::Kind::Redirect;
            m.location = QUrl::toPercentEncoding(s.first, "/");
            if (!rawQuery.isEmpty())
                m.location += '?' + rawQuery.toByteArray();
            return m;
        }
    }
    return m;
}

} // namespace Postrider::Http
