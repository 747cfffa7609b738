#include "ValueSyntax.h"

#include <QUrl>

#include <cmath>

namespace Postrider {

namespace {
Error durationError(QStringView text, const QString &why)
{
    return Error(
        QStringLiteral("value.duration"),
        QStringLiteral("invalid duration \"%1\": %2 (use e.g. \"30s\", \"5m\", \"1h30m\")").arg(text.toString(), why));
}
} // namespace

Result<Duration> parseDuration(QStringView text)
{
    QStringView s = text;
    if (s.isEmpty())
        return durationError(text, QStringLiteral("empty"));
    bool negative = false;
    if (s.front() == u'-' || s.front() == u'+') {
        negative = s.front() == u'-';
        s = s.mid(1);
    }
    if (s == u"0")
        return Duration::zero();
    if (s.isEmpty())
        return durationError(text, QStringLiteral("missing number"));
    long double total = 0;
    while (!s.isEmpty()) {
        qsizetype i = 0;
        while (i < s.size() && (s[i].isDigit() || s[i] == u'.'))
            ++i;
        if (i == 0)
            return durationError(text, QStringLiteral("expected a number"));
        bool ok = false;
        const double number = s.left(i).toDouble(&ok);
        if (!ok || s.left(i) == u"." || s.left(i).count(u'.') > 1)
            return durationError(text, QStringLiteral("bad number"));
        s = s.mid(i);
        qsizetype u = 0;
        while (u < s.size() && !s[u].isDigit() && s[u] != u'.')
            ++u;
        const QStringView unit = s.left(u);
        s = s.mid(u);
        long double scale = 0;
        if (unit == u"ns")
            scale = 1;
        else if (unit == u"us" || unit == u"µs" || unit == u"μs")
            scale = 1e3;
        else if (unit == u"ms")
            scale = 1e6;
        else if (unit == u"s")
            scale = 1e9;
        else if (unit == u"m")
            scale = 60e9;
        else if (unit == u"h")
            scale = 3600e9;
        else if (unit == u"d")
            scale = 86400e9;
        else if (unit.isEmpty())
            return durationError(text, QStringLiteral("missing unit"));
        else
            return durationError(text, QStringLiteral("unknown unit \"%1\"").arg(unit.toString()));
        total += number * scale;
    }
    if (total > 9.2e18L)
        return durationError(text, QStringLiteral("out of range"));
    const auto ns = Duration(static_cast<qint64>(std::llround(double(total))));
    return negative ? -ns : ns;
}

QString formatDuration(Duration d)
{
    using namespace std::chrono;
    if (d == Duration::zero())
        return QStringLiteral("0s");
    QString sign;
    if (d < Duration::zero()) {
        sign = QStringLiteral("-");
        d = -d;
    }
    const qint64 ns = d.count();
    if (ns < 1'000'000'000) {
        if (ns % 1'000'000 == 0)
            return sign + QString::number(ns / 1'000'000) + QStringLiteral("ms");
        if (ns % 1'000 == 0)
            return sign + QString::number(ns / 1'000) + QStringLiteral("µs");
        return sign + QString::number(ns) + QStringLiteral("ns");
    }
    const qint64 h = ns / 3'600'000'000'000;
    const qint64 m = (ns / 60'000'000'000) % 60;
    const double s = double(ns % 60'000'000'000) / 1e9;
    QString out = sign;
    if (h)
        out += QString::number(h) + u'h';
    if (h || m)
        out += QString::number(m) + u'm';
    out += QString::number(s, 'g', 12) + u's';
    return out;
}

Result<qint64> parseSize(QStringView text, qint64 defaultBytes)
{
    const QString t = text.trimmed().toString().toUpper();
    if (t.isEmpty())
        return defaultBytes;
    qint64 mult = 1;
    QString digits = t;
    for (const auto &[suffix, m] :
         {std::pair{QStringLiteral("GB"), qint64(1) << 30}, std::pair{QStringLiteral("MB"), qint64(1) << 20},
          std::pair{QStringLiteral("KB"), qint64(1) << 10}, std::pair{QStringLiteral("B"), qint64(1)}}) {
        if (t.endsWith(suffix)) {
            mult = m;
            digits = t.chopped(suffix.size()).trimmed();
            break;
        }
    }
    bool allDigits = !digits.isEmpty();
    for (QChar c : digits)
        allDigits = allDigits && c.isDigit() && c.unicode() < 128;
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!allDigits || !ok || n > std::numeric_limits<qint64>::max() / mult)
        return Error(
            QStringLiteral("value.size"),
            QStringLiteral(
                "invalid size \"%1\" (use a whole number with an optional unit B, KB, MB or GB, e.g. \"10MB\")")
                .arg(text.toString()));
    return n * mult;
}

QStringList trustedProxyPresetNames()
{
    return {QStringLiteral("cloudflare"), QStringLiteral("aws-elb"), QStringLiteral("gcp-lb"),
            QStringLiteral("azure-front-door")};
}

bool isTrustedProxyPreset(QStringView name)
{
    return trustedProxyPresetNames().contains(name.toString());
}

QList<IpRange> trustedProxyPreset(QStringView name)
{
    if (name != u"cloudflare")
        return {};
    // Cloudflare's published edge ranges (https://www.cloudflare.com/ips/), as shipped by Posthorn v1.0.
    static const char *const ranges[] = {"173.245.48.0/20",  "103.21.244.0/22",  "103.22.200.0/22", "103.31.4.0/22",
                                         "141.101.64.0/18",  "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20",
                                         "197.234.240.0/22", "198.41.128.0/17",  "162.158.0.0/15",  "104.16.0.0/13",
                                         "104.24.0.0/14",    "172.64.0.0/13",    "131.0.72.0/22",   "2400:cb00::/32",
                                         "2606:4700::/32",   "2803:f800::/32",   "2405:b500::/32",  "2405:8100::/32",
                                         "2a06:98c0::/29",   "2c0f:f248::/32"};
    QList<IpRange> out;
    for (const char *r : ranges)
        out.append(*parseCidr(QString::fromLatin1(r)));
    return out;
}

Result<IpRange> parseCidr(QStringView text)
{
    const QString t = text.trimmed().toString();
    const qsizetype slash = t.indexOf(u'/');
    if (slash > 0) {
        const auto subnet = QHostAddress::parseSubnet(t);
        if (!subnet.first.isNull() && subnet.second >= 0)
            return IpRange{subnet.first, subnet.second};
    }
    return Error(QStringLiteral("value.cidr"),
                 QStringLiteral("invalid CIDR or unknown preset: %1").arg(text.toString()));
}

QString normalizeOrigin(QStringView text)
{
    const QString t = text.trimmed().toString();
    if (t.isEmpty() || t == QLatin1String("null"))
        return {};
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return {};
    QString out = url.scheme().toLower() + QStringLiteral("://") + url.host(QUrl::FullyEncoded).toLower();
    if (url.port() >= 0)
        out += u':' + QString::number(url.port());
    return out;
}

} // namespace Postrider
