#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace Postrider {

/// \brief AWS Signature Version 4 (header form, `AWS4-HMAC-SHA256`) for one request.
///
/// Follows the AWS General Reference "Create a canonical request" / "Create a string to sign" /
/// "Calculate the signature" steps and passes every case of the AWS SigV4 test suite
/// (tests/data/aws-sigv4). Usable on its own; the SES transport and the fake provider share it.
/// The secret key never leaves this object: only the derived signature appears in the output.
class SigV4Signer
{
public:
    using HeaderList = QList<QPair<QByteArray, QByteArray>>;

    /// Where the STS session token goes. SES (and most services) sign it; the test suite's
    /// `post-sts-header-after` case adds it after signing.
    enum class TokenPlacement { Signed, AfterSigning };

    /// \brief The request as it will go on the wire.
    struct Request
    {
        QByteArray method;
        QByteArray path = "/"; ///< request-target path exactly as sent (percent-encoded or raw)
        QByteArray query; ///< without '?', as sent
        HeaderList headers; ///< name/value pairs in order, duplicates allowed
        QByteArray body;
    };

    /// \brief Every intermediate product, for tests and for debugging a 403 from AWS.
    struct Signed
    {
        QByteArray canonicalRequest;
        QByteArray stringToSign;
        QByteArray signature; ///< lowercase hex
        QByteArray signedHeaders; ///< "host;x-amz-date"
        QByteArray authorization; ///< full Authorization header value
        QByteArray amzDate; ///< YYYYMMDD'T'HHMMSS'Z'
        QByteArray payloadHash; ///< lowercase hex SHA-256 of the body
        HeaderList addedHeaders; ///< headers the caller must send (X-Amz-Date, token, ..., Authorization)
    };

    struct Options
    {
        bool addContentSha256 = false; ///< send and sign X-Amz-Content-Sha256 (SES does)
        TokenPlacement tokenPlacement = TokenPlacement::Signed;
    };

    SigV4Signer(QString accessKeyId, QString secretAccessKey, QString region, QString service,
                QString sessionToken = {});

    const QString &region() const { return m_region; }
    const QString &service() const { return m_service; }

    /// Signs `request` at `time`. Headers already in the request are all signed (an existing
    /// X-Amz-Date wins over `time`). `addedHeaders` lists what to add before sending.
    Signed sign(const Request &request, const QDateTime &time, const Options &options) const;
    Signed sign(const Request &request, const QDateTime &time) const { return sign(request, time, Options()); }

    /// kSecret = HMAC chain "AWS4"+secret → date → region → service → "aws4_request" (raw bytes).
    static QByteArray deriveSigningKey(QByteArrayView secret, QByteArrayView date, QByteArrayView region,
                                       QByteArrayView service);
    /// RFC 3986 unreserved characters kept, everything else %XX with uppercase hex; '/' kept
    /// only when `keepSlash` (paths).
    static QByteArray uriEncode(QByteArrayView bytes, bool keepSlash);
    /// Path with dot segments and empty segments removed (RFC 3986 §5.2.4), each segment encoded.
    static QByteArray canonicalUri(QByteArrayView path);
    /// Parameters decoded, re-encoded AWS style and sorted by key, then value.
    static QByteArray canonicalQuery(QByteArrayView query);
    /// AWS "Trimall": ends trimmed, every run of whitespace (incl. folded lines) becomes one space.
    static QByteArray trimAll(QByteArrayView value);
    static QByteArray formatAmzDate(const QDateTime &time);

private:
    QString m_accessKeyId;
    QByteArray m_secret;
    QString m_region;
    QString m_service;
    QByteArray m_sessionToken;
};

} // namespace Postrider
