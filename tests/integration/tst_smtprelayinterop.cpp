// SmtpRelayTransport against a real SMTP server: Debian's python3-aiosmtpd (an unprivileged
// asyncio MTA), started per test on 127.0.0.1 port 0 by smtp_interop_server.py. Checks that the
// client interoperates with an implementation we did not write: STARTTLS, implicit TLS, AUTH
// PLAIN and LOGIN, SIZE, 8BITMIME, SMTPUTF8, dot-stuffing. aiosmtpd offers no PIPELINING, so
// that path is covered by tst_smtprelaytransport only.
#include "MockClock.h"
#include "TestData.h"
#include "transport/SmtpRelayTransport.h"
#include "transport/TransportRegistry.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace Postrider;

namespace {

constexpr int kWaitMs = 20000;
const QString kPython = QStringLiteral("/usr/bin/python3"); // Debian's, where python3-aiosmtpd lives

/// One aiosmtpd process; stdin closed (and the process reaped) on destruction.
class AiosmtpdServer
{
public:
    ~AiosmtpdServer()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

    /// Empty on success, else why the server could not start.
    QString start(const QStringList &args)
    {
        m_process.setProgram(kPython);
        m_process.setArguments(
            QStringList{Test::sourceDir() + QStringLiteral("/tests/integration/smtp_interop_server.py")} + args);
        m_process.start();
        if (!m_process.waitForStarted(kWaitMs))
            return QStringLiteral("cannot start ") + kPython;
        QByteArray out;
        while (!out.contains('\n') && m_process.waitForReadyRead(kWaitMs))
            out += m_process.readAllStandardOutput();
        if (!out.startsWith("PORT "))
            return QString::fromUtf8(out + m_process.readAllStandardError());
        m_port = quint16(out.mid(5, out.indexOf('\n') - 5).toUInt());
        m_pending = out.mid(out.indexOf('\n') + 1);
        return {};
    }
    quint16 port() const { return m_port; }

    /// The next message the server accepted, as its JSON record (waits for it).
    QJsonObject nextMessage()
    {
        // QProcess may already hold the line (read while the test ran the event loop).
        for (m_pending += m_process.readAllStandardOutput(); !m_pending.contains('\n');
             m_pending += m_process.readAllStandardOutput()) {
            if (!m_process.waitForReadyRead(kWaitMs))
                break;
        }
        const qsizetype lf = m_pending.indexOf('\n');
        if (lf < 0)
            return {};
        const QJsonObject o = QJsonDocument::fromJson(m_pending.left(lf)).object();
        m_pending.remove(0, lf + 1);
        return o;
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_pending;
};

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out.append(e.toString());
    return out;
}

} // namespace

class tst_SmtpRelayInterop : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void deliver_data();
    void deliver();
    void wrongPasswordIsTerminal();

private:
    SendResult send(SmtpRelayTransport *t, const Message &m);
    Test::MockClock m_clock;
};

void tst_SmtpRelayInterop::initTestCase()
{
    if (!QFileInfo::exists(kPython))
        QSKIP("no /usr/bin/python3 (scripts/bootstrap.sh installs python3-aiosmtpd)");
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")});
    QVERIFY(probe.waitForFinished(kWaitMs));
    if (probe.exitCode() != 0)
        QSKIP("python3-aiosmtpd is not installed (scripts/bootstrap.sh installs it)");
}

SendResult tst_SmtpRelayInterop::send(SmtpRelayTransport *t, const Message &m)
{
    auto result = std::make_shared<std::optional<SendResult>>();
    t->send(m, {}, [result](const SendResult &r) { *result = r; });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, kWaitMs))
        qWarning("no result within %d ms", kWaitMs);
    return result->value_or(SendResult::failure(Outcome::Transient, QStringLiteral("test: no result in time")));
}

void tst_SmtpRelayInterop::deliver_data()
{
    QTest::addColumn<QString>("tls"); // none | starttls | implicit
    QTest::addColumn<QString>("auth"); // "" (none) | auto | plain | login
    QTest::addColumn<QStringList>("exclude");
    QTest::newRow("plaintext, no auth") << "none"
                                        << "" << QStringList();
    QTest::newRow("starttls, auth auto") << "starttls"
                                         << "auto" << QStringList();
    QTest::newRow("starttls, auth login") << "starttls"
                                          << "login" << QStringList();
    QTest::newRow("starttls, only LOGIN offered") << "starttls"
                                                  << "auto" << QStringList{QStringLiteral("PLAIN")};
    QTest::newRow("implicit tls, auth plain") << "implicit"
                                              << "plain" << QStringList();
}

