#include "GoFormat.h"

#include "GoNumber.h"
#include "GoText.h"
#include "TemplateLimits.h"

namespace Postrider::Template::detail {

namespace {

// fmt rejects widths and precisions that overflow its counter this way (parsenum/tooLarge).
constexpr int GoTooLarge = 1'000'000;

// Verbs Go implements for some of our value kinds that this engine does not reproduce. Verbs no
// kind accepts need no entry: Go prints them as %!z(type=value), and so do we.
bool isUnsupportedVerb(char32_t verb)
{
    switch (verb) {
    case 'b':
    case 'o':
    case 'O':
    case 'x':
    case 'X':
    case 'c':
    case 'U':
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'p':
    case 'w':
        return true;
    default:
        return false;
    }
}

QString verbText(char32_t verb)
{
    QByteArray v("%");
    appendRune(v, verb);
    return QString::fromUtf8(v);
}

struct Flags
{
    bool minus = false;
    bool plus = false;
    bool space = false;
    bool zero = false;
    bool sharp = false;
    bool widPresent = false;
    bool precPresent = false;
    int wid = 0;
    int prec = 0;
};

// One fmt "pp": a buffer, the flags of the verb being printed, and a size guard.
class Printer
{
public:
    QByteArray buf;
    QString error;
    bool overLimit = false;
    Flags f;

    bool failed() const { return overLimit || !error.isEmpty(); }

    void write(QByteArrayView bytes)
    {
        if (failed())
            return;
        if (buf.size() + bytes.size() > MaxOutputSize) {
            overLimit = true;
            return;
        }
        buf.append(bytes.data(), bytes.size());
    }

    void writePadding(qsizetype n)
    {
        if (n <= 0 || failed())
            return;
        if (buf.size() + n > MaxOutputSize) {
            overLimit = true;
            return;
        }
        buf.append(n, (f.zero && !f.minus) ? '0' : ' ');
    }

    // fmt.pad: width counts runes, padding goes left unless '-'.
    void pad(QByteArrayView b)
    {
        if (!f.widPresent || f.wid == 0) {
            write(b);
            return;
        }
        const qsizetype width = f.wid - runeCount(b);
        if (!f.minus) {
            writePadding(width);
            write(b);
        } else {
            write(b);
            writePadding(width);
        }
    }

    QByteArray truncated(const QByteArray &s) const { return f.precPresent ? truncateRunes(s, f.prec) : s; }

    void fmtInteger(quint64 u, bool isSigned)
    {
        const bool negative = isSigned && qint64(u) < 0;
        if (negative)
            u = 0 - u;
        // Two ways to ask for leading zeros, %.3d and %03d; with both, the zero flag loses.
        qsizetype prec = 0;
        if (f.precPresent) {
            prec = f.prec;
            if (prec == 0 && u == 0) { // precision 0 and value 0 print nothing but padding
                const bool oldZero = f.zero;
                f.zero = false;
                writePadding(f.wid);
                f.zero = oldZero;
                return;
            }
        } else if (f.zero && !f.minus && f.widPresent) {
            prec = f.wid;
            if (negative || f.plus || f.space)
                --prec; // room for the sign
        }
        QByteArray digits = QByteArray::number(u);
        if (prec > digits.size())
            digits.prepend(QByteArray(prec - digits.size(), '0'));
        if (negative)
            digits.prepend('-');
        else if (f.plus)
            digits.prepend('+');
        else if (f.space)
            digits.prepend(' ');
        const bool oldZero = f.zero;
        f.zero = false; // zero padding was applied above, as precision
        pad(digits);
        f.zero = oldZero;
    }

    void fmtFloat(double v)
    {
        if (f.precPresent) {
            error = QStringLiteral("unsupported printf precision for a float64");
            return;
        }
        QByteArray num = formatFloat(v);
        char sign = '+';
        if (num.startsWith('-') || num.startsWith('+')) {
            sign = num[0];
            num.remove(0, 1);
        }
        if (f.space && sign == '+' && !f.plus)
            sign = ' ';
        if (f.plus || sign != '+') {
            if (f.zero && !f.minus && f.widPresent && f.wid > num.size() + 1) {
                write(QByteArray(1, sign)); // sign before the zeros
                writePadding(f.wid - num.size() - 1);
                write(num);
                return;
            }
            pad(QByteArray(1, sign) + num);
            return;
        }
        pad(num);
    }

