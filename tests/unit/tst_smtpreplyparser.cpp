#include "transport/SmtpReplyParser.h"

#include <QTest>

using namespace Postrider;

class tst_SmtpReplyParser : public QObject
{
    Q_OBJECT
private slots:
    void singleLine();
    void multiLine();
    void byteByByte();
    void codeOnly();
    void bareLf();
    void enhancedCode_data();
    void enhancedCode();
    void malformed_data();
    void malformed();
    void lineAtLimit();
    void lineOverLimit();
    void unterminatedOverLimit();
    void tooManyLines();
    void controlCharactersSanitized();
    void bufferedBytes();
    void errorIsSticky();
};

void tst_SmtpReplyParser::singleLine()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("220 mx.test ESMTP ready\r\n"));
    QVERIFY(p.hasReply());
    const SmtpReply r = p.takeReply();
    QCOMPARE(r.code, 220);
    QCOMPARE(r.lines, QStringList{QStringLiteral("mx.test ESMTP ready")});
    QVERIFY(r.isPositive());
    QVERIFY(!p.hasReply());
}

void tst_SmtpReplyParser::multiLine()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("250-mx.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n354 go\r\n"));
    QCOMPARE(p.pendingReplies(), 2);
    const SmtpReply r = p.takeReply();
    QCOMPARE(r.code, 250);
    QCOMPARE(r.lines.size(), 4);
    QCOMPARE(r.lines.at(3), QStringLiteral("8BITMIME"));
    QCOMPARE(p.takeReply().code, 354);
}

void tst_SmtpReplyParser::byteByByte()
{
    const QByteArray stream = "250-first\r\n250 second\r\n421 4.3.2 bye\r\n";
    SmtpReplyParser p;
    for (char c : stream)
        QVERIFY(p.feed(QByteArrayView(&c, 1)));
    QCOMPARE(p.pendingReplies(), 2);
    QCOMPARE(p.takeReply().lines, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    const SmtpReply bye = p.takeReply();
    QCOMPARE(bye.code, 421);
    QCOMPARE(bye.enhancedCode, QStringLiteral("4.3.2"));
}

void tst_SmtpReplyParser::codeOnly()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("250\r\n"));
    const SmtpReply r = p.takeReply();
    QCOMPARE(r.code, 250);
    QCOMPARE(r.toString(), QStringLiteral("250"));
}

void tst_SmtpReplyParser::bareLf()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("250-a\n250 b\n"));
    QCOMPARE(p.takeReply().lines, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void tst_SmtpReplyParser::enhancedCode_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("enhanced");
    QTest::addColumn<QString>("text");
    QTest::newRow("auth") << QByteArray("535 5.7.8 Authentication credentials invalid\r\n") << "5.7.8"
                          << "5.7.8 Authentication credentials invalid";
    QTest::newRow("none") << QByteArray("550 mailbox unavailable\r\n") << ""
                          << "mailbox unavailable";
    QTest::newRow("class mismatch") << QByteArray("550 4.1.1 odd\r\n") << ""
                                    << "4.1.1 odd";
    QTest::newRow("three digits") << QByteArray("250 2.123.456 ok\r\n") << "2.123.456"
                                  << "2.123.456 ok";
    QTest::newRow("four digits") << QByteArray("250 2.1234.5 ok\r\n") << ""
                                 << "2.1234.5 ok";
    QTest::newRow("code only") << QByteArray("250 2.0.0\r\n") << "2.0.0"
                               << "2.0.0";
    QTest::newRow("repeated on continuation")
        << QByteArray("550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                      "550 5.1.1 Please try again.\r\n")
        << "5.1.1"
        << "5.1.1 The email account that you tried to reach does not exist. Please try again.";
}

void tst_SmtpReplyParser::enhancedCode()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, enhanced);
    QFETCH(QString, text);
    SmtpReplyParser p;
    QVERIFY(p.feed(reply));
    const SmtpReply r = p.takeReply();
    QCOMPARE(r.enhancedCode, enhanced);
    QCOMPARE(r.text(), text);
}

