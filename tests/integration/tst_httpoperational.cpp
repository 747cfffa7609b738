// The HTTP ingress around the endpoints: construction errors (Posthorn's TestNew_* rows and
// main_test.go's build checks), routing, /healthz, /metrics (checked by Prometheus' own promtool
// and by a strict format reader), and logs that never show a secret.

#include "HttpInventory.h"

#include "core/ConfigLoader.h"

#include <QDir>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

/// Checks Prometheus text format 0.0.4 line by line: HELP/TYPE before a family's samples, one
/// TYPE per family, sample names belonging to the family (with _bucket/_sum/_count for
/// histograms), label syntax and escapes, numeric values, cumulative buckets ending in +Inf
/// equal to _count. Returns the first problem, or an empty string.
QString strictFormatProblem(const QByteArray &text)
{
    static const QRegularExpression help(QStringLiteral("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$"));
    static const QRegularExpression type(
        QStringLiteral("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$"));
    static const QRegularExpression sample(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,["
                       "a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)\\})? "
                       "(-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)$"));
    if (!text.endsWith('\n'))
        return QStringLiteral("no final newline");
    QString family;
    QString familyType;
    QSet<QString> seen;
    double lastBucket = -1;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        if (auto m = help.match(line); m.hasMatch()) {
            if (seen.contains(m.captured(1)))
                return QStringLiteral("family repeated: ") + line;
            family = m.captured(1);
            familyType.clear();
            continue;
        }
        if (auto m = type.match(line); m.hasMatch()) {
            if (m.captured(1) != family)
                return QStringLiteral("TYPE without HELP: ") + line;
            familyType = m.captured(2);
            seen.insert(family);
            lastBucket = -1;
            continue;
        }
        const auto m = sample.match(line);
        if (!m.hasMatch())
            return QStringLiteral("not a sample line: ") + line;
        const QString name = m.captured(1);
        bool ok = name == family;
        if (familyType == u"histogram")
            ok = name == family + QLatin1String("_bucket") || name == family + QLatin1String("_sum")
                || name == family + QLatin1String("_count");
        if (!ok)
            return QStringLiteral("sample outside its family: ") + line;
        if (name.endsWith(u"_bucket")) {
            if (!m.captured(3).contains(QStringLiteral("le=\"")))
                return QStringLiteral("bucket without le: ") + line;
            const double v = m.captured(4).toDouble();
            if (v < lastBucket)
                return QStringLiteral("buckets not cumulative: ") + line;
            lastBucket = m.captured(3).endsWith(QStringLiteral("le=\"+Inf\"")) ? -1 : v;
        }
    }
    return {};
}

} // namespace

