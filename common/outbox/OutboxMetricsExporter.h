#pragma once

namespace Postrider {

class MetricsRegistry;
class Outbox;

/// Defines the outbox families (queue depth by status, oldest live message age, attempts by
/// transport and outcome, breaker state, paused transports, commits and commit latency) and a
/// collector that refreshes them from `outbox` on every scrape. `outbox` must outlive `registry`'s use.
void exportOutboxMetrics(MetricsRegistry &registry, const Outbox *outbox);

} // namespace Postrider
