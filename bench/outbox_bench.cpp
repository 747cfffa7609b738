// bench/outbox: durable accept rate of the outbox with 1 and N concurrent submitters.
// Each submitter keeps one submission outstanding and submits the next when the commit is
// acknowledged, as an HTTP client with keep-alive would. Prints msgs/s, commits per message,
// commit latency and peak RSS. Loopback-free: no sockets at all.

#include "core/Clock.h"
#include "core/Logging.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Postrider;

namespace {

/// Accepts every message at once, so delivery bookkeeping (attempt rows, status updates) is part
/// of the measured write load, as in production.
class NullTransport final : public Transport
{
public:
    NullTransport(bool paused)
        : Transport(config(), Clock::system())
        , m_paused(paused)
    { }
    static TransportConfig config()
    {
        TransportConfig c;
        c.name = c.type = QStringLiteral("null");
        c.maxConcurrency = 256;
        return c;
    }
    void send(const Message &, const SendOptions &, Callback done) override
    {
        finish(std::move(done), SendResult::sent(QStringLiteral("null")), clock()->steadyMs());
    }
    bool m_paused;
};

qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

Message sample(int i)
{
    Message m;
    m.from = *Address::parse(u"Bench <bench@example.com>");
    m.to = {*Address::parse(u"sink@example.org")};
    m.subject = QStringLiteral("bench message %1").arg(i);
    m.text = QString(900, QLatin1Char('x')); // ~1 KiB body, like a contact form
    m.ingress = Ingress::HttpApi;
    return m;
}

struct Figures
{
    double perSecond = 0;
    double commitsPerMessage = 0;
    double meanCommitMs = 0;
};

Figures run(int submitters, int total, bool deliver)
{
    QTemporaryDir dir;
    OutboxConfig cfg;
    cfg.path = dir.filePath(QStringLiteral("bench.sqlite"));
    TransportRegistry registry(Clock::system());
    registry.add(new NullTransport(!deliver));
    auto opened = Outbox::open(cfg, &registry, Clock::system());
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().message));
        std::exit(1);
    }
    std::unique_ptr<Outbox> box = std::move(opened).value();
    if (!deliver)
        box->setTransportPaused(QStringLiteral("null"), true);
    const OutboxMetrics before = box->metrics();
    int started = 0;
    int acked = 0;
    QElapsedTimer timer;
    const Route route{QStringLiteral("/bench"), {QStringLiteral("null")}};
    std::function<void()> next = [&] {
        if (started >= total)
            return;
        const int i = started++;
        box->submit(sample(i), route, {}, nullptr, [&](const Result<SubmitReceipt> &r) {
            if (!r) {
                std::fprintf(stderr, "submit: %s\n", qPrintable(r.error().message));
                std::exit(1);
            }
            if (++acked == total)
                QCoreApplication::exit(0);
            else
                next();
        });
    };
    timer.start();
    for (int s = 0; s < submitters; ++s)
        next();
    QCoreApplication::exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    box->flush();
    const OutboxMetrics after = box->metrics();
    Figures f;
    f.perSecond = total / seconds;
    const double commits = double(after.commits - before.commits);
    f.commitsPerMessage = commits / total;
    f.meanCommitMs = commits > 0 ? double(after.commitMicros - before.commitMicros) / commits / 1000.0 : 0;
    return f;
}

/// Crash recovery: fills an outbox with `queued` messages (transport paused, so none leaves),
/// closes it, and times Outbox::open() on the same file — what a restart after a crash pays
/// before the ingresses start.
double recoveryMs(int queued)
{
    QTemporaryDir dir;
    OutboxConfig cfg;
    cfg.path = dir.filePath(QStringLiteral("recovery.sqlite"));
    {
        TransportRegistry registry(Clock::system());
        registry.add(new NullTransport(true));
        auto box = std::move(Outbox::open(cfg, &registry, Clock::system())).value();
        box->setTransportPaused(QStringLiteral("null"), true);
        int acked = 0;
        const Route route{QStringLiteral("/bench"), {QStringLiteral("null")}};
        for (int i = 0; i < queued; ++i)
            box->submit(sample(i), route, {}, nullptr, [&](const Result<SubmitReceipt> &) {
                if (++acked == queued)
                    QCoreApplication::exit(0);
            });
        QCoreApplication::exec();
        box->flush();
    }
    TransportRegistry registry(Clock::system());
    registry.add(new NullTransport(true));
    QElapsedTimer t;
    t.start();
    auto reopened = Outbox::open(cfg, &registry, Clock::system());
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (!reopened || reopened.value()->liveCount() != queued) {
        std::fprintf(stderr, "recovery: expected %d live messages\n", queued);
        std::exit(1);
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Log::install(Log::Format::Json, Log::Level::Warn);
    const QStringList args = app.arguments();
    const int total = args.size() > 1 ? args[1].toInt() : 5000;
    const int runs = args.size() > 2 ? args[2].toInt() : 3;
    std::printf("outbox durable accept (synchronous=FULL, WAL), %d messages per run, median of %d runs\n", total, runs);
    std::printf("%-12s %-10s %12s %16s %16s\n", "submitters", "delivery", "msgs/s", "commits/msg", "mean commit ms");
    for (const bool deliver : {false, true}) {
        for (const int submitters : {1, 50}) {
            std::vector<Figures> results;
            for (int r = 0; r < runs; ++r)
                results.push_back(run(submitters, submitters == 1 ? std::max(200, total / 10) : total, deliver));
            std::sort(results.begin(), results.end(),
                      [](const Figures &a, const Figures &b) { return a.perSecond < b.perSecond; });
            const Figures &m = results[results.size() / 2];
            std::printf("%-12d %-10s %12.0f %16.3f %16.2f\n", submitters, deliver ? "on" : "paused", m.perSecond,
                        m.commitsPerMessage, m.meanCommitMs);
        }
    }
    std::vector<double> recovery;
    for (int r = 0; r < runs; ++r)
        recovery.push_back(recoveryMs(10'000));
    std::sort(recovery.begin(), recovery.end());
    std::printf("reopen with 10000 queued messages (crash recovery): %.1f ms (median of %d)\n",
                recovery[recovery.size() / 2], runs);
    std::printf("peak RSS: %lld KiB\n", peakRssKb());
    return 0;
}
