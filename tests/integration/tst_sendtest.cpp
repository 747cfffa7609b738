// `postriderd send-test` through every HTTP provider against a fake that checks requests as the
// real API would: what an operator runs after editing credentials must produce the request the
// provider's own SDK would (auth, fields, encodings), with HTML and attachments intact.

#include "FakeHttpProvider.h"
#include "FakeProviderRules.h"
#include "TestData.h"
#include "TransportTestKit.h"

#include "mime/MimeParser.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

Q_DECLARE_METATYPE(Postrider::Test::FakeProviderRules::Provider)

namespace {

QByteArray pdfBytes()
{
    QByteArray b("%PDF-1.4\n");
    for (int i = 0; i < 3000; ++i)
        b.append(char(i * 31 + 7)); // every byte value, not text
    return b;
}

QString settingsToml(P provider, const QUrl &base)
{
    const auto c = TransportTestKit::credentials();
    QString s = QStringLiteral("base_url = \"%1\"\n").arg(base.toString());
    switch (provider) {
    case P::Postmark:
    case P::Resend:
        s += QStringLiteral("api_key = \"%1\"\n").arg(c.apiKey);
        break;
    case P::Mailgun:
        s += QStringLiteral("api_key = \"%1\"\ndomain = \"%2\"\n").arg(c.apiKey, c.domain);
        break;
    case P::Ses:
        s += QStringLiteral("access_key_id = \"%1\"\nsecret_access_key = \"%2\"\nregion = \"%3\"\n")
                 .arg(c.accessKeyId, c.secretAccessKey, c.region);
        break;
    }
    return s;
}

struct RunOutput
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class tst_SendTest : public QObject
{
    Q_OBJECT

    RunOutput runSendTest(const QString &config, const QString &attachment)
    {
        QProcess p;
        p.start(productBinary(QStringLiteral("postriderd")),
                {QStringLiteral("send-test"), QStringLiteral("--config"), config, QStringLiteral("--transport"),
                 QStringLiteral("provider"), QStringLiteral("--to"), QStringLiteral("Ann Lee <ann@example.org>"),
                 QStringLiteral("--from"), QStringLiteral("Ops Team <ops@example.com>"), QStringLiteral("--html"),
                 QStringLiteral("--attach"), attachment});
        // The fake answers from this process's event loop: wait without blocking it.
        [&] { QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000); }();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QString writeConfig(const QTemporaryDir &dir, P provider, const QUrl &base)
    {
        const QString path = dir.filePath(QStringLiteral("config.toml"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        // An endpoint is required by the config; send-test uses the named transport directly.
        f.write(QStringLiteral("[[endpoints]]\npath = \"/c\"\nto = [\"o@example.com\"]\nfrom = \"n@example.com\"\n"
                               "subject = \"s\"\nbody = \"b\"\ntransport = \"provider\"\n\n"
                               "[[transports]]\nname = \"provider\"\ntype = \"%1\"\n[transports.settings]\n%2")
                    .arg(TransportTestKit::typeName(provider), settingsToml(provider, base))
                    .toUtf8());
        return path;
    }

private Q_SLOTS:
    void sendsWhatTheProviderExpects_data()
    {
        QTest::addColumn<P>("provider");
        QTest::newRow("postmark") << P::Postmark;
        QTest::newRow("resend") << P::Resend;
        QTest::newRow("mailgun") << P::Mailgun;
        QTest::newRow("ses") << P::Ses;
    }
    void sendsWhatTheProviderExpects()
    {
        QFETCH(P, provider);
        FakeHttpProvider fake;
        QVERIFY(fake.start());
        FakeProviderRules::install(fake, provider, TransportTestKit::credentials());
        QTemporaryDir dir;
        const QString config = writeConfig(dir, provider, fake.baseUrl());
        const QString attachment = dir.filePath(QStringLiteral("report.pdf"));
        {
            QFile f(attachment);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(pdfBytes());
        }
        const RunOutput r = runSendTest(config, attachment);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(fake.problems().isEmpty(), qPrintable(fake.problems().join(u'\n')));
        QCOMPARE(fake.requestCount(), 1);
        QVERIFY(r.out.contains(QStringLiteral("outcome:    sent")));
        QVERIFY2(r.out.contains(QStringLiteral("message id: ") + FakeProviderRules::messageId(provider, 1)),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("status:     200")));
        QVERIFY(!r.out.contains(TransportTestKit::credentials().apiKey));

        // HTML, the attachment's exact bytes, names and recipients arrived.
        const FakeHttpRequest req = fake.lastRequest();
        const QJsonObject j = req.json().object();
        const QByteArray pdf = pdfBytes();
        switch (provider) {
        case P::Postmark: {
            QVERIFY(j.value(QStringLiteral("HtmlBody")).toString().contains(QStringLiteral("<b>test message</b>")));
            QCOMPARE(j.value(QStringLiteral("From")).toString(), QStringLiteral("Ops Team <ops@example.com>"));
            QCOMPARE(j.value(QStringLiteral("To")).toString(), QStringLiteral("Ann Lee <ann@example.org>"));
            const QJsonObject a = j.value(QStringLiteral("Attachments")).toArray().at(0).toObject();
            QCOMPARE(a.value(QStringLiteral("Name")).toString(), QStringLiteral("report.pdf"));
            QCOMPARE(a.value(QStringLiteral("ContentType")).toString(), QStringLiteral("application/pdf"));
            QCOMPARE(QByteArray::fromBase64(a.value(QStringLiteral("Content")).toString().toLatin1()), pdf);
            break;
        }
        case P::Resend: {
            QVERIFY(j.value(QStringLiteral("html")).toString().contains(QStringLiteral("<b>test message</b>")));
            QCOMPARE(j.value(QStringLiteral("to")).toArray().at(0).toString(),
                     QStringLiteral("Ann Lee <ann@example.org>"));
            const QJsonObject a = j.value(QStringLiteral("attachments")).toArray().at(0).toObject();
            QCOMPARE(a.value(QStringLiteral("filename")).toString(), QStringLiteral("report.pdf"));
            QCOMPARE(QByteArray::fromBase64(a.value(QStringLiteral("content")).toString().toLatin1()), pdf);
            QVERIFY(!req.header("Idempotency-Key").isEmpty());
            break;
        }
        case P::Mailgun: {
            QVERIFY(req.partValues("html").value(0).contains("<b>test message</b>"));
            QCOMPARE(req.partValues("to").value(0), QByteArray("Ann Lee <ann@example.org>"));
            bool found = false;
            for (const FakeHttpRequest::Part &part : req.parts())
                if (part.name == "attachment") {
                    QCOMPARE(part.filename, QByteArray("report.pdf"));
                    QCOMPARE(part.body, pdf);
                    found = true;
                }
            QVERIFY(found);
            break;
        }
        case P::Ses: {
            // An attachment makes SES use Raw content: a complete MIME message, Bcc-free.
            const QByteArray raw = QByteArray::fromBase64(j.value(QStringLiteral("Content"))
                                                              .toObject()
                                                              .value(QStringLiteral("Raw"))
                                                              .toObject()
                                                              .value(QStringLiteral("Data"))
                                                              .toString()
                                                              .toLatin1());
            const auto m = Mime::parseMessage(raw);
            QVERIFY2(m.ok(), raw.left(400).constData());
            QVERIFY(m->html.contains(QStringLiteral("<b>test message</b>")));
            QCOMPARE(m->attachments.size(), 1);
            QCOMPARE(m->attachments[0].filename, QStringLiteral("report.pdf"));
            QCOMPARE(m->attachments[0].data, pdf);
            QCOMPARE(m->to.value(0).email, QStringLiteral("ann@example.org"));
            QCOMPARE(j.value(QStringLiteral("Destination"))
                         .toObject()
                         .value(QStringLiteral("ToAddresses"))
                         .toArray()
                         .at(0)
                         .toString(),
                     QStringLiteral("Ann Lee <ann@example.org>"));
            break;
        }
        }
    }

    // The outbound SMTP transport, through a real SMTP server (Debian's python3-aiosmtpd) with
    // STARTTLS and AUTH, verifying the relay's certificate against the test CA.
    void smtpRelayThroughARealServer()
    {
        const QString python = QStringLiteral("/usr/bin/python3");
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")});
        if (!probe.waitForFinished(20000) || probe.exitCode() != 0)
            QSKIP("python3-aiosmtpd is not installed (scripts/bootstrap.sh installs it)");
        QProcess server;
        server.start(
            python,
            {sourceDir() + QStringLiteral("/tests/integration/smtp_interop_server.py"), QStringLiteral("--tls"),
             QStringLiteral("starttls"), QStringLiteral("--cert"), dataPath(QStringLiteral("tls/smtp-server.pem")),
             QStringLiteral("--key"), dataPath(QStringLiteral("tls/smtp-server.key")), QStringLiteral("--user"),
             QStringLiteral("relay-user"), QStringLiteral("--password"), QStringLiteral("relay-SENTINEL-pass")});
        QVERIFY(server.waitForStarted(20000));
        QByteArray out;
        while (!out.contains('\n') && server.waitForReadyRead(20000))
            out += server.readAllStandardOutput();
        QVERIFY2(out.startsWith("PORT "), out.constData());
        const QByteArray port = out.mid(5, out.indexOf('\n') - 5);
        out.remove(0, out.indexOf('\n') + 1);

        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config.toml"));
        {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("[[endpoints]]\npath = \"/c\"\nto = [\"o@example.com\"]\nfrom = \"n@example.com\"\n"
                                   "subject = \"s\"\nbody = \"b\"\ntransport = \"provider\"\n\n"
                                   "[[transports]]\nname = \"provider\"\ntype = \"smtp\"\n[transports.settings]\n"
                                   "host = \"localhost\"\nport = %1\nusername = \"relay-user\"\n"
                                   "password = \"relay-SENTINEL-pass\"\nca_file = \"%2\"\n")
                        .arg(QString::fromLatin1(port), dataPath(QStringLiteral("tls/smtp-ca.pem")))
                        .toUtf8());
        }
        const QString attachment = dir.filePath(QStringLiteral("report.pdf"));
        {
            QFile f(attachment);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(pdfBytes());
        }
        const RunOutput r = runSendTest(config, attachment);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("outcome:    sent")));
        QVERIFY(r.out.contains(QStringLiteral("message id: AIOSMTPD1")));
        QVERIFY(!(r.out + r.err).contains(QStringLiteral("SENTINEL")));