    void badVerb(char32_t verb, const Value &arg)
    {
        write("%!");
        QByteArray v;
        appendRune(v, verb);
        write(v);
        write("(");
        if (arg.isNil()) {
            write("<nil>");
        } else {
            write(arg.typeName());
            write("=");
            printArg(arg, 'v');
        }
        write(")");
    }

    void printArg(const Value &arg, char32_t verb)
    {
        if (failed())
            return;
        if (arg.isNil()) {
            if (verb == 'v' || verb == 'T')
                pad("<nil>");
            else
                badVerb(verb, arg);
            return;
        }
        if (verb == 'T') {
            pad(truncated(arg.typeName()));
            return;
        }
        switch (arg.kind) {
        case Value::Kind::Nil:
            return;
        case Value::Kind::Bool:
            if (verb == 't' || verb == 'v')
                pad(arg.boolean ? "true" : "false");
            else
                badVerb(verb, arg);
            return;
        case Value::Kind::Int:
        case Value::Kind::Uint8:
            if (verb == 'v' || verb == 'd') {
                fmtInteger(quint64(arg.integer), arg.kind == Value::Kind::Int);
            } else if (verb == 'q') {
                const quint64 c = quint64(arg.integer);
                pad(quoteRune(c > 0x10FFFF ? RuneError : char32_t(c), f.plus));
            } else if (isUnsupportedVerb(verb)) {
                error = QStringLiteral("unsupported printf verb %1 for %2").arg(verbText(verb), arg.typeName());
            } else {
                badVerb(verb, arg);
            }
            return;
        case Value::Kind::Float:
            if (verb == 'v')
                fmtFloat(arg.real);
            else if (isUnsupportedVerb(verb))
                error = QStringLiteral("unsupported printf verb %1 for float64").arg(verbText(verb));
            else
                badVerb(verb, arg);
            return;
        case Value::Kind::String:
            if (verb == 'v' || verb == 's')
                pad(truncated(arg.string));
            else if (verb == 'q')
                pad(quote(truncated(arg.string), f.plus));
            else if (verb == 'x' || verb == 'X' || verb == 'p' || verb == 'w')
                error = QStringLiteral("unsupported printf verb %1 for string").arg(verbText(verb));
            else
                badVerb(verb, arg);
            return;
        case Value::Kind::Map:
            if (verb == 'p' || verb == 'w') {
                error = QStringLiteral("unsupported printf verb %1 for a map").arg(verbText(verb));
                return;
            }
            // fmt prints maps in sorted key order, applying the verb to every key and element.
            write("map[");
            if (arg.map) {
                bool first = true;
                for (const auto &[key, value] : *arg.map) {
                    if (!first)
                        write(" ");
                    first = false;
                    printArg(Value::ofString(key), verb);
                    write(":");
                    printArg(Value::ofString(value), verb);
                }
            }
            write("]");
            return;
        }
    }
};

// parsenum: a run of digits; a number that grows past GoTooLarge makes the rest of the format
// unusable (Go then reports %!(NOVERB)).
bool parseFormatNumber(const QByteArray &format, qsizetype &i, int &num)
{
    num = 0;
    bool isNum = false;
    const qsizetype end = format.size();
    for (; i < end && format[i] >= '0' && format[i] <= '9'; ++i) {
        if (num > GoTooLarge) {
            num = 0;
            i = end;
            return false;
        }
        num = num * 10 + (format[i] - '0');
        isNum = true;
    }
    return isNum;
}

// Shared by sprintf and the parse-time check: walks the format like fmt's doPrintf.
template<typename OnText, typename OnVerb>
QString walkFormat(const QByteArray &format, OnText onText, OnVerb onVerb)
{
    const qsizetype end = format.size();
    for (qsizetype i = 0; i < end;) {
        const qsizetype start = i;
        while (i < end && format[i] != '%')
            ++i;
        if (i > start)
            onText(QByteArrayView(format).sliced(start, i - start));
        if (i >= end)
            break;
        ++i;
        Flags f;
        for (; i < end; ++i) {
            const char c = format[i];
            if (c == '#')
                f.sharp = true;
            else if (c == '0')
                f.zero = true;
            else if (c == '+')
                f.plus = true;
            else if (c == '-')
                f.minus = true;
            else if (c == ' ')
                f.space = true;
            else
                break;
        }
        if (f.sharp)
            return QStringLiteral("unsupported printf flag '#'");
        if (i < end && format[i] == '[')
            return QStringLiteral("unsupported printf argument index");
        if (i < end && format[i] == '*')
            return QStringLiteral("unsupported printf width '*'");
        f.widPresent = parseFormatNumber(format, i, f.wid);
        if (i + 1 < end && format[i] == '.') {
            ++i;
            if (format[i] == '[' || format[i] == '*')
                return QStringLiteral("unsupported printf precision");
            f.precPresent = true;
            parseFormatNumber(format, i, f.prec);
        }
        if (i < end && format[i] == '[')
            return QStringLiteral("unsupported printf argument index");
        if (i >= end) {
            onVerb(f, char32_t(0));
            break;
        }
        int width = 1;
        const char32_t verb = decodeRune(QByteArrayView(format).sliced(i), &width);
        i += width;
        if (isUnsupportedVerb(verb))
            return QStringLiteral("unsupported printf verb %1").arg(verbText(verb));
        onVerb(f, verb);
    }
    return {};
}

} // namespace

Formatted sprint(const QList<Value> &args)
{
    Printer p;
    bool prevString = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const bool isString = args[i].kind == Value::Kind::String;
        if (i > 0 && !isString && !prevString)
            p.write(" ");
        p.printArg(args[i], 'v');
        prevString = isString;
    }
    return {p.buf, p.error, p.overLimit};
}