void tst_SmtpReplyParser::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("http") << QByteArray("HTTP/1.1 400 Bad Request\r\n");
    QTest::newRow("short") << QByteArray("25\r\n");
    QTest::newRow("first digit 1") << QByteArray("150 ok\r\n");
    QTest::newRow("first digit 6") << QByteArray("650 ok\r\n");
    QTest::newRow("second digit 6") << QByteArray("260 ok\r\n");
    QTest::newRow("bad separator") << QByteArray("250_ok\r\n");
    QTest::newRow("letters") << QByteArray("2x0 ok\r\n");
    QTest::newRow("code changes") << QByteArray("250-a\r\n251 b\r\n");
    QTest::newRow("empty line") << QByteArray("\r\n");
    QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n", 12);
}

void tst_SmtpReplyParser::malformed()
{
    QFETCH(QByteArray, bytes);
    SmtpReplyParser p;
    QVERIFY(!p.feed(bytes));
    QVERIFY(p.hasError());
    QVERIFY(!p.errorString().isEmpty());
}

void tst_SmtpReplyParser::lineAtLimit()
{
    SmtpReplyParser p;
    const QByteArray line = "250 " + QByteArray(SmtpReplyParser::kMaxLineLength - 6, 'x') + "\r\n";
    QCOMPARE(line.size(), SmtpReplyParser::kMaxLineLength);
    QVERIFY(p.feed(line));
    QCOMPARE(p.takeReply().code, 250);
}

void tst_SmtpReplyParser::lineOverLimit()
{
    SmtpReplyParser p;
    const QByteArray line = "250 " + QByteArray(SmtpReplyParser::kMaxLineLength - 5, 'x') + "\r\n";
    QVERIFY(!p.feed(line));
    QVERIFY(p.errorString().contains(QStringLiteral("longer")));
}

void tst_SmtpReplyParser::unterminatedOverLimit()
{
    // A server that never sends LF must not make the client buffer without bound.
    SmtpReplyParser p;
    QVERIFY(p.feed(QByteArray(SmtpReplyParser::kMaxLineLength, 'x').prepend("250 ")) == false);
    QVERIFY(p.bufferedBytes() == 0);
}

void tst_SmtpReplyParser::tooManyLines()
{
    SmtpReplyParser p;
    QByteArray many;
    for (int i = 0; i < SmtpReplyParser::kMaxLinesPerReply; ++i)
        many += "250-line\r\n";
    QVERIFY(!p.feed(many + "250 end\r\n"));
    SmtpReplyParser q;
    QVERIFY(q.feed(many.left(many.size() - 10) + "250 end\r\n"));
    QCOMPARE(q.takeReply().lines.size(), SmtpReplyParser::kMaxLinesPerReply);
}

void tst_SmtpReplyParser::controlCharactersSanitized()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("550 evil\x1b[31m\r\n"));
    const SmtpReply r = p.takeReply();
    QVERIFY(!r.text().contains(QChar(0x1b)));
}

void tst_SmtpReplyParser::bufferedBytes()
{
    SmtpReplyParser p;
    QVERIFY(p.feed("220 ready\r\n"));
    QCOMPARE(p.bufferedBytes(), 0);
    QVERIFY(p.feed("250-partial\r\n"));
    QCOMPARE(p.bufferedBytes(), 13);
    QVERIFY(p.feed("25"));
    QCOMPARE(p.bufferedBytes(), 15);
    QVERIFY(p.feed("0 done\r\n"));
    QCOMPARE(p.bufferedBytes(), 0);
}

void tst_SmtpReplyParser::errorIsSticky()
{
    SmtpReplyParser p;
    QVERIFY(!p.feed("garbage\r\n"));
    QVERIFY(!p.feed("250 ok\r\n"));
    QVERIFY(!p.hasReply());
    p.reset();
    QVERIFY(p.feed("250 ok\r\n"));
    QVERIFY(p.hasReply());
}

QTEST_GUILESS_MAIN(tst_SmtpReplyParser)
#include "tst_smtpreplyparser.moc"
