#include "transport/SmtpCapabilities.h"
#include "transport/SmtpReplyParser.h"

#include <QTest>

using namespace Postrider;

class tst_SmtpCapabilities : public QObject
{
    Q_OBJECT
private slots:
    void postfixStyle();
    void caseInsensitiveKeywords();
    void oldAuthForm();
    void sizeWithoutLimit();
    void greetingOnly();
};

static SmtpReply parse(const QByteArray &bytes)
{
    SmtpReplyParser p;
    if (!p.feed(bytes) || !p.hasReply())
        return {};
    return p.takeReply();
}

void tst_SmtpCapabilities::postfixStyle()
{
    const auto caps = SmtpCapabilities::fromEhloReply(parse("250-mail.example.com\r\n250-PIPELINING\r\n"
                                                            "250-SIZE 10240000\r\n250-ETRN\r\n250-STARTTLS\r\n"
                                                            "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n"
                                                            "250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n"));
    QVERIFY(caps.pipelining());
    QVERIFY(caps.startTls());
    QVERIFY(caps.eightBitMime());
    QVERIFY(caps.smtpUtf8());
    QVERIFY(caps.size());
    QCOMPARE(caps.sizeLimit(), 10240000);
    QCOMPARE(caps.authMechanisms(), (QStringList{QStringLiteral("PLAIN"), QStringLiteral("LOGIN")}));
    QVERIFY(caps.supportsAuth(QStringLiteral("login")));
    QVERIFY(!caps.supportsAuth(QStringLiteral("CRAM-MD5")));
    QVERIFY(!caps.has(QStringLiteral("mail.example.com"))); // the first line is the domain
}

void tst_SmtpCapabilities::caseInsensitiveKeywords()
{
    const auto caps = SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250-starttls\r\n250 auth plain\r\n"));
    QVERIFY(caps.startTls());
    QVERIFY(caps.supportsAuth(QStringLiteral("PLAIN")));
}

void tst_SmtpCapabilities::oldAuthForm()
{
    const auto caps = SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250-AUTH LOGIN\r\n250 AUTH=LOGIN PLAIN\r\n"));
    QCOMPARE(caps.authMechanisms(), (QStringList{QStringLiteral("LOGIN"), QStringLiteral("PLAIN")}));
}

void tst_SmtpCapabilities::sizeWithoutLimit()
{
    QCOMPARE(SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250 SIZE\r\n")).sizeLimit(), 0);
    QCOMPARE(SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250 SIZE 0\r\n")).sizeLimit(), 0);
    QCOMPARE(SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250 SIZE many\r\n")).sizeLimit(), 0);
    QVERIFY(SmtpCapabilities::fromEhloReply(parse("250-mx\r\n250 SIZE\r\n")).size());
}

void tst_SmtpCapabilities::greetingOnly()
{
    const auto caps = SmtpCapabilities::fromEhloReply(parse("250 mx.test at your service\r\n"));
    QVERIFY(caps.isEmpty());
    QVERIFY(!caps.startTls());
    QVERIFY(caps.authMechanisms().isEmpty());
}

QTEST_GUILESS_MAIN(tst_SmtpCapabilities)
#include "tst_smtpcapabilities.moc"
