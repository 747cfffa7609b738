// SmtpCommandParser: command lines, MAIL/RCPT paths and parameters, SASL responses.

#include "ingress/smtp/SmtpCommandParser.h"

#include <QTest>

using namespace Postrider;
using namespace Postrider::SmtpCommandParser;

/// \brief Table-driven tests of the SMTP command parser.
class tst_SmtpCommandParser : public QObject
{
    Q_OBJECT

private slots:
    void command_data();
    void command();
    void mailFrom_data();
    void mailFrom();
    void rcptToNeedsToPrefix();
    void pathLengthLimit();
    void saslResponse_data();
    void saslResponse();
    void plain_data();
    void plain();
};

void tst_SmtpCommandParser::command_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("argument");
    QTest::newRow("plain") << QByteArray("EHLO host") << QByteArray("EHLO") << QByteArray("host");
    QTest::newRow("lower case") << QByteArray("mail FROM:<a@b>") << QByteArray("MAIL") << QByteArray("FROM:<a@b>");
    QTest::newRow("no argument") << QByteArray("DATA") << QByteArray("DATA") << QByteArray();
    QTest::newRow("trailing blanks") << QByteArray("NOOP  \t") << QByteArray("NOOP") << QByteArray();
    QTest::newRow("leading blanks") << QByteArray("  RSET") << QByteArray("RSET") << QByteArray();
    QTest::newRow("tab separator") << QByteArray("HELO\thost x") << QByteArray("HELO") << QByteArray("host x");
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("binary") << QByteArray("\x01\xff z", 4) << QByteArray("\x01\xff", 2) << QByteArray("z");
}

void tst_SmtpCommandParser::command()
{
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, argument);
    const SmtpCommand c = parseCommand(line);
    QCOMPARE(c.verb, verb);
    QCOMPARE(c.argument, argument);
}

void tst_SmtpCommandParser::mailFrom_data()
{
    QTest::addColumn<QByteArray>("argument");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QByteArray>("params"); // "KEY=value,KEY"
    QTest::addColumn<bool>("nonAscii");
    const auto row = [](const char *name, QByteArray arg, bool ok, QString address = {}, QByteArray params = {},
                        bool nonAscii = false) { QTest::newRow(name) << arg << ok << address << params << nonAscii; };
    row("simple", "FROM:<a@example.com>", true, "a@example.com");
    row("case-insensitive prefix", "from:<a@example.com>", true, "a@example.com");
    row("space after colon", "FROM:   <a@example.com>", true, "a@example.com");
    row("parameters", "FROM:<a@example.com> SIZE=1000 body=8bitmime SMTPUTF8", true, "a@example.com",
        "SIZE=1000,BODY=8bitmime,SMTPUTF8");
    row("quoted local part with >", "FROM:<\"a>b\"@example.com>", true, "\"a>b\"@example.com");
    row("source route", "FROM:<@one.test,@two.test:a@example.com>", true, "a@example.com");
    row("utf-8", "FROM:<用户@例子.example> SMTPUTF8", true, QStringLiteral("用户@例子.example"), "SMTPUTF8", true);
    row("null sender", "FROM:<>", false);
    row("no brackets", "FROM:a@example.com", false);
    row("unclosed", "FROM:<a@example.com", false);
    row("display name", "FROM:<Ann <a@example.com>>", false);
    row("space in address", "FROM:<a b@example.com>", false);
    row("no at sign", "FROM:<postmaster>", false);
    row("junk after path", "FROM:<a@example.com>junk", false);
    row("bad keyword", "FROM:<a@example.com> -X=1", false);
    row("empty value", "FROM:<a@example.com> SIZE=", false);
    row("control character", QByteArray("FROM:<a\x01@example.com>"), false);
    row("invalid utf-8", QByteArray("FROM:<\xff\xfe@example.com>"), false);
    row("wrong prefix", "TO:<a@example.com>", false);
    row("empty", "", false);
}

