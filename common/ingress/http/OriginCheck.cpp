#include "OriginCheck.h"

#include "core/ValueSyntax.h"

namespace Postrider::Http {

OriginCheck::Verdict OriginCheck::check(const QStringList &allowed, QByteArrayView origin, QByteArrayView referer)
{
    const QString o = QString::fromUtf8(origin).trimmed();
    const QString r = QString::fromUtf8(referer).trimmed();
    if (o.isEmpty() && r.isEmpty())
        return {false, QStringLiteral("Origin and Referer both missing")};
    const auto refused = [&] {
        return Verdict{false, QStringLiteral("origin not in allow-list: origin=\"%1\" referer=\"%2\"").arg(o, r)};
    };
    if (!o.isEmpty() && o != u"null") // decisions §26: a real Origin decides alone
        return allowed.contains(normalizeOrigin(o)) ? Verdict{true, {}} : refused();
    if (!r.isEmpty()) {
        const QString n = normalizeOrigin(r);
        if (!n.isEmpty() && allowed.contains(n))
            return {true, {}};
    }
    return refused();
}

} // namespace Postrider::Http
