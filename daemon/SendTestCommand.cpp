#include "SendTestCommand.h"

#include "core/Clock.h"
#include "core/ConfigLoader.h"
#include "core/Logging.h"
#include "transport/TransportRegistry.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
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
    const auto sender = Address::parse(from);
    if (!sender)
        return fail(sender.error().message);

    Message m;
    m.from = *sender;
    m.to = *to;
    m.subject = QStringLiteral("Postrider test message");
    m.ingress = Ingress::Cli;
    m.submissionId = newSubmissionId();
    m.createdAt = QDateTime::currentDateTimeUtc();
    m.text = QStringLiteral("This is a test message sent by `postriderd send-test` from %1 through transport "
                            "\"%2\" (%3) at %4.\n")
                 .arg(QHostInfo::localHostName(), tc->name, tc->type, m.createdAt.toString(Qt::ISODate));
    if (o.html)
        m.html = QStringLiteral("<p>This is a <b>test message</b> sent by <code>postriderd send-test</code> through "
                                "transport <i>%1</i> (%2).</p>")
                     .arg(tc->name.toHtmlEscaped(), tc->type);
    QMimeDatabase mimeDb;
    for (const QString &path : o.attachments) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("--attach %1: %2").arg(path, f.errorString()));
        Attachment a;
        a.filename = QFileInfo(path).fileName();
        a.contentType = mimeDb.mimeTypeForFile(path).name();
        a.data = f.readAll();
        m.attachments.append(a);
    }

    auto transport = TransportRegistry::create(*tc, Clock::system(), nullptr);
    if (!transport)
        return fail(transport.error().message);
    std::unique_ptr<Transport> owner(*transport);
    SendResult result;
    QEventLoop loop;
    SendOptions opts;
    opts.idempotencyKey = m.submissionId;
    owner->send(m, opts, [&](const SendResult &r) {
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
