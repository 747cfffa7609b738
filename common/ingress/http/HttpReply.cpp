#include "HttpReply.h"

#include "ResponseBodies.h"

namespace Postrider::Http {

HttpReply::HttpReply(std::shared_ptr<Sink> sink)
    : d(std::make_shared<State>())
{
    d->sink = std::move(sink);
}

void HttpReply::send(const HttpResponse &response)
{
    if (!d || d->sent)
        return;
    d->sent = true;
    if (d->sink && d->sink->isConnected())
        d->sink->send(response);
}

bool HttpReply::isConnected() const
{
    return d && d->sink && d->sink->isConnected();
}

bool HttpReply::isSent() const
{
    return d && d->sent;
}

HttpReply::State::~State()
{
    if (sent || !sink || !sink->isConnected())
        return;
    // A code path forgot to answer: say so rather than leave the client waiting.
    sink->send(HttpResponse::json(
        500, errorBody(QStringLiteral("submission could not be processed"), QStringLiteral("internal_error"))));
}

} // namespace Postrider::Http
