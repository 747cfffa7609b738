// IpcSession: hello, token and version negotiation, envelope errors, limits and event replay,
// driven by feeding JSON objects (no socket).

#include "ipc/IpcErrors.h"
#include "ipc/IpcEventLog.h"
#include "ipc/IpcHandler.h"
#include "ipc/IpcMessage.h"
#include "ipc/IpcProtocol.h"
#include "ipc/IpcSession.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Ipc;

namespace {

const QByteArray kToken = "tok-0123456789abcdefghijklmnopqrstuvwxyzABCDE";

/// Answers `echo` with its params, holds `hold` until released, and knows nothing else.
class FakeHandler final : public IpcHandler
{
public:
    void handleRequest(const QString &method, const QJsonObject &params, Reply reply) override
    {
        methods.append(method);
        if (method == QLatin1String("echo"))
            return reply(params);
        if (method == QLatin1String("hold"))
            return held.append(reply);
        reply(Error(QString(ErrorCode::kMethodUnknown), QStringLiteral("unknown method %1").arg(method)));
    }
    QStringList methods;
    QList<Reply> held;
};

QJsonObject hello(const QByteArray &token = kToken, int min = 1, int max = kProtocolVersion, QJsonValue id = 1)
{
    return requestFrame(
        id, QStringLiteral("hello"),
        {{QStringLiteral("protocol"), QJsonObject{{QStringLiteral("min"), min}, {QStringLiteral("max"), max}}},
         {QStringLiteral("client"),
          QJsonObject{{QStringLiteral("name"), QStringLiteral("tst")},
                      {QStringLiteral("version"), QStringLiteral("1")}}},
         {QStringLiteral("token"), QString::fromUtf8(token)}});
}

struct Rig
{
    IpcSessionConfig config;
    FakeHandler handler;
    IpcEventLog events{4};
    IpcSession session{&config, &handler, &events};
    QList<QJsonObject> out;
    QString closedWith;

    Rig()
    {
        config.token = kToken;
        config.serverVersion = QStringLiteral("9.9");
        config.instanceId = QStringLiteral("inst-1");
        config.capabilities = serverCapabilities();
        config.maxInFlight = 3;
        QObject::connect(&session, &IpcSession::frameReady, [this](const QJsonObject &f) { out.append(f); });
        QObject::connect(&session, &IpcSession::closeRequested,
                         [this](const QString &code, const QString &) { closedWith = code; });
    }
    QJsonObject last() const { return out.isEmpty() ? QJsonObject() : out.last(); }
    QString lastErrorCode() const
    {
        return last().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    void authenticate()
    {
        session.receive(hello());
        QVERIFY(session.isAuthenticated());
        out.clear();
    }
};

} // namespace

class tst_IpcSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void helloSucceeds()
    {
        Rig r;
        r.session.receive(hello());
        QVERIFY(r.session.isAuthenticated());
        QCOMPARE(r.out.size(), 1);
        const QJsonObject result = r.last().value(QStringLiteral("result")).toObject();
        QCOMPARE(r.last().value(QStringLiteral("id")).toInt(), 1);
        QCOMPARE(result.value(QStringLiteral("protocol")).toInt(), kProtocolVersion);
        QCOMPARE(result.value(QStringLiteral("instance")).toString(), QStringLiteral("inst-1"));
        QCOMPARE(result.value(QStringLiteral("server")).toObject().value(QStringLiteral("version")).toString(),
                 QStringLiteral("9.9"));
        QVERIFY(result.value(QStringLiteral("capabilities")).toArray().contains(QStringLiteral("events.replay")));
        QCOMPARE(r.session.clientName(), QStringLiteral("tst"));
        QVERIFY(r.closedWith.isEmpty());
    }

    void newerClientNegotiatesDown()
    {
        Rig r;
        r.session.receive(hello(kToken, 1, kProtocolVersion + 5));
        QVERIFY(r.session.isAuthenticated());
        QCOMPARE(r.session.protocolVersion(), kProtocolVersion);
    }

