#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Postrider::Http {

/// Submitted fields: name → values in arrival order (Go's url.Values). Sorted by name, which is
/// also the order Posthorn's JSON log payloads print them in.
using FormFields = QMap<QString, QStringList>;

/// True when every value is empty after trimming white space (or there is none): Posthorn's
/// "missing" for required fields and its "not filled" for the honeypot.
inline bool allBlank(const QStringList &values)
{
    for (const QString &v : values)
        if (!v.trimmed().isEmpty())
            return false;
    return true;
}

/// Go's Values.Get: the first value, or an empty string.
inline QString firstValue(const FormFields &fields, const QString &name)
{
    const auto it = fields.constFind(name);
    return it == fields.constEnd() || it->isEmpty() ? QString() : it->first();
}

} // namespace Postrider::Http
