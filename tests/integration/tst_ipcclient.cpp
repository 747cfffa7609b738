// IpcClient against the real IpcServer over QLocalSocket: reconnect and incremental sync by seq,
// resync when events were lost, token rotation, timeouts, limits, and socket/token permissions.

#include "ControlTestKit.h"

#include "ipc/FrameCodec.h"
#include "ipc/IpcErrors.h"
#include "ipc/IpcToken.h"

#include <QFileInfo>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

#include <grp.h>
#include <unistd.h>

using namespace Postrider;
using namespace Postrider::Test;

namespace {
/// Reads frames from a raw socket until `count` arrived or the socket closed.
QList<QJsonObject> readFrames(QLocalSocket &s, Ipc::FrameDecoder &d)
{
    QList<QJsonObject> out;
    d.feed(s.readAll());
    while (auto m = d.next())
        out.append(*m);
    return out;
}
} // namespace

class tst_IpcClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<ControlRig> m_rig;
    std::unique_ptr<Ipc::IpcClient> m_client;
    QList<quint64> m_seqs;
    int m_resyncs = 0;
    QList<bool> m_ready;

    void connectClient(Ipc::IpcClientOptions o)
    {
        m_client = std::make_unique<Ipc::IpcClient>(o);
        connect(m_client.get(), &Ipc::IpcClient::eventReceived, this,
                [this](const QString &event, quint64 seq, const QJsonObject &) {
                    if (event == QLatin1String("test.tick"))
                        m_seqs.append(seq);
                });
        connect(m_client.get(), &Ipc::IpcClient::resyncRequired, this, [this] { ++m_resyncs; });
        connect(m_client.get(), &Ipc::IpcClient::ready, this, [this](bool resumed) { m_ready.append(resumed); });
        m_client->connectToServer();
    }
    void dropConnection()
    {
        QLocalSocket *socket = m_client->findChild<QLocalSocket *>();
        QVERIFY(socket);
        // The client may be back before a poll would see it away: watch the transition instead.
        QSignalSpy states(m_client.get(), &Ipc::IpcClient::stateChanged);
        socket->abort();
        QTRY_VERIFY(std::any_of(states.cbegin(), states.cend(), [](const QList<QVariant> &args) {
            return args.first().value<Ipc::IpcClient::State>() == Ipc::IpcClient::State::Disconnected;
        }));
    }
    void tick(int n)
    {
        for (int i = 0; i < n; ++i)
            m_rig->server->publish(QStringLiteral("test.tick"), {{QStringLiteral("n"), i}});
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<ControlRig>();
        QVERIFY(m_rig->start());
        m_seqs.clear();
        m_ready.clear();
        m_resyncs = 0;
    }
    void cleanup()
    {
        m_client.reset();
        m_rig.reset();
    }

    void reconnectReplaysMissedEventsInOrder()
    {
        connectClient(m_rig->clientOptions());
        QTRY_VERIFY(m_client->isReady());
        tick(2);
        QTRY_COMPARE(m_seqs.size(), 2);
        dropConnection();
        tick(3); // published while the client is away
        QTRY_COMPARE_WITH_TIMEOUT(m_seqs.size(), 5, 10'000);
        QCOMPARE(m_ready, (QList<bool>{false, true}));
        for (int i = 1; i < m_seqs.size(); ++i)
            QCOMPARE(m_seqs[i], m_seqs[i - 1] + 1); // in order, none twice, none missing
        QCOMPARE(m_resyncs, 0);
        tick(1);
        QTRY_COMPARE(m_seqs.size(), 6);
        QCOMPARE(m_client->lastSeq(), m_rig->server->lastSeq());
    }

    void lostEventsAskForResync()
    {
        connectClient(m_rig->clientOptions());
        QTRY_VERIFY(m_client->isReady());
        tick(1);
        QTRY_COMPARE(m_seqs.size(), 1);
        dropConnection();
        tick(Ipc::kEventBacklog + 10);
        QTRY_COMPARE_WITH_TIMEOUT(m_resyncs, 1, 10'000);
        QCOMPARE(m_client->lastSeq(), m_rig->server->lastSeq());
    }

    void newDaemonInstanceMeansFullReload()
    {
        connectClient(m_rig->clientOptions());
        QTRY_VERIFY(m_client->isReady());
        const QString first = m_client->serverInfo().instance;
        tick(2);
        QTRY_COMPARE(m_seqs.size(), 2);
        QVERIFY(m_rig->restartServer()); // new instance and a rotated token
        QTRY_COMPARE_WITH_TIMEOUT(m_ready.size(), 2, 10'000);
        QCOMPARE(m_ready.last(), false);
        QVERIFY(m_client->serverInfo().instance != first);
        QVERIFY(m_client->isReady()); // the new token was read from the file
    }

    void wrongTokenIsRefused()
    {
        Ipc::IpcClientOptions o = m_rig->clientOptions();
        o.token = "not-the-token";
        o.autoReconnect = false;
        connectClient(o);
        QSignalSpy errors(m_client.get(), &Ipc::IpcClient::connectionError);
        QTRY_VERIFY(!errors.isEmpty());
        QCOMPARE(errors.first().first().value<Error>().code, QString(Ipc::ErrorCode::kAuthFailed));
        QTRY_COMPARE(m_client->state(), Ipc::IpcClient::State::Disconnected);
        QCOMPARE(m_client->lastError().code, QString(Ipc::ErrorCode::kAuthFailed));
    }

    void unreadableTokenFile()
    {
        Ipc::IpcClientOptions o = m_rig->clientOptions();
        o.tokenFile = m_rig->dir.filePath(QStringLiteral("missing.token"));
        o.autoReconnect = false;
        connectClient(o);
        QTRY_COMPARE(m_client->lastError().code, QString(Ipc::ErrorCode::kTokenUnreadable));
        QVERIFY(!m_client->isReady());
    }

    void requestTimeoutAndNotConnected()
    {
        connectClient(m_rig->clientOptions());
        std::optional<Result<QJsonObject>> early;
        m_client->request(QStringLiteral("status"), {}, this, [&](const Result<QJsonObject> &r) { early = r; });
        QTRY_VERIFY(early.has_value());
        QCOMPARE(early->error().code, QString(Ipc::ErrorCode::kNotConnected));
        QTRY_VERIFY(m_client->isReady());
        m_rig->alpha->manual = true; // the test message never gets an answer
        const auto r = call(
            *m_client, QStringLiteral("transports.test"),
            {{QStringLiteral("name"), QStringLiteral("alpha")}, {QStringLiteral("to"), QStringLiteral("a@b.example")}},
            200);
        QCOMPARE(r.error().code, QString(Ipc::ErrorCode::kTimeout));
        QVERIFY(call(*m_client, QStringLiteral("status")).ok()); // the connection is still usable
        m_rig->alpha->completeAll(SendResult::sent(QStringLiteral("late")));
    }

    void pendingRequestsFailOnDisconnect()
    {
        connectClient(m_rig->clientOptions());
        QTRY_VERIFY(m_client->isReady());
        m_rig->alpha->manual = true;
        std::optional<Result<QJsonObject>> answer;
        m_client->request(
            QStringLiteral("transports.test"),
            {{QStringLiteral("name"), QStringLiteral("alpha")}, {QStringLiteral("to"), QStringLiteral("a@b.example")}},
            this, [&](const Result<QJsonObject> &r) { answer = r; });
        QTRY_COMPARE(m_rig->alpha->inFlight, 1);
        dropConnection();
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->error().code, QString(Ipc::ErrorCode::kConnectionLost));
        m_rig->alpha->completeAll(SendResult::sent(QStringLiteral("late"))); // dropped: the session is gone
    }

    void oversizedFrameClosesConnection()
    {
        QLocalSocket raw;
        raw.connectToServer(m_rig->socketPath);
        QTRY_COMPARE(raw.state(), QLocalSocket::ConnectedState);
        QByteArray header(4, Qt::Uninitialized);
        qToBigEndian<quint32>(quint32(Ipc::kMaxFrameSize + 1), header.data());
        raw.write(header);
        Ipc::FrameDecoder d;
        QList<QJsonObject> frames;
        QTRY_VERIFY_WITH_TIMEOUT((frames += readFrames(raw, d), raw.state() == QLocalSocket::UnconnectedState), 10'000);
        frames += readFrames(raw, d);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QString(Ipc::ErrorCode::kFrameTooLarge));
    }

    void connectionLimit()
    {
        QList<QLocalSocket *> sockets;
        for (int i = 0; i <= Ipc::kMaxConnections; ++i) {
            auto *s = new QLocalSocket(this);
            s->connectToServer(m_rig->socketPath);
            sockets.append(s);
        }
        QTRY_COMPARE(m_rig->server->connectionCount(), Ipc::kMaxConnections);
        QLocalSocket *last = sockets.last();
        Ipc::FrameDecoder d;
        QList<QJsonObject> frames;
        QTRY_VERIFY_WITH_TIMEOUT((frames += readFrames(*last, d), !frames.isEmpty()), 10'000);
        QCOMPARE(frames[0].value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QString(Ipc::ErrorCode::kConnections));
        qDeleteAll(sockets);
        QTRY_COMPARE(m_rig->server->connectionCount(), 0);
    }

    void groupModeForTheService()
    {
        const struct group *g = ::getgrgid(::getgid());
        QVERIFY(g);
        const QString group = QString::fromLocal8Bit(g->gr_name);
        Ipc::IpcServer server(m_rig->service.get());
        Ipc::IpcServerOptions o;
        o.socketName = m_rig->dir.filePath(QStringLiteral("svc/control.sock"));
        o.token = "t";
        o.group = group;
        QVERIFY(server.listen(o).ok());
        const QFile::Permissions sock = QFileInfo(o.socketName).permissions();
        QVERIFY(sock & QFile::WriteGroup);
        QVERIFY(!(sock & QFile::WriteOther));
        const QString tokenPath = Ipc::IpcToken::defaultPath(o.socketName, QString());
        QCOMPARE(tokenPath, m_rig->dir.filePath(QStringLiteral("svc/control.token")));
        QVERIFY(Ipc::IpcToken::write(tokenPath, Ipc::IpcToken::generate(), group).ok());
        QCOMPARE(QFileInfo(tokenPath).permissions() & 0x0fff, QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup);
        QCOMPARE(QFileInfo(tokenPath).group(), group);
        QVERIFY(!Ipc::IpcToken::write(tokenPath, "x", QStringLiteral("no-such-group-xyz")).ok());
    }
};

QTEST_GUILESS_MAIN(tst_IpcClient)
#include "tst_ipcclient.moc"
