// End to end with the real daemon and curl: build/bin/postriderd runs the README's built-in
// development config (resources/default-config.toml, copied with its listen addresses set to
// port 0 so parallel test runs cannot collide) in a temporary working directory; curl sends the
// README's API request and form post; each becomes an .eml file in ./postrider-capture.

#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider::Test;

namespace {
constexpr int kWaitMs = 20'000;
}

class tst_HttpCurl : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_daemon;
    QByteArray m_out;
    QString m_base; ///< http://127.0.0.1:<port>

    QByteArray curl(const QStringList &args)
    {
        QProcess c;
        c.start(QStringLiteral("curl"),
                QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("10")} + args);
        if (!c.waitForStarted())
            return {};
        // The daemon is another process: waiting here blocks nothing it needs.
        c.waitForFinished(kWaitMs);
        return c.readAllStandardOutput();
    }
    QStringList captured() const
    {
        return QDir(m_dir.filePath(QStringLiteral("postrider-capture")))
            .entryList({QStringLiteral("*.eml")}, QDir::Files);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl not installed");
        QFile source(sourceDir() + QStringLiteral("/resources/default-config.toml"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray config = source.readAll();
        QVERIFY(config.contains("listen = \"127.0.0.1:8080\""));
        config.replace("listen = \"127.0.0.1:8080\"", "listen = \"127.0.0.1:0\"");
        config.replace("listen = \"127.0.0.1:2525\"", "listen = \"127.0.0.1:0\"");
        QFile out(m_dir.filePath(QStringLiteral("config.toml")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(config);
        out.close();

        m_daemon.setWorkingDirectory(m_dir.path());
        m_daemon.setProcessChannelMode(QProcess::MergedChannels);
        m_daemon.start(productBinary(QStringLiteral("postriderd")),
                       {QStringLiteral("serve"), QStringLiteral("--config"), out.fileName()});
        QVERIFY(m_daemon.waitForStarted());
        // The bound address is logged: {"msg":"http ingress listening","addr":"127.0.0.1:<port>"}
        static const QRegularExpression listening(QStringLiteral("\"http ingress listening\",\"addr\":\"([^\"]+)\""));
        QVERIFY(QTest::qWaitFor(
            [&] {
                m_out += m_daemon.readAll();
                const auto m = listening.match(QString::fromUtf8(m_out));
                if (m.hasMatch())
                    m_base = QStringLiteral("http://") + m.captured(1);
                return !m_base.isEmpty() || m_daemon.state() == QProcess::NotRunning;
            },
            kWaitMs));
        QVERIFY2(!m_base.isEmpty(), m_out.constData());
    }

    void healthz() { QCOMPARE(curl({m_base + QStringLiteral("/healthz")}), QByteArray("ok")); }

    void apiRequestBecomesEml()
    {
        // The README's command
        const QByteArray answer = curl(
            {m_base + QStringLiteral("/api/send"), QStringLiteral("-H"),
             QStringLiteral("Authorization: Bearer dev-key"), QStringLiteral("-H"),
             QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
             QStringLiteral("{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"message\":\"Hello from the API\"}")});
        const QJsonObject o = QJsonDocument::fromJson(answer).object();
        QCOMPARE(o.value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(o.value("delivery").toString(), QStringLiteral("queued"));
        const QString id = o.value("submission_id").toString();
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(captured().filter(id).size() == 1, kWaitMs);
        QFile eml(m_dir.filePath(QStringLiteral("postrider-capture/") + captured().filter(id).first()));
        QVERIFY(eml.open(QIODevice::ReadOnly));
        const QByteArray text = eml.readAll();
        QVERIFY(text.contains("Subject: Message from Ada"));
        QVERIFY(text.contains("To: owner@example.com"));
        QVERIFY(text.contains("Reply-To: ada@example.com"));
        QVERIFY(text.contains("Hello from the API"));
    }

    void formPostBecomesEml()
    {
        const QByteArray answer = curl({m_base + QStringLiteral("/contact"), QStringLiteral("-d"),
                                        QStringLiteral("name=Ada&email=ada@example.com&message=Hello+from+a+form")});
        const QString id = QJsonDocument::fromJson(answer).object().value("submission_id").toString();
        QVERIFY2(!id.isEmpty(), answer.constData());
        QTRY_VERIFY_WITH_TIMEOUT(captured().filter(id).size() == 1, kWaitMs);
        QFile eml(m_dir.filePath(QStringLiteral("postrider-capture/") + captured().filter(id).first()));
        QVERIFY(eml.open(QIODevice::ReadOnly));
        const QByteArray text = eml.readAll();
        QVERIFY(text.contains("Subject: Contact form: Ada"));
        QVERIFY(text.contains("Ada <ada@example.com> wrote:"));
        QVERIFY(text.contains("Hello from a form"));
    }

    void smtpMessageBecomesEml()
    {
        // The README's third command: swaks to the dev config's SMTP listener.
        if (QStandardPaths::findExecutable(QStringLiteral("swaks")).isEmpty())
            QSKIP("swaks not installed (scripts/bootstrap.sh installs it)");
        static const QRegularExpression listening(QStringLiteral("\"smtp ingress listening\"[^}]*\"port\":(\\d+)"));
        m_out += m_daemon.readAll();
        const auto m = listening.match(QString::fromUtf8(m_out));
        QVERIFY2(m.hasMatch(), m_out.constData());
        QProcess swaks;
        swaks.start(QStringLiteral("swaks"),
                    {QStringLiteral("--server"), QStringLiteral("127.0.0.1:") + m.captured(1), QStringLiteral("--from"),
                     QStringLiteral("app@example.com"), QStringLiteral("--to"), QStringLiteral("owner@example.com"),
                     QStringLiteral("--header"), QStringLiteral("Subject: Hello over SMTP"), QStringLiteral("--body"),
                     QStringLiteral("Sent by swaks")});
        QVERIFY(swaks.waitForFinished(kWaitMs));
        const QString transcript = QString::fromUtf8(swaks.readAllStandardOutput());
        QCOMPARE(swaks.exitCode(), 0);
        static const QRegularExpression queued(QStringLiteral("queued as ([0-9a-f-]{36})"));
        const QString id = queued.match(transcript).captured(1);
        QVERIFY2(!id.isEmpty(), qPrintable(transcript));
        QTRY_VERIFY_WITH_TIMEOUT(captured().filter(id).size() == 1, kWaitMs);
        QFile eml(m_dir.filePath(QStringLiteral("postrider-capture/") + captured().filter(id).first()));
        QVERIFY(eml.open(QIODevice::ReadOnly));
        const QByteArray text = eml.readAll();
        QVERIFY(text.contains("Subject: Hello over SMTP"));
        QVERIFY(text.contains("Sent by swaks"));
    }

    void wrongKeyIsRefused()
    {
        const QByteArray answer =
            curl({QStringLiteral("-w"), QStringLiteral("%{http_code}"), m_base + QStringLiteral("/api/send"),
                  QStringLiteral("-H"), QStringLiteral("Authorization: Bearer nope"), QStringLiteral("-H"),
                  QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"), QStringLiteral("{}")});
        QVERIFY2(answer.endsWith("401"), answer.constData());
    }

    void cleanupTestCase()
    {
        if (m_daemon.state() == QProcess::NotRunning)
            return;
        m_daemon.terminate();
        QVERIFY(QTest::qWaitFor([&] { return m_daemon.state() == QProcess::NotRunning; }, kWaitMs));
        m_out += m_daemon.readAll();
        QCOMPARE(m_daemon.exitCode(), 0);
        QVERIFY(m_out.contains("\"http ingress stopping\""));
    }
};

QTEST_GUILESS_MAIN(tst_HttpCurl)
#include "tst_httpcurl.moc"
