#include "FakeHttpRequest.h"

#include <QHash>

namespace Postrider::Test {

namespace {

/// Parameters of a header value such as `form-data; name="a"; filename="b"` (quoted-string
/// with backslash escapes, RFC 9110 §5.6.4).
QHash<QByteArray, QByteArray> headerParams(const QByteArray &value, QByteArray *first)
{
    QHash<QByteArray, QByteArray> out;
    qsizetype i = value.indexOf(';');
    if (first)
        *first = (i < 0 ? value : value.left(i)).trimmed().toLower();
    while (i >= 0 && i < value.size()) {
        ++i;
        while (i < value.size() && value[i] == ' ')
            ++i;
        const qsizetype eq = value.indexOf('=', i);
        if (eq < 0)
            break;
        const QByteArray key = value.mid(i, eq - i).trimmed().toLower();
        i = eq + 1;
        QByteArray v;
        if (i < value.size() && value[i] == '"') {
            ++i;
            while (i < value.size() && value[i] != '"') {
                if (value[i] == '\\' && i + 1 < value.size())
                    ++i;
                v += value[i++];
            }
            ++i;
            i = value.indexOf(';', i);
        } else {
            const qsizetype semi = value.indexOf(';', i);
            v = (semi < 0 ? value.mid(i) : value.mid(i, semi - i)).trimmed();
            i = semi;
        }
        out.insert(key, v);
    }
    return out;
}

} // namespace

FakeHeaderList FakeHttpRequest::parseHeaderBlock(const QByteArray &block)
{
    FakeHeaderList headers;
    for (const QByteArray &line : block.split('\n')) {
        QByteArray l = line;
        if (l.endsWith('\r'))
            l.chop(1);
        if (l.isEmpty())
            continue;
        if ((l.startsWith(' ') || l.startsWith('\t')) && !headers.isEmpty()) { // obs-fold
            headers.last().second += ' ' + l.trimmed();
            continue;
        }
        const qsizetype colon = l.indexOf(':');
        if (colon <= 0)
            continue;
        headers.append({l.left(colon), l.mid(colon + 1).trimmed()});
    }
    return headers;
}

namespace {

QByteArray findHeader(const FakeHeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

} // namespace

QByteArray FakeHttpRequest::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

QList<QByteArray> FakeHttpRequest::headerValues(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            out.append(h.second);
    return out;
}

bool FakeHttpRequest::hasHeader(QByteArrayView name) const
{
    return headerCount(name) > 0;
}

int FakeHttpRequest::headerCount(QByteArrayView name) const
{
    return int(headerValues(name).size());
}

QJsonDocument FakeHttpRequest::json() const
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    return err.error == QJsonParseError::NoError ? doc : QJsonDocument();
}

QList<FakeHttpRequest::Part> FakeHttpRequest::parts() const
{
    QByteArray type;
    const auto params = headerParams(header("Content-Type"), &type);
    const QByteArray boundary = params.value("boundary");
    if (type != "multipart/form-data" || boundary.isEmpty())
        return {};
    const QByteArray delim = "--" + boundary;
    QList<Part> out;
    qsizetype pos = body.indexOf(delim);
    if (pos < 0)
        return {};
    for (;;) {
        pos += delim.size();
        if (body.mid(pos, 2) == "--")
            return out; // close delimiter
        if (body.mid(pos, 2) != "\r\n")
            return {};
        pos += 2;
        const qsizetype next = body.indexOf("\r\n" + delim, pos);
        if (next < 0)
            return {};
        const QByteArray raw = body.mid(pos, next - pos);
        const qsizetype split = raw.indexOf("\r\n\r\n");
        Part p;
        if (split < 0 && !raw.startsWith("\r\n"))
            return {};
        const QByteArray headerBlock = split < 0 ? QByteArray() : raw.left(split);
        p.body = split < 0 ? raw.mid(2) : raw.mid(split + 4);
        p.headers = parseHeaderBlock(headerBlock);
        QByteArray disposition;
        const auto dp = headerParams(findHeader(p.headers, "Content-Disposition"), &disposition);
        if (disposition != "form-data")
            return {};
        p.name = dp.value("name");
        p.hasFilename = dp.contains("filename");
        p.filename = dp.value("filename");
        p.contentType = findHeader(p.headers, "Content-Type");
        out.append(p);
        pos = next + 2;
    }
}

QList<QByteArray> FakeHttpRequest::partNames() const
{
    QList<QByteArray> out;
    for (const Part &p : parts())
        out.append(p.name);
    return out;
}

QList<QByteArray> FakeHttpRequest::partValues(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const Part &p : parts())
        if (p.name == name)
            out.append(p.body);
    return out;
}

} // namespace Postrider::Test
