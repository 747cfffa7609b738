#pragma once

#include "Transport.h"

#include <QByteArray>
#include <QHash>
#include <QHttpMultiPart>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Postrider {

class ProxyEnvironment;

using HttpHeaderList = QList<QPair<QByteArray, QByteArray>>;

/// \brief One provider API request, as a provider transport builds it.
struct HttpCall
{
    QUrl url;
    HttpHeaderList headers; ///< besides Accept/User-Agent, which the base adds
    QByteArray body; ///< used when `multipart` is null
    std::unique_ptr<QHttpMultiPart> multipart; ///< Mailgun's form; handed to the reply on send
};

/// \brief A provider's reading of an error response body.
struct ProviderError
{
    QString code; ///< provider error code (Postmark ErrorCode, Resend name, SES __type), may be empty
    QString message; ///< provider error message, may be empty (the base then uses a fallback)
};

/// \brief Base of the provider API transports: QNetworkAccessManager pool, keep-alive, HTTP/2
/// over TLS, per-attempt deadline, 64 KiB response cap, extra CAs, and the shared error taxonomy
/// (Posthorn §4.1): network/TLS/timeout → transient, 429 → rate_limited (Retry-After parsed),
/// ≥500 → transient, other 4xx → terminal, any other unlisted status → terminal.
class HttpTransport : public Transport
{
    Q_OBJECT
public:
    /// A QNetworkAccessManager opens at most this many HTTP/1.1 connections per host (Qt 6.4,
    /// QHttpNetworkConnection's fixed channel count); the pool adds managers past it.
    static constexpr int kConnectionsPerManager = 6;
    static constexpr int kMaxManagers = 16;
    /// Posthorn reads at most 64 KiB of a provider response; so do we, and drain the rest.
    static constexpr qint64 kMaxResponseBytes = 64 * 1024;
    /// A provider's error text is cut to this many characters (plus "…") before it reaches a
    /// SendResult, the journal and the logs.
    static constexpr qsizetype kMaxErrorMessageChars = 1024;

    HttpTransport(TransportConfig config, Clock *clock, QString provider, QObject *parent = nullptr);
    ~HttpTransport() override;

    void send(const Message &message, const SendOptions &options, Callback done) final;
    int defaultConcurrency() const override { return 16; }

    /// Provider label used in messages ("postmark", "ses"...).
    const QString &provider() const { return m_provider; }
    /// Endpoint root: `base_url` when set, else `defaultBase`, without a trailing slash.
    QUrl baseUrl() const { return m_baseUrl; }
    int managerCount() const { return int(m_managers.size()); }
    /// Requests in flight right now (all managers).
    int inFlight() const;

    /// Checks shared by every HTTP type: the listed settings are non-empty, `base_url` (if set)
    /// is an absolute http(s) URL, `ca_file` (if set) holds at least one PEM certificate.
    static Status validateSettings(const TransportConfig &config, const QStringList &required);

    /// Classifies a completed HTTP exchange (status > 0). Public so tests can table-drive it.
    SendResult classifyResponse(int status, const HttpHeaderList &headers, const QByteArray &body) const;

protected:
    /// Builds the request for one attempt; an Error makes the attempt terminal (nothing is sent).
    virtual Result<HttpCall> buildCall(const Message &message, const SendOptions &options) = 0;
    virtual bool isSuccessStatus(int status) const = 0;
    virtual QString parseMessageId(const QByteArray &body) const = 0;
    virtual ProviderError parseError(const HttpHeaderList &headers, const QByteArray &body) const = 0;
    /// Default taxonomy; a provider may refine it (Resend's retryable 409).
    virtual Outcome errorOutcome(int status, const ProviderError &error) const;
    /// Sets m_baseUrl from `base_url` or `defaultBase` (call from the subclass constructor).
    void setDefaultBase(const QString &defaultBase);

    static QByteArray headerValue(const HttpHeaderList &headers, QByteArrayView name);
    /// The body as a JSON object, or an empty object when it is not one (never throws).
    static QJsonObject jsonObject(const QByteArray &body);
    /// Compact UTF-8 JSON.
    static QByteArray toJson(const QJsonObject &object);

private:
    struct Attempt;
    QNetworkAccessManager *pickManager();
    void onFinished(QNetworkReply *reply, const std::shared_ptr<Attempt> &attempt);
    SendResult networkFailure(QNetworkReply *reply, const Attempt &attempt) const;

    QString m_provider;
    QUrl m_baseUrl;
    QList<QSslCertificate> m_extraCas;
    std::unique_ptr<ProxyEnvironment> m_proxies; ///< HTTP(S)_PROXY / NO_PROXY, read at construction
    bool m_proxyLogged = false;
    QList<QNetworkAccessManager *> m_managers;
    QHash<QNetworkAccessManager *, int> m_inFlight;
};

} // namespace Postrider
