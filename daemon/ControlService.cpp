#include "ControlService.h"

#include "ControlJson.h"
#include "TestSend.h"

#include "core/Logging.h"
#include "ipc/IpcErrors.h"
#include "ipc/IpcProtocol.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

Q_LOGGING_CATEGORY(lcControl, "postrider.daemon.control")

namespace Postrider {

namespace {
Error unknownTransport(const QString &name)
{
    return Error(QStringLiteral("transport.unknown"), QStringLiteral("no transport named \"%1\"").arg(name),
                 {{QStringLiteral("name"), name}});
}

Error outboxUnavailable()
{
    return Error(QStringLiteral("outbox.unavailable"), QStringLiteral("the outbox is not open"));
}
} // namespace

ControlService::ControlService(ControlHost *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_pollTimer(new QTimer(this))
{
    m_handlers = {
        {QStringLiteral("status"), &ControlService::status},
        {QStringLiteral("transports.list"), &ControlService::transportsList},
        {QStringLiteral("transports.pause"), &ControlService::transportsPause},
        {QStringLiteral("transports.resume"), &ControlService::transportsResume},
        {QStringLiteral("transports.reset_breaker"), &ControlService::transportsResetBreaker},
        {QStringLiteral("transports.test"), &ControlService::transportsTest},
        {QStringLiteral("journal.query"), &ControlService::journalQuery},
        {QStringLiteral("journal.get"), &ControlService::journalGet},
        {QStringLiteral("journal.retry"), &ControlService::journalRetry},
        {QStringLiteral("journal.cancel"), &ControlService::journalCancel},
        {QStringLiteral("journal.resend"), &ControlService::journalResend},
        {QStringLiteral("config.get"), &ControlService::configGet},
        {QStringLiteral("config.validate"), &ControlService::configValidate},
        {QStringLiteral("config.save"), &ControlService::configSave},
        {QStringLiteral("config.reload"), &ControlService::configReload},
    };
    connect(m_pollTimer, &QTimer::timeout, this, &ControlService::pollTransports);
    m_pollTimer->start(kTransportPollMs);
}

ControlService::~ControlService() = default;

void ControlService::handleRequest(const QString &method, const QJsonObject &params, Reply reply)
{
    const Handler handler = m_handlers.value(method);
    if (!handler)
        return reply(Error(QString(Ipc::ErrorCode::kMethodUnknown), QStringLiteral("unknown method \"%1\"").arg(method),
                           {{QStringLiteral("method"), method}}));
    (this->*handler)(params, std::move(reply));
}

Outbox *ControlService::outbox() const
{
    return m_host->outbox();
}

void ControlService::attach()
{
    if (m_followed != outbox()) {
        if (m_followed)
            disconnect(m_followed, nullptr, this, nullptr);
        m_followed = outbox();
        if (m_followed)
            connect(m_followed, &Outbox::submissionChanged, this, &ControlService::onSubmissionChanged);
    }
    pollTransports();
}

void ControlService::onSubmissionChanged(const QString &id, SubmissionStatus status)
{
    Q_EMIT eventReady(QStringLiteral("submission.changed"),
                      {{QStringLiteral("id"), id}, {QStringLiteral("status"), statusName(status)}});
}

void ControlService::announceReload(const ReloadReport &report, const QString &reason)
{
    Q_EMIT eventReady(QStringLiteral("daemon.reloaded"),
                      {{QStringLiteral("applied"), report.applied},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("reloaded"), QJsonArray::fromStringList(report.reloaded)},
                       {QStringLiteral("restart_required"), QJsonArray::fromStringList(report.restartRequired)},
                       {QStringLiteral("errors"), ControlJson::configErrors(report.errors)}});
    attach();
}

QJsonObject ControlService::transportJson(const QString &name) const
{
    const TransportConfig *tc = m_host->config().transport(name);
    const Transport *t = m_host->transportRegistry() ? m_host->transportRegistry()->transport(name) : nullptr;
    const Outbox *box = outbox();
    QJsonObject attempts;
    if (box) {
        const auto counts = box->metrics().attempts.value(name);
        for (auto it = counts.begin(); it != counts.end(); ++it)
            attempts.insert(outcomeName(it.key()), qint64(it.value()));
    }
    return {{QStringLiteral("name"), name},
            {QStringLiteral("type"),
             t        ? t->type()
                 : tc ? tc->type
                      : QString()},
            {QStringLiteral("inline"), tc && tc->isInline},
            {QStringLiteral("breaker"), breakerStateName(box ? box->breakerState(name) : BreakerState::Closed)},
            {QStringLiteral("paused"), box && box->isTransportPaused(name)},
            {QStringLiteral("attempts"), attempts}};
}

void ControlService::pollTransports()
{
    QHash<QString, QJsonObject> now;
    if (TransportRegistry *r = m_host->transportRegistry())
        for (const Transport *t : r->transports()) {
            QJsonObject o = transportJson(t->name());
            o.remove(QStringLiteral("attempts")); // counts change with every attempt; not an event
            now.insert(t->name(), o);
        }
    if (!std::exchange(m_primed, true)) {
        m_transportStates = now;
        return;
    }
    for (auto it = now.begin(); it != now.end(); ++it)
        if (m_transportStates.value(it.key()) != it.value())
            Q_EMIT eventReady(QStringLiteral("transport.changed"), it.value());
    for (auto it = m_transportStates.begin(); it != m_transportStates.end(); ++it)
        if (!now.contains(it.key()))
            Q_EMIT eventReady(QStringLiteral("transport.changed"),
                              {{QStringLiteral("name"), it.key()}, {QStringLiteral("removed"), true}});
    m_transportStates = now;
}

void ControlService::status(const QJsonObject &, Reply reply)
{
    const Config &c = m_host->config();
    const Outbox *box = outbox();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonObject counts;
    for (SubmissionStatus s : {SubmissionStatus::Queued, SubmissionStatus::Sending, SubmissionStatus::Deferred})
        counts.insert(statusName(s), 0);
    QJsonObject outboxJson{{QStringLiteral("open"), box != nullptr},
                           {QStringLiteral("healthy"), box && box->isHealthy()}};
    int openBreakers = 0, paused = 0, transports = 0;
    if (box) {
        const OutboxMetrics m = box->metrics();
        for (auto it = m.live.begin(); it != m.live.end(); ++it)
            counts.insert(statusName(it.key()), it.value());
        outboxJson.insert(QStringLiteral("path"), box->config().path);
        outboxJson.insert(QStringLiteral("live"), box->liveCount());
        outboxJson.insert(QStringLiteral("oldest_live_age_ms"), m.oldestLiveAgeMs);
        outboxJson.insert(QStringLiteral("accepted"), qint64(m.accepted));
        outboxJson.insert(QStringLiteral("sent"), qint64(m.sent));
        outboxJson.insert(QStringLiteral("failed"), qint64(m.failed));
        for (auto it = m.breakers.begin(); it != m.breakers.end(); ++it) {
            ++transports;
            openBreakers += it.value() != BreakerState::Closed;
            paused += m.paused.value(it.key());
        }
    }
    QJsonArray endpoints;
    for (const EndpointConfig &e : c.endpoints)
        endpoints.append(e.path);
    QJsonObject listeners{
        {QStringLiteral("http"), c.http.listen.isEmpty() ? QStringLiteral("127.0.0.1:8080") : c.http.listen},
        {QStringLiteral("endpoints"), endpoints}};
    if (c.smtpListener) {
        listeners.insert(QStringLiteral("smtp"), c.smtpListener->listen);
        if (!c.smtpListener->implicitTlsListen.isEmpty())
            listeners.insert(QStringLiteral("smtp_implicit_tls"), c.smtpListener->implicitTlsListen);
    }
    const QString path = m_host->configPath();
    reply(QJsonObject{{QStringLiteral("version"), QStringLiteral(POSTRIDER_VERSION)},
                      {QStringLiteral("protocol"), Ipc::kProtocolVersion},
                      {QStringLiteral("pid"), qint64(QCoreApplication::applicationPid())},
                      {QStringLiteral("started_ms"), m_host->startedAtMs()},
                      {QStringLiteral("uptime_ms"), std::max<qint64>(0, now - m_host->startedAtMs())},
                      {QStringLiteral("config"),
                       QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("editable"), !path.isEmpty()}}},
                      {QStringLiteral("listeners"), listeners},
                      {QStringLiteral("outbox"), outboxJson},
                      {QStringLiteral("counts"), counts},
                      {QStringLiteral("transports"),
                       QJsonObject{{QStringLiteral("total"), transports},
                                   {QStringLiteral("open_breakers"), openBreakers},
                                   {QStringLiteral("paused"), paused}}}});
}

