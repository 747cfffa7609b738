#pragma once

#include "HttpTransport.h"

namespace Postrider {

/// \brief Postmark "Send a single email" (`POST /email`, X-Postmark-Server-Token): full
/// messages with HTML, cc/bcc, custom headers, attachments and inline images, MessageStream.
class PostmarkTransport final : public HttpTransport
{
    Q_OBJECT
public:
    static constexpr const char *kDefaultBase = "https://api.postmarkapp.com";

    PostmarkTransport(TransportConfig config, Clock *clock, QObject *parent = nullptr);
    static Status validate(const TransportConfig &config);
    /// The JSON body sent for `message` (Postmark API reference, "Send a single email").
    QJsonObject body(const Message &message) const;

protected:
    Result<HttpCall> buildCall(const Message &message, const SendOptions &options) override;
    bool isSuccessStatus(int status) const override { return status == 200 || status == 202; }
    QString parseMessageId(const QByteArray &body) const override;
    ProviderError parseError(const HttpHeaderList &headers, const QByteArray &body) const override;

private:
    QByteArray m_token;
    QString m_stream;
};

} // namespace Postrider
