#include "SmtpReply.h"

namespace Postrider {

QString SmtpReply::text() const
{
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        // RFC 2034 §4: every line of a reply carries the enhanced code; say it once.
        if (i > 0 && !enhancedCode.isEmpty() && line.startsWith(enhancedCode))
            line = line.mid(enhancedCode.size()).trimmed();
        if (line.isEmpty())
            continue;
        if (!out.isEmpty())
            out += u' ';
        out += line;
    }
    return out;
}

QString SmtpReply::toString() const
{
    const QString t = text();
    return t.isEmpty() ? QString::number(code) : QString::number(code) + u' ' + t;
}

} // namespace Postrider
