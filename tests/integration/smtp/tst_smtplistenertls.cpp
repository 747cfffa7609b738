// SmtpListener over TLS: STARTTLS and its injection defence, implicit TLS, client certificates
// in every auth mode, and the ephemeral certificate.

#include "SmtpTestClient.h"
#include "SmtpTestRig.h"
#include "TestData.h"

#include "core/Logging.h"
#include "core/TlsFiles.h"
#include "ingress/smtp/EphemeralCertificate.h"

#include <QFile>
#include <QScopeGuard>
#include <QSslCertificateExtension>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

QString tls(const char *name)
{
    return dataPath(QStringLiteral("tls/smtp-listener-%1").arg(QLatin1String(name)));
}

QByteArray goodAuth(const char *user = "ghost")
{
    return "AUTH PLAIN " + plainResponse(user, SmtpTestRig::kPassword);
}

SmtpListenerConfig certMode(SmtpAuthMode mode)
{
    SmtpListenerConfig c = SmtpTestRig::tlsAuthConfig();
    c.authRequired = mode;
    c.clientCertCa = tls("ca.pem");
    return c;
}

} // namespace

/// \brief TLS behaviour of the SMTP listener.
class tst_SmtpListenerTls : public QObject
{
    Q_OBJECT

private slots:
    void startTlsThenAuthAndSend();
    void startTlsInjectionIsDiscarded_data();
    void startTlsInjectionIsDiscarded();
    void startTlsTwice();
    void garbageHandshakeEndsSession();
    void implicitTls();
    void clientCertificate_data();
    void clientCertificate();
    void rogueClientCertificateFailsHandshake();
    void ephemeralCertificate();
    void ephemeralCertificateGenerator();
};

void tst_SmtpListenerTls::startTlsThenAuthAndSend()
{
    SmtpTestRig rig(SmtpTestRig::tlsAuthConfig());
    QVERIFY(rig.start());
    QVERIFY(!rig.listener->usesEphemeralCertificate());
    SmtpTestClient c;
    c.setTls(tls("ca.pem"));
    QVERIFY(c.connectTo(rig.port()));
    QVERIFY(c.readReply().startsWith("220 mx.test ESMTP"));
    const QByteArray before = c.command("EHLO client.test");
    QVERIFY(before.contains("STARTTLS") && !before.contains("AUTH"));
    QVERIFY(c.startTls());
    QVERIFY(c.sslErrors().isEmpty());
    // RFC 3207 §4.2: the client must EHLO again; the server forgot the first one.
    QCOMPARE(c.command("MAIL FROM:<app@example.com>"), QByteArray("503 5.5.1 Send HELO/EHLO first"));
    const QByteArray after = c.command("EHLO client.test");
    QVERIFY2(after.endsWith("250 AUTH PLAIN LOGIN") && !after.contains("STARTTLS"), after.constData());
    QCOMPARE(c.command("MAIL FROM:<app@example.com>"), QByteArray("530 5.7.0 Authentication required"));
    QVERIFY(c.command(goodAuth()).startsWith("235"));
    QVERIFY(c.command("MAIL FROM:<app@example.com>").startsWith("250"));
    QVERIFY(c.command("RCPT TO:<r@example.org>").startsWith("250"));
    QVERIFY(c.command("DATA").startsWith("354"));
    QVERIFY(c.command("From: app@example.com\r\nSubject: over tls\r\n\r\nhi\r\n.").startsWith("250 2.0.0 Ok"));
    QVERIFY(rig.waitDelivered(1));
    const Message &m = rig.fake->received.first();
    QCOMPARE(m.metadata.value(QStringLiteral("smtp_user")).toString(), QStringLiteral("ghost"));
    QCOMPARE(m.metadata.value(QStringLiteral("tls")).toBool(), true);
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_tls_sessions_total"), {QStringLiteral("starttls")}), 1.0);
}

void tst_SmtpListenerTls::startTlsInjectionIsDiscarded_data()
{
    QTest::addColumn<QByteArray>("injected");
    QTest::addColumn<QByteArray>("probe");
    QTest::addColumn<QByteArray>("expected");
    // Plaintext pipelined behind STARTTLS (CVE-2011-0411): had it run after the handshake, the
    // probe would get a different answer.
    QTest::newRow("MAIL") << QByteArray("MAIL FROM:<app@example.com>\r\n") << QByteArray("RCPT TO:<r@example.org>")
                          << QByteArray("503 5.5.1 MAIL FROM required first");
    QTest::newRow("AUTH") << "AUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword) + "\r\n"
                          << QByteArray("MAIL FROM:<app@example.com>") << QByteArray("503 5.5.1 Send HELO/EHLO first");
    QTest::newRow("EHLO and AUTH") << "EHLO evil\r\nAUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword)
            + "\r\n" << QByteArray("MAIL FROM:<app@example.com>")
                                   << QByteArray("503 5.5.1 Send HELO/EHLO first");
    QTest::newRow("partial line") << QByteArray("RSET\r\nMAIL FROM:<app@exa")
                                  << QByteArray("mple.com>\r\nRCPT TO:<r@example.org>")
                                  << QByteArray("500 5.5.1 Command unrecognized");
}

