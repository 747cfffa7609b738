#include "DaemonStatus.h"

namespace Postrider {

DaemonStatus overallStatus(const DaemonStatusInputs &in)
{
    const QString &code = in.connectionErrorCode;
    if (!in.connected) {
        const bool refused = code == QLatin1String("auth.failed") || code == QLatin1String("client.token_unreadable")
            || code == QLatin1String("protocol.unsupported");
        return refused ? DaemonStatus::AccessDenied : DaemonStatus::Disconnected;
    }
    if (in.status.isEmpty())
        return DaemonStatus::Busy; // connected, first status not in yet
    const QJsonObject outbox = in.status.value(QLatin1String("outbox")).toObject();
    if (!outbox.value(QLatin1String("open")).toBool() || !outbox.value(QLatin1String("healthy")).toBool())
        return DaemonStatus::Error;
    const QJsonObject transports = in.status.value(QLatin1String("transports")).toObject();
    const QJsonObject counts = in.status.value(QLatin1String("counts")).toObject();
    if (transports.value(QLatin1String("open_breakers")).toInt() > 0
        || transports.value(QLatin1String("paused")).toInt() > 0 || counts.value(QLatin1String("deferred")).toInt() > 0)
        return DaemonStatus::Warning;
    if (counts.value(QLatin1String("queued")).toInt() + counts.value(QLatin1String("sending")).toInt() > 0)
        return DaemonStatus::Busy;
    return DaemonStatus::Idle;
}

} // namespace Postrider
