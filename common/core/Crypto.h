#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Postrider {

/// Compares two byte strings in time that depends only on their lengths (never on where they
/// differ). Qt has no such helper; this one uses OpenSSL's CRYPTO_memcmp.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/// `n` bytes from the operating system's CSPRNG.
QByteArray randomBytes(qsizetype n);

/// Lowercase hex HMAC-SHA256.
QByteArray hmacSha256Hex(QByteArrayView key, QByteArrayView message);

/// Lowercase hex SHA-256.
QByteArray sha256Hex(QByteArrayView data);

} // namespace Postrider
