#include "SendTestCommand.h"

#include "TestSend.h"

#include "core/Clock.h"
#include "core/ConfigLoader.h"
#include "core/Logging.h"
#include "transport/TransportRegistry.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

namespace Postrider {

int SendTestCommand::run(const Options &o, QTextStream &out, QTextStream &err)
{
    const auto fail = [&err](const QString &m) {
        err << "postriderd: " << m << "\n";
        err.flush();
        return 1;
    };
    const int routes = int(!o.endpoint.isEmpty()) + int(!o.transport.isEmpty()) + int(o.smtpListener);
    if (routes != 1)
        return fail(
            QStringLiteral("send-test needs exactly one of --endpoint PATH, --smtp-listener, --transport NAME"));
    if (o.to.isEmpty())
        return fail(QStringLiteral("send-test needs --to ADDRESS"));
    const auto to = Address::parseList(o.to);
    if (!to || to->isEmpty())
        return fail(to ? QStringLiteral("--to: no address") : to.error().message);

    Log::install(Log::Format::Text, Log::Level::Warn);
    const ConfigLoadResult loaded = ConfigLoader::loadFile(o.configPath);
    if (!loaded.ok())
        return fail(QStringLiteral("config has %1 error(s):\n").arg(loaded.errors.size()) + loaded.errorText());
    const Config &cfg = loaded.config;
    for (const QString &s : cfg.secrets())
        Log::addSecret(s);

    QString transportName = o.transport;
    QString from = o.from;
    if (!o.endpoint.isEmpty()) {
        const EndpointConfig *ep = nullptr;
        for (const EndpointConfig &e : cfg.endpoints)
            if (e.path == o.endpoint)
                ep = &e;
        if (!ep)
            return fail(QStringLiteral("no endpoint with path \"%1\"").arg(o.endpoint));
        transportName = ep->transports.value(0);
        if (from.isEmpty())
            from = ep->from;
    } else if (o.smtpListener) {
        if (!cfg.smtpListener)
            return fail(QStringLiteral("the config has no [smtp_listener]"));
        transportName = cfg.smtpListener->transports.value(0);
        if (from.isEmpty()) {
            for (const QString &s : cfg.smtpListener->allowedSenders)
                if (!s.contains(u'*')) {
                    from = s;
                    break;
                }
        }
    }
    const TransportConfig *tc = cfg.transport(transportName);
    if (!tc)
        return fail(QStringLiteral("no transport named \"%1\"").arg(transportName));
    if (from.isEmpty())
        return fail(QStringLiteral("no sender known for this route; pass --from ADDRESS"));
    QList<Attachment> attachments;
    QMimeDatabase mimeDb;
    for (const QString &path : o.attachments) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("--attach %1: %2").arg(path, f.errorString()));
        Attachment a;
        a.filename = QFileInfo(path).fileName();
        a.contentType = mimeDb.mimeTypeForFile(path).name();
        a.data = f.readAll();
        attachments.append(a);
    }
    const auto built = TestSend::message(*tc, o.to, from, o.html, attachments);
    if (!built)
        return fail(built.error().message);
    const Message &m = *built;

    auto transport = TransportRegistry::create(*tc, Clock::system(), nullptr);
    if (!transport)
        return fail(transport.error().message);
    std::unique_ptr<Transport> owner(*transport);
    SendResult result;
    QEventLoop loop;
    TestSend::send(owner.get(), m, [&](const SendResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();

    out << "transport:  " << tc->name << " (" << tc->type << ")\n";
    out << "outcome:    " << outcomeName(result.outcome) << "\n";
    out << "status:     " << (result.status ? QString::number(result.status) : QStringLiteral("-")) << "\n";
    out << "message id: " << (result.messageId.isEmpty() ? QStringLiteral("-") : result.messageId) << "\n";
    out << "latency:    " << result.latencyMs << " ms\n";
    if (!result.ok())
        out << "error:      " << Log::redact(result.describe()) << "\n";
    out.flush();
    return result.ok() ? 0 : 1;
}

} // namespace Postrider
