#include "HttpMessage.h"

namespace Postrider::Http {

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool hasHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8")}};
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::text(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain; charset=utf-8")},
                 {QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")}};
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::seeOther(QByteArray location)
{
    HttpResponse r;
    r.status = 303;
    r.headers = {{QByteArrayLiteral("Location"), std::move(location)}};
    return r;
}

} // namespace Postrider::Http
