#include "Transport.h"

#include "core/Clock.h"
#include "core/Logging.h"

#include <QMetaObject>
#include <QPointer>

Q_LOGGING_CATEGORY(lcTransport, "postrider.transport")

namespace Postrider {

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Sent:
        return QStringLiteral("sent");
    case Outcome::Transient:
        return QStringLiteral("transient");
    case Outcome::RateLimited:
        return QStringLiteral("rate_limited");
    case Outcome::Terminal:
        return QStringLiteral("terminal");
    }
    return QStringLiteral("unknown");
}

QString SendResult::describe() const
{
    QString out = message.isEmpty() ? outcomeName(outcome) : message;
    out += QStringLiteral(" (class=") + outcomeName(outcome);
    if (status != 0)
        out += QStringLiteral(" status=") + QString::number(status);
    if (!errorCode.isEmpty())
        out += QStringLiteral(" code=") + errorCode;
    out += u')';
    return out;
}

SendResult SendResult::sent(QString messageId, int status)
{
    SendResult r;
    r.outcome = Outcome::Sent;
    r.messageId = std::move(messageId);
    r.status = status;
    return r;
}

SendResult SendResult::failure(Outcome outcome, QString message, int status, QString errorCode)
{
    SendResult r;
    r.outcome = outcome;
    r.message = Log::redact(std::move(message));
    r.status = status;
    r.errorCode = std::move(errorCode);
    return r;
}

Transport::Transport(TransportConfig config, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
{ }

Transport::~Transport() = default;

qint64 Transport::timeoutMs() const
{
    const qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_config.timeout).count();
    return ms > 0 ? ms : 10000;
}

void Transport::finish(Callback done, SendResult result, qint64 startedMs)
{
    result.latencyMs = m_clock->steadyMs() - startedMs;
    result.message = Log::redact(result.message);
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
}

} // namespace Postrider
