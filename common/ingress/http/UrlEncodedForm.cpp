#include "UrlEncodedForm.h"

#include "core/Ascii.h"

#include "ingress/template/GoText.h"

namespace Postrider::Http {

namespace {
/// Percent-decodes `in` into `out` (RFC 3986 §2.1); with `plusIsSpace` a '+' becomes a space, as
/// in form encoding. Returns the index of the first malformed escape, or -1.
qsizetype percentDecode(QByteArrayView in, bool plusIsSpace, QByteArray *out)
{
    out->reserve(out->size() + in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in.at(i);
        if (c == '+' && plusIsSpace) {
            out->append(' ');
        } else if (c == '%') {
            const int hi = i + 2 < in.size() ? hexDigitValue(in.at(i + 1)) : -1;
            const int lo = i + 2 < in.size() ? hexDigitValue(in.at(i + 2)) : -1;
            if (hi < 0 || lo < 0)
                return i;
            out->append(char(hi * 16 + lo));
            i += 2;
        } else {
            out->append(c);
        }
    }
    return -1;
}
} // namespace

QByteArray queryUnescape(QByteArrayView s, bool *ok, QString *error)
{
    QByteArray out;
    const qsizetype bad = percentDecode(s, true, &out);
    *ok = bad < 0;
    if (*ok)
        return out;
    if (error)
        *error = QStringLiteral("invalid URL escape ")
            + QString::fromUtf8(Template::detail::quote(s.sliced(bad, std::min<qsizetype>(3, s.size() - bad))));
    return {};
}

bool pathUnescape(QByteArrayView in, QByteArray *out)
{
    return percentDecode(in, false, out) < 0;
}

QString parseUrlEncoded(QByteArrayView text, FormFields &into)
{
    QString first;
    while (!text.isEmpty()) {
        const qsizetype amp = text.indexOf('&');
        const QByteArrayView pair = amp < 0 ? text : text.first(amp);
        text = amp < 0 ? QByteArrayView() : text.sliced(amp + 1);
        if (pair.contains(';')) {
            if (first.isEmpty())
                first = QStringLiteral("invalid semicolon separator in query");
            continue;
        }
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView rawKey = eq < 0 ? pair : pair.first(eq);
        const QByteArrayView rawValue = eq < 0 ? QByteArrayView() : pair.sliced(eq + 1);
        bool ok = false;
        QString problem;
        const QByteArray key = queryUnescape(rawKey, &ok, &problem);
        if (!ok) {
            if (first.isEmpty())
                first = problem;
            continue;
        }
        const QByteArray value = queryUnescape(rawValue, &ok, &problem);
        if (!ok) {
            if (first.isEmpty())
                first = problem;
            continue;
        }
        into[QString::fromUtf8(key)].append(QString::fromUtf8(value));
    }
    return first;
}

} // namespace Postrider::Http
