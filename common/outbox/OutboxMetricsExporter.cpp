#include "OutboxMetricsExporter.h"

#include "Outbox.h"
#include "OutboxStore.h"

#include "core/MetricsRegistry.h"

namespace Postrider {

void exportOutboxMetrics(MetricsRegistry &r, const Outbox *outbox)
{
    r.defineGauge(QStringLiteral("outbox_messages"), QStringLiteral("Submissions not yet final, by status."),
                  {QStringLiteral("status")});
    r.defineGauge(QStringLiteral("outbox_oldest_message_age_seconds"),
                  QStringLiteral("Age of the oldest submission that is not final yet."));
    r.defineCounter(QStringLiteral("outbox_attempts_total"),
                    QStringLiteral("Delivery attempts by transport and outcome."),
                    {QStringLiteral("transport"), QStringLiteral("outcome")});
    r.defineCounter(QStringLiteral("outbox_accepted_total"), QStringLiteral("Submissions durably accepted."));
    r.defineCounter(QStringLiteral("outbox_delivered_total"),
                    QStringLiteral("Submissions delivered (final status sent)."));
    r.defineCounter(QStringLiteral("outbox_failed_total"), QStringLiteral("Submissions that finally failed."));
    r.defineGauge(QStringLiteral("transport_breaker_state"),
                  QStringLiteral("Circuit breaker per transport: 0 closed, 1 half-open, 2 open."),
                  {QStringLiteral("transport")});
    r.defineGauge(QStringLiteral("transport_paused"), QStringLiteral("1 when the transport is paused by an operator."),
                  {QStringLiteral("transport")});
    r.defineCounter(QStringLiteral("outbox_commits_total"), QStringLiteral("Durable commits of the outbox store."));
    r.defineCounter(QStringLiteral("outbox_commit_operations_total"),
                    QStringLiteral("Write operations carried by those commits (group commit)."));
    QList<double> bounds;
    for (double b : kCommitBuckets)
        bounds.append(b);
    r.defineHistogram(QStringLiteral("outbox_commit_duration_seconds"),
                      QStringLiteral("Time spent in each durable commit."), {}, bounds);

    r.addCollector([outbox](MetricsRegistry &reg) {
        const OutboxMetrics m = outbox->metrics();
        for (SubmissionStatus s : {SubmissionStatus::Queued, SubmissionStatus::Sending, SubmissionStatus::Deferred})
            reg.set(QStringLiteral("outbox_messages"), {statusName(s)}, double(m.live.value(s)));
        reg.set(QStringLiteral("outbox_oldest_message_age_seconds"), {}, double(m.oldestLiveAgeMs) / 1000.0);
        reg.clearSeries(QStringLiteral("outbox_attempts_total"));
        for (auto t = m.attempts.cbegin(); t != m.attempts.cend(); ++t)
            for (auto o = t->cbegin(); o != t->cend(); ++o)
                reg.inc(QStringLiteral("outbox_attempts_total"), {t.key(), outcomeName(o.key())}, double(o.value()));
        const auto setCounter = [&reg](const QString &name, double v) {
            reg.clearSeries(name);
            reg.inc(name, {}, v);
        };
        setCounter(QStringLiteral("outbox_accepted_total"), double(m.accepted));
        setCounter(QStringLiteral("outbox_delivered_total"), double(m.sent));
        setCounter(QStringLiteral("outbox_failed_total"), double(m.failed));
        setCounter(QStringLiteral("outbox_commits_total"), double(m.commits));
        setCounter(QStringLiteral("outbox_commit_operations_total"), double(m.writeOps));
        for (auto b = m.breakers.cbegin(); b != m.breakers.cend(); ++b)
            reg.set(QStringLiteral("transport_breaker_state"), {b.key()},
                    b.value() == BreakerState::Closed ? 0 : (b.value() == BreakerState::HalfOpen ? 1 : 2));
        for (auto p = m.paused.cbegin(); p != m.paused.cend(); ++p)
            reg.set(QStringLiteral("transport_paused"), {p.key()}, p.value() ? 1 : 0);
        QList<quint64> buckets;
        quint64 count = 0;
        for (quint64 c : m.commitBuckets) {
            buckets.append(c);
            count += c;
        }
        buckets.resize(qsizetype(kCommitBuckets.size()) + 1);
        reg.setHistogram(QStringLiteral("outbox_commit_duration_seconds"), {}, buckets, double(m.commitMicros) / 1e6,
                         count);
    });
}

} // namespace Postrider
