#pragma once

#include <QtGlobal>

namespace Postrider::Template {

// Every template and every rendering is bounded (house rule 4): operators write the templates,
// but submitters control the data, and `range` multiplies whatever the data holds.

/// Largest template source accepted, in UTF-8 bytes. Real subject and body templates are a few
/// KiB; the cap keeps a mistaken `body_file` (a log file, a binary) from being parsed.
inline constexpr qsizetype MaxTemplateSize = qsizetype(256) * 1024;

/// Deepest nesting of if/range/with blocks, and separately of parenthesised pipelines. Bounds the
/// parser's and the executor's recursion so no input can exhaust the stack.
inline constexpr int MaxNestingDepth = 64;

/// Largest rendered output in bytes, also applied to every intermediate string a function builds
/// (`print`, `printf` widths, `html`...). Larger than any mail body a provider accepts.
inline constexpr qsizetype MaxOutputSize = qsizetype(4) * 1024 * 1024;

/// Most evaluation steps (nodes walked plus commands evaluated) one execution may take. Bounds
/// nested `range` loops and `range N` over a large integer that print nothing.
inline constexpr qint64 MaxExecutionSteps = 1'000'000;

/// Stable error codes (Error::code) produced by this library.
namespace Codes {
/// The template is not valid Go text/template syntax (Go's parser would reject it too).
inline constexpr char SyntaxError[] = "template.syntax_error";
/// Valid Go syntax outside the supported subset (`define`, `call`, method calls...).
inline constexpr char Unsupported[] = "template.unsupported";
/// A named limit was exceeded (source size, nesting, output size, execution steps).
inline constexpr char LimitExceeded[] = "template.limit_exceeded";
/// Execution failed the way Go's Execute fails; the HTTP layer answers 500 template_render_failed.
inline constexpr char RenderFailed[] = "template.render_failed";
/// Renderer configuration problem: empty body, unreadable body file.
inline constexpr char Invalid[] = "template.invalid";
} // namespace Codes

} // namespace Postrider::Template
