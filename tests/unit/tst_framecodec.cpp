// Frame codec (common/ipc/FrameCodec): limits and malformed input, fed without a socket.

#include "ipc/FrameCodec.h"
#include "ipc/IpcErrors.h"

#include <QJsonArray>
#include <QTest>
#include <QtEndian>

using namespace Postrider;
using namespace Postrider::Ipc;

namespace {
QByteArray header(quint32 length)
{
    QByteArray h(4, Qt::Uninitialized);
    qToBigEndian<quint32>(length, h.data());
    return h;
}

QByteArray rawFrame(const QByteArray &payload)
{
    return header(quint32(payload.size())) + payload;
}

/// A JSON object whose compact encoding is exactly `size` bytes: {"p":"xxx…"}.
QJsonObject objectOfSize(qsizetype size)
{
    const qsizetype overhead = QByteArray(R"({"p":""})").size();
    return {{QStringLiteral("p"), QString(size - overhead, u'x')}};
}
} // namespace

class tst_FrameCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const QJsonObject o{{QStringLiteral("id"), 7},
                            {QStringLiteral("method"), QStringLiteral("status")},
                            {QStringLiteral("params"), QJsonObject{{QStringLiteral("ä"), QStringLiteral("€ 😀")}}}};
        const auto frame = encodeFrame(o);
        QVERIFY(frame.ok());
        QCOMPARE(qFromBigEndian<quint32>(frame->constData()), quint32(frame->size() - 4));
        QVERIFY2(!frame->contains('\n') && !frame->contains(": "), "frames are compact JSON");
        FrameDecoder d;
        QVERIFY(d.feed(*frame));
        QCOMPARE(d.next(), o);
        QVERIFY(!d.next());
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void byteByByte()
    {
        const QByteArray two = *encodeFrame({{QStringLiteral("a"), 1}}) + *encodeFrame({{QStringLiteral("b"), 2}});
        FrameDecoder d;
        QList<QJsonObject> got;
        for (char c : two) {
            QVERIFY(d.feed(QByteArrayView(&c, 1)));
            while (auto m = d.next())
                got.append(*m);
        }
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[1].value(QStringLiteral("b")).toInt(), 2);
    }

    void manyFramesInOneChunk()
    {
        QByteArray chunk;
        for (int i = 0; i < 500; ++i)
            chunk += *encodeFrame({{QStringLiteral("n"), i}});
        FrameDecoder d;
        QVERIFY(d.feed(chunk));
        int n = 0;
        while (auto m = d.next())
            QCOMPARE(m->value(QStringLiteral("n")).toInt(), n++);
        QCOMPARE(n, 500);
    }

    void exactlyAtTheLimit()
    {
        const QJsonObject atLimit = objectOfSize(kMaxFrameSize);
        const auto frame = encodeFrame(atLimit);
        QVERIFY(frame.ok());
        QCOMPARE(frame->size(), kMaxFrameSize + kFrameHeaderSize);
        FrameDecoder d;
        QVERIFY(d.feed(*frame));
        QCOMPARE(d.next(), atLimit);
    }

    void oneByteOverTheLimit()
    {
        const auto encoded = encodeFrame(objectOfSize(kMaxFrameSize + 1));
        QVERIFY(!encoded.ok());
        QCOMPARE(encoded.error().code, QString(ErrorCode::kFrameTooLarge));

        // Announced length over the cap: rejected from the 4-byte prefix alone, nothing buffered.
        FrameDecoder d;
        QVERIFY(!d.feed(header(quint32(kMaxFrameSize + 1))));
        QCOMPARE(d.error().code, QString(ErrorCode::kFrameTooLarge));
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::newRow("zero length") << header(0) << QString(ErrorCode::kBadFrame);
        QTest::newRow("max uint32 length") << header(0xffffffffu) << QString(ErrorCode::kFrameTooLarge);
        QTest::newRow("not json") << rawFrame("hello") << QString(ErrorCode::kBadJson);
        QTest::newRow("truncated json") << rawFrame(R"({"id":1)") << QString(ErrorCode::kBadJson);
        QTest::newRow("array, not object") << rawFrame("[1,2]") << QString(ErrorCode::kBadJson);
        QTest::newRow("bare string") << rawFrame(R"("x")") << QString(ErrorCode::kBadJson);
        QTest::newRow("invalid utf-8") << rawFrame("{\"a\":\"\xff\xfe\"}") << QString(ErrorCode::kBadJson);
        QTest::newRow("overlong utf-8") << rawFrame("{\"a\":\"\xc0\xaf\"}") << QString(ErrorCode::kBadJson);
        QTest::newRow("trailing garbage") << rawFrame(R"({"a":1} x)") << QString(ErrorCode::kBadJson);
        QTest::newRow("good then bad") << (rawFrame(R"({"a":1})") + rawFrame("nope")) << QString(ErrorCode::kBadJson);
        QByteArray deep;
        for (int i = 0; i < 5000; ++i)
            deep += R"({"a":)";
        QTest::newRow("nesting too deep") << rawFrame(deep) << QString(ErrorCode::kBadJson);
    }
    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        FrameDecoder d;
        QVERIFY(!d.feed(bytes));
        QVERIFY(d.failed());
        QCOMPARE(d.error().code, code);
        // A broken stream stays broken: a valid frame afterwards is not accepted.
        QVERIFY(!d.feed(*encodeFrame({{QStringLiteral("a"), 1}})));
        QCOMPARE(d.bufferedBytes(), 0);
    }

    void incompleteFrameWaits()
    {
        const QByteArray frame = *encodeFrame({{QStringLiteral("a"), QJsonArray{1, 2, 3}}});
        FrameDecoder d;
        QVERIFY(d.feed(frame.left(frame.size() - 1)));
        QVERIFY(!d.hasMessage());
        QCOMPARE(d.bufferedBytes(), frame.size() - 1);
        QVERIFY(d.feed(frame.right(1)));
        QVERIFY(d.next().has_value());
    }
};

QTEST_GUILESS_MAIN(tst_FrameCodec)
#include "tst_framecodec.moc"
