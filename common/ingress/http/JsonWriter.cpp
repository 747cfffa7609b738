#include "JsonWriter.h"

#include <QString>

namespace Postrider::Http {

QByteArray goJsonString(QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(s.size() + 2);
    out.append('"');
    qsizetype runStart = 0;
    const auto flush = [&](qsizetype end) {
        if (end > runStart)
            out.append(s.mid(runStart, end - runStart).toUtf8());
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        const char *escape = nullptr;
        switch (c) {
        case u'"':
            escape = "\\\"";
            break;
        case u'\\':
            escape = "\\\\";
            break;
        case u'\n':
            escape = "\\n";
            break;
        case u'\r':
            escape = "\\r";
            break;
        case u'\t':
            escape = "\\t";
            break;
        case u'\b':
            escape = "\\b";
            break;
        case u'\f':
            escape = "\\f";
            break;
        default:
            break;
        }
        const bool needsU = !escape && (c < 0x20 || c == u'<' || c == u'>' || c == u'&' || c == 0x2028 || c == 0x2029);
        if (!escape && !needsU)
            continue;
        flush(i);
        runStart = i + 1;
        if (escape) {
            out.append(escape);
        } else {
            out.append("\\u");
            out.append(hex[(c >> 12) & 0xf]);
            out.append(hex[(c >> 8) & 0xf]);
            out.append(hex[(c >> 4) & 0xf]);
            out.append(hex[c & 0xf]);
        }
    }
    flush(s.size());
    out.append('"');
    return out;
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.isEmpty()) {
        if (!m_first.last())
            m_out.append(',');
        m_first.last() = false;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_first.removeLast();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_first.append(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out.append(']');
    m_first.removeLast();
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    m_out.append(goJsonString(name));
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    m_out.append(goJsonString(text));
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    m_out.append(QByteArray::number(number));
    return *this;
}

JsonWriter &JsonWriter::boolean(bool b)
{
    separate();
    m_out.append(b ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out.append("null");
    return *this;
}

QByteArray JsonWriter::finish(bool newline)
{
    if (newline)
        m_out.append('\n');
    return std::move(m_out);
}

} // namespace Postrider::Http