void ControlService::transportsList(const QJsonObject &, Reply reply)
{
    QJsonArray list;
    if (TransportRegistry *r = m_host->transportRegistry()) {
        QStringList names;
        for (const Transport *t : r->transports())
            names.append(t->name());
        names.sort();
        for (const QString &n : std::as_const(names))
            list.append(transportJson(n));
    }
    reply(QJsonObject{{QStringLiteral("transports"), list}});
}

bool ControlService::findTransport(const QJsonObject &params, const Reply &reply, QString *name) const
{
    const auto n = ControlJson::requiredString(params, QStringLiteral("name"));
    if (!n) {
        reply(n.error());
        return false;
    }
    if (!m_host->transportRegistry() || !m_host->transportRegistry()->transport(*n)) {
        reply(unknownTransport(*n));
        return false;
    }
    if (!outbox()) {
        reply(outboxUnavailable());
        return false;
    }
    *name = *n;
    return true;
}

void ControlService::transportsPause(const QJsonObject &params, Reply reply)
{
    QString name;
    if (!findTransport(params, reply, &name))
        return;
    outbox()->setTransportPaused(name, true);
    pollTransports();
    reply(transportJson(name));
}

void ControlService::transportsResume(const QJsonObject &params, Reply reply)
{
    QString name;
    if (!findTransport(params, reply, &name))
        return;
    outbox()->setTransportPaused(name, false);
    pollTransports();
    reply(transportJson(name));
}

