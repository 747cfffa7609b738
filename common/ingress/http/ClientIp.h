#pragma once

#include "core/ValueSyntax.h"

#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>

namespace Postrider::Http {

/// \brief The client address used for rate limiting and logs (reference §2.10).
///
/// Without trusted proxies, or when the TCP peer is not one, it is the peer's address.
/// Otherwise X-Forwarded-For is walked from the right, skipping empty and trusted entries; the
/// first untrusted entry is the client (a forged left part cannot win). If every entry is trusted
/// the leftmost is used; with no header, the peer. Address families are compared as given
/// (an IPv4-mapped IPv6 entry does not match an IPv4 range), as in Posthorn.
class ClientIp
{
public:
    static QString resolve(const QHostAddress &peer, QByteArrayView forwardedFor, const QList<IpRange> &trusted);
};

} // namespace Postrider::Http
