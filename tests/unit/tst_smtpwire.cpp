#include "transport/SmtpReplyParser.h"
#include "transport/SmtpWire.h"

#include <QTest>

using namespace Postrider;

class tst_SmtpWire : public QObject
{
    Q_OBJECT
private slots:
    void encodeData_data();
    void encodeData();
    void unstuffRoundTrip();
    void longestLine();
    void eightBit();
    void saslPlain();
    void redactCredentials();
    void queueId_data();
    void queueId();
    void loopback_data();
    void loopback();
    void heloName_data();
    void heloName();
};

void tst_SmtpWire::encodeData_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("empty") << QByteArray() << QByteArray(".\r\n");
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("no final eol") << QByteArray("a\r\nb") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("bare lf") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("bare cr") << QByteArray("a\rb") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("lone dot line") << QByteArray("a\r\n.\r\nb\r\n") << QByteArray("a\r\n..\r\nb\r\n.\r\n");
    QTest::newRow("leading dot") << QByteArray(".hidden\r\n") << QByteArray("..hidden\r\n.\r\n");
    QTest::newRow("two dots") << QByteArray("..\r\n") << QByteArray("...\r\n.\r\n");
    QTest::newRow("dot not at start") << QByteArray("a.b\r\n") << QByteArray("a.b\r\n.\r\n");
    QTest::newRow("smuggling lf dot lf") << QByteArray("x\n.\nMAIL FROM:<a@b>\n")
                                         << QByteArray("x\r\n..\r\nMAIL FROM:<a@b>\r\n.\r\n");
    QTest::newRow("smuggling cr dot cr") << QByteArray("x\r.\rRCPT") << QByteArray("x\r\n..\r\nRCPT\r\n.\r\n");
    QTest::newRow("blank lines kept") << QByteArray("a\r\n\r\n\r\nb") << QByteArray("a\r\n\r\n\r\nb\r\n.\r\n");
}

void tst_SmtpWire::encodeData()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(Smtp::encodeData(in), out);
}

void tst_SmtpWire::unstuffRoundTrip()
{
    const QByteArray message = "Subject: x\r\n\r\n.\r\n..\r\n.a\r\nb.\r\n";
    const QByteArray wire = Smtp::encodeData(message);
    QVERIFY(wire.endsWith("\r\n.\r\n"));
    QByteArray back;
    const QList<QByteArray> lines = wire.chopped(5).split('\n');
    for (const QByteArray &l : lines)
        back += Smtp::unstuffLine(l.endsWith('\r') ? l.chopped(1) : l) + "\r\n";
    QCOMPARE(back, message);
}

void tst_SmtpWire::longestLine()
{
    QCOMPARE(Smtp::longestLine(""), 0);
    QCOMPARE(Smtp::longestLine("abc\r\nde\r\n"), 3);
    QCOMPARE(Smtp::longestLine("ab\ncdef"), 4);
    QCOMPARE(Smtp::longestLine(QByteArray(998, 'x')), 998);
}

void tst_SmtpWire::eightBit()
{
    QVERIFY(!Smtp::has8BitOctets("plain ascii\r\n"));
    QVERIFY(Smtp::has8BitOctets("caf\xc3\xa9"));
    QVERIFY(Smtp::isAscii(u"bob@example.com"));
    QVERIFY(!Smtp::isAscii(u"j\u00f6rg@example.com"));
}

void tst_SmtpWire::saslPlain()
{
    // RFC 4616 §4 example: authcid "tim", password "tanstaaftanstaaf", no authzid.
    QCOMPARE(Smtp::saslPlainResponse(QStringLiteral("tim"), QStringLiteral("tanstaaftanstaaf")),
             QByteArray("AHRpbQB0YW5zdGFhZnRhbnN0YWFm"));
}

