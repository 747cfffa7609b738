#include "Crypto.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <openssl/crypto.h>

namespace Postrider {

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

QByteArray randomBytes(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    auto *gen = QRandomGenerator::system();
    for (qsizetype i = 0; i < n; i += 4) {
        const quint32 v = gen->generate();
        for (qsizetype j = 0; j < 4 && i + j < n; ++j)
            out[i + j] = char((v >> (8 * j)) & 0xff);
    }
    return out;
}

QByteArray hmacSha256Hex(QByteArrayView key, QByteArrayView message)
{
    return QMessageAuthenticationCode::hash(message.toByteArray(), key.toByteArray(), QCryptographicHash::Sha256)
        .toHex();
}

QByteArray sha256Hex(QByteArrayView data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

} // namespace Postrider
