// bench_transports: closed-loop load through each HTTP transport to FakeHttpProvider running in
// its own thread on 127.0.0.1. Prints msgs/s, p50/p99 latency (send() to callback) and the
// client thread's CPU time per message. Bounded by --count and --max-seconds per run.
#include "TransportTestKit.h"
#include "core/Clock.h"
#include "transport/HttpTransport.h"
#include "transport/TransportRegistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

namespace {

qint64 threadCpuUs()
{
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return qint64(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1'000'000 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

/// Runs a FakeHttpProvider on its own event loop so client and server use separate cores.
class FakeServerThread final : public QThread
{
public:
    FakeServerThread(P provider, int delayMs, bool strict)
        : m_provider(provider)
        , m_delayMs(delayMs)
        , m_strict(strict)
    { }
    /// Waits until the server listens (or failed to); returns its port, 0 on failure.
    quint16 waitForPort(int ms)
    {
        m_ready.tryAcquire(1, ms);
        return m_port.loadAcquire();
    }

protected:
    void run() override
    {
        FakeHttpProvider fake;
        fake.setRecording(false);
        if (m_strict)
            FakeProviderRules::install(fake, m_provider, TransportTestKit::credentials());
        const P provider = m_provider;
        const int delay = m_delayMs;
        const bool strict = m_strict;
        int n = 0;
        fake.setHandler([&n, provider, delay, strict](const FakeHttpRequest &, const QStringList &problems) {
            FakeHttpResponse r = strict && !problems.isEmpty()
                ? FakeProviderRules::error(provider, 422, problems.join(QStringLiteral("; ")))
                : FakeProviderRules::success(provider, ++n);
            r.delayMs = delay;
            return r;
        });
        const bool listening = fake.start();
        m_port.storeRelease(listening ? fake.port() : 0);
        m_ready.release();
        if (listening)
            exec();
    }

private:
    P m_provider;
    int m_delayMs;
    bool m_strict;
    QAtomicInteger<quint16> m_port{0};
    QSemaphore m_ready;
};

struct RunResult
{
    int sent = 0;
    int failed = 0;
    double seconds = 0;
    double p50 = 0, p99 = 0;
    double cpuUsPerMsg = 0;
    int managers = 0;
    bool timedOut = false;
};

RunResult runOnce(P provider, int count, int concurrency, int maxConcurrencySetting, int delayMs, bool strict,
                  int maxSeconds)
{
    FakeServerThread server(provider, delayMs, strict);
    server.start();
    const quint16 port = server.waitForPort(5000);
    RunResult out;
    if (port == 0) {
        server.quit();
        server.wait();
        return out;
    }
    TransportConfig config =
        TransportTestKit::config(provider, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), {}, 10000);
    config.maxConcurrency = maxConcurrencySetting;
    auto created = TransportRegistry::create(config, Clock::system(), nullptr);
    std::unique_ptr<HttpTransport> transport(qobject_cast<HttpTransport *>(*created));
    out.managers = transport->managerCount();

    const Message message = TransportTestKit::minimalMessage();
    QList<qint64> latenciesUs;
    latenciesUs.reserve(count);
    int started = 0, finished = 0;
    QElapsedTimer clock;
    QEventLoop loop;
    std::function<void()> launch = [&] {
        if (started >= count)
            return;
        ++started;
        const qint64 t0 = clock.nsecsElapsed();
        transport->send(message, {}, [&, t0](const SendResult &r) {
            latenciesUs.append((clock.nsecsElapsed() - t0) / 1000);
            ++finished;
            if (!r.ok())
                ++out.failed;
            if (finished == count)
                loop.quit();
            else
                launch();
        });
    };
    QTimer limit;
    limit.setSingleShot(true);
    QObject::connect(&limit, &QTimer::timeout, &loop, [&] {
        out.timedOut = true;
        loop.quit();
    });
    const qint64 cpu0 = threadCpuUs();
    clock.start();
    limit.start(maxSeconds * 1000);
    for (int i = 0; i < concurrency; ++i)
        launch();
    loop.exec();
    out.seconds = double(clock.nsecsElapsed()) / 1e9;
    out.sent = finished - out.failed;
    out.cpuUsPerMsg = finished ? double(threadCpuUs() - cpu0) / finished : 0;
    transport.reset(); // drops in-flight attempts if the time limit hit
    std::sort(latenciesUs.begin(), latenciesUs.end());
    if (!latenciesUs.isEmpty()) {
        out.p50 = latenciesUs[latenciesUs.size() / 2] / 1000.0;
        out.p99 = latenciesUs[std::min<qsizetype>(latenciesUs.size() - 1, latenciesUs.size() * 99 / 100)] / 1000.0;
    }
    server.quit();
    server.wait();
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP transport throughput against a loopback fake provider"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("count"), QStringLiteral("messages per run (default 2000)"), QStringLiteral("n"),
                      QStringLiteral("2000")});
    parser.addOption({QStringLiteral("delay-ms"), QStringLiteral("provider latency the fake adds (default 0)"),
                      QStringLiteral("ms"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("max-seconds"), QStringLiteral("time limit per run (default 30)"),
                      QStringLiteral("s"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("strict"), QStringLiteral("run FakeProviderRules on every request")});
    parser.process(app);
    const int count = std::clamp(parser.value(QStringLiteral("count")).toInt(), 1, 1'000'000);
    const int delay = std::clamp(parser.value(QStringLiteral("delay-ms")).toInt(), 0, 10'000);
    const int maxSeconds = std::clamp(parser.value(QStringLiteral("max-seconds")).toInt(), 1, 600);
    const bool strict = parser.isSet(QStringLiteral("strict"));

    std::printf("bench_transports: %d msgs per run, fake latency %d ms, %s checks, loopback 127.0.0.1\n", count, delay,
                strict ? "strict" : "no");
    std::printf("%-9s %5s %5s %8s %9s %9s %9s %12s %6s\n", "provider", "conc", "qnams", "msgs", "msgs/s", "p50 ms",
                "p99 ms", "cpu us/msg", "errors");
    struct Shape
    {
        int concurrency;
        int maxConcurrency;
    };
    // 32 with max_concurrency 32 sizes the pool to 6 managers; 32 with max_concurrency 6 keeps one
    // manager, i.e. Qt 6.4's 6 connections per host.
    const QList<Shape> shapes = {{1, 1}, {32, 32}, {32, 6}};
    for (P provider : {P::Postmark, P::Resend, P::Mailgun, P::Ses}) {
        for (const Shape &s : shapes) {
            const RunResult r = runOnce(provider, count, s.concurrency, s.maxConcurrency, delay, strict, maxSeconds);
            std::printf("%-9s %5d %5d %8d %9.0f %9.2f %9.2f %12.0f %6d%s\n",
                        qPrintable(TransportTestKit::typeName(provider)), s.concurrency, r.managers, r.sent,
                        r.seconds > 0 ? r.sent / r.seconds : 0.0, r.p50, r.p99, r.cpuUsPerMsg, r.failed,
                        r.timedOut ? "  (time limit)" : "");
            std::fflush(stdout);
        }
    }
    return 0;
}
