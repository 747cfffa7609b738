#include "IpcProtocol.h"

Q_LOGGING_CATEGORY(lcIpc, "postrider.ipc")

namespace Postrider::Ipc {

QStringList serverCapabilities()
{
    // Names are stable; a client checks for one before using the feature it names.
    return {QStringLiteral("events.replay"), QStringLiteral("journal.after_seq"), QStringLiteral("config.edit"),
            QStringLiteral("transports.test")};
}

} // namespace Postrider::Ipc
