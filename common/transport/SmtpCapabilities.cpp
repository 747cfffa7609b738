#include "SmtpCapabilities.h"

#include <algorithm>

namespace Postrider {

SmtpCapabilities SmtpCapabilities::fromEhloReply(const SmtpReply &reply)
{
    SmtpCapabilities caps;
    // RFC 5321 §4.1.1.1: ehlo-ok-rsp = "250" SP Domain [ SP ehlo-greet ] CRLF
    //                                / "250-" Domain ... *( "250-" ehlo-line ) "250" SP ehlo-line
    for (qsizetype i = 1; i < reply.lines.size(); ++i) {
        const QStringList words = reply.lines.at(i).split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        QString keyword = words.constFirst().toUpper();
        QStringList params = words.mid(1);
        if (keyword.startsWith(QLatin1String("AUTH="))) {
            // Some servers repeat AUTH in the pre-standard form "AUTH=LOGIN PLAIN" for old clients.
            params.prepend(keyword.mid(5));
            keyword = QStringLiteral("AUTH");
        }
        if (keyword == QLatin1String("AUTH"))
            for (QString &p : params)
                p = p.toUpper();
        QStringList &existing = caps.m_keywords[keyword];
        for (const QString &p : std::as_const(params))
            if (!existing.contains(p))
                existing.append(p);
    }
    return caps;
}

QStringList SmtpCapabilities::keywords() const
{
    QStringList out = m_keywords.keys();
    std::sort(out.begin(), out.end());
    return out;
}

qint64 SmtpCapabilities::sizeLimit() const
{
    const QStringList p = parameters(QStringLiteral("SIZE"));
    if (p.isEmpty())
        return 0;
    bool ok = false;
    const qint64 n = p.constFirst().toLongLong(&ok);
    return ok && n > 0 ? n : 0;
}

} // namespace Postrider
