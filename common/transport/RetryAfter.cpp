#include "RetryAfter.h"

#include <QByteArray>
#include <QList>

#include <algorithm>

namespace Postrider {

namespace {

constexpr const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char *kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

int monthIndex(QByteArrayView name)
{
    for (int i = 0; i < 12; ++i)
        if (name == QByteArrayView(kMonths[i]))
            return i + 1;
    return 0;
}

bool toInt(QByteArrayView digits, int *out)
{
    if (digits.isEmpty() || digits.size() > 4)
        return false;
    int v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

QDateTime makeUtc(int year, int month, int day, QByteArrayView hms)
{
    const QList<QByteArray> parts = hms.toByteArray().split(':');
    int h = 0, m = 0, s = 0;
    if (parts.size() != 3 || !toInt(parts[0], &h) || !toInt(parts[1], &m) || !toInt(parts[2], &s))
        return {};
    const QDate date(year, month, day);
    const QTime time(h, m, std::min(s, 59)); // leap second 60 rounds down
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

QDateTime parseHttpDate(QByteArrayView text)
{
    const QList<QByteArray> t = text.toByteArray().simplified().split(' ');
    int day = 0, year = 0;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (t.size() == 6 && t[0].endsWith(',') && t[5] == "GMT" && toInt(t[1], &day) && toInt(t[3], &year))
        return makeUtc(year, monthIndex(t[2]), day, t[4]);
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" (two-digit years: RFC 9110 §5.6.7, 50 years rule
    // simplified to 19xx/20xx around 1970).
    if (t.size() == 4 && t[0].endsWith(',') && t[3] == "GMT") {
        const QList<QByteArray> d = t[1].split('-');
        if (d.size() == 3 && toInt(d[0], &day) && toInt(d[2], &year)) {
            if (d[2].size() == 2)
                year += year < 70 ? 2000 : 1900;
            return makeUtc(year, monthIndex(d[1]), day, t[2]);
        }
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (t.size() == 5 && toInt(t[2], &day) && toInt(t[4], &year))
        return makeUtc(year, monthIndex(t[1]), day, t[3]);
    return {};
}

} // namespace

qint64 parseRetryAfterMs(QByteArrayView value, const QDateTime &now)
{
    const QByteArray v = value.toByteArray().trimmed();
    if (v.isEmpty())
        return -1;
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 9) // more than ~31 years; clamp rather than overflow
            return kMaxRetryAfterMs;
        return std::min(v.toLongLong() * 1000, kMaxRetryAfterMs);
    }
    const QDateTime when = parseHttpDate(v);
    if (!when.isValid())
        return -1;
    return std::clamp<qint64>(now.msecsTo(when), 0, kMaxRetryAfterMs);
}

QByteArray formatHttpDate(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    return QByteArray(kDays[d.dayOfWeek() - 1]) + ", " + QByteArray::number(d.day()).rightJustified(2, '0') + ' '
        + kMonths[d.month() - 1] + ' ' + QByteArray::number(d.year()) + ' '
        + utc.time().toString(QStringLiteral("HH:mm:ss")).toLatin1() + " GMT";
}

} // namespace Postrider