class tst_HttpOperational : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void construction_data()
    {
        QTest::addColumn<QStringList>("endpoint");
        QTest::addColumn<QString>("error"); ///< expected substring; empty = builds
        // TestNew_NilTransport: an endpoint without a usable transport is refused, naming it
        QTest::newRow("TestNew_NilTransport") << QStringList{"transport = \"missing\""} << QStringLiteral("transport");
        QTest::newRow("TestNew_OK") << QStringList{"subject = \"S\"", "body = \"B\""} << QString();
        QTest::newRow("TestNew_EmptyBody_Error") << QStringList{"body = \"\""} << QStringLiteral("body");
        QTest::newRow("TestNew_TemplateParseError")
            << QStringList{"subject = \"{{.x\""} << QStringLiteral("parse subject template");
        QTest::newRow("TestRunValidate_TemplateParseError (body)")
            << QStringList{"body = \"{{.x\""} << QStringLiteral("parse body template");
        QTest::newRow("unsupported construct named")
            << QStringList{"body = \"{{define \\\"x\\\"}}{{end}}\""} << QStringLiteral("define");
    }
    void construction()
    {
        QFETCH(QStringList, endpoint);
        QFETCH(QString, error);
        QString text =
            QStringLiteral("[[transports]]\nname = \"fake\"\ntype = \"capture\"\nsettings = { path = \"c\" }\n"
                           "[[endpoints]]\n");
        QStringList lines = endpoint;
        for (const QString &d : formEndpointDefaults())
            if (!std::any_of(lines.cbegin(), lines.cend(),
                             [&](const QString &l) { return l.section(u'=', 0, 0) == d.section(u'=', 0, 0); }))
                lines.append(d);
        text += lines.join(u'\n') + u'\n';
        const ConfigLoadResult loaded =
            ConfigLoader::loadText(text.toUtf8(), QStringLiteral("t.toml"), QDir::tempPath());
        QString problem = loaded.ok() ? QString() : loaded.errorText();
        if (loaded.ok()) {
            const Status s = Http::HttpIngress::check(loaded.config);
            if (!s)
                problem = s.error().message;
        }
        if (error.isEmpty())
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else
            QVERIFY2(problem.contains(error), qPrintable(problem));
    }

    void routing()
    {
        HttpTestRig rig;
        QVERIFY(rig.start({{}, {"path = \"/forms/\""}}));
        // TestBuildMux_RoutesEndpointsCorrectly / TestBuildMux_UnconfiguredPath_404
        QCOMPARE(rig.request("POST", "/contact", "m=1", {"Content-Type: application/x-www-form-urlencoded"}).status,
                 200);
        const HttpResult missing = rig.request("GET", "/nope");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, QByteArray("{\"error\":\"404 page not found\",\"code\":\"not_found\"}\n"));
        QCOMPARE(rig.request("GET", "/nope", {}, {"Accept: text/plain"}).body, QByteArray("404 page not found\n"));
        QCOMPARE(rig.request("POST", "/contact/").status, 404); // `/x/` does not match `/x`
        // Raw: QNetworkAccessManager cleans the path itself before sending
        const HttpResult cleaned = rig.raw("POST //contact?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(cleaned.status, 301);
        QCOMPARE(cleaned.location, QByteArray("/contact?a=1"));
        QCOMPARE(rig.request("POST", "/forms/anything/deep", "m=1", {"Content-Type: application/x-www-form-urlencoded"})
                     .status,
                 200);
        QCOMPARE(rig.request("GET", "/forms").location, QByteArray("/forms/"));
        // No CORS: a preflight is just a non-POST method (Posthorn §2.1)
        QCOMPARE(rig.request("OPTIONS", "/contact").status, 405);
    }

    void healthz()
    {
        HttpTestRig rig;
        QVERIFY(rig.start({{}}));
        // TestHealthzHandler / TestBuildMux_HealthzRegistered: any method, `ok` without newline
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST"), QByteArray("DELETE")}) {
            const HttpResult r = rig.request(method, "/healthz");
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body, QByteArray("ok"));
            QCOMPARE(r.contentType, QByteArray("text/plain; charset=utf-8"));
        }
        RawHttpClient c;
        QVERIFY(c.connectTo(rig.port()));
        c.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto head = c.readResponse(RawHttpClient::kDefaultWaitMs, true);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("Content-Length"), QByteArray("2"));
        const auto after = c.readResponse();
        QVERIFY(after);
        QCOMPARE(after->body, QByteArray("ok")); // no stray body bytes between the two answers
        // A registered ingress that is down makes the whole daemon unhealthy, with the reason
        QString smtp;
        rig.ingress->addHealthCheck([&smtp] { return smtp; });
        smtp = QStringLiteral("smtp listener not listening");
        HttpResult down = rig.request("GET", "/healthz");
        QCOMPARE(down.status, 503);
        QCOMPARE(down.body, QByteArray("smtp listener not listening"));
        smtp.clear();
        QCOMPARE(rig.request("GET", "/healthz").status, 200);
        // The outbox refusing writes (shutting down, store failed) is a 503 too
        bool drained = false;
        rig.outbox->shutdown(1000, [&] { drained = true; });
        down = rig.request("GET", "/healthz");
        QCOMPARE(down.status, 503);
        QCOMPARE(down.body, QByteArray("outbox not writable"));
    }

    void metricsFormat_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::newRow("postrider") << QString();
        QTest::newRow("posthorn (migrating dashboards)") << QStringLiteral("posthorn");
    }
    void metricsFormat()
    {
        QFETCH(QString, prefix);
        HttpTestRig rig;
        const QString extra =
            prefix.isEmpty() ? QString() : QStringLiteral("\n[metrics]\nprefix = \"%1\"\n").arg(prefix);
        QVERIFY(rig.start({{"required = [\"name\"]", "path = \"/api/contact\""},
                           {"auth = \"api-key\"", "rate_limit = { count = 1, interval = \"1h\" }"}},
                          extra));
        const QByteArray p = (prefix.isEmpty() ? QByteArray("postrider") : prefix.toLatin1()) + '_';
        const QByteArrayList form = {"Content-Type: application/x-www-form-urlencoded"};
        // TestBuildMux_MetricsObservedAfterRequest
        QCOMPARE(rig.request("POST", "/api/contact", "x=1", form).status, 422);
        QCOMPARE(rig.request("POST", "/api/contact", "name=a", form).status, 200);
        rig.script = {SendResult::failure(Outcome::Transient, QStringLiteral("down"), 503),
                      SendResult::failure(Outcome::Transient, QStringLiteral("down"), 503)};
        QCOMPARE(rig.request("POST", "/api/contact", "name=b", form).status, 502);
        const QByteArrayList api = {"Authorization: Bearer valid-key", "Content-Type: application/json"};
        QCOMPARE(rig.request("POST", "/api/send", "{}", api).status, 200);
        QCOMPARE(rig.request("POST", "/api/send", "{}", api).status, 429);
        QCOMPARE(rig.request("POST", "/api/send", "{}", {"Content-Type: application/json"}).status, 401);

        const HttpResult m = rig.request("GET", "/metrics");
        QCOMPARE(m.status, 200);
        QCOMPARE(m.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray t = m.body;
        // TestBuildMux_MetricsRegistered: TYPE lines for Posthorn's families
        for (const char *family :
             {"submissions_received_total counter", "submissions_sent_total counter",
              "submissions_failed_total counter", "send_latency_seconds histogram", "rate_limited_total counter",
              "auth_failed_total counter", "spam_blocked_total counter", "validation_failed_total counter",
              "idempotent_replay_total counter"})
            QVERIFY2(t.contains("# TYPE " + p + family), family);
        QVERIFY(t.contains(p + "validation_failed_total{endpoint=\"/api/contact\"} 1\n"));
        QVERIFY(t.contains(p + "submissions_received_total{endpoint=\"/api/contact\"} 2\n"));
        QVERIFY(t.contains(p + "submissions_sent_total{endpoint=\"/api/contact\",transport=\"postmark\"} 1\n"));
        QVERIFY(t.contains(p
                           + "submissions_failed_total{endpoint=\"/api/contact\",transport=\"postmark\","
                             "error_class=\"transient\"} 1\n"));
        QVERIFY(t.contains(p + "send_latency_seconds_count{endpoint=\"/api/contact\",transport=\"postmark\"} 1\n"));
        QVERIFY(t.contains(p + "rate_limited_total{endpoint=\"/api/send\"} 1\n"));
        QVERIFY(t.contains(p + "auth_failed_total{endpoint=\"/api/send\"} 1\n"));
        QVERIFY(t.contains(p + "outbox_accepted_total") || t.contains(p + "http_connections"));
        // TestRecorder_NoSubmitterCardinalityLeak: submitted values never become labels
        QVERIFY(!t.contains("name=\"a\""));
        QVERIFY(!t.contains("valid-key"));

        const QString problem = strictFormatProblem(t);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty()) // scripts/bootstrap.sh unpacks it into the cache, see there
            promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"),
                                                      {qEnvironmentVariable("POSTRIDER_TOOLS_DIR")});
        if (promtool.isEmpty())
            QSKIP("promtool not found (scripts/bootstrap.sh unpacks it from Debian's prometheus package)");
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted());
        check.write(t);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30000));
        const QByteArray out = check.readAllStandardOutput() + check.readAllStandardError();
        // promtool exits 0 for a parseable exposition; lint remarks (counter naming style) are
        // printed but are not format errors. A parse error exits 1 with "error while linting".
        QVERIFY2(check.exitCode() == 0 || !out.contains("error"), out.constData());
        QVERIFY2(!out.contains("error while linting"), out.constData());
    }

    void strictFormatReaderCatchesErrors()
    {
        // The strict reader must be able to fail.
        QVERIFY(!strictFormatProblem("# HELP a x\n# TYPE a counter\nb 1\n").isEmpty());
        QVERIFY(!strictFormatProblem("# HELP a x\n# TYPE a counter\na{l=\"x} 1\n").isEmpty());
        QVERIFY(!strictFormatProblem("# HELP a x\n# TYPE a counter\na 1").isEmpty());
        QVERIFY(!strictFormatProblem("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} 2\n")
                     .isEmpty());
        QVERIFY(strictFormatProblem("# HELP a x\n# TYPE a counter\na{l=\"q\\\"\"} 1\n").isEmpty());
    }

    void logsNeverShowSecrets()
    {
        // TestCSRF_SecretNotInLogs, TestAPIAuth_*DoesNotLogKey and the transport credentials,
        // across every kind of answer; no secret is registered for redaction in the rig, so
        // this shows the HTTP code never logs them in the first place.
        HttpTestRig rig;
        const QString csrf = QStringLiteral("csrf_secret = \"%1\"").arg(QLatin1String(HttpTestRig::kCsrfSecret));
        QVERIFY(rig.start({{csrf, "honeypot = \"hp\"", "log_failed_submissions = true"},
                           {"auth = \"api-key\"", "api_keys = [\"sentinel-api-key-555\"]"}}));
        const QByteArrayList form = {"Content-Type: application/x-www-form-urlencoded"};
        rig.request("POST", "/contact", "message=x", form);
        rig.request("POST", "/contact", "message=x&_csrf_token=1.ab", form);
        rig.request("POST", "/contact", "hp=1", form);
        rig.script = {SendResult::failure(Outcome::Terminal, QStringLiteral("no"), 400)};
        rig.request("POST", "/contact", "message=x&_csrf_token=" + csrfToken(HttpTestRig::kCsrfSecret), form);
        rig.request("POST", "/api/send", "{}",
                    {"Authorization: Bearer sentinel-api-key-555", "Content-Type: application/json"});
        rig.request("POST", "/api/send", "{}",
                    {"Authorization: Bearer sentinel-wrong-key-666", "Content-Type: application/json"});
        const QByteArray logs = rig.logText();
        QVERIFY(logs.contains("submission_failed"));
        QVERIFY(logs.contains("csrf_rejected"));
        for (const char *secret : {HttpTestRig::kCsrfSecret, HttpTestRig::kTransportSecret, "sentinel-api-key-555",
                                   "sentinel-wrong-key-666", "Authorization", "Bearer"})
            QVERIFY2(!logs.contains(secret), secret);
        // Every line carries Posthorn's request fields
        for (const QJsonObject &e : rig.logEvents(QStringLiteral("submission_received"))) {
            QVERIFY(e.contains("submission_id"));
            QCOMPARE(e.value("transport").toString(), QStringLiteral("postmark"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_HttpOperational)
#include "tst_httpoperational.moc"
