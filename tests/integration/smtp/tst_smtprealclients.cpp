// Real SMTP clients from Debian against a listener started by this test: swaks (Perl,
// Net::SSLeay), Python's smtplib and curl, each over STARTTLS with AUTH and verifying the
// server against the test CA. The Ghost (nodemailer) and Gitea corpus mails must arrive with
// text, HTML, attachments and headers intact.

#include "SmtpTestClient.h"
#include "SmtpTestRig.h"
#include "TestData.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

constexpr int kClientTimeoutMs = 30000;

QString tool(const QString &name)
{
    // Debian's own interpreter first: the suite must not depend on a user's Python setup.
    const QString system = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/bin")});
    return system.isEmpty() ? QStandardPaths::findExecutable(name) : system;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

/// Runs a client without blocking the event loop the listener lives on.
Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    const bool finished = pumpUntil([&] { return p.state() == QProcess::NotRunning; }, kClientTimeoutMs);
    if (!finished) {
        p.kill();
        pumpUntil([&] { return p.state() == QProcess::NotRunning; }, 5000);
    }
    Run r;
    r.out = p.readAll();
    r.exitCode = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

QJsonObject corpusCase(const char *name)
{
    return QJsonDocument::fromJson(readData(QStringLiteral("mime/%1.json").arg(QLatin1String(name)))).object();
}

QStringList attachmentDigests(const QList<Attachment> &list)
{
    QStringList out;
    for (const Attachment &a : list)
        out << a.filename + u'|' + a.contentType + u'|'
                + QString::fromLatin1(QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex());
    return out;
}

QStringList expectedDigests(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &v : array)
        out << v[QStringLiteral("filename")].toString() + u'|' + v[QStringLiteral("content_type")].toString() + u'|'
                + v[QStringLiteral("sha256")].toString();
    return out;
}

/// Text, HTML, attachments and kept headers of `m` equal the corpus expectation.
void compareWithCorpus(const Message &m, const QJsonObject &expect)
{
    QCOMPARE(m.from.email, expect[QStringLiteral("from")][QStringLiteral("email")].toString());
    QCOMPARE(m.subject, expect[QStringLiteral("subject")].toString());
    QCOMPARE(m.text, expect[QStringLiteral("text")].toString());
    QCOMPARE(m.html, expect[QStringLiteral("html")].toString());
    QCOMPARE(attachmentDigests(m.attachments), expectedDigests(expect[QStringLiteral("attachments")].toArray()));
    QStringList headers;
    for (const Header &h : m.headers)
        headers << QString::fromLatin1(h.name) + QStringLiteral(": ") + h.value;
    QStringList expected;
    for (const QJsonValue &h : expect[QStringLiteral("headers")].toArray())
        expected << h[QStringLiteral("name")].toString() + QStringLiteral(": ") + h[QStringLiteral("value")].toString();
    QCOMPARE(headers, expected);
}

} // namespace

/// \brief Debian's SMTP clients against the listener.
class tst_SmtpRealClients : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { m_rig->fake->received.clear(); }
    void cleanupTestCase() { m_rig.reset(); }
    void swaksGiteaMailPlainPipelining();
    void swaksLoginWithAttachments();
    void curlGhostNewsletter();
    void pythonSmtplibUtf8_data();
    void pythonSmtplibUtf8();
    void wrongPasswordIsRefused();

private:
    QString ca() const { return dataPath(QStringLiteral("tls/smtp-listener-ca.pem")); }
    QString port() const { return QString::number(m_rig->port()); }
    std::unique_ptr<SmtpTestRig> m_rig;
};

void tst_SmtpRealClients::initTestCase()
{
    for (const char *t : {"swaks", "curl", "python3"})
        QVERIFY2(!tool(QLatin1String(t)).isEmpty(), "missing client; run scripts/bootstrap.sh");
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.hostname = QStringLiteral("localhost");
    m_rig = std::make_unique<SmtpTestRig>(config);
    QVERIFY(m_rig->start());
}

void tst_SmtpRealClients::swaksGiteaMailPlainPipelining()
{
    const Run r = run(tool(QStringLiteral("swaks")),
                      {"--server",
                       "127.0.0.1",
                       "--port",
                       port(),
                       "--tls",
                       "--tls-verify",
                       "--tls-ca-path",
                       ca(),
                       "--auth",
                       "PLAIN",
                       "--auth-user",
                       "gitea",
                       "--auth-password",
                       SmtpTestRig::kPassword,
                       "--pipeline",
                       "--from",
                       "gitea@git.example",
                       "--to",
                       "bob@example.com",
                       "--data",
                       "@" + dataPath(QStringLiteral("mime/gitea-issue-notification.eml"))});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(r.out.contains("PIPELINING") && r.out.contains("250 2.0.0 Ok: queued as"));
    QVERIFY(m_rig->waitDelivered(1));
    const Message &m = m_rig->fake->received.first();
    compareWithCorpus(m, corpusCase("gitea-issue-notification"));
    QCOMPARE(m.metadata.value(QStringLiteral("smtp_user")).toString(), QStringLiteral("gitea"));
}

