#include "FakeHttpResponse.h"

namespace Postrider::Test {

FakeHttpResponse FakeHttpResponse::json(int status, const QByteArray &body, FakeHeaderList headers)
{
    FakeHttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.prepend({"Content-Type", "application/json"});
    return r;
}

FakeHttpResponse FakeHttpResponse::text(int status, const QByteArray &body)
{
    FakeHttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    return r;
}

FakeHttpResponse FakeHttpResponse::withAction(Action action, int delayMs)
{
    FakeHttpResponse r;
    r.action = action;
    r.delayMs = delayMs;
    return r;
}

} // namespace Postrider::Test
