#pragma once

#include "core/Config.h"
#include "core/Message.h"
#include "core/Result.h"
#include "transport/Transport.h"

#include <QObject>

#include <functional>

namespace Postrider {

/// \brief One test message through one transport, with no retry and no outbox: what both
/// `postriderd send-test` and the control method `transports.test` do.
class TestSend
{
public:
    /// The test message for `transport`: subject "Postrider test message", a short text (and
    /// optionally HTML) body naming the host, transport and time. Errors: the address parsers'.
    static Result<Message> message(const TransportConfig &transport, const QString &to, const QString &from,
                                   bool html = false, const QList<Attachment> &attachments = {});
    /// A sender for a transport when none is given: the `from` of the first endpoint routed
    /// through it, else the first literal allowed sender of the SMTP listener routed through it.
    static QString defaultSender(const Config &config, const QString &transport);
    /// One attempt; `done` runs once on the event loop (never inside this call).
    static void send(Transport *transport, const Message &message, std::function<void(const SendResult &)> done);
};

} // namespace Postrider