    void helloFailures_data()
    {
        QTest::addColumn<QJsonObject>("frame");
        QTest::addColumn<QString>("code");
        QTest::newRow("wrong token") << hello("tok-0123456789abcdefghijklmnopqrstuvwxyzABCDF")
                                     << QString(ErrorCode::kAuthFailed);
        QTest::newRow("token prefix") << hello(kToken.left(10)) << QString(ErrorCode::kAuthFailed);
        QTest::newRow("empty token") << hello("") << QString(ErrorCode::kAuthFailed);
        QTest::newRow("only newer versions")
            << hello(kToken, kProtocolVersion + 1, kProtocolVersion + 3) << QString(ErrorCode::kUnsupported);
        QTest::newRow("version 0") << hello(kToken, 0, 0) << QString(ErrorCode::kParamsInvalid);
        QTest::newRow("inverted range") << hello(kToken, 2, 1) << QString(ErrorCode::kParamsInvalid);
        QTest::newRow("method before hello")
            << requestFrame(1, QStringLiteral("status"), {}) << QString(ErrorCode::kHelloRequired);
        QTest::newRow("no id") << QJsonObject{{QStringLiteral("method"), QStringLiteral("hello")}}
                               << QString(ErrorCode::kBadRequest);
        QTest::newRow("negative id") << hello(kToken, 1, 1, -1) << QString(ErrorCode::kBadRequest);
        QTest::newRow("fractional id") << hello(kToken, 1, 1, 1.5) << QString(ErrorCode::kBadRequest);
        QTest::newRow("object id") << hello(kToken, 1, 1, QJsonObject{}) << QString(ErrorCode::kBadRequest);
        QTest::newRow("params not an object") << QJsonObject{{QStringLiteral("id"), 1},
                                                             {QStringLiteral("method"), QStringLiteral("hello")},
                                                             {QStringLiteral("params"), 3}}
                                              << QString(ErrorCode::kBadRequest);
        QTest::newRow("method with spaces")
            << requestFrame(1, QStringLiteral("he llo"), {}) << QString(ErrorCode::kBadRequest);
        QJsonObject extra = hello();
        extra.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
        QTest::newRow("unknown member") << extra << QString(ErrorCode::kBadRequest);
    }
    void helloFailures()
    {
        QFETCH(QJsonObject, frame);
        QFETCH(QString, code);
        Rig r;
        r.session.receive(frame);
        QVERIFY(!r.session.isAuthenticated());
        QCOMPARE(r.lastErrorCode(), code);
        QCOMPARE(r.closedWith, code);
        QVERIFY(r.handler.methods.isEmpty());
        // Nothing more is processed once closing, not even a correct hello.
        r.session.receive(hello());
        QVERIFY(!r.session.isAuthenticated());
        QCOMPARE(r.out.size(), 1);
    }

    void unsupportedNamesServerRange()
    {
        Rig r;
        r.session.receive(hello(kToken, kProtocolVersion + 1, kProtocolVersion + 1));
        const QJsonObject details =
            r.last().value(QStringLiteral("error")).toObject().value(QStringLiteral("details")).toObject();
        QCOMPARE(details.value(QStringLiteral("max")).toInt(), kProtocolVersion);
    }

    void helloTimeout()
    {
        Rig r;
        r.config.helloTimeoutMs = 50;
        r.session.start();
        QTRY_COMPARE_WITH_TIMEOUT(r.closedWith, QString(ErrorCode::kHelloTimeout), 5000);
    }

    void helloInTimeDisarmsTimer()
    {
        Rig r;
        r.config.helloTimeoutMs = 50;
        r.session.start();
        r.session.receive(hello());
        QTest::qWait(150); // the timer's whole period passes: it must not fire
        QVERIFY(r.closedWith.isEmpty());
    }

