#include "HeaderSafety.h"

#include <QStringView>

namespace Postrider::Template {

namespace {

bool isUnsafe(char32_t c)
{
    if (c == '\t')
        return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

} // namespace

QString headerSafe(const QString &value)
{
    QString out;
    out.reserve(value.size());
    bool inRun = false;
    for (const QChar ch : value) {
        // Control characters and U+2028/2029 are all in the BMP, so UTF-16 units suffice.
        if (isUnsafe(ch.unicode())) {
            if (!inRun)
                out.append(QLatin1Char(' '));
            inRun = true;
            continue;
        }
        inRun = false;
        out.append(ch);
    }
    return out.trimmed();
}

} // namespace Postrider::Template
