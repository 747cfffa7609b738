#include "ControlTestKit.h"

#include "core/Clock.h"
#include "core/ConfigLoader.h"
#include "ipc/IpcProtocol.h"
#include "ipc/IpcToken.h"

#include <QDateTime>
#include <QFile>
#include <QTest>

namespace Postrider::Test {

namespace {
const char *const kConfig =
    R"TOML(# Control rig config. Sentinels: SENTINEL-alpha-key SENTINEL-beta-key SENTINEL-api-key
[outbox]
path = "outbox.sqlite"

[admin]
socket = "control.sock"

[[transports]]
name = "alpha"
type = "postmark"
settings = { api_key = "SENTINEL-alpha-key", base_url = "http://127.0.0.1:9" }

[[transports]]
name = "beta"
type = "resend"
[transports.settings]
api_key = "SENTINEL-beta-key"
base_url = "http://127.0.0.1:9"

[[endpoints]]
path = "/api/send"
auth = "api-key"
api_keys = ["SENTINEL-api-key"]
to = ["owner@example.com"]
from = "Sender <noreply@example.com>"
subject = "{{.subject}}"
body = "{{.message}}"
transports = ["alpha", "beta"]
)TOML";
} // namespace

QStringList secretSentinels()
{
    return {QStringLiteral("SENTINEL-alpha-key"), QStringLiteral("SENTINEL-beta-key"),
            QStringLiteral("SENTINEL-api-key")};
}

ControlRig::ControlRig()
{
    socketPath = dir.filePath(QStringLiteral("control.sock"));
    tokenPath = dir.filePath(QStringLiteral("control.token"));
    m_configPath = dir.filePath(QStringLiteral("config.toml"));
    QFile f(m_configPath);
    if (f.open(QIODevice::WriteOnly))
        f.write(kConfig);
}

ControlRig::~ControlRig()
{
    server.reset();
    service.reset();
    if (m_outbox)
        m_outbox->flush();
    m_outbox.reset();
    m_registry.reset();
}

bool ControlRig::start()
{
    const ConfigLoadResult loaded = ConfigLoader::loadFile(m_configPath);
    if (!loaded.ok()) {
        QTest::qFail(qPrintable(loaded.errorText()), __FILE__, __LINE__);
        return false;
    }
    m_config = loaded.config;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_registry = std::make_unique<TransportRegistry>(Clock::system());
    alpha = new FakeTransport(QStringLiteral("alpha"), Clock::system());
    beta = new FakeTransport(QStringLiteral("beta"), Clock::system());
    m_registry->add(alpha);
    m_registry->add(beta);
    auto box = Outbox::open(m_config.outbox, m_registry.get(), Clock::system());
    if (!box) {
        QTest::qFail(qPrintable(box.error().message), __FILE__, __LINE__);
        return false;
    }
    m_outbox = std::move(box).value();
    service = std::make_unique<ControlService>(this);
    return restartServer();
}

bool ControlRig::restartServer()
{
    server.reset();
    server = std::make_unique<Ipc::IpcServer>(service.get());
    QObject::connect(service.get(), &ControlService::eventReady, server.get(), &Ipc::IpcServer::publish);
    const QByteArray token = Ipc::IpcToken::generate();
    Ipc::IpcServerOptions o;
    o.socketName = socketPath;
    o.token = token;
    o.serverVersion = QStringLiteral("test");
    o.capabilities = Ipc::serverCapabilities();
    Status s = server->listen(o);
    if (s)
        s = Ipc::IpcToken::write(tokenPath, token);
    if (!s) {
        QTest::qFail(qPrintable(s.error().toString()), __FILE__, __LINE__);
        return false;
    }
    service->attach();
    return true;
}

ReloadReport ControlRig::reload(const QString &reason)
{
    if (onReload)
        return onReload(reason);
    ReloadReport r;
    r.applied = true;
    return r;
}

Ipc::IpcClientOptions ControlRig::clientOptions() const
{
    Ipc::IpcClientOptions o;
    o.socketName = socketPath;
    o.tokenFile = tokenPath;
    o.clientName = QStringLiteral("tst");
    o.clientVersion = QStringLiteral("1");
    o.reconnectMinMs = 20;
    o.reconnectMaxMs = 200;
    return o;
}

QString ControlRig::submit(const QStringList &transports, const QString &subject)
{
    Message m;
    m.from = *Address::parse(u"Sender <noreply@example.com>");
    m.to = {*Address::parse(u"ann@example.org")};
    m.subject = subject;
    m.text = QStringLiteral("Body of %1").arg(subject);
    m.ingress = Ingress::HttpApi;
    QString id;
    bool done = false;
    m_outbox->submit(m, Route{QStringLiteral("/api/send"), transports}, {}, nullptr,
                     [&](const Result<SubmitReceipt> &r) {
                         if (r)
                             id = r->submissionId;
                         done = true;
                     });
    if (!QTest::qWaitFor([&] { return done; }, 10'000))
        QTest::qFail("submit did not complete", __FILE__, __LINE__);
    return id;
}

Result<QJsonObject> call(Ipc::IpcClient &client, const QString &method, const QJsonObject &params, int timeoutMs)
{
    std::optional<Result<QJsonObject>> answer;
    QObject context;
    client.request(
        method, params, &context, [&](const Result<QJsonObject> &r) { answer = r; }, timeoutMs);
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs + 2'000))
        return Error(QStringLiteral("test.no_answer"), QStringLiteral("no answer to %1").arg(method));
    return *answer;
}

} // namespace Postrider::Test
