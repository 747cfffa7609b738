#pragma once

#include "core/Config.h"
#include "core/Message.h"

#include <QLoggingCategory>
#include <QObject>
#include <QString>

#include <functional>

/// `postrider.transport`: attempt and retry events of every transport.
Q_DECLARE_LOGGING_CATEGORY(lcTransport)

namespace Postrider {

class Clock;

/// \brief How one delivery attempt ended. The outbox decides what happens next from this alone:
/// `Sent` is final, `Transient` and `RateLimited` are retried (later, or on the next transport of
/// the route), `Terminal` stops at once.
enum class Outcome { Sent, Transient, RateLimited, Terminal };
QString outcomeName(Outcome outcome); ///< "sent", "transient", "rate_limited", "terminal"

/// \brief The result of a single attempt through one transport.
struct SendResult
{
    Outcome outcome = Outcome::Transient;
    QString messageId; ///< provider's id on success (may be empty)
    int status = 0; ///< HTTP status or SMTP reply code; 0 when none was received
    QString errorCode; ///< provider's error code, enhanced status code or network error name
    QString message; ///< human-readable detail, secrets already redacted
    qint64 retryAfterMs = -1; ///< from Retry-After (or an SMTP hint); -1 = not given
    qint64 latencyMs = 0;

    bool ok() const { return outcome == Outcome::Sent; }
    /// "<message> (class=<c>[ status=<n>][ code=<x>])", Posthorn's TransportError format.
    QString describe() const;

    static SendResult sent(QString messageId, int status = 0);
    static SendResult failure(Outcome outcome, QString message, int status = 0, QString errorCode = {});
};

/// \brief Per-attempt options.
struct SendOptions
{
    QString idempotencyKey; ///< stable for every attempt of one submission (Resend's Idempotency-Key)
    int attempt = 1; ///< 1-based attempt number across the whole route
};

/// \brief One configured way out (a provider API, an SMTP relay, the capture folder).
///
/// Every call to send() is a single attempt on the Qt event loop: no blocking, no retries inside
/// (retry policy belongs to the caller: the sync policy or the outbox scheduler). `done` is called
/// exactly once, asynchronously (never from inside send()), on this object's thread, unless the
/// transport is destroyed first. Each attempt is bounded by the configured timeout.
class Transport : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SendResult &)>;

    Transport(TransportConfig config, Clock *clock, QObject *parent = nullptr);
    ~Transport() override;

    const QString &name() const { return m_config.name; }
    const QString &type() const { return m_config.type; }
    const TransportConfig &config() const { return m_config; }
    qint64 timeoutMs() const;
    /// Concurrent attempts this transport handles well (config max_concurrency or the type's default).
    virtual int defaultConcurrency() const { return 8; }

    virtual void send(const Message &message, const SendOptions &options, Callback done) = 0;

protected:
    Clock *clock() const { return m_clock; }
    /// Completes an attempt from the event loop (queued), filling in latency from `startedMs`.
    void finish(Callback done, SendResult result, qint64 startedMs);

private:
    TransportConfig m_config;
    Clock *m_clock;
};

} // namespace Postrider
