#include "SigV4Signer.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>
#include <map>

namespace Postrider {

namespace {

constexpr QByteArrayView kAlgorithm = "AWS4-HMAC-SHA256";
constexpr QByteArrayView kTerminator = "aws4_request";

QByteArray hmac(QByteArrayView key, QByteArrayView data)
{
    return QMessageAuthenticationCode::hash(data.toByteArray(), key.toByteArray(), QCryptographicHash::Sha256);
}

QByteArray sha256Hex(QByteArrayView data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '~';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

SigV4Signer::SigV4Signer(QString accessKeyId, QString secretAccessKey, QString region, QString service,
                         QString sessionToken)
    : m_accessKeyId(std::move(accessKeyId))
    , m_secret(secretAccessKey.toUtf8())
    , m_region(std::move(region))
    , m_service(std::move(service))
    , m_sessionToken(sessionToken.toUtf8())
{ }

QByteArray SigV4Signer::deriveSigningKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                                         QByteArrayView service)
{
    const QByteArray kSecret = QByteArrayView("AWS4").toByteArray() + secret.toByteArray();
    const QByteArray kDate = hmac(kSecret, date);
    const QByteArray kRegion = hmac(kDate, region);
    const QByteArray kService = hmac(kRegion, service);
    return hmac(kService, kTerminator);
}

QByteArray SigV4Signer::uriEncode(QByteArrayView bytes, bool keepSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char c : bytes) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalUri(QByteArrayView path)
{
    // Every service but S3 normalises the path (RFC 3986 §5.2.4 dot segments, empty segments
    // dropped) and encodes each segment once more; see the suite's normalize-path cases.
    if (path.isEmpty())
        return "/";
    QList<QByteArray> segments;
    for (const QByteArray &seg : path.toByteArray().split('/')) {
        if (seg.isEmpty() || seg == ".")
            continue;
        if (seg == "..") {
            if (!segments.isEmpty())
                segments.removeLast();
            continue;
        }
        segments.append(seg);
    }
    QByteArray out = "/";
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (i > 0)
            out += '/';
        out += uriEncode(segments.at(i), false);
    }
    if (!segments.isEmpty() && path.endsWith('/'))
        out += '/';
    return out;
}

QByteArray SigV4Signer::canonicalQuery(QByteArrayView query)
{
    if (query.isEmpty())
        return {};
    QList<QPair<QByteArray, QByteArray>> params;
    for (const QByteArray &pair : query.toByteArray().split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArray key = eq < 0 ? pair : pair.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        // Decode what the wire carries, then encode the AWS way, so "%E1%88%B4" and a raw UTF-8
        // key canonicalise alike ('+' is a literal plus, not a space).
        params.append({uriEncode(QByteArray::fromPercentEncoding(key), false),
                       uriEncode(QByteArray::fromPercentEncoding(value), false)});
    }
    std::sort(params.begin(), params.end());
    QByteArray out;
    for (const auto &p : std::as_const(params)) {
        if (!out.isEmpty())
            out += '&';
        out += p.first + '=' + p.second;
    }
    return out;
}

QByteArray SigV4Signer::trimAll(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (char c : value) {
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += c;
    }
    return out;
}

QByteArray SigV4Signer::formatAmzDate(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

SigV4Signer::Signed SigV4Signer::sign(const Request &request, const QDateTime &time, const Options &options) const
{
    Signed out;
    out.payloadHash = sha256Hex(request.body);

    // Lowercased name → values in order of appearance (duplicates are joined with ',').
    std::map<QByteArray, QList<QByteArray>> headers;
    for (const auto &h : request.headers)
        headers[h.first.toLower()].append(trimAll(h.second));

    if (auto it = headers.find("x-amz-date"); it != headers.end() && !it->second.isEmpty()) {
        out.amzDate = it->second.constFirst();
    } else {
        out.amzDate = formatAmzDate(time);
        headers["x-amz-date"] = {out.amzDate};
        out.addedHeaders.append({"X-Amz-Date", out.amzDate});
    }
    if (options.addContentSha256 && headers.find("x-amz-content-sha256") == headers.end()) {
        headers["x-amz-content-sha256"] = {out.payloadHash};
        out.addedHeaders.append({"X-Amz-Content-Sha256", out.payloadHash});
    }
    const bool tokenPresent = headers.find("x-amz-security-token") != headers.end();
    if (!m_sessionToken.isEmpty() && !tokenPresent && options.tokenPlacement == TokenPlacement::Signed) {
        headers["x-amz-security-token"] = {m_sessionToken};
        out.addedHeaders.append({"X-Amz-Security-Token", m_sessionToken});
    }

    QByteArray canonicalHeaders;
    for (const auto &[name, values] : headers) {
        canonicalHeaders += name + ':' + values.join(',') + '\n';
        if (!out.signedHeaders.isEmpty())
            out.signedHeaders += ';';
        out.signedHeaders += name;
    }

    out.canonicalRequest = request.method.toUpper() + '\n' + canonicalUri(request.path) + '\n'
        + canonicalQuery(request.query) + '\n' + canonicalHeaders + '\n' + out.signedHeaders + '\n' + out.payloadHash;

    const QByteArray date = out.amzDate.left(8);
    const QByteArray scope =
        date + '/' + m_region.toUtf8() + '/' + m_service.toUtf8() + '/' + kTerminator.toByteArray();
    out.stringToSign =
        kAlgorithm.toByteArray() + '\n' + out.amzDate + '\n' + scope + '\n' + sha256Hex(out.canonicalRequest);
    out.signature =
        hmac(deriveSigningKey(m_secret, date, m_region.toUtf8(), m_service.toUtf8()), out.stringToSign).toHex();
    out.authorization = kAlgorithm.toByteArray() + " Credential=" + m_accessKeyId.toUtf8() + '/' + scope
        + ", SignedHeaders=" + out.signedHeaders + ", Signature=" + out.signature;
    out.addedHeaders.append({"Authorization", out.authorization});
    if (!m_sessionToken.isEmpty() && !tokenPresent && options.tokenPlacement == TokenPlacement::AfterSigning)
        out.addedHeaders.append({"X-Amz-Security-Token", m_sessionToken});
    return out;
}

} // namespace Postrider
