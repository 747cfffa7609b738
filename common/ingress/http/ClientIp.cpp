#include "ClientIp.h"

namespace Postrider::Http {

namespace {
bool isTrusted(const QHostAddress &a, const QList<IpRange> &trusted)
{
    if (a.isNull())
        return false;
    for (const IpRange &r : trusted)
        if (a.protocol() == r.network.protocol() && r.contains(a))
            return true;
    return false;
}
} // namespace

QString ClientIp::resolve(const QHostAddress &peer, QByteArrayView forwardedFor, const QList<IpRange> &trusted)
{
    const QString peerText = peer.toString();
    if (trusted.isEmpty() || !isTrusted(peer, trusted) || forwardedFor.isEmpty())
        return peerText;
    const QList<QByteArray> entries = forwardedFor.toByteArray().split(',');
    QString leftmost;
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const QString entry = QString::fromLatin1(entries.at(i).trimmed());
        if (entry.isEmpty())
            continue;
        leftmost = entry;
        if (!isTrusted(QHostAddress(entry), trusted))
            return entry;
    }
    return leftmost.isEmpty() ? peerText : leftmost;
}

} // namespace Postrider::Http
