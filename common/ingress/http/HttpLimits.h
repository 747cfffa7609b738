#pragma once

#include <QtGlobal>

// Every byte a client sends passes a named limit (house rule 4). The configurable ones live in
// `[http]` (HttpConfig: connection cap, header cap, request deadline, idle timeout) and in each
// endpoint (`max_body_size`, `max_attachment_size`, `rate_limit`); these are the fixed ones.
namespace Postrider::Http {

/// Hard ceiling on a request body when an endpoint sets `max_body_size = "0"` (Posthorn: no
/// cap), and the cap for paths that are not endpoints. 32 MiB is what Qt 6.11's own
/// QHttpServer body limit defaults to.
inline constexpr qint64 kAbsoluteBodyCeiling = 32LL << 20;

/// Body cap for requests to paths that are not submission endpoints (404s, /healthz, /metrics,
/// the CSRF token issuer): they never read a body, so any body beyond this closes the connection.
inline constexpr qint64 kNonEndpointBodyLimit = 64LL << 10;

/// Bytes Qt may buffer from one socket before it stops reading from the kernel. Reads are
/// processed per chunk, so memory per connection stays bounded whatever the client sends, and
/// a connection waiting for its answer applies TCP back-pressure instead of buffering.
inline constexpr qint64 kSocketReadBufferBytes = 64LL << 10;

/// Longest chunk-size line (RFC 9112 §7.1: size plus chunk extensions) accepted.
inline constexpr qsizetype kMaxChunkLineBytes = 1024;

/// After a response that closes the connection while the client may still be sending (a body
/// refused as too large, a framing error), input is read and discarded for at most this long so
/// the client sees the answer instead of a TCP reset (the lingering close of RFC 9112 §9.6).
inline constexpr int kLingerTimeoutMs = 2000;
/// ...and at most this many bytes.
inline constexpr qint64 kLingerMaxBytes = 4LL << 20;
/// Sockets in a lingering close at one time; beyond this they are reset at once.
inline constexpr int kMaxLingeringSockets = 256;

/// Posthorn §2.3: an Idempotency-Key is 1–255 bytes of printable ASCII.
inline constexpr qsizetype kMaxIdempotencyKeyBytes = 255;

/// Posthorn §2.10: the API-key brute-force limiter, per client IP: 10 failures per minute.
inline constexpr qint64 kAuthFailureBurst = 10;
inline constexpr qint64 kAuthFailureIntervalMs = 60'000;

/// Multipart forms (decisions §8): most parts, and largest header block of one part (Go's
/// mime/multipart uses 1000 parts and 10 KiB of part headers by default).
inline constexpr int kMaxMultipartParts = 1000;
inline constexpr qsizetype kMaxMultipartPartHeaderBytes = 10 << 10;

/// Deepest JSON nesting parsed before the API body is refused (nested values are refused
/// anyway, Posthorn §2.13; this only bounds the parser's recursion).
inline constexpr int kMaxJsonDepth = 64;

} // namespace Postrider::Http