void tst_SmtpCommandParser::mailFrom()
{
    QFETCH(QByteArray, argument);
    QFETCH(bool, ok);
    QFETCH(QString, address);
    QFETCH(QByteArray, params);
    QFETCH(bool, nonAscii);
    const Result<SmtpPathArgument> r = parseMailFrom(argument);
    QCOMPARE(r.ok(), ok);
    if (!ok) {
        QCOMPARE(r.error().code, QStringLiteral("smtp.syntax"));
        return;
    }
    QCOMPARE(r->address, address);
    QCOMPARE(r->nonAscii, nonAscii);
    QList<QByteArray> got;
    for (const auto &p : r->parameters)
        got << (p.second.isEmpty() ? p.first : p.first + '=' + p.second);
    QCOMPARE(got.join(','), params);
}

void tst_SmtpCommandParser::rcptToNeedsToPrefix()
{
    QVERIFY(parseRcptTo("TO:<r@example.org>").ok());
    QVERIFY(!parseRcptTo("FROM:<r@example.org>").ok());
    QCOMPARE(parseRcptTo("To: <r@example.org> NOTIFY=NEVER")->parameter("NOTIFY"), QByteArray("NEVER"));
}

void tst_SmtpCommandParser::pathLengthLimit()
{
    // RFC 5321 §4.5.3.1.3: 256 octets including the brackets.
    const QByteArray domain = "@example.com";
    const QByteArray atLimit = QByteArray(kMaxPathOctets - 2 - domain.size(), 'a') + domain;
    QVERIFY(parseMailFrom("FROM:<" + atLimit + ">").ok());
    QVERIFY(!parseMailFrom("FROM:<a" + atLimit + ">").ok());
}

void tst_SmtpCommandParser::saslResponse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("base64") << QByteArray("Z2hvc3Q=") << true << QByteArray("ghost");
    QTest::newRow("empty response") << QByteArray("=") << true << QByteArray();
    QTest::newRow("nothing") << QByteArray("") << false << QByteArray();
    QTest::newRow("bad characters") << QByteArray("Z2h*c3Q=") << false << QByteArray();
    QTest::newRow("cancel is not base64") << QByteArray("*") << false << QByteArray();
    QTest::newRow("inner space") << QByteArray("Z2ho c3Q=") << false << QByteArray();
}

void tst_SmtpCommandParser::saslResponse()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, decoded);
    const auto r = decodeSaslResponse(text);
    QCOMPARE(r.has_value(), ok);
    if (ok)
        QCOMPARE(*r, decoded);
}

void tst_SmtpCommandParser::plain_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QByteArray>("password");
    QTest::newRow("no authzid") << QByteArray("\0ghost\0pw", 9) << true << QByteArray("ghost") << QByteArray("pw");
    QTest::newRow("authzid ignored") << QByteArray("admin\0ghost\0pw", 14) << true << QByteArray("ghost")
                                     << QByteArray("pw");
    QTest::newRow("two parts") << QByteArray("ghost\0pw", 8) << false << QByteArray() << QByteArray();
    QTest::newRow("four parts") << QByteArray("\0a\0b\0c", 6) << false << QByteArray() << QByteArray();
    QTest::newRow("empty user") << QByteArray("\0\0pw", 4) << false << QByteArray() << QByteArray();
    QTest::newRow("empty password") << QByteArray("\0ghost\0", 7) << false << QByteArray() << QByteArray();
}

void tst_SmtpCommandParser::plain()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, ok);
    QFETCH(QByteArray, user);
    QFETCH(QByteArray, password);
    const auto c = parsePlain(message);
    QCOMPARE(c.has_value(), ok);
    if (ok) {
        QCOMPARE(c->username, user);
        QCOMPARE(c->password, password);
    }
}

QTEST_GUILESS_MAIN(tst_SmtpCommandParser)
#include "tst_smtpcommandparser.moc"
