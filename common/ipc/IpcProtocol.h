#pragma once

#include <QLatin1String>
#include <QLoggingCategory>
#include <QStringList>

/// `postrider.ipc`: the control socket, both sides.
Q_DECLARE_LOGGING_CATEGORY(lcIpc)

namespace Postrider::Ipc {

/// The protocol version this build speaks. One integer; additive changes are capabilities, an
/// incompatible change is a new version. Every change is a line in common/ipc/PROTOCOL.md.
inline constexpr int kProtocolVersion = 1;
/// The oldest version this build still speaks.
inline constexpr int kMinProtocolVersion = 1;

/// The first request of every connection.
inline constexpr QLatin1String kHelloMethod("hello");
/// Built into every server: events after a sequence number, for resuming after a reconnect.
inline constexpr QLatin1String kReplayMethod("events.replay");

/// Additive features this build's daemon offers (advertised in the `hello` result).
QStringList serverCapabilities();

} // namespace Postrider::Ipc
