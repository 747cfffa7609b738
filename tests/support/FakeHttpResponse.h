#pragma once

#include "FakeHttpRequest.h"

namespace Postrider::Test {

/// \brief What the fake does with one request.
struct FakeHttpResponse
{
    enum class Action {
        Respond, ///< write a response
        CloseWithoutAnswer, ///< FIN without a byte of response
        Reset, ///< RST (SO_LINGER 0)
        Hang, ///< never answer (the client's timeout must fire)
    };
    Action action = Action::Respond;
    int status = 200;
    QByteArray reason; ///< empty = a standard phrase
    FakeHeaderList headers;
    QByteArray body;
    int delayMs = 0; ///< wait before acting
    bool chunked = false; ///< send the body with Transfer-Encoding: chunked
    bool closeAfter = false; ///< Connection: close, then close

    static FakeHttpResponse json(int status, const QByteArray &body, FakeHeaderList headers = {});
    static FakeHttpResponse text(int status, const QByteArray &body);
    static FakeHttpResponse withAction(Action action, int delayMs = 0);
};

} // namespace Postrider::Test
