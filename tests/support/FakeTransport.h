#pragma once

#include "transport/Transport.h"

#include <QList>

#include <functional>

namespace Postrider::Test {

/// \brief An in-process transport whose answers a test scripts: a fixed outcome, a function of
/// the attempt, or manual completion (answers held until the test releases them). Records every
/// message and the highest concurrency it saw.
class FakeTransport final : public Transport
{
    Q_OBJECT
public:
    FakeTransport(const QString &name, Clock *clock, int maxConcurrency = 0, double maxRate = 0);

    /// Decides each attempt's result (default: sent with id "fake-<n>").
    std::function<SendResult(const Message &, const SendOptions &)> behaviour;
    /// When true, attempts stay open until completeNext()/completeAll().
    bool manual = false;

    void send(const Message &message, const SendOptions &options, Callback done) override;
    int defaultConcurrency() const override { return 4; }

    void completeNext(const SendResult &result);
    void completeAll(const SendResult &result);

    QList<Message> received;
    QList<SendOptions> options;
    int inFlight = 0;
    int maxInFlight = 0;
    int calls = 0;

private:
    QList<Callback> m_pending;
};

} // namespace Postrider::Test
