// Address parsing must accept and reject exactly what Posthorn's validator (Go net/mail) does.

#include "core/Address.h"

#include <QTest>

using namespace Postrider;

class tst_Address : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("email");
        QTest::newRow("bare") << "craig@example.com" << true << ""
                              << "craig@example.com";
        QTest::newRow("plus tag") << "craig+tag@example.com" << true << ""
                                  << "craig+tag@example.com";
        QTest::newRow("dotted") << "first.last@example.co.uk" << true << ""
                                << "first.last@example.co.uk";
        QTest::newRow("display name") << "Craig <craig@example.com>" << true << "Craig"
                                      << "craig@example.com";
        QTest::newRow("quoted name") << "\"Doe, Jane\" <jane@example.com>" << true << "Doe, Jane"
                                     << "jane@example.com";
        QTest::newRow("angle only") << "<a@b.com>" << true << ""
                                    << "a@b.com";
        QTest::newRow("no tld (Go accepts)") << "a@b" << true << ""
                                             << "a@b";
        QTest::newRow("space after @ (Go skips it)") << "a@ b.com" << true << ""
                                                     << "a@b.com";
        QTest::newRow("comment name") << "root@example.com (Cron Daemon)" << true << "Cron Daemon"
                                      << "root@example.com";
        QTest::newRow("utf8 name") << "Jürgen Müller <jm@example.org>" << true << "Jürgen Müller"
                                   << "jm@example.org";
        QTest::newRow("rfc2047 name") << "=?UTF-8?B?Q2Fmw6k=?= <c@example.org>" << true << "Café"
                                      << "c@example.org";
        QTest::newRow("adjacent encoded words")
            << "=?UTF-8?Q?J=C3=BCrgen?= =?UTF-8?Q?_M=C3=BCller?= <jm@example.org>" << true << "Jürgen Müller"
            << "jm@example.org";
        QTest::newRow("utf8 local part (RFC 6532)") << "δοκιμή@παράδειγμα.δοκιμή" << true << ""
                                                    << "δοκιμή@παράδειγμα.δοκιμή";
        QTest::newRow("quoted local part") << "\"john doe\"@example.com" << true << ""
                                           << "\"john doe\"@example.com";
        QTest::newRow("domain literal") << "a@[192.0.2.1]" << true << ""
                                        << "a@[192.0.2.1]";
        QTest::newRow("empty") << "" << false << ""
                               << "";
        QTest::newRow("no at") << "not-an-email" << false << ""
                               << "";
        QTest::newRow("at only") << "@" << false << ""
                                 << "";
        QTest::newRow("no local") << "@example.com" << false << ""
                                  << "";
        QTest::newRow("no domain") << "craig@" << false << ""
                                   << "";
        QTest::newRow("space before @") << "a @ b.com" << false << ""
                                        << "";
        QTest::newRow("words") << "not an email" << false << ""
                               << "";
        QTest::newRow("double dot") << "a..b@example.com" << false << ""
                                    << "";
        QTest::newRow("leading dot") << ".a@example.com" << false << ""
                                     << "";
        QTest::newRow("trailing dot domain") << "a@example.com." << false << ""
                                             << "";
        QTest::newRow("crlf injection") << "a@b.com\r\nBcc: evil@x.com" << false << ""
                                        << "";
        QTest::newRow("lf injection") << "a@b.com\nBcc: evil@x.com" << false << ""
                                      << "";
        QTest::newRow("two addresses") << "a@b.com, c@d.com" << false << ""
                                       << "";
        QTest::newRow("unclosed angle") << "Craig <craig@example.com" << false << ""
                                        << "";
        QTest::newRow("bad domain literal") << "a@[not-an-ip]" << false << ""
                                            << "";
        QTest::newRow("group") << "friends: a@b.com;" << false << ""
                               << "";
        QTest::newRow("unclosed quote") << "\"Craig <craig@example.com>" << false << ""
                                        << "";
    }
    void parse()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QFETCH(QString, name);
        QFETCH(QString, email);
        const auto r = Address::parse(input);
        QCOMPARE(r.ok(), valid);
        QCOMPARE(Address::isValid(input), valid);
        if (!valid) {
            QCOMPARE(r.error().code, QStringLiteral("address.invalid"));
            return;
        }
        QCOMPARE(r->name, name);
        QCOMPARE(r->email, email);
    }

    void formatting()
    {
        QCOMPARE((Address{QString(), QStringLiteral("a@b.c")}).toString(), QStringLiteral("a@b.c"));
        QCOMPARE((Address{QStringLiteral("Ann Lee"), QStringLiteral("a@b.c")}).toString(),
                 QStringLiteral("Ann Lee <a@b.c>"));
        QCOMPARE((Address{QStringLiteral("Lee, Ann \"AL\""), QStringLiteral("a@b.c")}).toString(),
                 QStringLiteral("\"Lee, Ann \\\"AL\\\"\" <a@b.c>"));
        // A formatted address parses back to itself.
        const Address tricky{QStringLiteral("O'Brien, \\ Pat"), QStringLiteral("pat@example.com")};
        const auto back = Address::parse(tricky.toString());
        QVERIFY(back.ok());
        QCOMPARE(*back, tricky);
        QCOMPARE(tricky.domain(), QStringLiteral("example.com"));
        QCOMPARE(tricky.localPart(), QStringLiteral("pat"));
    }

    void lists()
    {
        const auto r = Address::parseList(u"Ann <ann@example.com>, bob@example.net ,\"C, D\" <cd@example.org>");
        QVERIFY(r.ok());
        QCOMPARE(r->size(), 3);
        QCOMPARE(r->at(1).email, QStringLiteral("bob@example.net"));
        QCOMPARE(r->at(2).name, QStringLiteral("C, D"));
        QCOMPARE(formatAddressList(*r),
                 QStringLiteral("Ann <ann@example.com>, bob@example.net, \"C, D\" <cd@example.org>"));
        QCOMPARE(bareAddresses(*r), (QStringList{"ann@example.com", "bob@example.net", "cd@example.org"}));
        QVERIFY(Address::parseList(u"")->isEmpty());
        QVERIFY(!Address::parseList(u"a@b.com,, c@d.com").ok());
        QVERIFY(!Address::parseList(u"a@b.com c@d.com").ok());
    }
};

QTEST_GUILESS_MAIN(tst_Address)
#include "tst_address.moc"
