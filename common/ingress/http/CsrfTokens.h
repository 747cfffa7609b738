#pragma once

#include <QByteArray>
#include <QString>

namespace Postrider::Http {

/// \brief Posthorn's stateless CSRF tokens (reference §2.9): `<unix seconds>.<lowercase hex
/// HMAC-SHA256(csrf_secret, seconds)>`, valid for the TTL, not single-use, future timestamps
/// accepted. Postrider also issues them (`GET <path>/csrf-token`), which Posthorn left to the
/// operator's page renderer.
class CsrfTokens
{
public:
    /// The form field carrying the token.
    static constexpr char kField[] = "_csrf_token";

    enum class Verdict { Valid, Missing, Malformed, BadSignature, Expired };

    CsrfTokens(QByteArray secret, qint64 ttlMs);

    QByteArray issue(qint64 nowMs) const;
    /// Checks in Posthorn's order: missing, malformed, signature (constant time), expiry.
    Verdict verify(QByteArrayView token, qint64 nowMs) const;
    qint64 ttlMs() const { return m_ttlMs; }

    /// The `csrf_rejected` log reason: "csrf: token missing", "csrf: token malformed",
    /// "csrf: signature invalid", "csrf: token expired".
    static QString reason(Verdict v);

private:
    QByteArray m_secret;
    qint64 m_ttlMs;
};

} // namespace Postrider::Http
