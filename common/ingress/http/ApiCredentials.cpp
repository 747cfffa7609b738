#include "ApiCredentials.h"

#include "HttpLimits.h"

#include "core/Crypto.h"

namespace Postrider::Http {

QByteArray ApiCredentials::bearerToken(QByteArrayView authorization)
{
    if (authorization.size() <= 7 || authorization.first(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return authorization.sliced(7).toByteArray();
}

int ApiCredentials::matchKey(QByteArrayView token, const QList<QByteArray> &keys)
{
    int match = -1;
    for (int i = 0; i < int(keys.size()); ++i) {
        const bool equal = constantTimeEquals(token, keys.at(i));
        match = (equal && match < 0) ? i : match;
    }
    return token.isEmpty() ? -1 : match;
}

QString ApiCredentials::idempotencyKeyProblem(QByteArrayView key)
{
    if (key.size() > kMaxIdempotencyKeyBytes)
        return QStringLiteral("Idempotency-Key length %1 exceeds maximum %2")
            .arg(key.size())
            .arg(kMaxIdempotencyKeyBytes);
    for (qsizetype i = 0; i < key.size(); ++i) {
        const uchar c = uchar(key.at(i));
        if (c < 0x20 || c > 0x7e)
            return QStringLiteral("Idempotency-Key contains non-printable byte 0x%1 at position %2")
                .arg(c, 2, 16, QLatin1Char('0'))
                .arg(i);
    }
    return {};
}

} // namespace Postrider::Http
