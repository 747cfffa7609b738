// The Transports page offscreen against a real ControlService + Outbox: breaker and pause state,
// Pause / Resume / Reset breaker, and the "Send test message…" dialog.

#include "GuiTestRig.h"
#include "SendTestDialog.h"
#include "TransportsModel.h"
#include "TransportsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

using namespace Postrider;
using namespace Postrider::Test;

class tst_TransportsPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<GuiRig> m_rig;
    QTableView *m_table = nullptr;

    QString stateOf(const QString &name) const
    {
        auto *model = m_rig->connection->transports();
        const int row = model->rowOf(name);
        return row < 0 ? QString() : model->index(row, TransportsModel::State).data().toString();
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<GuiRig>();
        QVERIFY(m_rig->start());
        m_rig->window->pages()->setCurrentWidget(m_rig->window->transportsPage());
        m_table = m_rig->find<QTableView>("transportsTable");
        QVERIFY(m_table);
        QTRY_COMPARE(m_table->model()->rowCount(), 2);
    }
    void cleanup() { m_rig.reset(); }

    void listsTransports()
    {
        QCOMPARE(GuiRig::cell(m_table, 0, TransportsModel::Name), QStringLiteral("alpha"));
        QCOMPARE(GuiRig::cell(m_table, 1, TransportsModel::Name), QStringLiteral("beta"));
        QCOMPARE(GuiRig::cell(m_table, 0, TransportsModel::Type), QStringLiteral("fake"));
        QCOMPARE(stateOf(QStringLiteral("alpha")),
                 TransportsModel::stateText({{QStringLiteral("breaker"), QStringLiteral("closed")}}));
        QVERIFY(!m_rig->find<QPushButton>("pauseButton")->isEnabled()); // nothing selected
    }

    void pauseAndResume()
    {
        m_table->selectRow(0);
        auto *pause = m_rig->find<QPushButton>("pauseButton");
        auto *resume = m_rig->find<QPushButton>("resumeButton");
        QTRY_VERIFY(pause->isEnabled());
        QVERIFY(!resume->isEnabled());
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_VERIFY(m_rig->daemon.outbox()->isTransportPaused(QStringLiteral("alpha")));
        QTRY_VERIFY(stateOf(QStringLiteral("alpha")).startsWith(TransportsModel::tr("Paused")));
        QTRY_VERIFY(resume->isEnabled());
        QVERIFY(!pause->isEnabled());
        m_rig->screenshot(QStringLiteral("postrider-transports"));
        QTest::mouseClick(resume, Qt::LeftButton);
        QTRY_VERIFY(!m_rig->daemon.outbox()->isTransportPaused(QStringLiteral("alpha")));
        QTRY_VERIFY(pause->isEnabled());
    }

    void pausedElsewhereShowsUp()
    {
        // A change made by another client arrives as transport.changed.
        m_rig->daemon.outbox()->setTransportPaused(QStringLiteral("beta"), true);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(QStringLiteral("beta")).startsWith(TransportsModel::tr("Paused")), 5'000);
    }

    void openBreakerAndReset()
    {
        m_rig->daemon.alpha->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Transient, QStringLiteral("503 from provider"), 503);
        };
        for (int i = 0; i < 5; ++i)
            m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("m%1").arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(m_table->model()->index(0, 0).data(TransportsModel::BreakerRole).toString(),
                                  QStringLiteral("open"), 10'000);
        QCOMPARE(stateOf(QStringLiteral("alpha")), TransportsModel::tr("Failing (circuit open)"));
        m_table->selectRow(0);
        auto *reset = m_rig->find<QPushButton>("resetBreakerButton");
        QTRY_VERIFY(reset->isEnabled());
        m_rig->daemon.alpha->behaviour = nullptr;
        QTest::mouseClick(reset, Qt::LeftButton);
        QTRY_COMPARE(m_table->model()->index(0, 0).data(TransportsModel::BreakerRole).toString(),
                     QStringLiteral("closed"));
        QTRY_VERIFY(!reset->isEnabled());
    }

    void sendTestMessage()
    {
        m_table->selectRow(1);
        m_rig->window->transportsPage()->openTestDialog();
        SendTestDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_rig->window->findChild<SendTestDialog *>(QStringLiteral("sendTestDialog"))));
        auto *send = dialog->findChild<QPushButton *>(QStringLiteral("testSendButton"));
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("testTransport"))->currentText(),
                 QStringLiteral("beta"));
        QVERIFY(!send->isEnabled()); // no recipient yet
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("testTo")), QStringLiteral("ops@example.org"));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        auto *result = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
        QTRY_VERIFY(result->text().contains(QLatin1String("ms")));
        QVERIFY(result->text().contains(QLatin1String("fake-1")));
        QCOMPARE(m_rig->daemon.beta->received.size(), 1);
        QCOMPARE(m_rig->daemon.beta->received[0].to.first().email, QStringLiteral("ops@example.org"));
        QCOMPARE(m_rig->daemon.outbox()->liveCount(), 0); // the test message bypassed the outbox
        dialog->grab().save(QStringLiteral("/tmp/postrider-send-test.png"));

        m_rig->daemon.beta->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("invalid API key"), 401);
        };
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(result->text().contains(QLatin1String("401")));
        QVERIFY(result->text().contains(QLatin1String("invalid API key")));
    }
};

QTEST_MAIN(tst_TransportsPage)
#include "tst_transportspage.moc"
