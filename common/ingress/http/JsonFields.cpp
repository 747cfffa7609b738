#include "JsonFields.h"

#include "HttpLimits.h"

#include "ingress/template/GoText.h"

#include <QList>

#include <cmath>
#include <memory>

namespace Postrider::Http {

namespace {

/// \brief A parsed JSON value (the subset of shapes the coercion needs to tell apart).
struct Value
{
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    QString string;
    QList<Value> items; ///< Array
    QList<QPair<QString, Value>> members; ///< Object, in document order
};

/// \brief Recursive-descent JSON reader (RFC 8259) with Go's encoding/json error texts.
class Reader
{
public:
    explicit Reader(QByteArrayView s)
        : m_s(s)
    { }

    bool atEnd()
    {
        skipSpace();
        return m_pos >= m_s.size();
    }
    bool value(Value &out, int depth, const char *context)
    {
        skipSpace();
        if (m_pos >= m_s.size())
            return fail(QStringLiteral("unexpected EOF"));
        if (depth > kMaxJsonDepth)
            return fail(QStringLiteral("exceeded max depth"));
        const char c = m_s.at(m_pos);
        switch (c) {
        case '{':
            return object(out, depth);
        case '[':
            return array(out, depth);
        case '"':
            out.kind = Value::Kind::String;
            return string(out.string);
        case 't':
            out.kind = Value::Kind::Bool;
            out.boolean = true;
            return literal("true");
        case 'f':
            out.kind = Value::Kind::Bool;
            return literal("false");
        case 'n':
            out.kind = Value::Kind::Null;
            return literal("null");
        default:
            if (c == '-' || (c >= '0' && c <= '9'))
                return number(out);
            return badChar(context);
        }
    }
    QString error() const { return m_error; }
    bool badChar(const char *context)
    {
        return fail(QStringLiteral("invalid character ") + quoteChar(m_s.at(m_pos)) + u' '
                    + QString::fromLatin1(context));
    }

private:
    static QString quoteChar(char c)
    {
        // Go's quoteChar: '\'' and '"' spelled out, everything else strconv.Quote'd between ''.
        if (c == '\'')
            return QStringLiteral("'\\''");
        if (c == '"')
            return QStringLiteral("'\"'");
        QByteArray q = Template::detail::quote(QByteArrayView(&c, 1));
        return u'\'' + QString::fromUtf8(q.mid(1, q.size() - 2)) + u'\'';
    }
    bool fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_s.size()) {
            const char c = m_s.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }
    bool literal(const char *word)
    {
        for (const char *p = word; *p; ++p, ++m_pos) {
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("unexpected EOF"));
            if (m_s.at(m_pos) != *p)
                return badChar(
                    qPrintable(QStringLiteral("in literal %1 (expecting %2)").arg(QLatin1String(word), quoteChar(*p))));
        }
        return true;
    }
    bool number(Value &out)
    {
        const qsizetype start = m_pos;
        const auto digit = [&] { return m_pos < m_s.size() && m_s.at(m_pos) >= '0' && m_s.at(m_pos) <= '9'; };
        const auto need = [&](const char *context) {
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("unexpected EOF"));
            if (!digit())
                return badChar(context);
            return true;
        };
        if (m_s.at(m_pos) == '-') {
            ++m_pos;
            if (!need("in numeric literal"))
                return false;
        }
        if (m_s.at(m_pos) == '0') {
            ++m_pos;
        } else {
            while (digit())
                ++m_pos;
        }
        if (m_pos < m_s.size() && m_s.at(m_pos) == '.') {
            ++m_pos;
            if (!need("after decimal point in numeric literal"))
                return false;
            while (digit())
                ++m_pos;
        }
        if (m_pos < m_s.size() && (m_s.at(m_pos) == 'e' || m_s.at(m_pos) == 'E')) {
            ++m_pos;
            if (m_pos < m_s.size() && (m_s.at(m_pos) == '+' || m_s.at(m_pos) == '-'))
                ++m_pos;
            if (!need("in exponent of numeric literal"))
                return false;
            while (digit())
                ++m_pos;
        }
        const QByteArray text = m_s.sliced(start, m_pos - start).toByteArray();
        bool ok = false;
        out.kind = Value::Kind::Number;
        out.number = text.toDouble(&ok);
        if (!ok || !std::isfinite(out.number))
            return fail(QStringLiteral("json: cannot unmarshal number %1 into Go value of type float64")
                            .arg(QString::fromLatin1(text)));
        return true;
    }
    bool string(QString &out)
    {
        ++m_pos; // opening quote
        QByteArray bytes;
        while (m_pos < m_s.size()) {
            const char c = m_s.at(m_pos);
            if (c == '"') {
                ++m_pos;
                out = QString::fromUtf8(bytes); // invalid UTF-8 becomes U+FFFD, as Go does
                return true;
            }
            if (uchar(c) < 0x20)
                return badChar("in string literal");
            if (c != '\\') {
                bytes.append(c);
                ++m_pos;
                continue;
            }
            if (++m_pos >= m_s.size())
                break;
            const char e = m_s.at(m_pos++);
            switch (e) {
            case '"':
            case '\\':
            case '/':
                bytes.append(e);
                break;
            case 'b':
                bytes.append('\b');
                break;
            case 'f':
                bytes.append('\f');
                break;
            case 'n':
                bytes.append('\n');
                break;
            case 'r':
                bytes.append('\r');
                break;
            case 't':
                bytes.append('\t');
                break;
            case 'u': {
                char32_t cp = 0;
                if (!hex4(&cp))
                    return false;
                if (cp >= 0xD800 && cp < 0xDC00 && m_s.sliced(m_pos).startsWith("\\u")) {
                    const qsizetype save = m_pos;
                    m_pos += 2;
                    char32_t low = 0;
                    if (!hex4(&low))
                        return false;
                    if (low >= 0xDC00 && low < 0xE000)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    else {
                        cp = 0xFFFD;
                        m_pos = save;
                    }
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    cp = 0xFFFD;
                }
                bytes.append(QString::fromUcs4(&cp, 1).toUtf8());
                break;
            }
            default:
                --m_pos;
                return badChar("in string escape code");
            }
        }
        return fail(QStringLiteral("unexpected EOF"));
    }
    bool hex4(char32_t *out)
    {
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("unexpected EOF"));
            const char c = m_s.at(m_pos);
            int v = -1;
            if (c >= '0' && c <= '9')
                v = c - '0';
            else if (c >= 'a' && c <= 'f')
                v = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v = c - 'A' + 10;
            if (v < 0)
                return badChar("in \\u hexadecimal character escape");
            *out = *out * 16 + char32_t(v);
        }
        return true;
    }
    bool object(Value &out, int depth)
    {
        out.kind = Value::Kind::Object;
        ++m_pos;
        skipSpace();
        if (m_pos < m_s.size() && m_s.at(m_pos) == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("unexpected EOF"));
            if (m_s.at(m_pos) != '"')
                return badChar("looking for beginning of object key string");
            QString key;
            if (!string(key))
                return false;
            skipSpace();
            if (m_pos >= m_s.size())
                return fail(QStringLiteral("unexpected EOF"));
            if (m_s.at(m_pos) != ':')
                return badChar("after object key");
            ++m_pos;
            Value v;
            if (!value(v, depth + 1, "looking for beginning of value"))
                return false;
            out.members.append({key, std::move(v)});
            const Next next = afterElement('}', "after object key:value pair");
            if (next != Next::More)
                return next == Next::Closed;
        }
    }
    bool array(Value &out, int depth)
    {
        out.kind = Value::Kind::Array;
        ++m_pos;
        skipSpace();
        if (m_pos < m_s.size() && m_s.at(m_pos) == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            Value v;
            if (!value(v, depth + 1, "looking for beginning of value"))
                return false;
            out.items.append(std::move(v));
            const Next next = afterElement(']', "after array element");
            if (next != Next::More)
                return next == Next::Closed;
        }
    }

    enum class Next { More, Closed, Failed };
    /// After a member or element: a ',' (another follows) or the closing bracket, else an error.
    Next afterElement(char close, const char *context)
    {
        skipSpace();
        if (m_pos >= m_s.size()) {
            fail(QStringLiteral("unexpected EOF"));
            return Next::Failed;
        }
        const char c = m_s.at(m_pos);
        if (c == ',' || c == close) {
            ++m_pos;
            return c == ',' ? Next::More : Next::Closed;
        }
        badChar(context);
        return Next::Failed;
    }

    QByteArrayView m_s;
    qsizetype m_pos = 0;
    QString m_error;
};

