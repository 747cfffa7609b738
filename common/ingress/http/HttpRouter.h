#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace Postrider::Http {

/// \brief Where a request goes.
struct RouteMatch
{
    enum class Kind {
        Endpoint, ///< `endpoint` is the endpoint's index
        CsrfToken, ///< `GET <path>/csrf-token` of endpoint `endpoint`
        Healthz,
        Metrics,
        Redirect, ///< 301 to `location` (a path Go's ServeMux would clean or complete with '/')
        NotFound,
        BadRequest, ///< a path that does not decode (Go's server refuses it before routing)
    };
    Kind kind = Kind::NotFound;
    int endpoint = -1;
    QByteArray location;
};

/// \brief Posthorn's routing (Go 1.22 ServeMux as Posthorn registered it, reference §2.1): exact
/// paths, paths ending in '/' as subtrees (longest wins), `/healthz` and `/metrics` built in and
/// answering any method, 301 to the cleaned path for `//`, `.` and `..` segments, 301 from `/x` to
/// a subtree `/x/`, 404 otherwise. Postrider adds `<path>/csrf-token` for endpoints with CSRF on;
/// a configured endpoint at exactly that path takes precedence.
class HttpRouter
{
public:
    static constexpr char kCsrfSuffix[] = "/csrf-token";

    void addEndpoint(const QString &path, int index, bool csrfIssuer);
    RouteMatch match(QByteArrayView rawPath, QByteArrayView rawQuery = {}) const;

    /// Go's cleanPath: path.Clean, keeping a trailing slash.
    static QString cleanPath(const QString &path);
    /// The issuer path of an endpoint: its path without a trailing '/', plus kCsrfSuffix.
    static QString csrfIssuerPath(const QString &endpointPath);

private:
    QHash<QString, int> m_exact;
    QHash<QString, int> m_csrf;
    QList<QPair<QString, int>> m_subtrees; ///< longest first
};

} // namespace Postrider::Http
