#pragma once

/// Stable error codes of postrider_mime (see Result.h): programs branch on these.
namespace Postrider::Mime {

/// CR, LF or NUL in a value bound for a header line (RFC 5322 §2.2; Posthorn §5 threat).
inline constexpr char kErrorHeaderInjection[] = "mime.header_injection";
/// A value the builder cannot represent (bad media type, bad Content-ID, structural header).
inline constexpr char kErrorInvalid[] = "mime.invalid";
/// A header part that cannot be folded under RFC 5322's 998-octet line limit.
inline constexpr char kErrorLineTooLong[] = "mime.line_too_long";
/// Input that is not a usable message: no header, multipart without boundary, no sender.
inline constexpr char kErrorMalformed[] = "mime.malformed";
/// Input beyond ParseOptions' named limits (nesting depth, part count, header count).
inline constexpr char kErrorTooComplex[] = "mime.too_complex";

} // namespace Postrider::Mime
