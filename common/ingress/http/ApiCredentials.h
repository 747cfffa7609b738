#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Postrider::Http {

/// \brief API-mode request credentials (reference §2.12, §2.3 step 3).
class ApiCredentials
{
public:
    /// The Bearer token of an Authorization value: longer than 7 bytes, starting with "Bearer "
    /// in any case, non-empty after it. Empty when the header does not qualify.
    static QByteArray bearerToken(QByteArrayView authorization);
    /// Index of the key equal to `token`, or -1. Every key is compared in constant time and the
    /// loop never exits early, so timing reveals neither which key matched nor where one differs.
    static int matchKey(QByteArrayView token, const QList<QByteArray> &keys);
    /// Posthorn's Idempotency-Key check: 1–255 bytes, each 0x20–0x7E. Returns the 400 message
    /// (`Idempotency-Key length N exceeds maximum 255`, `Idempotency-Key contains non-printable
    /// byte 0x0a at position 3`), or an empty string.
    static QString idempotencyKeyProblem(QByteArrayView key);
};

} // namespace Postrider::Http
