// bench/http: the HTTP ingress in-process over a real durable Outbox (temporary SQLite file) and
// a transport that accepts every message at once, so wrk measures HTTP + durable accept without
// a provider or the capture folder's file writes. Prints "port <n>" on stderr once listening and
// runs until killed (bench/http/run.sh does both).
//   bench_http_server [--delivery queue|sync] [--dry-run] [--port N]

#include "core/Clock.h"
#include "core/ConfigLoader.h"
#include "core/Logging.h"
#include "core/MetricsRegistry.h"
#include "ingress/http/HttpIngress.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

using namespace Postrider;

namespace {

/// Accepts every message at once (a provider with no latency).
class SinkTransport final : public Transport
{
public:
    explicit SinkTransport(const TransportConfig &c)
        : Transport(c, Clock::system())
    { }
    int defaultConcurrency() const override { return 256; }
    void send(const Message &, const SendOptions &, Callback done) override
    {
        finish(std::move(done), SendResult::sent(QStringLiteral("sink")), clock()->steadyMs());
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption(
        {QStringLiteral("delivery"), QStringLiteral("queue or sync"), QStringLiteral("mode"), QStringLiteral("queue")});
    p.addOption({QStringLiteral("dry-run"), QStringLiteral("dry_run = true")});
    p.addOption(
        {QStringLiteral("port"), QStringLiteral("listen port (0 = any)"), QStringLiteral("n"), QStringLiteral("0")});
    p.process(app);

    QTemporaryDir dir;
    const QString text =
        QStringLiteral(R"([http]
listen = "127.0.0.1:%1"

[outbox]
path = "%2"

[[transports]]
name = "sink"
type = "capture"
settings = { path = "unused" }

[[endpoints]]
path = "/api/send"
auth = "api-key"
api_keys = ["dev-key"]
to = ["owner@example.com"]
from = "Postrider <noreply@example.com>"
subject = "{{if .subject}}{{.subject}}{{else}}Message from {{.name}}{{end}}"
body = "{{.message}}"
required = ["message"]
transport = "sink"
delivery = "%3"
dry_run = %4
)")
            .arg(p.value(QStringLiteral("port")), dir.filePath(QStringLiteral("outbox.sqlite")),
                 p.value(QStringLiteral("delivery")),
                 p.isSet(QStringLiteral("dry-run")) ? QStringLiteral("true") : QStringLiteral("false"));
    const ConfigLoadResult loaded = ConfigLoader::loadText(text.toUtf8(), QStringLiteral("bench.toml"), dir.path());
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorText()));
        return 2;
    }
    Log::install(Log::Format::Json, Log::Level::Info);
    TransportRegistry registry(Clock::system());
    registry.add(new SinkTransport(loaded.config.transports.first()));
    auto outbox = Outbox::open(loaded.config.outbox, &registry, Clock::system());
    if (!outbox) {
        std::fprintf(stderr, "%s\n", qPrintable(outbox.error().toString()));
        return 2;
    }
    MetricsRegistry metrics;
    Http::HttpIngress ingress(loaded.config, outbox->get(), &metrics, Clock::system());
    if (const Status s = ingress.start(loaded.config.http.listen); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.error().toString()));
        return 2;
    }
    std::fprintf(stderr, "port %u\n", unsigned(ingress.port()));
    std::fflush(stderr);
    return app.exec();
}
