#include "GoNumber.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace Postrider::Template::detail {

namespace {

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool hasBasePrefix(QByteArrayView s)
{
    return s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x');
}

// Go's rule for digit separators: an underscore must sit between two digits, or between a base
// prefix and a digit (strconv underscoreOK).
bool underscoresOk(QByteArrayView s)
{
    char saw = '^';
    if (!s.isEmpty() && (s[0] == '+' || s[0] == '-'))
        s = s.sliced(1);
    qsizetype i = 0;
    bool hex = false;
    if (hasBasePrefix(s)) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            saw = '0';
            continue;
        }
        if (c == '_') {
            if (saw != '0')
                return false;
            saw = '_';
            continue;
        }
        if (saw == '_')
            return false;
        saw = '!';
    }
    return saw != '_';
}

// strconv.ParseUint(s, 0, 64): prefixes 0b/0o/0x, a bare leading 0 means octal, underscores
// allowed as separators. No sign.
std::optional<quint64> parseUintBase0(QByteArrayView s)
{
    if (s.isEmpty())
        return std::nullopt;
    const QByteArrayView whole = s;
    int base = 10;
    if (s[0] == '0') {
        if (s.size() >= 3 && lower(s[1]) == 'b') {
            base = 2;
            s = s.sliced(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'o') {
            base = 8;
            s = s.sliced(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'x') {
            base = 16;
            s = s.sliced(2);
        } else {
            base = 8;
            s = s.sliced(1);
        }
    }
    quint64 n = 0;
    bool underscores = false;
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    for (const char c : s) {
        if (c == '_') {
            underscores = true;
            continue;
        }
        int d = 99;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (lower(c) >= 'a' && lower(c) <= 'z')
            d = lower(c) - 'a' + 10;
        if (d >= base)
            return std::nullopt;
        if (n > (max - quint64(d)) / quint64(base))
            return std::nullopt;
        n = n * quint64(base) + quint64(d);
    }
    if (underscores && !underscoresOk(whole))
        return std::nullopt;
    return n;
}

// strconv.ParseInt(s, 0, 64).
std::optional<qint64> parseIntBase0(QByteArrayView s)
{
    bool negative = false;
    if (!s.isEmpty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s = s.sliced(1);
    }
    const auto u = parseUintBase0(s);
    if (!u)
        return std::nullopt;
    constexpr quint64 limit = quint64(std::numeric_limits<qint64>::max());
    if (!negative && *u > limit)
        return std::nullopt;
    if (negative && *u > limit + 1)
        return std::nullopt;
    return negative ? qint64(0 - *u) : qint64(*u);
}

// strconv.ParseFloat(s, 64) for decimal syntax. Out-of-range values fail as in Go; underflow
// rounds to a signed zero as in Go.
std::optional<double> parseDecimalFloat(QByteArrayView s)
{
    bool negative = false;
    if (!s.isEmpty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s = s.sliced(1);
    }
    if (s.isEmpty() || hasBasePrefix(s))
        return std::nullopt;
    if (s.contains('_') && !underscoresOk(s))
        return std::nullopt;
    QByteArray digits = s.toByteArray();
    digits.replace("_", "");
    for (const char c : digits) {
        const bool ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
        if (!ok) // from_chars would also take "inf"/"nan" spellings Go's lexer never produces here
            return std::nullopt;
    }
    double value = 0;
    const char *begin = digits.constData();
    const char *end = begin + digits.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
    if (ptr != end)
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Decide overflow (an error in Go) from underflow (zero in Go) by the decimal exponent of
        // the first significant digit.
        const qsizetype ePos = std::max(digits.indexOf('e'), digits.indexOf('E'));
        const QByteArray mantissa = ePos >= 0 ? digits.left(ePos) : digits;
        const qint64 exponent = ePos >= 0 ? digits.mid(ePos + 1).toLongLong() : 0;
        const qsizetype dot = mantissa.indexOf('.');
        const qsizetype intDigits = dot >= 0 ? dot : mantissa.size();
        qsizetype position = 0;
        for (const char c : mantissa) {
            if (c == '.')
                continue;
            if (c != '0')
                break;
            ++position;
        }
        if (intDigits - position - 1 + exponent >= 0)
            return std::nullopt;
        value = 0;
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

} // namespace

NumberParse parseNumber(QByteArrayView text)
{
    NumberParse result;
    const QString shown = QString::fromUtf8(text.data(), text.size());
    if (text.isEmpty()) {
        result.error = QStringLiteral("illegal number syntax: \"\"");
        return result;
    }
    if (text.back() == 'i') {
        // Go makes an imaginary constant of anything ParseFloat accepts before the 'i'; the rest
        // falls through to the integer and float parsers, which reject it.
        const QByteArrayView mantissa = text.first(text.size() - 1);
        const bool hexFloat = mantissa.contains('p') || mantissa.contains('P');
        if (parseDecimalFloat(mantissa) || (hexFloat && !mantissa.contains('_'))) {
            result.unsupported = true;
            result.error = QStringLiteral("unsupported complex constant \"%1\"").arg(shown);
            return result;
        }
    }
    NumberConst n;
    const auto u = parseUintBase0(text);
    if (u) {
        n.isUint = true;
        n.u = *u;
    }
    const auto i = parseIntBase0(text);
    if (i) {
        n.isInt = true;
        n.i = *i;
        if (*i == 0) { // "-0" is a uint too
            n.isUint = true;
            n.u = 0;
        }
    }
    if (n.isInt) {
        n.isFloat = true;
        n.f = double(n.i);
    } else if (n.isUint) {
        n.isFloat = true;
        n.f = double(n.u);
    } else {
        QByteArrayView unsigned_ = text;
        if (unsigned_.front() == '+' || unsigned_.front() == '-')
            unsigned_ = unsigned_.sliced(1);
        if (unsigned_.size() >= 2 && unsigned_[0] == '0' && lower(unsigned_[1]) == 'x'
            && (text.contains('p') || text.contains('P'))) {
            result.unsupported = true;
            result.error = QStringLiteral("unsupported hexadecimal floating-point constant \"%1\"").arg(shown);
            return result;
        }
        const auto f = parseDecimalFloat(text);
        if (f) {
            const bool looksFloat = text.contains('.') || text.contains('e') || text.contains('E');
            if (!looksFloat) {
                result.error = QStringLiteral("integer overflow: \"%1\"").arg(shown);
                return result;
            }
            n.isFloat = true;
            n.f = *f;
            // Go promotes an integral float to int/uint when it converts back exactly.
            if (*f >= -9223372036854775808.0 && *f < 9223372036854775808.0 && double(qint64(*f)) == *f) {
                n.isInt = true;
                n.i = qint64(*f);
            }
            if (*f >= 0 && *f < 18446744073709551616.0 && double(quint64(*f)) == *f) {
                n.isUint = true;
                n.u = quint64(*f);
            }
        }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) {
        result.error = QStringLiteral("illegal number syntax: \"%1\"").arg(shown);
        return result;
    }
    result.value = n;
    return result;
}

QByteArray formatFloat(double v)
{
    if (v == 0)
        return std::signbit(v) ? QByteArrayLiteral("-0") : QByteArrayLiteral("0");
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    // to_chars gives the shortest digits that round-trip, as Go's strconv does.
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    Q_UNUSED(ec);
    const QByteArray sci(buf, ptr - buf);
    const bool negative = sci.startsWith('-');
    const qsizetype ePos = sci.indexOf('e');
    QByteArray digits = sci.mid(negative ? 1 : 0, ePos - (negative ? 1 : 0));
    digits.replace(".", "");
    const int exp = sci.mid(ePos + 1).toInt();
    const qsizetype nd = digits.size();
    const qsizetype dp = exp + 1; // value = 0.d1d2...dn × 10^dp

    QByteArray out;
    if (negative)
        out.append('-');
    if (exp < -4 || exp >= 6) { // %e, as strconv's shortest %g decides with precision 6
        out.append(digits[0]);
        if (nd > 1) {
            out.append('.');
            out.append(digits.mid(1));
        }
        out.append('e');
        out.append(exp < 0 ? '-' : '+');
        const int a = exp < 0 ? -exp : exp;
        if (a < 10)
            out.append('0');
        out.append(QByteArray::number(a));
        return out;
    }
    if (dp > 0) {
        for (qsizetype i = 0; i < dp; ++i)
            out.append(i < nd ? digits[i] : '0');
    } else {
        out.append('0');
    }
    const qsizetype fraction = std::max<qsizetype>(nd - dp, 0);
    if (fraction > 0) {
        out.append('.');
        for (qsizetype i = 0; i < fraction; ++i) {
            const qsizetype at = dp + i;
            out.append(at >= 0 && at < nd ? digits[at] : '0');
        }
    }
    return out;
}

} // namespace Postrider::Template::detail