void tst_SmtpRealClients::swaksLoginWithAttachments()
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("invoice.pdf"));
    QByteArray pdfBytes = "%PDF-1.4\n";
    for (int i = 0; i < 4000; ++i)
        pdfBytes += char(i * 7 % 256);
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(pdfBytes);
    f.close();
    const Run r = run(tool(QStringLiteral("swaks")),
                      {"--server",
                       "127.0.0.1",
                       "--port",
                       port(),
                       "--tls",
                       "--tls-verify",
                       "--tls-ca-path",
                       ca(),
                       "--auth",
                       "LOGIN",
                       "--auth-user",
                       "ghost",
                       "--auth-password",
                       SmtpTestRig::kPassword,
                       "--from",
                       "noreply@blog.example",
                       "--to",
                       "member@example.net",
                       "--header",
                       "Subject: Your invoice",
                       "--body",
                       "Invoice attached.",
                       "--attach-type",
                       "application/pdf",
                       "--attach-name",
                       "invoice.pdf",
                       "--attach",
                       "@" + pdf});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(r.out.contains("334 VXNlcm5hbWU6") && r.out.contains("235 2.7.0"));
    QVERIFY(m_rig->waitDelivered(1));
    const Message &m = m_rig->fake->received.first();
    QCOMPARE(m.subject, QStringLiteral("Your invoice"));
    QVERIFY(m.text.contains(u"Invoice attached."));
    QCOMPARE(m.attachments.size(), 1);
    QCOMPARE(m.attachments.first().filename, QStringLiteral("invoice.pdf"));
    QCOMPARE(m.attachments.first().contentType, QStringLiteral("application/pdf"));
    QCOMPARE(m.attachments.first().data, pdfBytes);
}

void tst_SmtpRealClients::curlGhostNewsletter()
{
    const QJsonObject expect = corpusCase("ghost-newsletter-nodemailer");
    QStringList args{"-sS",
                     "--url",
                     "smtp://127.0.0.1:" + port(),
                     "--ssl-reqd",
                     "--cacert",
                     ca(),
                     "--user",
                     QStringLiteral("ghost:") + QLatin1String(SmtpTestRig::kPassword),
                     "--mail-from",
                     expect[QStringLiteral("envelope")][QStringLiteral("from")].toString()};
    for (const QJsonValue &to : expect[QStringLiteral("envelope")][QStringLiteral("to")].toArray())
        args << QStringLiteral("--mail-rcpt") << to.toString();
    args << QStringLiteral("--upload-file") << dataPath(QStringLiteral("mime/ghost-newsletter-nodemailer.eml"));
    const Run r = run(tool(QStringLiteral("curl")), args);
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(m_rig->waitDelivered(1));
    const Message &m = m_rig->fake->received.first();
    compareWithCorpus(m, expect);
    // The newsletter batch: one visible member, the rest only in the envelope → Bcc.
    QCOMPARE(bareAddresses(m.to), QStringList{"reader.one@example.com"});
    QCOMPARE(bareAddresses(m.bcc), QStringList({"reader.two@example.net", "reader.three@example.org"}));
    QVERIFY(m.metadata.value(QStringLiteral("tls")).toBool());
}

void tst_SmtpRealClients::pythonSmtplibUtf8_data()
{
    QTest::addColumn<QString>("mechanism");
    QTest::newRow("PLAIN") << "PLAIN";
    QTest::newRow("LOGIN") << "LOGIN";
}

void tst_SmtpRealClients::pythonSmtplibUtf8()
{
    QFETCH(QString, mechanism);
    const Run r = run(tool(QStringLiteral("python3")),
                      {sourceDir() + QStringLiteral("/tests/integration/smtp/smtplib_client.py"), port(), ca(),
                       QStringLiteral("ghost"), QLatin1String(SmtpTestRig::kPassword), mechanism});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(m_rig->waitDelivered(1));
    const Message &m = m_rig->fake->received.first();
    QCOMPARE(m.from.email, QStringLiteral("관리자@example.com"));
    QCOMPARE(m.from.name, QStringLiteral("Authentik 관리자"));
    QCOMPARE(bareAddresses(m.to), QStringList{QStringLiteral("δοκιμή@example.org")});
    QCOMPARE(m.subject, QStringLiteral("Ihr Anmeldecode 🔑 für Authentik"));
    // The parser drops the final line break of a text body (as for every corpus case).
    QCOMPARE(m.text, QStringLiteral("Ihr Code lautet 314159.\nGrüße, Authentik"));
    QCOMPARE(m.html.trimmed(), QStringLiteral("<p>Ihr Code lautet <b>314159</b>.</p>"));
    QCOMPARE(m.attachments.size(), 1);
    QByteArray expected;
    for (int i = 0; i < 4; ++i)
        for (int b = 0; b < 256; ++b)
            expected += char(b);
    QCOMPARE(m.attachments.first().data, expected);
    bool flowHeader = false;
    for (const Header &h : m.headers)
        flowHeader = flowHeader || (h.name == "X-Authentik-Flow" && h.value == u"password-reset");
    QVERIFY(flowHeader);
}

void tst_SmtpRealClients::wrongPasswordIsRefused()
{
    const Run r = run(tool(QStringLiteral("curl")),
                      {"-sS", "--url", "smtp://127.0.0.1:" + port(), "--ssl-reqd", "--cacert", ca(), "--user",
                       "ghost:not-the-password", "--mail-from", "noreply@blog.example", "--mail-rcpt", "a@example.org",
                       "--upload-file", dataPath(QStringLiteral("mime/html-only.eml"))});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.out.contains("Login denied"), r.out.constData());
    QCOMPARE(
        m_rig->metrics.value(QStringLiteral("smtp_auth_total"), {QStringLiteral("plain"), QStringLiteral("failed")}),
        1.0);
    QCOMPARE(m_rig->fake->received.size(), 0);
}

QTEST_GUILESS_MAIN(tst_SmtpRealClients)
#include "tst_smtprealclients.moc"