void tst_SmtpWire::redactCredentials()
{
    const QString user = QStringLiteral("user");
    const QString pw = QStringLiteral("SENTINEL-pw-42");
    const QString text = QStringLiteral("535 bad ") + pw + u' ' + QString::fromLatin1(Smtp::saslPlainResponse(user, pw))
        + u' ' + QString::fromLatin1(pw.toUtf8().toBase64());
    const QString out = Smtp::redactCredentials(text, user, pw);
    QVERIFY(!out.contains(pw));
    QVERIFY(!out.contains(QString::fromLatin1(pw.toUtf8().toBase64())));
    QVERIFY(!out.contains(QString::fromLatin1(Smtp::saslPlainResponse(user, pw))));
    QCOMPARE(out.count(QStringLiteral("[REDACTED]")), 3);
    QCOMPARE(Smtp::redactCredentials(text, user, QString()), text);
}

void tst_SmtpWire::queueId_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("id");
    QTest::newRow("postfix") << QByteArray("250 2.0.0 Ok: queued as 4F7Yc21XyzZ") << "4F7Yc21XyzZ";
    QTest::newRow("postfix no esc") << QByteArray("250 Ok: queued as 3A1B2C") << "3A1B2C";
    QTest::newRow("queued as, angle") << QByteArray("250 Message queued as <abc.def@host>") << "abc.def@host";
    QTest::newRow("exim") << QByteArray("250 OK id=1qA2bC-000123-4D") << "1qA2bC-000123-4D";
    QTest::newRow("ses") << QByteArray("250 Ok 0100018b2b1c4d5e-6f7a8b9c-0000-0000-0000-000000000000-000000")
                         << "0100018b2b1c4d5e-6f7a8b9c-0000-0000-0000-000000000000-000000";
    QTest::newRow("ok colon token") << QByteArray("250 2.0.0 Ok: 7D3E9A") << "7D3E9A";
    QTest::newRow("plain ok") << QByteArray("250 OK") << "";
    QTest::newRow("gmail-like") << QByteArray("250 2.0.0 OK  1690000000 x1-2002gsmtp") << "";
    QTest::newRow("accepted") << QByteArray("250 Message accepted for delivery") << "";
}

void tst_SmtpWire::queueId()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, id);
    SmtpReplyParser p;
    QVERIFY(p.feed(reply + "\r\n"));
    QCOMPARE(Smtp::queueIdFromReply(p.takeReply()), id);
}

void tst_SmtpWire::loopback_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << "localhost" << true;
    QTest::newRow("LOCALHOST.") << "LOCALHOST." << true;
    QTest::newRow("sub.localhost") << "relay.localhost" << true;
    QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
    QTest::newRow("127.1.2.3") << "127.1.2.3" << true;
    QTest::newRow("::1") << "::1" << true;
    QTest::newRow("[::1]") << "[::1]" << true;
    QTest::newRow("smtp.example.com") << "smtp.example.com" << false;
    QTest::newRow("localhost.example.com") << "localhost.example.com" << false;
    QTest::newRow("10.0.0.1") << "10.0.0.1" << false;
    QTest::newRow("0.0.0.0") << "0.0.0.0" << false;
}

void tst_SmtpWire::loopback()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(Smtp::isLoopbackHost(host), loopback);
}

void tst_SmtpWire::heloName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("fqdn") << "gateway.example.com" << true;
    QTest::newRow("single label") << "gateway" << true;
    QTest::newRow("ipv4 literal") << "[192.0.2.1]" << true;
    QTest::newRow("ipv6 literal") << "[IPv6:2001:db8::1]" << true;
    QTest::newRow("space") << "bad name" << false;
    QTest::newRow("crlf") << "a\r\nMAIL FROM:<x>" << false;
    QTest::newRow("underscore") << "a_b.example" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("leading hyphen") << "-a.example" << false;
}

void tst_SmtpWire::heloName()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Smtp::isValidHeloName(name), valid);
}

QTEST_GUILESS_MAIN(tst_SmtpWire)
#include "tst_smtpwire.moc"
