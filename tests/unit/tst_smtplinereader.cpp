// SmtpLineReader: line framing, the length limit without buffering, STARTTLS clearing.

#include "ingress/smtp/SmtpLineReader.h"

#include <QTest>

using namespace Postrider;

/// \brief Tests of the command-line framer.
class tst_SmtpLineReader : public QObject
{
    Q_OBJECT

private slots:
    void splitsLines();
    void waitsForTheTerminator();
    void limitCountsTheTerminator();
    void overlongLineIsDroppedWithoutBuffering();
    void clearDropsEverything();
};

void tst_SmtpLineReader::splitsLines()
{
    SmtpLineReader r;
    r.append("EHLO a\r\nNOOP\nRSET\r\n");
    QCOMPARE(r.readLine(100)->text, QByteArray("EHLO a"));
    QCOMPARE(r.readLine(100)->text, QByteArray("NOOP")); // bare LF accepted for commands
    QCOMPARE(r.readLine(100)->text, QByteArray("RSET"));
    QVERIFY(!r.readLine(100));
    QCOMPARE(r.pendingSize(), 0);
}

void tst_SmtpLineReader::waitsForTheTerminator()
{
    SmtpLineReader r;
    r.append("NO");
    QVERIFY(!r.readLine(100));
    r.append("OP\r");
    QVERIFY(!r.readLine(100));
    r.append("\nQ");
    QCOMPARE(r.readLine(100)->text, QByteArray("NOOP"));
    QCOMPARE(r.pending(), QByteArrayView("Q"));
}

void tst_SmtpLineReader::limitCountsTheTerminator()
{
    SmtpLineReader r;
    r.append(QByteArray(8, 'x') + "\r\n" + QByteArray(9, 'y') + "\r\n");
    const auto ok = r.readLine(10);
    QVERIFY(ok && !ok->tooLong);
    const auto tooLong = r.readLine(10);
    QVERIFY(tooLong && tooLong->tooLong && tooLong->text.isEmpty());
}

void tst_SmtpLineReader::overlongLineIsDroppedWithoutBuffering()
{
    SmtpLineReader r;
    for (int i = 0; i < 100; ++i) {
        r.append(QByteArray(1000, 'z'));
        QVERIFY(!r.readLine(512));
        QVERIFY(r.pendingSize() <= 1000);
    }
    r.append("zzz\r\nNOOP\r\n");
    const auto line = r.readLine(512);
    QVERIFY(line && line->tooLong);
    QCOMPARE(r.readLine(512)->text, QByteArray("NOOP"));
}

void tst_SmtpLineReader::clearDropsEverything()
{
    SmtpLineReader r;
    r.append("MAIL FROM:<a@b>\r\nRCPT");
    r.clear();
    QCOMPARE(r.pendingSize(), 0);
    QVERIFY(!r.readLine(100));
}

QTEST_GUILESS_MAIN(tst_SmtpLineReader)
#include "tst_smtplinereader.moc"
