#pragma once

#include "HttpMessage.h"

#include <memory>

namespace Postrider::Http {

/// \brief The right to answer one request, now or later (after the outbox commits, after a
/// synchronous delivery). Copies share one state: the first send() wins, later ones are ignored.
///
/// Sending to a client that has gone away is a no-op, never a write to a dead socket (QtHttpServer
/// 6.4's responder holds a raw socket pointer; debian12-dependencies §4, hazard 1). If the last copy
/// is destroyed without an answer, a 500 is sent, so no path can leave a client waiting forever
/// (hazard 3).
class HttpReply
{
public:
    /// \brief Where an answer goes: the QtHttpServer adapter, or a test's recorder.
    class Sink
    {
    public:
        virtual ~Sink() = default;
        virtual bool isConnected() const = 0;
        virtual void send(const HttpResponse &response) = 0;
    };

    HttpReply() = default;
    explicit HttpReply(std::shared_ptr<Sink> sink);

    void send(const HttpResponse &response);
    bool isConnected() const;
    bool isSent() const;

private:
    struct State
    {
        std::shared_ptr<Sink> sink;
        bool sent = false;
        ~State();
    };
    std::shared_ptr<State> d;
};

} // namespace Postrider::Http
