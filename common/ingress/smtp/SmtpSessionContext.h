#pragma once

#include "AuthLockout.h"
#include "SmtpMetrics.h"
#include "SmtpPolicy.h"

#include "core/Config.h"
#include "outbox/OutboxTypes.h"

#include <QLoggingCategory>
#include <QSslConfiguration>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcSmtp)

namespace Postrider {

class Outbox;

/// \brief What every session of one listener shares: the configuration, the resolved TLS
/// settings, the policy, the failed-AUTH lockout, the outbox route and the metrics. Owned by
/// SmtpListener; sessions hold a pointer.
struct SmtpSessionContext
{
    SmtpListenerConfig config;
    SmtpPolicy policy;
    QString hostname;
    std::optional<QSslConfiguration> tls; ///< set when STARTTLS / implicit TLS is offered
    Outbox *outbox = nullptr;
    Route route;
    AuthLockout lockout;
    SmtpMetrics metrics;
    qint64 idleTimeoutMs = 60'000;

    bool authOffered() const
    {
        return config.authRequired == SmtpAuthMode::SmtpAuth || config.authRequired == SmtpAuthMode::Either;
    }
    bool certificateAccepted() const
    {
        return config.authRequired == SmtpAuthMode::ClientCert || config.authRequired == SmtpAuthMode::Either;
    }
};

} // namespace Postrider
