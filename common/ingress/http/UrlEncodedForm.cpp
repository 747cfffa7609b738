#include "UrlEncodedForm.h"

#include "ingress/template/GoText.h"

namespace Postrider::Http {

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

QByteArray queryUnescape(QByteArrayView s, bool *ok, QString *error)
{
    QByteArray out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char c = s.at(i);
        if (c == '+') {
            out.append(' ');
        } else if (c == '%') {
            if (i + 2 >= s.size() || hexValue(s.at(i + 1)) < 0 || hexValue(s.at(i + 2)) < 0) {
                *ok = false;
                if (error)
                    *error = QStringLiteral("invalid URL escape ")
                        + QString::fromUtf8(Template::detail::quote(s.sliced(i, std::min<qsizetype>(3, s.size() - i))));
                return {};
            }
            out.append(char(hexValue(s.at(i + 1)) * 16 + hexValue(s.at(i + 2))));
            i += 2;
        } else {
            out.append(c);
        }
    }
    *ok = true;
    return out;
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