Formatted sprintln(const QList<Value> &args)
{
    Printer p;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (i > 0)
            p.write(" ");
        p.printArg(args[i], 'v');
    }
    p.write("\n");
    return {p.buf, p.error, p.overLimit};
}

Formatted sprintf(const QByteArray &format, const QList<Value> &args)
{
    Printer p;
    qsizetype argNum = 0;
    const QString unsupported = walkFormat(
        format, [&p](QByteArrayView text) { p.write(text); },
        [&](const Flags &flags, char32_t verb) {
            if (verb == 0) {
                p.write("%!(NOVERB)");
                return;
            }
            if (verb == '%') { // does not consume an operand; width and precision are ignored
                p.write("%");
                return;
            }
            if (argNum >= args.size()) {
                p.write("%!");
                QByteArray v;
                appendRune(v, verb);
                p.write(v);
                p.write("(MISSING)");
                return;
            }
            p.f = flags;
            if (verb == 'v')
                p.f.plus = false; // %+v means struct field names, not a sign
            p.printArg(args[argNum++], verb);
        });
    if (!unsupported.isEmpty())
        return {{}, unsupported, false};
    if (argNum < args.size()) {
        p.f = Flags();
        p.write("%!(EXTRA ");
        for (qsizetype i = argNum; i < args.size(); ++i) {
            if (i > argNum)
                p.write(", ");
            if (args[i].isNil()) {
                p.write("<nil>");
            } else {
                p.write(args[i].typeName());
                p.write("=");
                p.printArg(args[i], 'v');
            }
        }
        p.write(")");
    }
    return {p.buf, p.error, p.overLimit};
}

Formatted printValue(const Value &value)
{
    Printer p;
    p.printArg(value, 'v');
    return {p.buf, p.error, p.overLimit};
}

QString unsupportedFormatFeature(const QByteArray &format)
{
    return walkFormat(
        format, [](QByteArrayView) {}, [](const Flags &, char32_t) {});
}

} // namespace Postrider::Template::detail
