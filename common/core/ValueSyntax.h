#pragma once

#include "Result.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Postrider {

using Duration = std::chrono::nanoseconds;

/// Go `time.ParseDuration` syntax (`300ms`, `1h30m`, `1.5s`, `-2m`; units ns, us, µs, ms, s, m, h)
/// plus Postrider's `d` (24 h) for retention-style keys. `"0"` is zero. Error code `value.duration`.
Result<Duration> parseDuration(QStringView text);
/// Formats like Go's Duration.String() (`1h30m0s`, `300ms`); used in messages and docs.
QString formatDuration(Duration d);

/// Posthorn size syntax: an integer with an optional unit B, KB, MB, GB (case-insensitive,
/// 1024-based), surrounding white space ignored; no decimals, no negatives. Empty text yields
/// `defaultBytes`. Error code `value.size`.
Result<qint64> parseSize(QStringView text, qint64 defaultBytes = 0);

/// \brief An IP network (address + prefix length), e.g. 10.0.0.0/8.
struct IpRange
{
    QHostAddress network;
    int prefixLength = 0;
    bool contains(const QHostAddress &address) const { return address.isInSubnet(network, prefixLength); }
};

/// Names understood in `trusted_proxies` besides CIDRs. `cloudflare` expands to Cloudflare's
/// published ranges; `aws-elb`, `gcp-lb` and `azure-front-door` are names Posthorn accepts but that
/// expand to nothing.
QStringList trustedProxyPresetNames();
QList<IpRange> trustedProxyPreset(QStringView name);
bool isTrustedProxyPreset(QStringView name);
/// Parses one CIDR (`a.b.c.d/n`, `x::/n`); a bare IP without prefix is an error (as Posthorn).
Result<IpRange> parseCidr(QStringView text);

/// Normalised `scheme://host[:port]` of an origin or URL (lowercase, no path, port kept), or an
/// empty string when `text` has no scheme or host (e.g. `null`, `example.com`).
QString normalizeOrigin(QStringView text);

} // namespace Postrider
