#include "OutboxTypes.h"

namespace Postrider {

QString statusName(SubmissionStatus s)
{
    switch (s) {
    case SubmissionStatus::Queued:
        return QStringLiteral("queued");
    case SubmissionStatus::Sending:
        return QStringLiteral("sending");
    case SubmissionStatus::Deferred:
        return QStringLiteral("deferred");
    case SubmissionStatus::Sent:
        return QStringLiteral("sent");
    case SubmissionStatus::Failed:
        return QStringLiteral("failed");
    case SubmissionStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("queued");
}

std::optional<SubmissionStatus> statusFromName(QStringView name)
{
    for (SubmissionStatus s : {SubmissionStatus::Queued, SubmissionStatus::Sending, SubmissionStatus::Deferred,
                               SubmissionStatus::Sent, SubmissionStatus::Failed, SubmissionStatus::Cancelled})
        if (statusName(s) == name)
            return s;
    return std::nullopt;
}

QString breakerStateName(BreakerState s)
{
    switch (s) {
    case BreakerState::Closed:
        return QStringLiteral("closed");
    case BreakerState::Open:
        return QStringLiteral("open");
    case BreakerState::HalfOpen:
        return QStringLiteral("half_open");
    }
    return QStringLiteral("closed");
}

} // namespace Postrider
