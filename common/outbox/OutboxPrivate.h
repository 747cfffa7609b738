#pragma once

// Internal state shared by Outbox.cpp (facade, journal operations) and OutboxScheduler.cpp.

#include "Outbox.h"

#include <QLoggingCategory>

namespace Postrider {

Q_DECLARE_LOGGING_CATEGORY(lcOutbox)

/// A submission that is not final yet.
struct Outbox::Live
{
    QString id;
    Route route;
    DeliveryMode mode = DeliveryMode::Queue;
    SubmissionStatus status = SubmissionStatus::Queued;
    int attempts = 0;
    int transportIndex = 0;
    qint64 createdMs = 0;
    qint64 dueMs = 0;
    std::shared_ptr<const Message> message; ///< null until (re)loaded from the store
    qint64 cachedBytes = 0;
    bool inFlight = false;
    bool cancelRequested = false;
    QString queuedOn; ///< transport whose queue holds it; empty = none
    Queue::iterator pos;
    // sync mode
    qint64 syncStartedMs = 0;
    std::function<void(const SubmitReceipt &)> syncDone;

    QString currentTransport() const { return route.transports.value(transportIndex); }
};

struct Outbox::TransportState
{
    QString name;
    Transport *transport = nullptr;
    CircuitBreaker breaker;
    TokenBucket rate;
    int maxConcurrency = 8;
    int inFlight = 0;
    bool paused = false;
    qint64 throttledUntilMs = 0;
    Queue queue;
};

/// A 429 without Retry-After pauses its transport this long; a Retry-After is honoured up to the cap.
inline constexpr qint64 kDefaultThrottleMs = 5'000;
inline constexpr qint64 kMaxThrottleMs = 3'600'000;
/// Bodies fetched from the store per read when many queued messages become due at once.
inline constexpr int kLoadBatch = 64;

} // namespace Postrider
