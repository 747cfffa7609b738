#include "MultipartParser.h"

#include "HttpLimits.h"
#include "UrlEncodedForm.h"

#include <cstring>

namespace Postrider::Http {

namespace {

Error invalid(const QString &message)
{
    return Error(QStringLiteral("multipart.invalid"), message);
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.chop(1);
    return v;
}

/// RFC 2045 tspecials.
bool isTSpecial(char c)
{
    return c != '\0' && std::strchr("()<>@,;:\\\"/[]?=", c) != nullptr;
}

/// filepath.Base of a client-supplied name, without the directories some browsers send.
QString baseName(const QString &name)
{
    const qsizetype cut = std::max(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\'));
    QString base = cut >= 0 ? name.mid(cut + 1) : name;
    base.remove(u'\r');
    base.remove(u'\n');
    return base == u"." || base == u".." ? QString() : base;
}

} // namespace

QList<QPair<QByteArray, QString>> MultipartParser::parameters(QByteArrayView value)
{
    QList<QPair<QByteArray, QString>> out;
    qsizetype i = value.indexOf(';');
    if (i < 0)
        return out;
    ++i;
    while (i < value.size()) {
        while (i < value.size() && (value.at(i) == ' ' || value.at(i) == '\t' || value.at(i) == ';'))
            ++i;
        const qsizetype nameStart = i;
        while (i < value.size() && value.at(i) != '=' && value.at(i) != ';')
            ++i;
        const QByteArray name = trimmed(value.sliced(nameStart, i - nameStart)).toByteArray().toLower();
        if (i >= value.size() || value.at(i) != '=') {
            continue;
        }
        ++i;
        while (i < value.size() && (value.at(i) == ' ' || value.at(i) == '\t'))
            ++i;
        QByteArray raw;
        if (i < value.size() && value.at(i) == '"') {
            ++i;
            while (i < value.size() && value.at(i) != '"') {
                // A quoted-pair only before a tspecial (as Go's mime package reads it): browsers
                // send Windows paths with raw backslashes.
                if (value.at(i) == '\\' && i + 1 < value.size() && isTSpecial(value.at(i + 1)))
                    ++i;
                raw.append(value.at(i++));
            }
            ++i;
        } else {
            const qsizetype start = i;
            while (i < value.size() && value.at(i) != ';')
                ++i;
            raw = trimmed(value.sliced(start, i - start)).toByteArray();
        }
        if (name.isEmpty())
            continue;
        if (name.endsWith('*')) {
            // RFC 5987: charset'language'percent-encoded
            const QList<QByteArray> parts = raw.split('\'');
            if (parts.size() == 3) {
                QByteArray decoded;
                if (pathUnescape(parts.at(2), &decoded)) { // '+' is literal in RFC 5987 values
                    const QString text = parts.at(0).compare("utf-8", Qt::CaseInsensitive) == 0
                        ? QString::fromUtf8(decoded)
                        : QString::fromLatin1(decoded);
                    const QByteArray plain = name.chopped(1);
                    out.removeIf([&](const auto &p) { return p.first == plain; });
                    out.append({plain, text});
                }
            }
            continue;
        }
        bool haveExtended = false;
        for (const auto &p : out)
            haveExtended = haveExtended || p.first == name;
        if (!haveExtended)
            out.append({name, QString::fromUtf8(raw)});
    }
    return out;
}

QByteArray MultipartParser::boundaryOf(QByteArrayView contentType)
{
    for (const auto &p : parameters(contentType))
        if (p.first == "boundary")
            return p.second.toUtf8();
    return {};
}

Result<MultipartForm> MultipartParser::parse(QByteArrayView body, QByteArrayView contentType)
{
    const QByteArray boundary = boundaryOf(contentType);
    if (boundary.isEmpty() || boundary.size() > 70) // RFC 2046 §5.1.1: 1–70 characters
        return invalid(QStringLiteral("no multipart boundary param in Content-Type"));
    const QByteArray dash = "--" + boundary;
    const QByteArray delimiter = "\r\n" + dash;
    const Error truncated = invalid(QStringLiteral("multipart: NextPart: EOF"));

    // The first delimiter may start the body or follow a preamble line.
    qsizetype pos;
    if (body.startsWith(dash)) {
        pos = dash.size();
    } else {
        const qsizetype at = body.indexOf(delimiter);
        if (at < 0)
            return truncated;
        pos = at + delimiter.size();
    }
    MultipartForm form;
    int parts = 0;
    for (;;) {
        if (body.sliced(pos).startsWith("--"))
            return form; // close-delimiter: the epilogue is ignored
        // transport-padding, then CRLF
        while (pos < body.size() && (body.at(pos) == ' ' || body.at(pos) == '\t'))
            ++pos;
        if (body.sliced(pos).startsWith("\r\n"))
            pos += 2;
        else if (body.sliced(pos).startsWith("\n"))
            pos += 1;
        else
            return truncated;
        if (++parts > kMaxMultipartParts)
            return invalid(QStringLiteral("multipart: message too large"));
        // Part headers
        qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        qsizetype sepLen = 4;
        if (body.sliced(pos).startsWith("\r\n")) {
            headEnd = pos;
            sepLen = 2;
        }
        if (headEnd < 0)
            return truncated;
        if (headEnd - pos > kMaxMultipartPartHeaderBytes)
            return invalid(QStringLiteral("multipart: message too large"));
        QByteArray disposition;
        QByteArray partType;
        for (const QByteArray &line : body.sliced(pos, headEnd - pos).toByteArray().split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArrayView name = trimmed(QByteArrayView(line).first(colon));
            if (name.compare("content-disposition", Qt::CaseInsensitive) == 0)
                disposition = trimmed(QByteArrayView(line).sliced(colon + 1)).toByteArray();
            else if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                partType = trimmed(QByteArrayView(line).sliced(colon + 1)).toByteArray();
        }
        const qsizetype dataStart = headEnd + sepLen;
        const qsizetype dataEnd = body.indexOf(delimiter, dataStart);
        if (dataEnd < 0)
            return truncated;
        pos = dataEnd + delimiter.size();

        QString fieldName;
        QString filename;
        bool hasFilename = false;
        if (disposition.toLower().startsWith("form-data")) {
            for (const auto &p : parameters(disposition)) {
                if (p.first == "name")
                    fieldName = p.second;
                else if (p.first == "filename") {
                    filename = baseName(p.second);
                    hasFilename = true;
                }
            }
        }
        if (fieldName.isEmpty())
            continue; // Go skips parts without a form name
        const QByteArrayView data = body.sliced(dataStart, dataEnd - dataStart);
        if (hasFilename && !filename.isEmpty()) {
            MultipartFile f;
            f.field = fieldName;
            f.filename = filename;
            QString type = QString::fromLatin1(partType);
            type.remove(u'\r');
            type.remove(u'\n');
            f.contentType = type.isEmpty() ? QStringLiteral("application/octet-stream") : type;
            f.data = data.toByteArray();
            form.files.append(std::move(f));
        } else {
            form.fields[fieldName].append(QString::fromUtf8(data));
        }
    }
}

} // namespace Postrider::Http
