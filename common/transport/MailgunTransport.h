#pragma once

#include "HttpTransport.h"

namespace Postrider {

/// \brief Mailgun Messages API (`POST /v3/{domain}/messages`, HTTP Basic `api:KEY`) as
/// multipart/form-data with real file parts for attachments and inline images.
class MailgunTransport final : public HttpTransport
{
    Q_OBJECT
public:
    static constexpr const char *kUsBase = "https://api.mailgun.net";
    static constexpr const char *kEuBase = "https://api.eu.mailgun.net";

    MailgunTransport(TransportConfig config, Clock *clock, QObject *parent = nullptr);
    static Status validate(const TransportConfig &config);
    /// The multipart form sent for `message` (Mailgun API reference, "Messages").
    static std::unique_ptr<QHttpMultiPart> form(const Message &message);

protected:
    Result<HttpCall> buildCall(const Message &message, const SendOptions &options) override;
    bool isSuccessStatus(int status) const override { return status == 200; }
    QString parseMessageId(const QByteArray &body) const override;
    ProviderError parseError(const HttpHeaderList &headers, const QByteArray &body) const override;

private:
    QByteArray m_auth;
    QString m_domain;
};

} // namespace Postrider
