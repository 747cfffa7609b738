// SmtpDataReader: dot-unstuffing, the end marker, SMTP smuggling defences, size and line caps.

#include "ingress/smtp/SmtpDataReader.h"

#include <QTest>

using namespace Postrider;

namespace {
using Verdict = SmtpDataReader::Verdict;

/// Feeds `input` in chunks of `chunk` bytes; returns the bytes used.
qsizetype feedAll(SmtpDataReader &r, const QByteArray &input, qsizetype chunk)
{
    qsizetype used = 0;
    while (used < input.size() && !r.finished())
        used += r.feed(QByteArrayView(input).sliced(used, qMin(chunk, input.size() - used)));
    return used;
}
} // namespace

/// \brief Table-driven tests of the DATA reader.
class tst_SmtpDataReader : public QObject
{
    Q_OBJECT

private slots:
    void read_data();
    void read();
    void leavesPipelinedBytes();
    void sizeCapHoldsNoMoreThanTheCap();
    void lineCapEdge();
};

void tst_SmtpDataReader::read_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("finished");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QByteArray>("message");
    const auto row = [](const char *name, QByteArray in, bool fin, Verdict v, QByteArray msg) {
        QTest::newRow(name) << in << fin << int(v) << msg;
    };
    row("simple", "a\r\nb\r\n.\r\n", true, Verdict::Ok, "a\r\nb\r\n");
    row("empty message", ".\r\n", true, Verdict::Ok, "");
    row("unstuffing", "..a\r\n...\r\n.\r\n", true, Verdict::Ok, ".a\r\n..\r\n");
    row("dot inside a line", "a.b\r\n .\r\n.\r\n", true, Verdict::Ok, "a.b\r\n .\r\n");
    row("no end yet", "a\r\nb\r\n", false, Verdict::Ok, "a\r\nb\r\n");
    row("dot without CRLF yet", "a\r\n.", false, Verdict::Ok, "a\r\n");
    row("<LF>.<LF> is content", "a\n.\nb\r\n.\r\n", true, Verdict::BareLineBreak, "");
    row("<LF>.<CR><LF> is content", "a\r\n\n.\r\nb\r\n.\r\n", true, Verdict::BareLineBreak, "");
    row("<CR><LF>.<LF> is content", "a\r\n.\nb\r\n.\r\n", true, Verdict::BareLineBreak, "");
    row("<CR>.<CR><LF> is content", "a\r.\r\nb\r\n.\r\n", true, Verdict::BareLineBreak, "");
    row("lone CR", "a\rb\r\n.\r\n", true, Verdict::BareLineBreak, "");
    row("bare LF never ends", "a\n.\n", false, Verdict::BareLineBreak, "");
    row("8-bit bytes kept", "gr\xc3\xbc\xc3\x9f\r\n.\r\n", true, Verdict::Ok, "gr\xc3\xbc\xc3\x9f\r\n");
    row("NUL kept", QByteArray("a\0b\r\n.\r\n", 8), true, Verdict::Ok, QByteArray("a\0b\r\n", 5));
}

void tst_SmtpDataReader::read()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, finished);
    QFETCH(int, verdict);
    QFETCH(QByteArray, message);
    // Every chunking gives the same result: a marker split across reads is still found.
    for (qsizetype chunk : {qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7), input.size()}) {
        SmtpDataReader r(1 << 20, 1000);
        feedAll(r, input, chunk);
        QCOMPARE(r.finished(), finished);
        QCOMPARE(int(r.verdict()), verdict);
        QCOMPARE(r.message(), message);
    }
}

void tst_SmtpDataReader::leavesPipelinedBytes()
{
    SmtpDataReader r(1000, 1000);
    const QByteArray input = "x\r\n.\r\nQUIT\r\n";
    QCOMPARE(r.feed(input), input.indexOf("QUIT"));
    QVERIFY(r.finished());
    QCOMPARE(r.feed("more"), 0);
}

void tst_SmtpDataReader::sizeCapHoldsNoMoreThanTheCap()
{
    // 10 MiB against a 1000-octet cap: the reader keeps nothing once over and drains to the end.
    SmtpDataReader r(1000, 1000);
    const QByteArray line = QByteArray(98, 'x') + "\r\n";
    qint64 held = 0;
    for (int i = 0; i < 100'000; ++i) {
        r.feed(line);
        held = qMax<qint64>(held, r.message().size());
    }
    QVERIFY(held <= 1000);
    QVERIFY(!r.finished());
    r.feed(".\r\n");
    QVERIFY(r.finished());
    QCOMPARE(r.verdict(), Verdict::TooBig);
    QCOMPARE(r.receivedOctets(), qint64(100) * 100'000);
    QVERIFY(r.message().isEmpty());

    SmtpDataReader exact(10, 1000);
    exact.feed("12345678\r\n.\r\n");
    QCOMPARE(exact.verdict(), Verdict::Ok);
    SmtpDataReader over(10, 1000);
    over.feed("123456789\r\n.\r\n");
    QCOMPARE(over.verdict(), Verdict::TooBig);
}

void tst_SmtpDataReader::lineCapEdge()
{
    SmtpDataReader ok(1 << 20, 100);
    feedAll(ok, QByteArray(98, 'a') + "\r\n.\r\n", 13);
    QCOMPARE(ok.verdict(), Verdict::Ok);
    SmtpDataReader tooLong(1 << 20, 100);
    feedAll(tooLong, QByteArray(99, 'a') + "\r\n.\r\n", 13);
    QVERIFY(tooLong.finished());
    QCOMPARE(tooLong.verdict(), Verdict::LineTooLong);
    // A long line in one piece and one arriving in fragments are treated alike, and neither
    // swallows the end marker that follows.
    SmtpDataReader huge(1 << 20, 100);
    feedAll(huge, QByteArray(100'000, 'a') + "\r\n.\r\n", 4096);
    QVERIFY(huge.finished());
    QCOMPARE(huge.verdict(), Verdict::LineTooLong);
}

QTEST_GUILESS_MAIN(tst_SmtpDataReader)
#include "tst_smtpdatareader.moc"
