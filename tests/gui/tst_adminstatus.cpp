// The overall status (which state wins), its presenter, the Notifier, the tray menu and the
// German translation.

#include "AdminApp.h"
#include "DaemonStatus.h"
#include "GuiTestRig.h"
#include "Notifier.h"
#include "StatusPresenter.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTranslator>

using namespace Postrider;
using namespace Postrider::Test;

namespace {
QJsonObject status(bool healthy, int openBreakers, int paused, int queued, int deferred)
{
    return {
        {QStringLiteral("outbox"), QJsonObject{{QStringLiteral("open"), true}, {QStringLiteral("healthy"), healthy}}},
        {QStringLiteral("transports"),
         QJsonObject{{QStringLiteral("open_breakers"), openBreakers}, {QStringLiteral("paused"), paused}}},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("queued"), queued},
                     {QStringLiteral("sending"), 0},
                     {QStringLiteral("deferred"), deferred}}}};
}
} // namespace

Q_DECLARE_METATYPE(Postrider::DaemonStatus)

class tst_AdminStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void precedence_data()
    {
        QTest::addColumn<bool>("connected");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QJsonObject>("snapshot");
        QTest::addColumn<DaemonStatus>("expected");
        QTest::newRow("not connected beats everything")
            << false << QString() << status(false, 1, 1, 1, 1) << DaemonStatus::Disconnected;
        QTest::newRow("refused token") << false << QStringLiteral("auth.failed") << QJsonObject()
                                       << DaemonStatus::AccessDenied;
        QTest::newRow("unreadable token")
            << false << QStringLiteral("client.token_unreadable") << QJsonObject() << DaemonStatus::AccessDenied;
        QTest::newRow("socket missing") << false << QStringLiteral("client.socket_error") << QJsonObject()
                                        << DaemonStatus::Disconnected;
        QTest::newRow("outbox error beats warning")
            << true << QString() << status(false, 2, 0, 3, 0) << DaemonStatus::Error;
        QTest::newRow("open breaker beats busy")
            << true << QString() << status(true, 1, 0, 5, 0) << DaemonStatus::Warning;
        QTest::newRow("paused transport") << true << QString() << status(true, 0, 1, 0, 0) << DaemonStatus::Warning;
        QTest::newRow("deferred messages") << true << QString() << status(true, 0, 0, 0, 2) << DaemonStatus::Warning;
        QTest::newRow("queued") << true << QString() << status(true, 0, 0, 2, 0) << DaemonStatus::Busy;
        QTest::newRow("idle") << true << QString() << status(true, 0, 0, 0, 0) << DaemonStatus::Idle;
    }
    void precedence()
    {
        QFETCH(bool, connected);
        QFETCH(QString, error);
        QFETCH(QJsonObject, snapshot);
        QFETCH(DaemonStatus, expected);
        const DaemonStatusInputs in{connected, error, snapshot};
        QCOMPARE(overallStatus(in), expected);
        QVERIFY(!StatusPresenter::title(expected).isEmpty());
        QVERIFY(!StatusPresenter::description(in).isEmpty());
        QVERIFY2(!StatusPresenter::icon(expected).pixmap(32, 32).isNull(), "SVG icons render (libqt6svg6)");
    }

    void presenterCountsAndErrorText()
    {
        const QString text = StatusPresenter::description({true, {}, status(true, 1, 0, 0, 3)});
        QCOMPARE(text,
                 StatusPresenter::tr("%n transport(s) failing", "", 1) + QStringLiteral("; ")
                     + StatusPresenter::tr("%n message(s) waiting to be retried", "", 3));
        // English plurals come from postrider_en.ts (numerus forms only).
        QTranslator en;
        QVERIFY(en.load(QStringLiteral(":/i18n/postrider_en.qm")));
        QCoreApplication::installTranslator(&en);
        QCOMPARE(StatusPresenter::description({true, {}, status(true, 1, 0, 0, 3)}),
                 QStringLiteral("1 transport failing; 3 messages waiting to be retried"));
        QCoreApplication::removeTranslator(&en);
        QVERIFY(
            StatusPresenter::description({false, QStringLiteral("auth.failed"), {}}).contains(QLatin1String("token")));
    }

    void notifierAndTrayAgainstTheDaemon()
    {
        GuiRig rig;
        QVERIFY(rig.start());
        Notifier notifier(rig.connection.get());
        QSignalSpy notes(&notifier, &Notifier::notify);
        TrayIcon tray(rig.connection.get(), &notifier);
        QTRY_VERIFY(tray.menu()->actions().first()->text() == StatusPresenter::title(rig.connection->status()));

        rig.daemon.alpha->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Transient, QStringLiteral("down"), 503);
        };
        for (int i = 0; i < 5; ++i)
            rig.daemon.submit({QStringLiteral("alpha")}, QStringLiteral("t%1").arg(i));
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 10'000);
        QCOMPARE(notes.first().at(0).toString(), Notifier::tr("Transport %1 is failing").arg(QStringLiteral("alpha")));
        QTRY_COMPARE(rig.connection->status(), DaemonStatus::Warning);
        QTRY_COMPARE(tray.menu()->actions().first()->text(), StatusPresenter::title(DaemonStatus::Warning));
        QCOMPARE(notes.size(), 1); // one opening, one notification

        // Three failures in a burst are one notification.
        rig.daemon.beta->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("rejected"), 550);
        };
        for (int i = 0; i < 3; ++i)
            rig.daemon.submit({QStringLiteral("beta")}, QStringLiteral("f%1").arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 2, Notifier::kFailureWindowMs + 5'000);
        QCOMPARE(notes.last().at(0).toString(), Notifier::tr("%n message(s) failed", "", 3));
        QCOMPARE(notes.last().at(2).value<Notifier::Severity>(), Notifier::Severity::Warning);

        // "Pause all" from the tray menu pauses every transport in the daemon.
        QAction *pauseAll = nullptr;
        for (QAction *a : tray.menu()->actions())
            if (a->text() == TrayIcon::tr("&Pause all transports"))
                pauseAll = a;
        QVERIFY(pauseAll);
        pauseAll->trigger();
        QTRY_VERIFY(rig.daemon.outbox()->isTransportPaused(QStringLiteral("alpha")));
        QTRY_VERIFY(rig.daemon.outbox()->isTransportPaused(QStringLiteral("beta")));

        rig.daemon.server->close(); // the daemon goes away
        QTRY_VERIFY(!rig.connection->isConnected());
        QTRY_COMPARE(notes.last().at(0).toString(), Notifier::tr("Daemon unreachable"));
        QCOMPARE(rig.connection->status(), DaemonStatus::Disconnected);
        rig.screenshot(QStringLiteral("postrider-overview-disconnected"));
    }

    void germanTranslation()
    {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QTranslator de;
        QVERIFY(de.load(QLocale(), QStringLiteral("postrider"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&de);
        QCOMPARE(StatusPresenter::title(DaemonStatus::Idle), QStringLiteral("Bereit"));
        QCOMPARE(Notifier::tr("%n message(s) failed", "", 2), QStringLiteral("2 Nachrichten fehlgeschlagen"));
        {
            GuiRig rig;
            QVERIFY(rig.start());
            rig.daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Grüße"));
            QTRY_COMPARE(rig.window->windowTitle(), QStringLiteral("Postrider – Bereit"));
            rig.screenshot(QStringLiteral("postrider-overview-de"));
        }
        QCoreApplication::removeTranslator(&de);
        QLocale::setDefault(QLocale::c());
    }

    void commandLine()
    {
        QString error;
        auto o = AdminApp::parseArguments(
            {QStringLiteral("postrider"), QStringLiteral("--socket"), QStringLiteral("/x/c.sock")}, &error);
        QVERIFY(o.has_value());
        QCOMPARE(o->client.socketName, QStringLiteral("/x/c.sock"));
        QCOMPARE(o->client.tokenFile, QStringLiteral("/x/c.token"));
        QVERIFY(!AdminApp::parseArguments({QStringLiteral("postrider"), QStringLiteral("--bogus")}, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(tst_AdminStatus)
#include "tst_adminstatus.moc"
