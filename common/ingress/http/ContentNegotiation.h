#pragma once

#include <QByteArrayView>

namespace Postrider::Http {

/// \brief How an answer is shaped for the client (decisions §24).
enum class Representation {
    Json, ///< application/json: the default
    Text, ///< text/plain: Posthorn's one-line error text, only when the client asks for it
    Redirect, ///< 303 to the configured URL: only when the client prefers text/html
};

/// \brief Picks the representation of an answer from the request's Accept header
/// (RFC 9110 §12.5.1), with q-values honoured (decisions §24).
///
/// Each offered representation gets the quality of the most specific Accept range that matches it
/// (`type/subtype` over `type/*` over `*/*`; parameters other than q ignored). The highest
/// quality wins; ties go to JSON, then the redirect, then text. A missing or empty Accept, `*/*`,
/// or an Accept that matches nothing offered gives JSON. `application/json, text/html` gives
/// JSON: the client does not prefer HTML.
class ContentNegotiation
{
public:
    /// For an error answer: JSON or text, or the redirect when `redirectConfigured`.
    static Representation forError(QByteArrayView accept, bool redirectConfigured);
    /// For a success answer: JSON, or the redirect when `redirectConfigured` (success has no text form).
    static Representation forSuccess(QByteArrayView accept, bool redirectConfigured);
    /// Quality the Accept header gives `type/subtype` (0–1; 1 when Accept is empty).
    static double quality(QByteArrayView accept, QByteArrayView type, QByteArrayView subtype);
};

} // namespace Postrider::Http