void tst_SmtpListenerTls::startTlsInjectionIsDiscarded()
{
    QFETCH(QByteArray, injected);
    QFETCH(QByteArray, probe);
    QFETCH(QByteArray, expected);
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    SmtpTestClient c;
    c.setTls(tls("ca.pem"));
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    c.command("EHLO client.test");
    c.send("STARTTLS\r\n" + injected);
    QCOMPARE(c.readReply(), QByteArray("220 2.0.0 Ready to start TLS"));
    c.socket().startClientEncryption();
    QVERIFY(c.waitEncrypted());
    // Nothing was answered for the injected commands...
    QCOMPARE(c.unread(), QByteArray());
    // ...and they left no state behind.
    QCOMPARE(c.command(probe), expected);
}

void tst_SmtpListenerTls::startTlsTwice()
{
    SmtpTestRig rig(SmtpTestRig::tlsAuthConfig());
    QVERIFY(rig.start());
    SmtpTestClient c;
    c.setTls(tls("ca.pem"));
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    c.command("EHLO client.test");
    QCOMPARE(c.command("STARTTLS now"), QByteArray("501 5.5.4 Syntax: STARTTLS"));
    QVERIFY(c.startTls());
    c.command("EHLO client.test");
    QCOMPARE(c.command("STARTTLS"), QByteArray("503 5.5.1 TLS already active"));
}

void tst_SmtpListenerTls::garbageHandshakeEndsSession()
{
    SmtpTestRig rig(SmtpTestRig::tlsAuthConfig());
    QVERIFY(rig.start());
    SmtpTestClient c;
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    QCOMPARE(c.command("STARTTLS"), QByteArray("220 2.0.0 Ready to start TLS"));
    c.send("this is not a TLS ClientHello\r\n\r\n");
    QVERIFY(c.waitDisconnected());
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_tls_handshake_failures_total")), 1.0);
}

void tst_SmtpListenerTls::implicitTls()
{
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.implicitTlsListen = QStringLiteral("127.0.0.1:0");
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    QVERIFY(rig.listener->implicitTlsPort() != 0);
    SmtpTestClient c;
    c.setTls(tls("ca.pem"));
    QVERIFY(c.connectTo(rig.listener->implicitTlsPort(), true));
    QVERIFY(c.readReply().startsWith("220 mx.test ESMTP Postrider"));
    const QByteArray ehlo = c.command("EHLO client.test");
    QVERIFY2(!ehlo.contains("STARTTLS") && ehlo.contains("AUTH PLAIN LOGIN"), ehlo.constData());
    QCOMPARE(c.command("STARTTLS"), QByteArray("503 5.5.1 TLS already active"));
    QVERIFY(c.command(goodAuth()).startsWith("235"));
    QVERIFY(c.command("MAIL FROM:<app@example.com>").startsWith("250"));
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_tls_sessions_total"), {QStringLiteral("implicit")}), 1.0);
    // A plaintext client on the implicit port gets no greeting and is dropped.
    SmtpTestClient plain;
    QVERIFY(plain.connectTo(rig.listener->implicitTlsPort()));
    plain.send("EHLO plain\r\n");
    QVERIFY(plain.waitDisconnected());
    QCOMPARE(plain.unread(), QByteArray());
}

void tst_SmtpListenerTls::clientCertificate_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("presentCert");
    QTest::addColumn<bool>("doAuth");
    QTest::addColumn<QByteArray>("mailReply");
    const int clientCert = int(SmtpAuthMode::ClientCert);
    const int either = int(SmtpAuthMode::Either);
    const int smtpAuth = int(SmtpAuthMode::SmtpAuth);
    QTest::newRow("client-cert with cert") << clientCert << true << false << QByteArray("250 2.1.0 OK");
    QTest::newRow("client-cert without cert")
        << clientCert << false << false << QByteArray("530 5.7.0 Authentication required");
    QTest::newRow("either with cert") << either << true << false << QByteArray("250 2.1.0 OK");
    QTest::newRow("either with AUTH") << either << false << true << QByteArray("250 2.1.0 OK");
    QTest::newRow("either with neither") << either << false << false << QByteArray("530 5.7.0 Authentication required");
    QTest::newRow("smtp-auth ignores a cert")
        << smtpAuth << true << false << QByteArray("530 5.7.0 Authentication required");
}

