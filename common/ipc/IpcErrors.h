#pragma once

#include <QLatin1String>

/// \brief Stable dotted error codes of the control protocol (PROTOCOL.md "Error codes"). Clients
/// branch on these, and only the GUI turns them into translated text. Outbox and config codes
/// (`outbox.not_found`, `config.invalid`…) pass through unchanged from the daemon.
namespace Postrider::Ipc::ErrorCode {

// Framing and envelope (the connection is closed after these)
inline constexpr QLatin1String kFrameTooLarge("protocol.frame_too_large");
inline constexpr QLatin1String kBadFrame("protocol.bad_frame");
inline constexpr QLatin1String kBadJson("protocol.bad_json");
inline constexpr QLatin1String kBadRequest("protocol.bad_request");
inline constexpr QLatin1String kHelloRequired("protocol.hello_required");
inline constexpr QLatin1String kHelloTimeout("protocol.hello_timeout");
inline constexpr QLatin1String kUnsupported("protocol.unsupported");
inline constexpr QLatin1String kAuthFailed("auth.failed");
// Per request (the connection stays open)
inline constexpr QLatin1String kMethodUnknown("method.unknown");
inline constexpr QLatin1String kParamsInvalid("params.invalid");
inline constexpr QLatin1String kBusy("limit.busy");
inline constexpr QLatin1String kResultTooLarge("limit.result_too_large");
inline constexpr QLatin1String kConnections("limit.connections");
inline constexpr QLatin1String kInternal("internal.error");
// Client side only (never on the wire)
inline constexpr QLatin1String kTimeout("client.timeout");
inline constexpr QLatin1String kNotConnected("client.not_connected");
inline constexpr QLatin1String kConnectionLost("client.connection_lost");
inline constexpr QLatin1String kTokenUnreadable("client.token_unreadable");
inline constexpr QLatin1String kSocketError("client.socket_error");
// Server start-up
inline constexpr QLatin1String kListenFailed("ipc.listen_failed");
inline constexpr QLatin1String kInUse("ipc.in_use");
inline constexpr QLatin1String kTokenWrite("ipc.token_write");

} // namespace Postrider::Ipc::ErrorCode