        // The record may already sit in QProcess's buffer (read while send-test ran): take it first.
        out += server.readAllStandardOutput();
        while (!out.contains('\n') && server.waitForReadyRead(20000))
            out += server.readAllStandardOutput();
        const QJsonObject rec = QJsonDocument::fromJson(out.left(out.indexOf('\n'))).object();
        QVERIFY2(!rec.isEmpty(), out.constData());
        QVERIFY(rec.value(QStringLiteral("tls")).toBool());
        QVERIFY(rec.value(QStringLiteral("authenticated")).toBool());
        QCOMPARE(rec.value(QStringLiteral("mail_from")).toString(), QStringLiteral("ops@example.com"));
        QCOMPARE(rec.value(QStringLiteral("rcpt_tos")).toArray().at(0).toString(), QStringLiteral("ann@example.org"));
        const auto m =
            Mime::parseMessage(QByteArray::fromBase64(rec.value(QStringLiteral("data")).toString().toLatin1()));
        QVERIFY(m.ok());
        QCOMPARE(m->from.name, QStringLiteral("Ops Team"));
        QVERIFY(m->html.contains(QStringLiteral("<b>test message</b>")));
        QCOMPARE(m->attachments.size(), 1);
        QCOMPARE(m->attachments[0].data, pdfBytes());
        server.closeWriteChannel(); // the server exits when its input closes
        QVERIFY(server.waitForFinished(20000));
    }

    void failuresExitNonZeroWithTheProvidersAnswer()
    {
        FakeHttpProvider fake;
        QVERIFY(fake.start());
        fake.setHandler([](const FakeHttpRequest &, const QStringList &) {
            return FakeProviderRules::error(P::Postmark, 401, QStringLiteral("Bad or missing Server API token."),
                                            QStringLiteral("10"));
        });
        QTemporaryDir dir;
        const QString config = writeConfig(dir, P::Postmark, fake.baseUrl());
        const QString attachment = dir.filePath(QStringLiteral("a.txt"));
        QFile f(attachment);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        const RunOutput r = runSendTest(config, attachment);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(QStringLiteral("outcome:    terminal")));
        QVERIFY(r.out.contains(QStringLiteral("status:     401")));
        QVERIFY(r.out.contains(QStringLiteral("Bad or missing Server API token")));
        QVERIFY(!r.out.contains(TransportTestKit::credentials().apiKey));
    }
};

QTEST_GUILESS_MAIN(tst_SendTest)
#include "tst_sendtest.moc"
