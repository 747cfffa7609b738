#include "StatusPresenter.h"

#include "ErrorText.h"

namespace Postrider {

QString StatusPresenter::title(DaemonStatus status)
{
    switch (status) {
    case DaemonStatus::Disconnected:
        return tr("Not connected");
    case DaemonStatus::AccessDenied:
        return tr("Access denied");
    case DaemonStatus::Error:
        return tr("Outbox error");
    case DaemonStatus::Warning:
        return tr("Needs attention");
    case DaemonStatus::Busy:
        return tr("Sending");
    case DaemonStatus::Idle:
        return tr("Idle");
    }
    return {};
}

QString StatusPresenter::description(const DaemonStatusInputs &in)
{
    const DaemonStatus status = overallStatus(in);
    if (status == DaemonStatus::Disconnected || status == DaemonStatus::AccessDenied)
        return in.connectionErrorCode.isEmpty() ? tr("Waiting for the Postrider daemon…")
                                                : ErrorText::forCode(in.connectionErrorCode);
    const QJsonObject counts = in.status.value(QLatin1String("counts")).toObject();
    const QJsonObject transports = in.status.value(QLatin1String("transports")).toObject();
    const int queued = counts.value(QLatin1String("queued")).toInt() + counts.value(QLatin1String("sending")).toInt();
    const int deferred = counts.value(QLatin1String("deferred")).toInt();
    QStringList parts;
    if (status == DaemonStatus::Error)
        parts << tr("The outbox cannot store messages.");
    if (const int open = transports.value(QLatin1String("open_breakers")).toInt())
        parts << tr("%n transport(s) failing", "", open);
    if (const int paused = transports.value(QLatin1String("paused")).toInt())
        parts << tr("%n transport(s) paused", "", paused);
    if (deferred)
        parts << tr("%n message(s) waiting to be retried", "", deferred);
    if (queued)
        parts << tr("%n message(s) being sent", "", queued);
    if (parts.isEmpty())
        parts << tr("All messages delivered.");
    return parts.join(QStringLiteral("; "));
}

QString StatusPresenter::iconPath(DaemonStatus status)
{
    switch (status) {
    case DaemonStatus::Disconnected:
    case DaemonStatus::AccessDenied:
        return QStringLiteral(":/icons/status-disconnected.svg");
    case DaemonStatus::Error:
        return QStringLiteral(":/icons/status-error.svg");
    case DaemonStatus::Warning:
        return QStringLiteral(":/icons/status-warning.svg");
    case DaemonStatus::Busy:
        return QStringLiteral(":/icons/status-busy.svg");
    case DaemonStatus::Idle:
        return QStringLiteral(":/icons/status-idle.svg");
    }
    return {};
}

QIcon StatusPresenter::icon(DaemonStatus status)
{
    return QIcon(iconPath(status));
}

} // namespace Postrider