void tst_SmtpListenerTls::clientCertificate()
{
    QFETCH(int, mode);
    QFETCH(bool, presentCert);
    QFETCH(bool, doAuth);
    QFETCH(QByteArray, mailReply);
    SmtpTestRig rig(certMode(SmtpAuthMode(mode)));
    QVERIFY(rig.start());
    SmtpTestClient c;
    if (presentCert)
        c.setTls(tls("ca.pem"), tls("client.pem"), tls("client.key"));
    else
        c.setTls(tls("ca.pem"));
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    c.command("EHLO client.test");
    QVERIFY(c.startTls());
    const QByteArray ehlo = c.command("EHLO client.test");
    QCOMPARE(ehlo.contains("AUTH PLAIN LOGIN"), SmtpAuthMode(mode) != SmtpAuthMode::ClientCert);
    if (doAuth)
        QVERIFY(c.command(goodAuth()).startsWith("235"));
    if (SmtpAuthMode(mode) == SmtpAuthMode::ClientCert)
        QCOMPARE(c.command(goodAuth()), QByteArray("502 5.5.1 AUTH not supported"));
    QCOMPARE(c.command("MAIL FROM:<app@example.com>"), mailReply);
}

void tst_SmtpListenerTls::rogueClientCertificateFailsHandshake()
{
    SmtpTestRig rig(certMode(SmtpAuthMode::Either));
    QVERIFY(rig.start());
    SmtpTestClient c;
    c.setTls(tls("ca.pem"), tls("rogue-client.pem"), tls("rogue-client.key"));
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    c.command("EHLO client.test");
    QVERIFY(!c.startTls() || !c.command("EHLO client.test").startsWith("250"));
    QVERIFY(c.waitDisconnected());
    QVERIFY(pumpUntil([&] { return rig.listener->sessionCount() == 0; }));
    QCOMPARE(rig.metrics.value(QStringLiteral("smtp_tls_handshake_failures_total")), 1.0);
}

void tst_SmtpListenerTls::ephemeralCertificate()
{
    QList<QByteArray> lines;
    const QtMessageHandler testHandler = qInstallMessageHandler(nullptr);
    Log::install();
    Log::setStdoutEnabled(false);
    Log::setSink([&](const QByteArray &line) { lines.append(line); });
    const auto restore = qScopeGuard([testHandler] {
        Log::setSink({});
        Log::setStdoutEnabled(true);
        qInstallMessageHandler(testHandler);
    });
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.tlsCert.clear();
    config.tlsKey.clear();
    SmtpTestRig rig(config);
    QVERIFY(rig.start());
    QVERIFY(rig.listener->usesEphemeralCertificate());
    QVERIFY(lines.join('\n').contains("\"level\":\"WARN\",\"msg\":\"smtp_tls_ephemeral_certificate\""));
    SmtpTestClient c;
    c.setTrustAnyCertificate(true);
    QVERIFY(c.connectTo(rig.port()));
    c.readReply();
    c.command("EHLO client.test");
    QVERIFY(c.startTls());
    // Self-signed for the configured host name: a client that verifies would refuse it.
    const QSslCertificate served = c.socket().peerCertificate();
    QCOMPARE(served.subjectInfo(QSslCertificate::CommonName), QStringList{"mx.test"});
    QCOMPARE(served.issuerDisplayName(), served.subjectDisplayName());
    QVERIFY(!c.sslErrors().isEmpty());
    c.command("EHLO client.test");
    QVERIFY(c.command(goodAuth()).startsWith("235"));
}

void tst_SmtpListenerTls::ephemeralCertificateGenerator()
{
    const auto generated = EphemeralCertificate::generate(QStringLiteral("smtp.example.net"));
    QVERIFY2(generated.ok(), generated.ok() ? "" : qPrintable(generated.error().toString()));
    const QSslCertificate &cert = generated->certificate;
    QCOMPARE(cert.subjectAlternativeNames().value(QSsl::DnsEntry), QStringLiteral("smtp.example.net"));
    QVERIFY(cert.effectiveDate() <= QDateTime::currentDateTimeUtc());
    const qint64 days = QDateTime::currentDateTimeUtc().daysTo(cert.expiryDate());
    QVERIFY(days >= EphemeralCertificate::kValidityDays - 1 && days <= EphemeralCertificate::kValidityDays);
    QCOMPARE(generated->key.algorithm(), QSsl::Ec);
    QTemporaryDir dir;
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(generated->key.toPem());
    keyFile.close();
    QVERIFY(TlsFiles::keyMatchesCertificate(cert, keyFile.fileName()));
    QVERIFY(!QSslCertificate::verify({cert}).isEmpty()); // self-signed: not trusted by default
    // Two starts never share a certificate.
    const auto again = EphemeralCertificate::generate(QStringLiteral("smtp.example.net"));
    QVERIFY(again.ok());
    QVERIFY(again->certificate.serialNumber() != cert.serialNumber());
    QVERIFY(again->key.toPem() != generated->key.toPem());
}

QTEST_GUILESS_MAIN(tst_SmtpListenerTls)
#include "tst_smtplistenertls.moc"
