// `postriderd send-test` through every HTTP provider against a fake that checks requests as the
// real API would: what an operator runs after editing credentials must produce the request the
// provider's own SDK would (auth, fields, encodings), with HTML and attachments intact.

#include "FakeHttpProvider.h"
#include "FakeProviderRules.h"
#include "TestData.h"
#include "TransportTestKit.h"

#include "mime/MimeParser.h"

#include <QFile>
#include <QJsonArray>
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
