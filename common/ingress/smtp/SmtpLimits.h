#pragma once

#include <QtGlobal>

namespace Postrider::SmtpLimits {

/// Longest command line, CRLF included. RFC 5321 §4.5.3.1.4 sets 512 octets; extension
/// parameters (SIZE, BODY, SMTPUTF8, AUTH=) and long addresses push real clients past that, so we
/// accept up to the text-line length of §4.5.3.1.6. Longer lines get `500 5.5.2` and are
/// discarded without being buffered.
inline constexpr qsizetype kMaxCommandLineOctets = 1000;

/// Longest SASL response line (AUTH continuation), CRLF included. RFC 4954 §4 lets SASL
/// responses exceed the command-line limit and names 12288 octets as what servers must take.
inline constexpr qsizetype kMaxAuthLineOctets = 12288;

/// Longest line inside DATA, CRLF included. RFC 5321 §4.5.3.1.6 asks senders for at most 1000;
/// HTML mail from some applications carries longer unencoded lines, and the MIME builder
/// re-encodes everything we deliver, so we accept lines up to 64 KiB (Postfix is similarly
/// lenient) and reject a message with a longer one (`554 5.6.0`). The partial line held in
/// memory never exceeds this.
inline constexpr qsizetype kMaxDataLineOctets = 64 * 1024;

/// Bytes read from the socket and not yet processed, per session. Past this the session stops
/// reading and lets TCP flow control hold the client back (a client pipelining while its DATA
/// is being committed cannot grow our memory).
inline constexpr qsizetype kMaxPendingInputOctets = 64 * 1024;

/// Recipients per message when the configuration sets no cap (an allowlist without
/// max_recipients). RFC 5321 §4.5.3.1.8 requires accepting at least 100.
inline constexpr qsizetype kMaxRecipientsHardCap = 1000;

/// Rejected or unknown commands in one session before it is closed with `421` (RFC 5321 §7.8
/// allows ending sessions that look like attacks).
inline constexpr int kMaxBadCommands = 20;

/// Client addresses remembered by the failed-AUTH lockout; the oldest entry is dropped first.
inline constexpr qsizetype kMaxLockoutEntries = 4096;

} // namespace Postrider::SmtpLimits
