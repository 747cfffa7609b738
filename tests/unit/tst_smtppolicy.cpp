// SmtpPolicy: Posthorn's allowlist patterns, per-user sender lists, the recipient cap.

#include "ingress/smtp/SmtpLimits.h"
#include "ingress/smtp/SmtpPolicy.h"

#include <QTest>

using namespace Postrider;

/// \brief Tests of the listener's envelope policy.
class tst_SmtpPolicy : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void perUserSenders();
    void recipients();
    void recipientCap_data();
    void recipientCap();
};

void tst_SmtpPolicy::matches_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("match");
    QTest::newRow("star") << QStringList{"*"} << "anyone@anywhere.test" << true;
    QTest::newRow("domain") << QStringList{"*@example.com"} << "a@example.com" << true;
    QTest::newRow("domain case") << QStringList{"*@example.com"} << "a@Example.COM" << true;
    QTest::newRow("no subdomains") << QStringList{"*@example.com"} << "a@mail.example.com" << false;
    QTest::newRow("suffix is not a domain") << QStringList{"*@example.com"} << "a@badexample.com" << false;
    QTest::newRow("exact") << QStringList{"ops@example.com"} << "ops@example.com" << true;
    QTest::newRow("exact local part is case-sensitive") << QStringList{"ops@example.com"} << "Ops@example.com" << false;
    QTest::newRow("exact domain ignores case") << QStringList{"ops@example.com"} << "ops@EXAMPLE.com" << true;
    QTest::newRow("quoted @ cannot fake the domain")
        << QStringList{"*@allowed.test"} << "\"x@allowed.test\"@evil.test" << false;
    QTest::newRow("several") << QStringList{"a@x.test", "*@y.test"} << "b@y.test" << true;
    QTest::newRow("none") << QStringList{} << "a@x.test" << false;
}

void tst_SmtpPolicy::matches()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, address);
    QFETCH(bool, match);
    QCOMPARE(SmtpPolicy::matches(patterns, address), match);
}

void tst_SmtpPolicy::perUserSenders()
{
    SmtpListenerConfig c;
    c.allowedSenders = {QStringLiteral("*@example.com")};
    c.users = {{QStringLiteral("ghost"), QStringLiteral("pw"), {}},
               {QStringLiteral("gitea"), QStringLiteral("pw"), {QStringLiteral("gitea@git.example")}}};
    const SmtpPolicy p(c);
    QVERIFY(p.senderAllowed(QStringLiteral("ghost"), QStringLiteral("news@example.com")));
    QVERIFY(!p.senderAllowed(QStringLiteral("ghost"), QStringLiteral("gitea@git.example")));
    QVERIFY(p.senderAllowed(QStringLiteral("gitea"), QStringLiteral("gitea@git.example")));
    QVERIFY(!p.senderAllowed(QStringLiteral("gitea"), QStringLiteral("news@example.com")));
    QVERIFY(p.senderAllowed(QString(), QStringLiteral("news@example.com")));
}

void tst_SmtpPolicy::recipients()
{
    SmtpListenerConfig open;
    QVERIFY(SmtpPolicy(open).recipientAllowed(QStringLiteral("x@anything.test")));
    SmtpListenerConfig closed;
    closed.allowedRecipients = {QStringLiteral("*@example.org")};
    QVERIFY(SmtpPolicy(closed).recipientAllowed(QStringLiteral("x@example.org")));
    QVERIFY(!SmtpPolicy(closed).recipientAllowed(QStringLiteral("x@example.com")));
}

void tst_SmtpPolicy::recipientCap_data()
{
    QTest::addColumn<qint64>("maxRecipients");
    QTest::addColumn<qint64>("perSession");
    QTest::addColumn<bool>("allowlist");
    QTest::addColumn<qsizetype>("cap");
    QTest::newRow("default without allowlist") << qint64(0) << qint64(0) << false << qsizetype(10);
    QTest::newRow("allowlist means the hard cap")
        << qint64(0) << qint64(0) << true << SmtpLimits::kMaxRecipientsHardCap;
    QTest::newRow("max_recipients wins") << qint64(3) << qint64(7) << true << qsizetype(3);
    QTest::newRow("Posthorn key") << qint64(0) << qint64(7) << false << qsizetype(7);
    QTest::newRow("clamped to the hard cap")
        << qint64(1'000'000) << qint64(0) << false << SmtpLimits::kMaxRecipientsHardCap;
}

void tst_SmtpPolicy::recipientCap()
{
    QFETCH(qint64, maxRecipients);
    QFETCH(qint64, perSession);
    QFETCH(bool, allowlist);
    QFETCH(qsizetype, cap);
    SmtpListenerConfig c;
    c.maxRecipients = maxRecipients;
    c.maxRecipientsPerSession = perSession;
    if (allowlist)
        c.allowedRecipients = {QStringLiteral("*@example.org")};
    QCOMPARE(SmtpPolicy(c).recipientCap(), cap);
}

QTEST_GUILESS_MAIN(tst_SmtpPolicy)
#include "tst_smtppolicy.moc"
