// The Sends page offscreen against a real ControlService + Outbox: filters, detail with attempts,
// Retry now, Cancel, Resend via…, and live rows arriving through events.

#include "GuiTestRig.h"
#include "SendsModel.h"
#include "SendsPage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>

using namespace Postrider;
using namespace Postrider::Test;

namespace {
int rowWithSubject(QTableView *table, const QString &subject)
{
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (GuiRig::cell(table, r, SendsModel::Subject) == subject)
            return r;
    return -1;
}
} // namespace

class tst_SendsPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<GuiRig> m_rig;
    QTableView *m_table = nullptr;

    QString statusOfSubject(const QString &subject) const
    {
        const int row = rowWithSubject(m_table, subject);
        return row < 0 ? QString() : m_table->model()->index(row, 0).data(SendsModel::StatusRole).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<GuiRig>();
        QVERIFY(m_rig->start());
        m_rig->window->pages()->setCurrentWidget(m_rig->window->sendsPage());
        m_table = m_rig->find<QTableView>("sendsTable");
        QVERIFY(m_table);
    }
    void cleanup() { m_rig.reset(); }

    void listsAndFilters()
    {
        m_rig->daemon.beta->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("recipient rejected"), 550);
        };
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Invoice 17"));
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Welcome aboard"));
        m_rig->daemon.submit({QStringLiteral("beta")}, QStringLiteral("Password reset"));
        QTRY_COMPARE(m_table->model()->rowCount(), 3); // arrived live, through submission.changed
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Password reset")), QStringLiteral("failed"));
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Invoice 17")), QStringLiteral("sent"));
        QCOMPARE(GuiRig::cell(m_table, 0, SendsModel::Subject), QStringLiteral("Password reset")); // newest first

        auto *status = m_rig->find<QComboBox>("statusFilter");
        status->setCurrentIndex(status->findData(QStringLiteral("failed")));
        QTRY_COMPARE(m_table->model()->rowCount(), 1);
        QCOMPARE(GuiRig::cell(m_table, 0, SendsModel::Status), SendsModel::statusText(QStringLiteral("failed")));
        status->setCurrentIndex(0);
        QTRY_COMPARE(m_table->model()->rowCount(), 3);

        QTest::keyClicks(m_rig->find<QLineEdit>("subjectFilter"), QStringLiteral("invoice"));
        QTRY_COMPARE(m_table->model()->rowCount(), 1);
        QCOMPARE(GuiRig::cell(m_table, 0, SendsModel::Subject), QStringLiteral("Invoice 17"));
        m_rig->find<QLineEdit>("subjectFilter")->clear();
        QTest::keyClicks(m_rig->find<QLineEdit>("recipientFilter"), QStringLiteral("nobody@"));
        QTRY_COMPARE(m_table->model()->rowCount(), 0);
        m_rig->find<QLineEdit>("recipientFilter")->clear();
        auto *ingress = m_rig->find<QComboBox>("ingressFilter");
        ingress->setCurrentIndex(ingress->findData(QStringLiteral("smtp")));
        QTRY_COMPARE(m_table->model()->rowCount(), 0);
        ingress->setCurrentIndex(ingress->findData(QStringLiteral("http_api")));
        QTRY_COMPARE(m_table->model()->rowCount(), 3);
    }

    void detailAndRetry()
    {
        m_rig->daemon.alpha->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("mailbox full"), 552);
        };
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Quarterly report"));
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Quarterly report")), QStringLiteral("failed"));
        m_table->selectRow(rowWithSubject(m_table, QStringLiteral("Quarterly report")));
        auto *attempts = m_rig->find<QTableWidget>("attemptsTable");
        QTRY_COMPARE(attempts->rowCount(), 1);
        QCOMPARE(attempts->item(0, 2)->text(), QStringLiteral("alpha"));
        QCOMPARE(attempts->item(0, 4)->text(), QStringLiteral("552"));
        QVERIFY(m_rig->find<QTextBrowser>("sendDetail")->toPlainText().contains(QLatin1String("mailbox full")));
        auto *retry = m_rig->find<QPushButton>("retryButton");
        auto *cancel = m_rig->find<QPushButton>("cancelButton");
        QTRY_VERIFY(retry->isEnabled());
        QVERIFY(!cancel->isEnabled()); // a failed message is final
        m_rig->screenshot(QStringLiteral("postrider-sends"));

        m_rig->daemon.alpha->behaviour = nullptr;
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Quarterly report")), QStringLiteral("sent"));
        QTRY_COMPARE(attempts->rowCount(), 2); // the detail pane follows the selected row
        QTRY_VERIFY(!retry->isEnabled());
        QVERIFY(!m_rig->find<QLabel>("sendsMessage")->text().isEmpty());
    }

    void cancelQueued()
    {
        m_rig->daemon.outbox()->setTransportPaused(QStringLiteral("alpha"), true);
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Hold me"));
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Hold me")), QStringLiteral("queued"));
        m_table->selectRow(rowWithSubject(m_table, QStringLiteral("Hold me")));
        auto *cancel = m_rig->find<QPushButton>("cancelButton");
        QTRY_VERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Hold me")), QStringLiteral("cancelled"));
        QCOMPARE(m_rig->daemon.alpha->calls, 0);
    }

    void resendVia()
    {
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Copy me"));
        QTRY_COMPARE(statusOfSubject(QStringLiteral("Copy me")), QStringLiteral("sent"));
        m_table->selectRow(rowWithSubject(m_table, QStringLiteral("Copy me")));
        auto *resend = m_rig->find<QToolButton>("resendButton");
        QTRY_VERIFY(resend->isEnabled());
        QMenu *menu = resend->menu();
        Q_EMIT menu->aboutToShow(); // what opening the menu does
        auto *viaBeta = menu->findChild<QAction *>(QStringLiteral("resendVia_beta"));
        QVERIFY(viaBeta);
        viaBeta->trigger();
        QTRY_COMPARE(m_table->model()->rowCount(), 2);
        QTRY_COMPARE(m_rig->daemon.beta->received.size(), 1);
        QCOMPARE(m_rig->daemon.beta->received[0].subject, QStringLiteral("Copy me"));
        QTRY_COMPARE(GuiRig::cell(m_table, 0, SendsModel::Transport), QStringLiteral("beta"));
    }

    void reconnectCatchesUp()
    {
        m_rig->daemon.submit({QStringLiteral("alpha")}, QStringLiteral("Before"));
        QTRY_COMPARE(m_table->model()->rowCount(), 1);
        m_rig->daemon.server->close(); // the daemon's socket goes away; the app keeps retrying
        QTRY_VERIFY(!m_rig->connection->isConnected());
        m_rig->daemon.submit({QStringLiteral("beta")}, QStringLiteral("While away")); // its events reach no one
        QVERIFY(m_rig->daemon.restartServer()); // a new instance with a new token
        QTRY_VERIFY_WITH_TIMEOUT(m_rig->connection->isConnected(), 10'000);
        QTRY_COMPARE(m_table->model()->rowCount(), 2);
        QTRY_COMPARE(statusOfSubject(QStringLiteral("While away")), QStringLiteral("sent"));
    }
};

QTEST_MAIN(tst_SendsPage)
#include "tst_sendspage.moc"
