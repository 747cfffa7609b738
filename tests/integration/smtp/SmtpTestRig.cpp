#include "SmtpTestRig.h"

#include "SmtpTestClient.h"
#include "TestData.h"

#include "core/Clock.h"

namespace Postrider::Test {

SmtpListenerConfig SmtpTestRig::baseConfig()
{
    SmtpListenerConfig c;
    c.listen = QStringLiteral("127.0.0.1:0");
    c.requireTls = false;
    c.authRequired = SmtpAuthMode::None;
    c.allowedSenders = {QStringLiteral("*")};
    c.hostname = QStringLiteral("mx.test");
    c.transports = {QStringLiteral("fake")};
    return c;
}

SmtpListenerConfig SmtpTestRig::tlsAuthConfig()
{
    SmtpListenerConfig c = baseConfig();
    c.requireTls = true;
    c.authRequired = SmtpAuthMode::SmtpAuth;
    c.tlsCert = dataPath(QStringLiteral("tls/smtp-listener-server.pem"));
    c.tlsKey = dataPath(QStringLiteral("tls/smtp-listener-server.key"));
    c.allowedSenders = {QStringLiteral("*@blog.example"), QStringLiteral("*@example.com")};
    c.users = {
        SmtpUserConfig{QStringLiteral("ghost"), QString::fromLatin1(kPassword), {}},
        SmtpUserConfig{QStringLiteral("gitea"), QString::fromLatin1(kPassword), {QStringLiteral("gitea@git.example")}}};
    return c;
}

SmtpTestRig::SmtpTestRig(const SmtpListenerConfig &c)
    : config(c)
{ }

SmtpTestRig::~SmtpTestRig()
{
    listener.reset();
    outbox.reset();
}

bool SmtpTestRig::start()
{
    registry = std::make_unique<TransportRegistry>(Clock::system());
    fake = new FakeTransport(QStringLiteral("fake"), Clock::system());
    registry->add(fake);
    OutboxConfig oc;
    oc.path = dir.filePath(QStringLiteral("outbox.sqlite"));
    auto box = Outbox::open(oc, registry.get(), Clock::system());
    if (!box) {
        qWarning() << box.error().toString();
        return false;
    }
    outbox = std::move(box).value();
    listener = std::make_unique<SmtpListener>(config, outbox.get(), &lockoutClock, &metrics);
    const Status s = listener->start();
    if (!s)
        qWarning() << s.error().toString();
    return s.ok();
}

bool SmtpTestRig::waitDelivered(int n, int timeoutMs)
{
    return pumpUntil([this, n] { return fake->received.size() >= n; }, timeoutMs);
}

JournalEntry SmtpTestRig::journal(const QString &id)
{
    outbox->flush();
    std::optional<Result<JournalEntry>> out;
    outbox->get(id, nullptr, [&](const Result<JournalEntry> &r) { out = r; });
    pumpUntil([&] { return out.has_value(); });
    return out && *out ? out->value() : JournalEntry{};
}

int SmtpTestRig::journalCount()
{
    outbox->flush();
    std::optional<Result<QList<JournalEntry>>> out;
    JournalQuery q;
    q.limit = 100000;
    outbox->query(q, nullptr, [&](const Result<QList<JournalEntry>> &r) { out = r; });
    pumpUntil([&] { return out.has_value(); });
    return out && *out ? int(out->value().size()) : -1;
}

QByteArray plainResponse(const QByteArray &user, const QByteArray &password)
{
    return QByteArray('\0' + user + '\0' + password).toBase64();
}

} // namespace Postrider::Test
