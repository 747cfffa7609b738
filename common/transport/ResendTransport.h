#pragma once

#include "HttpTransport.h"

namespace Postrider {

/// \brief Resend "Send Email" (`POST /emails`, Bearer key). Any 2xx is success (decisions §18);
/// every attempt of one submission carries the same `Idempotency-Key`, so a retry after a lost
/// answer cannot send the message twice.
class ResendTransport final : public HttpTransport
{
    Q_OBJECT
public:
    static constexpr const char *kDefaultBase = "https://api.resend.com";
    /// Resend accepts idempotency keys of 1–256 characters.
    static constexpr int kMaxIdempotencyKeyLength = 256;

    ResendTransport(TransportConfig config, Clock *clock, QObject *parent = nullptr);
    static Status validate(const TransportConfig &config);
    /// The JSON body sent for `message` (Resend API reference, "Send Email").
    QJsonObject body(const Message &message) const;
    /// The Idempotency-Key header value for a submission key ("postrider/<key>"; keys longer
    /// than Resend's limit are replaced by their SHA-256). Empty when `key` is empty.
    static QByteArray idempotencyKey(const QString &key);

protected:
    Result<HttpCall> buildCall(const Message &message, const SendOptions &options) override;
    bool isSuccessStatus(int status) const override { return status >= 200 && status < 300; }
    QString parseMessageId(const QByteArray &body) const override;
    ProviderError parseError(const HttpHeaderList &headers, const QByteArray &body) const override;
    Outcome errorOutcome(int status, const ProviderError &error) const override;

private:
    QByteArray m_auth;
};

} // namespace Postrider
