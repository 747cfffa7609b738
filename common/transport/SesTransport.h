#pragma once

#include "HttpTransport.h"
#include "SigV4Signer.h"

namespace Postrider {

/// \brief Amazon SES v2 SendEmail (`POST /v2/email/outbound-emails`, SigV4 service `ses`).
/// `Simple` content with UTF-8 charsets; `Raw` MIME (built by Mime::buildMessage, Bcc only in
/// the Destination) when the message has attachments or custom headers. Optional STS session
/// token and configuration set.
class SesTransport final : public HttpTransport
{
    Q_OBJECT
public:
    SesTransport(TransportConfig config, Clock *clock, QObject *parent = nullptr);
    static Status validate(const TransportConfig &config);
    /// `https://email.<region>.amazonaws.com`
    static QString defaultBase(const QString &region);
    /// True when `message` needs Raw content (attachments or custom headers).
    static bool needsRaw(const Message &message);
    /// The JSON body for `message` (SES API v2 reference, SendEmail); Raw content requires the
    /// MIME builder, which may fail (terminal).
    Result<QJsonObject> body(const Message &message) const;
    /// Host header value as Qt sends it (host, plus ":port" when not the scheme's default).
    static QByteArray hostHeader(const QUrl &url);

protected:
    Result<HttpCall> buildCall(const Message &message, const SendOptions &options) override;
    bool isSuccessStatus(int status) const override { return status == 200; }
    QString parseMessageId(const QByteArray &body) const override;
    ProviderError parseError(const HttpHeaderList &headers, const QByteArray &body) const override;

private:
    SigV4Signer m_signer;
    QString m_configurationSet;
};

} // namespace Postrider
