#include "HttpTestRig.h"

#include "core/ConfigLoader.h"
#include "core/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTest>

namespace Postrider::Test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QStringList formEndpointDefaults()
{
    return {QStringLiteral("path = \"/contact\""),
            QStringLiteral("to = [\"owner@example.com\"]"),
            QStringLiteral("from = \"Site <noreply@example.com>\""),
            QStringLiteral("subject = \"Contact from {{.name}}\""),
            QStringLiteral("body = \"Message: {{.message}}\""),
            QStringLiteral("transport = \"fake\""),
            QStringLiteral("delivery = \"sync\"")};
}

QStringList apiEndpointDefaults()
{
    return {QStringLiteral("path = \"/api/send\""),
            QStringLiteral("auth = \"api-key\""),
            QStringLiteral("api_keys = [\"valid-key\"]"),
            QStringLiteral("to = [\"owner@example.com\"]"),
            QStringLiteral("from = \"Site <noreply@example.com>\""),
            QStringLiteral("subject = \"Contact from {{.name}}\""),
            QStringLiteral("body = \"Message: {{.message}}\""),
            QStringLiteral("transport = \"fake\""),
            QStringLiteral("delivery = \"sync\"")};
}

namespace {
QString keyOf(const QString &line)
{
    return line.section(u'=', 0, 0).trimmed();
}
} // namespace

HttpTestRig::HttpTestRig()
{
    Log::install(Log::Format::Json, Log::Level::Info);
    Log::setStdoutEnabled(false);
    Log::setSink([this](const QByteArray &line) { m_logs.append(line); });
}

HttpTestRig::~HttpTestRig()
{
    Log::setSink({});
    ingress.reset();
    outbox.reset();
}

bool HttpTestRig::start(const QList<QStringList> &endpoints, const QString &extraToml)
{
    QString t;
    t += QStringLiteral("[http]\nlisten = \"127.0.0.1:0\"\n\n");
    t += QStringLiteral("[outbox]\npath = \"%1\"\n\n").arg(dir.filePath(QStringLiteral("outbox.sqlite")));
    t += QStringLiteral("[[transports]]\nname = \"fake\"\ntype = \"postmark\"\nsettings = { api_key = \"%1\" }\n\n")
             .arg(QLatin1String(kTransportSecret));
    t += QStringLiteral("[[transports]]\nname = \"fake2\"\ntype = \"resend\"\nsettings = { api_key = \"%1-2\" }\n\n")
             .arg(QLatin1String(kTransportSecret));
    for (const QStringList &lines : endpoints) {
        const bool api = lines.contains(QStringLiteral("auth = \"api-key\""));
        QStringList merged = lines;
        QStringList keys;
        for (const QString &l : lines)
            keys.append(keyOf(l));
        for (const QString &d : api ? apiEndpointDefaults() : formEndpointDefaults())
            if (!keys.contains(keyOf(d)))
                merged.prepend(d);
        t += QStringLiteral("[[endpoints]]\n") + merged.join(u'\n') + QStringLiteral("\n\n");
    }
    t += extraToml;
    m_configText = t;
    const ConfigLoadResult loaded = ConfigLoader::loadText(t.toUtf8(), QStringLiteral("test.toml"), dir.path());
    if (!loaded.ok()) {
        qWarning("%s\n%s", qPrintable(loaded.errorText()), qPrintable(t));
        return false;
    }
    config = loaded.config;
    return open();
}

bool HttpTestRig::open()
{
    registry = std::make_unique<TransportRegistry>(&clock);
    fake = new FakeTransport(QStringLiteral("fake"), &clock);
    fake2 = new FakeTransport(QStringLiteral("fake2"), &clock);
    const auto scripted = [this](const Message &, const SendOptions &) {
        return script.isEmpty() ? SendResult::sent(QStringLiteral("pm-msg-abc-123"), 200) : script.takeFirst();
    };
    fake->behaviour = scripted;
    fake2->behaviour = scripted;
    registry->add(fake);
    registry->add(fake2);
    auto box = Outbox::open(config.outbox, registry.get(), &clock);
    if (!box) {
        qWarning("%s", qPrintable(box.error().toString()));
        return false;
    }
    outbox = std::move(box).value();
    ingress = std::make_unique<Http::HttpIngress>(config, outbox.get(), &metrics, &clock);
    const Status s = ingress->start(config.http.listen);
    if (!s)
        qWarning("%s", qPrintable(s.error().toString()));
    return s.ok();
}

bool HttpTestRig::reopen()
{
    ingress.reset();
    outbox->flush();
    outbox.reset();
    return open();
}

quint16 HttpTestRig::port() const
{
    return ingress ? ingress->port() : 0;
}

void HttpTestRig::settle()
{
    for (int i = 0; i < 4; ++i) {
        if (outbox)
            outbox->flush();
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

int HttpTestRig::sends() const
{
    return (fake ? fake->calls : 0) + (fake2 ? fake2->calls : 0);
}

HttpResult HttpTestRig::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                                const QList<QByteArray> &headerLines)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()) + QString::fromUtf8(path)));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const QByteArray &h : headerLines) {
        const qsizetype colon = h.indexOf(':');
        req.setRawHeader(h.left(colon).trimmed(), h.mid(colon + 1).trimmed());
    }
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    HttpResult out;
    // Real time for the socket and the store thread; mock time for the outbox's retry delays.
    for (int step = 0; step < 40 && !reply->isFinished(); ++step) {
        if (QTest::qWaitFor([&] { return reply->isFinished(); }, 50))
            break;
        settle();
        if (!reply->isFinished())
            clock.advance(1000);
    }
    if (!reply->isFinished()) {
        qWarning("no answer to %s %s", method.constData(), path.constData());
        reply->abort();
        delete reply;
        return out;
    }
    out.received = reply->error() == QNetworkReply::NoError
        || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &h : reply->rawHeaderPairs())
        out.headers.append({h.first, h.second});
    out.contentType = reply->rawHeader("Content-Type");
    out.location = reply->rawHeader("Location");
    out.body = reply->readAll();
    delete reply;
    return out;
}

HttpResult HttpTestRig::raw(const QByteArray &bytes)
{
    RawHttpClient c;
    HttpResult out;
    if (!c.connectTo(port()))
        return out;
    c.send(bytes);
    const auto r = c.readResponse();
    if (!r)
        return out;
    out.received = true;
    out.status = r->status;
    out.headers = r->headers;
    out.contentType = r->header("Content-Type");
    out.location = r->header("Location");
    out.body = r->body;
    return out;
}

QList<QJsonObject> HttpTestRig::logEvents(const QString &name) const
{
    QList<QJsonObject> out;
    for (const QByteArray &line : m_logs) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("msg")).toString() == name)
            out.append(o);
    }
    return out;
}

QByteArray HttpTestRig::metricsText()
{
    return request("GET", "/metrics").body;
}

} // namespace Postrider::Test
