#pragma once

#include "SmtpClientOptions.h"
#include "Transport.h"

#include <memory>

namespace Postrider {

class SmtpCapabilities;

/// \brief Transport type `smtp`: delivers through an SMTP relay (submission on 587 with
/// STARTTLS, 465 with implicit TLS, or a local relay on 25) with AUTH PLAIN/LOGIN or none.
/// One connection per attempt; the protocol lives in SmtpClientConnection and SmtpTransaction.
class SmtpRelayTransport final : public Transport
{
    Q_OBJECT
public:
    /// Reads and checks the `smtp` settings; errors have code `transport.invalid`.
    static Result<SmtpClientOptions> optionsFromConfig(const TransportConfig &config);
    static Result<SmtpRelayTransport *> create(const TransportConfig &config, Clock *clock, QObject *parent = nullptr);

    SmtpRelayTransport(TransportConfig config, SmtpClientOptions options, Clock *clock, QObject *parent = nullptr);
    ~SmtpRelayTransport() override;

    const SmtpClientOptions &options() const { return m_options; }
    /// Dial `address` instead of resolving `host`; certificate and loopback checks still use
    /// `host` (lets tests reach a fake server under a non-loopback name without DNS).
    void setConnectAddress(const QHostAddress &address) { m_options.connectAddress = address; }
    void setStageTimeouts(const SmtpTimeouts &timeouts) { m_options.timeouts = timeouts; }

    /// Relays cap connections per client (Postfix: 50, many providers far fewer) and each
    /// attempt holds one; 4 keeps a burst from tripping those limits.
    int defaultConcurrency() const override { return 4; }
    void send(const Message &message, const SendOptions &options, Callback done) override;

private:
    struct Attempt;
    void onReady(const std::shared_ptr<Attempt> &attempt);
    /// The DATA payload for this server (7-bit rebuild when it lacks 8BITMIME) and the
    /// envelope parameters that go with it.
    Result<QByteArray> preparePayload(Attempt &attempt, const SmtpCapabilities &caps) const;
    void complete(const std::shared_ptr<Attempt> &attempt, SendResult result);

    SmtpClientOptions m_options;
};

} // namespace Postrider
