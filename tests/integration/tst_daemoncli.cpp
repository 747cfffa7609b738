// The real postriderd binary: commands, exit codes, config errors, signals, send-test.

#include "FakeHttpProvider.h"
#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Postrider;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runDaemon(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
              const QString &workDir = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(Test::productBinary(QStringLiteral("postriderd")), args);
    if (!p.waitForFinished(60000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(content);
    return path;
}

const QByteArray kValidConfig = R"toml(
[[transports]]
name = "capture"
type = "capture"
settings = { path = "captured" }

[[endpoints]]
path = "/api/contact"
auth = "api-key"
api_keys = ["k-1234567890"]
to = ["owner@example.com"]
from = "Site <noreply@example.com>"
subject = "Hi {{.name}}"
body = "{{.message}}"
transport = "capture"

[outbox]
path = "state/outbox.sqlite"
)toml";
} // namespace

class tst_DaemonCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageAndVersion()
    {
        Run r = runDaemon({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("Usage: postriderd")));
        for (const QString &h : {QStringLiteral("help"), QStringLiteral("-h"), QStringLiteral("--help")}) {
            r = runDaemon({h});
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.out.contains(QStringLiteral("serve")));
            QVERIFY(r.out.contains(QStringLiteral("send-test")));
        }
        for (const QString &v : {QStringLiteral("version"), QStringLiteral("-v"), QStringLiteral("--version")}) {
            r = runDaemon({v});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out.trimmed(), QStringLiteral("postriderd " POSTRIDER_VERSION));
        }
        r = runDaemon({QStringLiteral("bogus")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith(QStringLiteral("postriderd: unknown command \"bogus\"")));
    }

    void validateAcceptsAValidConfig()
    {
        QTemporaryDir dir;
        const QString cfg = writeFile(dir, QStringLiteral("config.toml"), kValidConfig);
        for (const QStringList &args : {QStringList{QStringLiteral("validate"), QStringLiteral("--config"), cfg},
                                        QStringList{QStringLiteral("validate"), QStringLiteral("-config=") + cfg}}) {
            const Run r = runDaemon(args);
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out.trimmed(), QStringLiteral("config OK: 1 endpoint(s)"));
        }
    }

    void validateRejectsWithLocationKeyAndHint()
    {
        QTemporaryDir dir;
        QByteArray bad = kValidConfig;
        bad.replace("[outbox]", "[endpoints.rate_limit]\ncount = 0\ninterval = \"1m\"\n\n[outbox]");
        bad.replace("subject = ", "subjct = \"x\"\nsubject = ");
        const QString cfg = writeFile(dir, QStringLiteral("bad.toml"), bad);
        const Run r = runDaemon({QStringLiteral("validate"), QStringLiteral("--config"), cfg});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("postriderd: config has 2 error(s):")), qPrintable(r.err));
        QVERIFY2(r.err.contains(cfg + QStringLiteral(":13:1: endpoints[0].subjct: unknown field \"subjct\"")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("did you mean \"subject\"")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("rate_limit.count must be positive")), qPrintable(r.err));
    }

    void validateErrorsExitOne()
    {
        Run r =
            runDaemon({QStringLiteral("validate"), QStringLiteral("--config"), QStringLiteral("/nonexistent/x.toml")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent/x.toml")));
        r = runDaemon({QStringLiteral("validate"), QStringLiteral("--bogus")});
        QCOMPARE(r.exitCode, 1); // Posthorn: flag errors exit 1
        r = runDaemon({QStringLiteral("validate"), QStringLiteral("--config")});
        QCOMPARE(r.exitCode, 1);
    }

    void everyRecipeValidates()
    {
        const QDir recipes(Test::sourceDir() + QStringLiteral("/docs/recipes"));
        const QStringList files = recipes.entryList({QStringLiteral("*.toml")}, QDir::Files);
        QVERIFY(files.size() >= 8);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Give every ${env.NAME} in the recipes a value, as an operator's environment would.
        QRegularExpression placeholder(QStringLiteral(R"(\$\{env\.([A-Z_][A-Z0-9_]*)\})"));
        QTemporaryDir tls;
        for (const QString &f : files) {
            QFile in(recipes.filePath(f));
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(in.readAll());
            for (auto it = placeholder.globalMatch(text); it.hasNext();) {
                const QString name = it.next().captured(1);
                QString value = QStringLiteral("value-for-") + name.toLower();
                if (name.endsWith(QStringLiteral("PORT")))
                    value = QStringLiteral("587");
                else if (name.contains(QStringLiteral("CERT")))
                    value = Test::dataPath(QStringLiteral("config/tls/server.crt"));
                else if (name.endsWith(QStringLiteral("KEY")) && name.contains(QStringLiteral("TLS")))
                    value = Test::dataPath(QStringLiteral("config/tls/server.key"));
                else if (name.contains(QStringLiteral("CA")))
                    value = Test::dataPath(QStringLiteral("config/tls/ca.crt"));
                if (!env.contains(name))
                    env.insert(name, value);
            }
        }
        for (const QString &f : files) {
            const Run r = runDaemon({QStringLiteral("validate"), QStringLiteral("--config"), recipes.filePath(f)}, env);
            QVERIFY2(r.exitCode == 0, qPrintable(f + QStringLiteral(": ") + r.err));
        }
    }

    void serveStopsCleanlyOnSigterm()
    {
        QTemporaryDir dir;
        const QString cfg = writeFile(dir, QStringLiteral("config.toml"), kValidConfig);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(Test::productBinary(QStringLiteral("postriderd")),
                {QStringLiteral("serve"), QStringLiteral("--config"), cfg, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0")});
        QVERIFY(p.waitForStarted());
        QByteArray log;
        QTRY_VERIFY_WITH_TIMEOUT((log += p.readAll()).contains("outbox opened"), 20000);
        QVERIFY(log.contains("\"msg\":\"postrider starting\""));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("state/outbox.sqlite")))); // relative to the config
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        log += p.readAll();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(log.contains("\"msg\":\"shutdown signal received\",\"signal\":\"terminated\""));
        QVERIFY(log.contains("\"msg\":\"postrider stopped\""));
        QVERIFY(!log.contains("k-1234567890")); // the API key never reaches the log
    }

    void secondSignalForcesExit()
    {
        // An attempt that never gets an answer keeps the first shutdown waiting for it.
        Test::FakeHttpProvider provider;
        QVERIFY(provider.start());
        provider.setHandler([](const Test::FakeHttpRequest &, const QStringList &) {
            return Test::FakeHttpResponse::withAction(Test::FakeHttpResponse::Action::Hang);
        });
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QTemporaryDir dir;
        const QString cfg = writeFile(dir, QStringLiteral("config.toml"),
                                      QStringLiteral(R"toml(
[http]
listen = "127.0.0.1:%1"
[admin]
enabled = false
[outbox]
path = "outbox.sqlite"
[[transports]]
name = "slow"
type = "postmark"
timeout = "120s"
settings = { api_key = "pm-token", base_url = "%2" }
[[endpoints]]
path = "/api"
auth = "api-key"
api_keys = ["k-1234567890"]
to = ["owner@example.com"]
from = "noreply@example.com"
subject = "s"
body = "b"
transport = "slow"
)toml")
                                          .arg(port)
                                          .arg(provider.baseUrl().toString())
                                          .toUtf8());
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        QByteArray log;
        connect(&p, &QProcess::readyRead, this, [&] { log += p.readAll(); });
        p.start(Test::productBinary(QStringLiteral("postriderd")),
                {QStringLiteral("serve"), QStringLiteral("--config"), cfg});
        QTRY_VERIFY_WITH_TIMEOUT(log.contains("http ingress listening"), 20000);
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(port)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        req.setRawHeader("Authorization", "Bearer k-1234567890");
        QNetworkReply *reply = nam.post(req, QByteArray("{}"));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        delete reply;
        QTRY_VERIFY_WITH_TIMEOUT(provider.requestCount() == 1, 20000); // the attempt is now hanging

        ::kill(pid_t(p.processId()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(log.contains("shutdown signal received"), 20000);
        QVERIFY(!log.contains("postrider stopped"));
        QCOMPARE(p.state(), QProcess::Running); // waiting for the attempt, within the 15 s budget
        ::kill(pid_t(p.processId()), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 20000);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(log.contains("\"msg\":\"second signal received, forcing exit\""));
    }

    void serveRefusesABadConfig()
    {
        QTemporaryDir dir;
        const QString cfg = writeFile(dir, QStringLiteral("config.toml"), "[[endpoints]]\npath = \"x\"\n");
        const Run r = runDaemon({QStringLiteral("serve"), QStringLiteral("--config"), cfg});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("must start with /")));
    }

    void sendTestThroughCapture()
    {
        QTemporaryDir dir;
        const QString cfg = writeFile(dir, QStringLiteral("config.toml"), kValidConfig);
        const QString attachment = writeFile(dir, QStringLiteral("report.csv"), "a,b\n1,2\n");
        const Run r =
            runDaemon({QStringLiteral("send-test"), QStringLiteral("--config"), cfg, QStringLiteral("--endpoint"),
                       QStringLiteral("/api/contact"), QStringLiteral("--to"), QStringLiteral("ops@example.org"),
                       QStringLiteral("--html"), QStringLiteral("--attach"), attachment});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("outcome:    sent")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("transport:  capture (capture)")));
        QVERIFY(r.out.contains(QStringLiteral("latency:")));
        const QStringList eml = QDir(dir.filePath(QStringLiteral("captured"))).entryList({QStringLiteral("*.eml")});
        QCOMPARE(eml.size(), 1);
        QFile f(dir.filePath(QStringLiteral("captured/") + eml.first()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QVERIFY(raw.contains("report.csv"));
        QVERIFY(raw.contains("text/html"));
        QVERIFY(raw.contains("ops@example.org"));

        const Run missing =
            runDaemon({QStringLiteral("send-test"), QStringLiteral("--config"), cfg, QStringLiteral("--transport"),
                       QStringLiteral("nope"), QStringLiteral("--to"), QStringLiteral("a@example.org"),
                       QStringLiteral("--from"), QStringLiteral("b@example.org")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QStringLiteral("no transport named \"nope\"")));
    }
};

QTEST_GUILESS_MAIN(tst_DaemonCli)
#include "tst_daemoncli.moc"
