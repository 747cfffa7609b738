#pragma once

#include "SmtpClientOptions.h"
#include "SmtpReply.h"
#include "core/Result.h"

#include <functional>

namespace Postrider {

class SmtpCapabilities;
class SmtpClientConnection;

/// \brief The client side of SMTP AUTH (RFC 4954): picks a SASL mechanism among those the
/// server offers and runs PLAIN (RFC 4616) or LOGIN (draft-murchison-sasl-login) over an
/// SmtpClientConnection. Whether credentials may be sent at all is the connection's decision.
class SmtpAuthenticator
{
public:
    /// "PLAIN" or "LOGIN" for `wanted` (Auto: PLAIN, then LOGIN), or an error with code
    /// `auth_unavailable` that names what the server offers.
    static Result<QString> chooseMechanism(SmtpAuthMechanism wanted, const SmtpCapabilities &caps);

    /// Runs the exchange with the connection's credentials. Exactly one of `succeeded` or
    /// `rejected` (with the reply that ended it) is called, unless the connection fails first.
    /// AUTH payloads are logged as "[REDACTED]".
    static void run(SmtpClientConnection *connection, const QString &mechanism, std::function<void()> succeeded,
                    std::function<void(const SmtpReply &)> rejected);
};

} // namespace Postrider