void tst_SmtpRelayInterop::deliver()
{
    QFETCH(QString, tls);
    QFETCH(QString, auth);
    QFETCH(QStringList, exclude);
    const QString user = QStringLiteral("gateway");
    const QString password = QStringLiteral("s3cret-interop");
    QStringList args{QStringLiteral("--tls"),  tls,
                     QStringLiteral("--cert"), Test::dataPath(QStringLiteral("tls/smtp-server.pem")),
                     QStringLiteral("--key"),  Test::dataPath(QStringLiteral("tls/smtp-server.key"))};
    if (!auth.isEmpty())
        args << QStringLiteral("--user") << user << QStringLiteral("--password") << password;
    for (const QString &m : exclude)
        args << QStringLiteral("--exclude-auth") << m;
    AiosmtpdServer server;
    const QString error = server.start(args);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    TransportConfig c;
    c.name = QStringLiteral("interop");
    c.type = QStringLiteral("smtp");
    c.settings = {{QStringLiteral("host"), QStringLiteral("localhost")},
                  {QStringLiteral("port"), qint64(server.port())},
                  {QStringLiteral("require_tls"), tls == QLatin1String("starttls")},
                  {QStringLiteral("implicit_tls"), tls == QLatin1String("implicit")},
                  {QStringLiteral("ca_file"), Test::dataPath(QStringLiteral("tls/smtp-ca.pem"))},
                  {QStringLiteral("helo_name"), QStringLiteral("gateway.test")}};
    if (!auth.isEmpty()) {
        c.settings.insert(QStringLiteral("auth"), auth);
        c.settings.insert(QStringLiteral("username"), user);
        c.settings.insert(QStringLiteral("password"), password);
    }
    auto built = TransportRegistry::create(c, &m_clock, nullptr);
    QVERIFY2(built, qPrintable(built ? QString() : built.error().toString()));
    std::unique_ptr<SmtpRelayTransport> t(qobject_cast<SmtpRelayTransport *>(*built));
    t->setConnectAddress(QHostAddress::LocalHost);

    Message m;
    m.from = Address{QStringLiteral("Gateway"), QStringLiteral("noreply@example.com")};
    m.to = {Address{QString(), QStringLiteral("alice@example.org")},
            Address{QString(), QStringLiteral("j\u00f6rg@example.org")}};
    m.bcc = {Address{QString(), QStringLiteral("audit@example.net")}};
    m.subject = QStringLiteral("Interop \u2713");
    m.text = QStringLiteral("Gr\u00fc\u00dfe\n.\n.leading dot\nend\n");
    m.submissionId = QStringLiteral("3b5f7a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    const SendResult r = send(t.get(), m);
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.messageId, QStringLiteral("AIOSMTPD1"));

    const QJsonObject got = server.nextMessage();
    QVERIFY(!got.isEmpty());
    QCOMPARE(got.value(QStringLiteral("mail_from")).toString(), QStringLiteral("noreply@example.com"));
    QCOMPARE(strings(got.value(QStringLiteral("rcpt_tos"))),
             (QStringList{QStringLiteral("alice@example.org"), QStringLiteral("j\u00f6rg@example.org"),
                          QStringLiteral("audit@example.net")}));
    const QStringList options = strings(got.value(QStringLiteral("mail_options")));
    QVERIFY2(options.contains(QStringLiteral("SMTPUTF8")), qPrintable(options.join(u' ')));
    QVERIFY(options.contains(QStringLiteral("BODY=8BITMIME")));
    QVERIFY(options.filter(QStringLiteral("SIZE=")).size() == 1);
    QCOMPARE(got.value(QStringLiteral("tls")).toBool(), tls != QLatin1String("none"));
    QCOMPARE(got.value(QStringLiteral("authenticated")).toBool(), !auth.isEmpty());
    const QByteArray data = QByteArray::fromBase64(got.value(QStringLiteral("data")).toString().toLatin1());
    QVERIFY2(data.contains("\r\n.\r\n.leading dot\r\nend\r\n"), data.constData()); // un-stuffed by aiosmtpd
    QVERIFY(data.contains("Message-ID: <3b5f7a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b@example.com>"));
    QVERIFY(!data.contains("audit@example.net"));
}

void tst_SmtpRelayInterop::wrongPasswordIsTerminal()
{
    AiosmtpdServer server;
    const QString error =
        server.start({QStringLiteral("--tls"), QStringLiteral("starttls"), QStringLiteral("--cert"),
                      Test::dataPath(QStringLiteral("tls/smtp-server.pem")), QStringLiteral("--key"),
                      Test::dataPath(QStringLiteral("tls/smtp-server.key")), QStringLiteral("--user"),
                      QStringLiteral("gateway"), QStringLiteral("--password"), QStringLiteral("right")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    TransportConfig c;
    c.name = QStringLiteral("interop");
    c.type = QStringLiteral("smtp");
    c.settings = {{QStringLiteral("host"), QStringLiteral("localhost")},
                  {QStringLiteral("port"), qint64(server.port())},
                  {QStringLiteral("ca_file"), Test::dataPath(QStringLiteral("tls/smtp-ca.pem"))},
                  {QStringLiteral("username"), QStringLiteral("gateway")},
                  {QStringLiteral("password"), QStringLiteral("wrong-password-sentinel")}};
    auto built = TransportRegistry::create(c, &m_clock, nullptr);
    QVERIFY(built);
    std::unique_ptr<SmtpRelayTransport> t(qobject_cast<SmtpRelayTransport *>(*built));
    t->setConnectAddress(QHostAddress::LocalHost);
    Message m;
    m.from = Address{QString(), QStringLiteral("noreply@example.com")};
    m.to = {Address{QString(), QStringLiteral("alice@example.org")}};
    m.subject = QStringLiteral("x");
    m.text = QStringLiteral("x");
    const SendResult r = send(t.get(), m);
    QVERIFY2(r.outcome == Outcome::Terminal, qPrintable(r.describe()));
    QCOMPARE(r.status, 535);
    QCOMPARE(r.errorCode, QStringLiteral("auth_failed"));
    QVERIFY(!r.message.contains(QStringLiteral("wrong-password-sentinel")));
}

QTEST_GUILESS_MAIN(tst_SmtpRelayInterop)
#include "tst_smtprelayinterop.moc"
