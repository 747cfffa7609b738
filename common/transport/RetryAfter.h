#pragma once

#include <QByteArrayView>
#include <QDateTime>

namespace Postrider {

/// Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3) into milliseconds from `now`:
/// delay-seconds, or an HTTP-date in any of the three forms a recipient must accept (IMF-fixdate,
/// obsolete RFC 850, asctime; RFC 9110 §5.6.7). A date in the past gives 0. Returns -1 when the
/// value is missing or malformed. Delays are capped at kMaxRetryAfterMs (one day) so a hostile
/// header cannot park a message for years.
qint64 parseRetryAfterMs(QByteArrayView value, const QDateTime &now);

/// Upper bound applied by parseRetryAfterMs().
inline constexpr qint64 kMaxRetryAfterMs = 24LL * 60 * 60 * 1000;

/// Formats `time` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), for tests and fakes.
QByteArray formatHttpDate(const QDateTime &time);

} // namespace Postrider