Error jsonError(const QString &message)
{
    return Error(QStringLiteral("json.invalid"), message);
}

QString scalarText(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::String:
        return v.string;
    case Value::Kind::Bool:
        return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Kind::Number:
        return JsonFields::formatNumber(v.number);
    default:
        return QString();
    }
}

const char *goTypeName(Value::Kind k)
{
    switch (k) {
    case Value::Kind::Array:
        return "array";
    case Value::Kind::String:
        return "string";
    case Value::Kind::Number:
        return "number";
    case Value::Kind::Bool:
        return "bool";
    default:
        return "object";
    }
}

} // namespace

QString JsonFields::formatNumber(double v)
{
    return QString::number(v, 'f', QLocale::FloatingPointShortest);
}

Result<FormFields> JsonFields::parse(QByteArrayView body)
{
    Reader reader(body);
    if (reader.atEnd())
        return jsonError(QStringLiteral("EOF"));
    Value root;
    if (!reader.value(root, 0, "looking for beginning of value"))
        return jsonError(reader.error());
    if (root.kind == Value::Kind::Null)
        return FormFields(); // Go decodes null into a nil map without complaint
    if (root.kind != Value::Kind::Object)
        return jsonError(QStringLiteral("json: cannot unmarshal %1 into Go value of type map[string]interface {}")
                             .arg(QLatin1String(goTypeName(root.kind))));
    if (!reader.atEnd())
        return jsonError(QStringLiteral("unexpected trailing content after top-level JSON object"));

    // Go decodes into a map first (the last duplicate wins), then Posthorn coerces each entry.
    QMap<QString, const Value *> latest;
    for (const auto &m : std::as_const(root.members))
        latest.insert(m.first, &m.second);
    FormFields out;
    for (auto it = latest.cbegin(); it != latest.cend(); ++it) {
        const Value &v = *it.value();
        switch (v.kind) {
        case Value::Kind::Null:
            break;
        case Value::Kind::Object:
            return jsonError(
                QStringLiteral("nested objects are not supported in v1.1 (field \"%1\" is an object)").arg(it.key()));
        case Value::Kind::Array: {
            QStringList values;
            for (qsizetype i = 0; i < v.items.size(); ++i) {
                const Value &e = v.items.at(i);
                if (e.kind == Value::Kind::Array || e.kind == Value::Kind::Object)
                    return jsonError(
                        QStringLiteral("field \"%1\"[%2]: nested arrays and objects are not supported in v1.1")
                            .arg(it.key())
                            .arg(i));
                values.append(scalarText(e));
            }
            out.insert(it.key(), values);
            break;
        }
        default:
            out.insert(it.key(), {scalarText(v)});
        }
    }
    return out;
}

} // namespace Postrider::Http
