// Hot reload with the real DaemonApp in process (decisions §23): SIGHUP and config.reload refuse a
// bad config while the running one keeps delivering; config.save keeps config.toml.bak and the
// running secrets, rebuilds transports live, and no reply or event carries a secret.

#include "ControlTestKit.h"
#include "DaemonApp.h"
#include "TestData.h"

#include "core/ConfigLoader.h"
#include "ipc/IpcClient.h"
#include "ipc/IpcServer.h"
#include "outbox/Outbox.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Postrider;

namespace {

const QByteArray kSentinel = "SENTINEL-reload-postmark-key";

/// tests/data/ipc/reload.toml (moc cannot read raw string literals with quotes), with an
/// optional extra transport table inserted before the endpoint.
QByteArray configText(const QString &extraTransport = {})
{
    QByteArray t = Test::readData(QStringLiteral("ipc/reload.toml"));
    t.replace("#EXTRA#\n", extraTransport.toUtf8());
    return t;
}

} // namespace

class tst_DaemonReload : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<DaemonApp> m_app;
    std::unique_ptr<Ipc::IpcClient> m_client;
    QList<QJsonObject> m_reloads;
    QByteArray m_wire;

    QString path(const QString &rel) const { return m_dir.filePath(rel); }
    void writeConfig(const QByteArray &text)
    {
        QFile f(path(QStringLiteral("config.toml")));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    Result<QJsonObject> rpc(const QString &method, const QJsonObject &params = {})
    {
        const auto r = Test::call(*m_client, method, params);
        m_wire += QJsonDocument(r ? *r
                                  : QJsonObject{{QStringLiteral("e"), r.error().message},
                                                {QStringLiteral("d"), r.error().details}})
                      .toJson(QJsonDocument::Compact);
        return r;
    }
    /// Submits through the running outbox on `transport` and waits for the final status.
    QString deliver(const QString &transport)
    {
        Message m;
        m.from = *Address::parse(u"noreply@example.com");
        m.to = {*Address::parse(u"owner@example.com")};
        m.subject = QStringLiteral("via %1").arg(transport);
        m.text = QStringLiteral("hello");
        m.ingress = Ingress::HttpForm;
        QString id;
        m_app->outbox()->submit(m, Route{QStringLiteral("/contact"), {transport}}, {}, nullptr,
                                [&](const Result<SubmitReceipt> &r) { id = r ? r->submissionId : r.error().code; });
        if (!QTest::qWaitFor([&] { return !id.isEmpty(); }, 10'000))
            return QStringLiteral("timeout");
        QString status;
        (void)QTest::qWaitFor( // bounded; the caller compares the last status seen
            [&] {
                const auto r = rpc(QStringLiteral("journal.get"), {{QStringLiteral("id"), id}});
                status = r.ok()
                    ? r->value(QStringLiteral("entry")).toObject().value(QStringLiteral("status")).toString()
                    : r.error().code;
                return status != QLatin1String("queued") && status != QLatin1String("sending");
            },
            10'000);
        return status;
    }
    int captured(const QString &dir) const
    {
        return int(QDir(path(dir)).entryList({QStringLiteral("*.eml")}, QDir::Files).size());
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        writeConfig(configText());
        DaemonApp::Options o;
        o.configPath = path(QStringLiteral("config.toml"));
        m_app = std::make_unique<DaemonApp>(o);
        const Status started = m_app->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        QVERIFY(m_app->controlServer());
        Ipc::IpcClientOptions co;
        co.socketName = path(QStringLiteral("run/control.sock"));
        co.tokenFile = path(QStringLiteral("run/control.token"));
        m_client = std::make_unique<Ipc::IpcClient>(co);
        connect(m_client.get(), &Ipc::IpcClient::eventReceived, this,
                [this](const QString &event, quint64, const QJsonObject &data) {
                    m_wire += QJsonDocument(data).toJson(QJsonDocument::Compact);
                    if (event == QLatin1String("daemon.reloaded"))
                        m_reloads.append(data);
                });
        m_client->connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10'000);
    }

    void cleanup()
    {
        QVERIFY2(!m_wire.contains(kSentinel), "a secret reached the control socket");
        m_client.reset();
        m_app.reset();
        m_reloads.clear();
        m_wire.clear();
    }

    void tokenAndSocketArePrivate()
    {
        QFile token(path(QStringLiteral("run/control.token")));
        QCOMPARE(token.permissions() & 0x0fff, QFile::ReadUser | QFile::WriteUser); // 0600: per-user daemon
        QVERIFY(token.open(QIODevice::ReadOnly));
        QCOMPARE(token.readAll().trimmed().size(), 43); // 32 bytes, base64url without padding
        QCOMPARE(QFileInfo(path(QStringLiteral("run/control.sock"))).permissions() & 0x0077, QFile::Permissions());
    }

    void sighupRefusesBadConfigAndKeepsRunning()
    {
        QCOMPARE(deliver(QStringLiteral("cap")), QStringLiteral("sent"));
        writeConfig(configText() + "\n[[transports]]\nname = \"broken\"\ntype = \"carrier-pigeon\"\n");
        ::raise(SIGHUP);
        QTRY_COMPARE_WITH_TIMEOUT(m_reloads.size(), 1, 10'000);
        QCOMPARE(m_reloads[0].value(QStringLiteral("applied")).toBool(), false);
        QCOMPARE(m_reloads[0].value(QStringLiteral("reason")).toString(), QStringLiteral("signal"));
        QVERIFY(!m_reloads[0].value(QStringLiteral("errors")).toArray().isEmpty());
        QVERIFY(!m_app->config().transport(QStringLiteral("broken")));
        QCOMPARE(deliver(QStringLiteral("cap")), QStringLiteral("sent"));
        QCOMPARE(captured(QStringLiteral("captured")), 2);

        // config.reload says the same, with the errors at their lines.
        const auto r = rpc(QStringLiteral("config.reload"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("config.invalid"));
        const QJsonObject first = r.error().details.value(QStringLiteral("errors")).toArray()[0].toObject();
        QVERIFY(first.value(QStringLiteral("line")).toInt() > 20);
        QVERIFY(first.value(QStringLiteral("text")).toString().contains(QLatin1String("carrier-pigeon")));
    }

    void sighupAppliesGoodConfig()
    {
        writeConfig(configText(QStringLiteral("\n[[transports]]\nname = \"cap2\"\ntype = \"capture\"\n"
                                              "settings = { path = \"captured2\" }\n")));
        ::raise(SIGHUP);
        QTRY_COMPARE_WITH_TIMEOUT(m_reloads.size(), 1, 10'000);
        QVERIFY(m_reloads[0].value(QStringLiteral("applied")).toBool());
        QVERIFY(m_reloads[0].value(QStringLiteral("reloaded")).toArray().contains(QStringLiteral("transports")));
        QCOMPARE(deliver(QStringLiteral("cap2")), QStringLiteral("sent"));
        QCOMPARE(captured(QStringLiteral("captured2")), 1);
    }

    void configSaveKeepsBackupAndReloads()
    {
        const auto got = rpc(QStringLiteral("config.get"));
        QVERIFY(got.ok());
        QString text = got->value(QStringLiteral("text")).toString();
        QVERIFY(!text.contains(QString::fromUtf8(kSentinel)));
        QVERIFY(text.contains(QLatin1String("api_key = \"set\"")));
        text += QStringLiteral(
            "\n[[transports]]\nname = \"cap3\"\ntype = \"capture\"\nsettings = { path = \"captured3\" }\n");
        const auto saved = rpc(QStringLiteral("config.save"), {{QStringLiteral("text"), text}});
        QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
        QVERIFY(saved->value(QStringLiteral("reloaded")).toArray().contains(QStringLiteral("transports")));
        QFile backup(path(QStringLiteral("config.toml.bak")));
        QVERIFY(backup.open(QIODevice::ReadOnly));
        QCOMPARE(backup.readAll(), configText());
        QFile file(path(QStringLiteral("config.toml")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains(kSentinel)); // the running secret was kept, not "set"
        QCOMPARE(deliver(QStringLiteral("cap3")), QStringLiteral("sent"));
        const auto list = rpc(QStringLiteral("transports.list"));
        QCOMPARE(list->value(QStringLiteral("transports")).toArray().size(), 3);
        QTRY_VERIFY(!m_reloads.isEmpty());
    }

    void restartRequiredIsReported()
    {
        QByteArray text = configText();
        text.replace("path = \"state/outbox.sqlite\"", "path = \"state/other.sqlite\"");
        text.replace("subject = \"Contact\"", "subject = \"Contact form\"");
        writeConfig(text);
        const auto r = rpc(QStringLiteral("config.reload"));
        QVERIFY(r.ok());
        const QJsonArray restart = r->value(QStringLiteral("restart_required")).toArray();
        QVERIFY(restart.contains(QStringLiteral("outbox")));
        QVERIFY(restart.contains(QStringLiteral("ingresses")));
        QVERIFY(!r->value(QStringLiteral("reloaded")).toArray().contains(QStringLiteral("transports")));
    }

    void adminGroupKey()
    {
        QByteArray text = configText();
        text.replace("[admin]\n", "[admin]\ngroup = \"postrider-admin\"\n");
        const ConfigLoadResult ok = ConfigLoader::loadText(text, QStringLiteral("c.toml"), m_dir.path());
        QVERIFY2(ok.ok(), qPrintable(ok.errorText()));
        QCOMPARE(ok.config.admin.group, QStringLiteral("postrider-admin"));
        text.replace("group = \"postrider-admin\"", "group = \"admins; rm -rf\"");
        const ConfigLoadResult bad = ConfigLoader::loadText(text, QStringLiteral("c.toml"), m_dir.path());
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errors.first().key, QStringLiteral("admin.group"));
    }

    void secondDaemonDoesNotTakeTheSocket()
    {
        DaemonApp::Options o;
        o.configPath = path(QStringLiteral("config.toml"));
        QFile token(path(QStringLiteral("run/control.token")));
        QVERIFY(token.open(QIODevice::ReadOnly));
        const QByteArray before = token.readAll();
        token.close();
        // The same config: the outbox opens (WAL), but the control socket is in use.
        DaemonApp second(o);
        QVERIFY(second.start().ok());
        QVERIFY(!second.controlServer());
        QVERIFY(token.open(QIODevice::ReadOnly));
        QCOMPARE(token.readAll(), before); // the first daemon's token still works
        QVERIFY(rpc(QStringLiteral("status")).ok());
    }
};

QTEST_GUILESS_MAIN(tst_DaemonReload)
#include "tst_daemonreload.moc"
