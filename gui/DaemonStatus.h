#pragma once

#include <QJsonObject>
#include <QString>

namespace Postrider {

/// \brief The one overall state of the daemon that the tray, the menu and the window show.
///
/// When several hold at once, the first in this list wins: a client that is not connected knows
/// nothing else (Disconnected); one that is refused cannot learn more (AccessDenied); a broken
/// outbox loses mail (Error) and outranks a degraded transport (Warning: an open breaker, a
/// paused transport, messages waiting to be retried), which outranks delivery in progress (Busy).
/// Idle means connected, healthy and nothing queued.
enum class DaemonStatus { Disconnected, AccessDenied, Error, Warning, Busy, Idle };

/// \brief What the overall state is computed from.
struct DaemonStatusInputs
{
    bool connected = false;
    QString connectionErrorCode; ///< the client's last error, e.g. `auth.failed`
    QJsonObject status; ///< the last `status` result
};

DaemonStatus overallStatus(const DaemonStatusInputs &inputs);

} // namespace Postrider
