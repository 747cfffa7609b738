#include "CsrfTokens.h"

#include "core/Crypto.h"

namespace Postrider::Http {

CsrfTokens::CsrfTokens(QByteArray secret, qint64 ttlMs)
    : m_secret(std::move(secret))
    , m_ttlMs(ttlMs)
{ }

QByteArray CsrfTokens::issue(qint64 nowMs) const
{
    const QByteArray ts = QByteArray::number(nowMs / 1000);
    return ts + '.' + hmacSha256Hex(m_secret, ts);
}

CsrfTokens::Verdict CsrfTokens::verify(QByteArrayView token, qint64 nowMs) const
{
    if (token.isEmpty())
        return Verdict::Missing;
    const qsizetype dot = token.indexOf('.');
    if (dot < 0)
        return Verdict::Malformed;
    const QByteArrayView tsText = token.first(dot);
    const QByteArrayView sigText = token.sliced(dot + 1);
    // strconv.ParseInt(ts, 10, 64): optional sign, decimal digits, no overflow.
    QByteArrayView digits = tsText;
    if (!digits.isEmpty() && (digits.front() == '+' || digits.front() == '-'))
        digits = digits.sliced(1);
    if (digits.isEmpty() || digits.size() > 18)
        return Verdict::Malformed;
    for (char c : digits)
        if (c < '0' || c > '9')
            return Verdict::Malformed;
    const qint64 ts = tsText.toByteArray().toLongLong();
    // hex.DecodeString: even length, hex digits of either case.
    if (sigText.size() % 2 != 0)
        return Verdict::Malformed;
    for (char c : sigText)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return Verdict::Malformed;
    const QByteArray given = QByteArray::fromHex(sigText.toByteArray());
    const QByteArray expected = QByteArray::fromHex(hmacSha256Hex(m_secret, tsText));
    if (!constantTimeEquals(given, expected))
        return Verdict::BadSignature;
    if (nowMs - ts * 1000 > m_ttlMs)
        return Verdict::Expired;
    return Verdict::Valid;
}

QString CsrfTokens::reason(Verdict v)
{
    switch (v) {
    case Verdict::Valid:
        return {};
    case Verdict::Missing:
        return QStringLiteral("csrf: token missing");
    case Verdict::Malformed:
        return QStringLiteral("csrf: token malformed");
    case Verdict::BadSignature:
        return QStringLiteral("csrf: signature invalid");
    case Verdict::Expired:
        return QStringLiteral("csrf: token expired");
    }
    return {};
}

} // namespace Postrider::Http
