#include "FakeTransport.h"

#include "core/Clock.h"

namespace Postrider::Test {

namespace {
TransportConfig fakeConfig(const QString &name, int maxConcurrency, double maxRate)
{
    TransportConfig c;
    c.name = name;
    c.type = QStringLiteral("fake");
    c.maxConcurrency = maxConcurrency;
    c.maxRatePerSecond = maxRate;
    return c;
}
} // namespace

FakeTransport::FakeTransport(const QString &name, Clock *clock, int maxConcurrency, double maxRate)
    : Transport(fakeConfig(name, maxConcurrency, maxRate), clock)
{ }

void FakeTransport::send(const Message &message, const SendOptions &opts, Callback done)
{
    ++calls;
    received.append(message);
    options.append(opts);
    ++inFlight;
    maxInFlight = std::max(maxInFlight, inFlight);
    if (manual) {
        m_pending.append(std::move(done));
        return;
    }
    SendResult r = behaviour ? behaviour(message, opts) : SendResult::sent(QStringLiteral("fake-%1").arg(calls), 200);
    --inFlight;
    finish(std::move(done), r, clock()->steadyMs());
}

void FakeTransport::completeNext(const SendResult &result)
{
    if (m_pending.isEmpty())
        return;
    --inFlight;
    finish(m_pending.takeFirst(), result, clock()->steadyMs());
}

void FakeTransport::completeAll(const SendResult &result)
{
    while (!m_pending.isEmpty())
        completeNext(result);
}

} // namespace Postrider::Test
