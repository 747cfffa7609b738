#pragma once

#include <QByteArray>
#include <QList>
#include <QStringView>

namespace Postrider::Http {

/// Encodes a string exactly as Go's encoding/json does (Posthorn writes every JSON body with it):
/// `"` `\` and control characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00xx`), and the
/// HTML-safe escapes `<` `>` `&` → `\u003c` `\u003e` `\u0026`, U+2028/U+2029 → `\u2028`/`\u2029`.
QByteArray goJsonString(QStringView s);

/// \brief A small streaming JSON writer producing Go's compact bytes (no spaces), keys in the
/// order written. Used for every body the HTTP ingress writes so responses match Posthorn's.
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QStringView name);
    JsonWriter &value(QStringView text);
    JsonWriter &value(const char16_t *text) { return value(QStringView(text)); }
    JsonWriter &value(qint64 number);
    JsonWriter &boolean(bool b);
    JsonWriter &null();
    /// The document, with Go's trailing newline (json.Encoder.Encode) when `newline`.
    QByteArray finish(bool newline = true);

private:
    void separate();
    QByteArray m_out;
    QList<bool> m_first; ///< per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace Postrider::Http