void ControlService::transportsResetBreaker(const QJsonObject &params, Reply reply)
{
    QString name;
    if (!findTransport(params, reply, &name))
        return;
    outbox()->resetBreaker(name);
    pollTransports();
    reply(transportJson(name));
}

void ControlService::transportsTest(const QJsonObject &params, Reply reply)
{
    QString name;
    if (!findTransport(params, reply, &name))
        return;
    const auto to = ControlJson::requiredString(params, QStringLiteral("to"));
    if (!to)
        return reply(to.error());
    QString from = params.value(QLatin1String("from")).toString();
    if (from.isEmpty())
        from = TestSend::defaultSender(m_host->config(), name);
    if (from.isEmpty())
        return reply(Error(
            QString(Ipc::ErrorCode::kParamsInvalid),
            QStringLiteral("no endpoint or listener routed through \"%1\" names a sender; give \"from\"").arg(name),
            {{QStringLiteral("param"), QStringLiteral("from")}}));
    Transport *t = m_host->transportRegistry()->transport(name);
    const auto message = TestSend::message(t->config(), *to, from, params.value(QLatin1String("html")).toBool(), {});
    if (!message)
        return reply(Error(QString(Ipc::ErrorCode::kParamsInvalid), message.error().message,
                           {{QStringLiteral("code"), message.error().code}}));
    Log::info(lcControl, QStringLiteral("test message requested"), {{QStringLiteral("transport"), name}});
    TestSend::send(t, *message, [reply, name](const SendResult &r) { reply(ControlJson::sendResult(name, r)); });
}

} // namespace Postrider