    void requestsReachHandler()
    {
        Rig r;
        r.authenticate();
        r.session.receive(requestFrame(QStringLiteral("abc"), QStringLiteral("echo"), {{QStringLiteral("x"), 5}}));
        QCOMPARE(r.last().value(QStringLiteral("id")).toString(), QStringLiteral("abc"));
        QCOMPARE(r.last().value(QStringLiteral("result")).toObject().value(QStringLiteral("x")).toInt(), 5);
        r.session.receive(requestFrame(2, QStringLiteral("no.such"), {}));
        QCOMPARE(r.lastErrorCode(), QString(ErrorCode::kMethodUnknown));
        QVERIFY(r.closedWith.isEmpty()); // per-request errors keep the connection
        r.session.receive(hello(kToken, 1, 1, 3));
        QCOMPARE(r.lastErrorCode(), QString(ErrorCode::kBadRequest));
    }

    void inFlightLimit()
    {
        Rig r;
        r.authenticate();
        for (int i = 0; i < 3; ++i)
            r.session.receive(requestFrame(i, QStringLiteral("hold"), {}));
        QVERIFY(r.out.isEmpty());
        r.session.receive(requestFrame(10, QStringLiteral("hold"), {}));
        QCOMPARE(r.lastErrorCode(), QString(ErrorCode::kBusy));
        QCOMPARE(r.handler.held.size(), 3);
        r.handler.held.takeFirst()(QJsonObject{});
        QCOMPARE(r.session.inFlight(), 2);
        r.session.receive(requestFrame(11, QStringLiteral("hold"), {}));
        QCOMPARE(r.handler.held.size(), 3);
    }

    void replyAfterSessionGoneIsDropped()
    {
        FakeHandler handler;
        IpcSessionConfig config;
        config.token = kToken;
        auto *session = new IpcSession(&config, &handler, nullptr);
        session->receive(hello());
        session->receive(requestFrame(1, QStringLiteral("hold"), {}));
        delete session;
        handler.held.takeFirst()(QJsonObject{}); // must not crash
    }

    void eventsOnlyAfterHello()
    {
        Rig r;
        r.session.deliverEvent(r.events.append(QStringLiteral("x.y"), {}));
        QVERIFY(r.out.isEmpty());
        r.authenticate();
        r.session.deliverEvent(r.events.append(QStringLiteral("x.y"), {{QStringLiteral("n"), 2}}));
        QCOMPARE(r.last().value(QStringLiteral("event")).toString(), QStringLiteral("x.y"));
        QCOMPARE(r.last().value(QStringLiteral("seq")).toInt(), 2);
    }

    void replay()
    {
        Rig r; // backlog of 4
        r.authenticate();
        for (int i = 1; i <= 6; ++i)
            r.events.append(QStringLiteral("e"), {{QStringLiteral("n"), i}});
        r.session.receive(requestFrame(1, QStringLiteral("events.replay"), {{QStringLiteral("after_seq"), 3}}));
        QJsonObject result = r.last().value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("complete")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("events")).toArray().size(), 3);
        QCOMPARE(
            result.value(QStringLiteral("events")).toArray().first().toObject().value(QStringLiteral("seq")).toInt(),
            4);
        QCOMPARE(result.value(QStringLiteral("last_seq")).toInt(), 6);

        r.session.receive(requestFrame(2, QStringLiteral("events.replay"), {{QStringLiteral("after_seq"), 1}}));
        result = r.last().value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("complete")).toBool(), false); // seq 2 was dropped
        QCOMPARE(result.value(QStringLiteral("events")).toArray().size(), 4);

        r.session.receive(requestFrame(3, QStringLiteral("events.replay"), {{QStringLiteral("after_seq"), 6}}));
        result = r.last().value(QStringLiteral("result")).toObject();
        QVERIFY(result.value(QStringLiteral("complete")).toBool());
        QVERIFY(result.value(QStringLiteral("events")).toArray().isEmpty());

        r.session.receive(requestFrame(4, QStringLiteral("events.replay"), {}));
        QCOMPARE(r.lastErrorCode(), QString(ErrorCode::kParamsInvalid));
    }
};

QTEST_GUILESS_MAIN(tst_IpcSession)
#include "tst_ipcsession.moc"
