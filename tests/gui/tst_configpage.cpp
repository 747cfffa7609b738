// The Configuration page offscreen: secrets shown as "set", errors listed at their lines, save
// keeps a backup and the running secrets.

#include "ConfigPage.h"
#include "GuiTestRig.h"

#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>

using namespace Postrider;
using namespace Postrider::Test;

class tst_ConfigPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<GuiRig> m_rig;
    QPlainTextEdit *m_editor = nullptr;

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<GuiRig>();
        QVERIFY(m_rig->start());
        m_rig->window->pages()->setCurrentWidget(m_rig->window->configPage());
        m_editor = m_rig->find<QPlainTextEdit>("configEditor");
        QTRY_VERIFY(!m_editor->toPlainText().isEmpty());
    }
    void cleanup() { m_rig.reset(); }

    void secretsAreMarkers()
    {
        const QString text = m_editor->toPlainText();
        QVERIFY(text.contains(QLatin1String("api_key = \"set\"")));
        for (const QString &s : secretSentinels())
            QVERIFY(!text.contains(s));
    }

    void validateShowsErrorsAtLines()
    {
        QString text = m_editor->toPlainText();
        text.replace(QLatin1String("auth = \"api-key\""), QLatin1String("auth = \"apikey\""));
        m_editor->setPlainText(text);
        QTest::mouseClick(m_rig->find<QPushButton>("validateButton"), Qt::LeftButton);
        auto *errors = m_rig->find<QListWidget>("configErrors");
        QTRY_COMPARE(errors->count(), 1);
        const int line = text.left(text.indexOf(QLatin1String("auth = \"apikey\""))).count(u'\n') + 1;
        QCOMPARE(errors->item(0)->data(Qt::UserRole).toInt(), line);
        QVERIFY(errors->item(0)->text().contains(QLatin1String("endpoints[0].auth")));
        QCOMPARE(m_editor->extraSelections().size(), 1);
        QCOMPARE(m_editor->extraSelections()[0].cursor.blockNumber(), line - 1);
        Q_EMIT errors->itemClicked(errors->item(0));
        QCOMPARE(m_editor->textCursor().blockNumber(), line - 1);
        m_rig->screenshot(QStringLiteral("postrider-config"));
    }

    void saveKeepsBackup()
    {
        QString text = m_editor->toPlainText();
        text.replace(QLatin1String("http://127.0.0.1:9\" }"), QLatin1String("http://127.0.0.1:19\" }"));
        m_editor->setPlainText(text);
        QTest::mouseClick(m_rig->find<QPushButton>("saveButton"), Qt::LeftButton);
        auto *message = m_rig->find<QLabel>("configMessage");
        QTRY_VERIFY(message->text().contains(QLatin1String(".bak")));
        QVERIFY(QFile::exists(m_rig->daemon.configPath() + QStringLiteral(".bak")));
        QFile saved(m_rig->daemon.configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray bytes = saved.readAll();
        QVERIFY(bytes.contains("http://127.0.0.1:19"));
        QVERIFY(bytes.contains("SENTINEL-alpha-key"));
    }
};

QTEST_MAIN(tst_ConfigPage)
#include "tst_configpage.moc"
