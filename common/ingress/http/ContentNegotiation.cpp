#include "ContentNegotiation.h"

#include <QByteArray>

namespace Postrider::Http {

namespace {

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

/// RFC 9110 §12.4.2 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]; anything else counts as 1.
double parseQ(QByteArrayView v)
{
    bool ok = false;
    const double q = v.toByteArray().toDouble(&ok);
    if (!ok || q < 0 || q > 1)
        return 1.0;
    return q;
}

Representation choose(QByteArrayView accept, bool offerText, bool offerRedirect)
{
    if (trimmed(accept).isEmpty())
        return Representation::Json;
    const double json = ContentNegotiation::quality(accept, "application", "json");
    const double html = offerRedirect ? ContentNegotiation::quality(accept, "text", "html") : 0;
    const double text = offerText ? ContentNegotiation::quality(accept, "text", "plain") : 0;
    if (json >= html && json >= text)
        return Representation::Json;
    if (html >= text)
        return Representation::Redirect;
    return Representation::Text;
}

} // namespace

double ContentNegotiation::quality(QByteArrayView accept, QByteArrayView type, QByteArrayView subtype)
{
    if (trimmed(accept).isEmpty())
        return 1.0;
    int bestSpecificity = -1;
    double bestQ = 0;
    while (!accept.isEmpty()) {
        const qsizetype comma = accept.indexOf(',');
        QByteArrayView range = comma < 0 ? accept : accept.first(comma);
        accept = comma < 0 ? QByteArrayView() : accept.sliced(comma + 1);
        double q = 1.0;
        const qsizetype semi = range.indexOf(';');
        if (semi >= 0) {
            QByteArrayView params = range.sliced(semi + 1);
            range = range.first(semi);
            while (!params.isEmpty()) {
                const qsizetype next = params.indexOf(';');
                const QByteArrayView p = trimmed(next < 0 ? params : params.first(next));
                params = next < 0 ? QByteArrayView() : params.sliced(next + 1);
                if (p.size() > 2 && (p.at(0) == 'q' || p.at(0) == 'Q') && p.at(1) == '=')
                    q = parseQ(p.sliced(2));
            }
        }
        range = trimmed(range);
        const qsizetype slash = range.indexOf('/');
        if (slash <= 0)
            continue;
        const QByteArrayView t = range.first(slash);
        const QByteArrayView s = range.sliced(slash + 1);
        int specificity = -1;
        if (t == "*" && s == "*")
            specificity = 0;
        else if (t.compare(type, Qt::CaseInsensitive) == 0 && s == "*")
            specificity = 1;
        else if (t.compare(type, Qt::CaseInsensitive) == 0 && s.compare(subtype, Qt::CaseInsensitive) == 0)
            specificity = 2;
        if (specificity > bestSpecificity) {
            bestSpecificity = specificity;
            bestQ = q;
        }
    }
    return bestSpecificity < 0 ? 0 : bestQ;
}

Representation ContentNegotiation::forError(QByteArrayView accept, bool redirectConfigured)
{
    return choose(accept, true, redirectConfigured);
}

Representation ContentNegotiation::forSuccess(QByteArrayView accept, bool redirectConfigured)
{
    return choose(accept, false, redirectConfigured);
}

} // namespace Postrider::Http
