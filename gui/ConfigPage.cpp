#include "ConfigPage.h"

#include "DaemonConnection.h"
#include "ErrorText.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QVBoxLayout>

namespace Postrider {

ConfigPage::ConfigPage(DaemonConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_editor(new QPlainTextEdit)
    , m_errors(new QListWidget)
    , m_validate(new QPushButton(tr("&Validate")))
    , m_save(new QPushButton(tr("&Save and apply")))
    , m_reload(new QPushButton(tr("Re&load from disk")))
    , m_revert(new QPushButton(tr("&Discard changes")))
    , m_path(new QLabel)
    , m_message(new QLabel)
{
    m_editor->setObjectName(QStringLiteral("configEditor"));
    m_errors->setObjectName(QStringLiteral("configErrors"));
    m_validate->setObjectName(QStringLiteral("validateButton"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_message->setObjectName(QStringLiteral("configMessage"));
    m_path->setObjectName(QStringLiteral("configPath"));
    m_message->setWordWrap(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setToolTip(tr("Secrets are shown as \"set\" or \"not set\". Leave \"set\" to keep a secret, or type a "
                            "new value."));
    m_reload->setToolTip(tr("Make the daemon re-read its configuration file (like SIGHUP)."));
    m_errors->setMaximumHeight(120);
    connect(m_errors, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { jumpToLine(item->data(Qt::UserRole).toInt()); });
    connect(m_errors, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { jumpToLine(item->data(Qt::UserRole).toInt()); });
    connect(m_validate, &QPushButton::clicked, this, &ConfigPage::validate);
    connect(m_save, &QPushButton::clicked, this, &ConfigPage::save);
    connect(m_reload, &QPushButton::clicked, this, &ConfigPage::reload);
    connect(m_revert, &QPushButton::clicked, this, &ConfigPage::load);
    connect(m_connection, &DaemonConnection::connectedChanged, this, [this](bool connected) {
        if (connected && !m_loaded)
            load();
        setBusy(false);
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_validate);
    buttons->addWidget(m_save);
    buttons->addWidget(m_revert);
    buttons->addStretch(1);
    buttons->addWidget(m_reload);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_path);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_errors);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    setBusy(false);
    if (m_connection->isConnected())
        load();
}

void ConfigPage::setBusy(bool busy)
{
    const bool usable = !busy && m_connection->isConnected();
    for (QPushButton *b : {m_validate, m_save, m_revert})
        b->setEnabled(usable && m_loaded);
    m_reload->setEnabled(usable);
}

void ConfigPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #a00;") : QString());
}

void ConfigPage::load()
{
    setBusy(true);
    m_connection->call(QStringLiteral("config.get"), {}, this, [this](const Result<QJsonObject> &r) {
        if (!r) {
            m_loaded = false;
            m_editor->setReadOnly(true);
            showMessage(ErrorText::describe(r.error()), true);
            setBusy(false);
            return;
        }
        m_loaded = true;
        m_editor->setReadOnly(false);
        m_editor->setPlainText(r->value(QLatin1String("text")).toString());
        m_path->setText(tr("Configuration file: %1").arg(r->value(QLatin1String("path")).toString()));
        showErrors({});
        showMessage(QString(), false);
        setBusy(false);
    });
}

void ConfigPage::validate()
{
    setBusy(true);
    m_connection->call(QStringLiteral("config.validate"), {{QStringLiteral("text"), m_editor->toPlainText()}}, this,
                       [this](const Result<QJsonObject> &r) {
                           setBusy(false);
                           if (!r)
                               return showMessage(ErrorText::describe(r.error()), true);
                           const QJsonArray errors = r->value(QLatin1String("errors")).toArray();
                           showErrors(errors);
                           showMessage(errors.isEmpty() ? tr("The configuration is valid.")
                                                        : tr("%n error(s) found.", "", int(errors.size())),
                                       !errors.isEmpty());
                       });
}

void ConfigPage::save()
{
    setBusy(true);
    m_connection->call(QStringLiteral("config.save"), {{QStringLiteral("text"), m_editor->toPlainText()}}, this,
                       [this](const Result<QJsonObject> &r) {
                           setBusy(false);
                           if (!r) {
                               showErrors(r.error().details.value(QLatin1String("errors")).toArray());
                               return showMessage(ErrorText::describe(r.error()), true);
                           }
                           showErrors({});
                           QString text = tr("Saved and applied; the previous file was kept as .bak.");
                           const QJsonArray restart = r->value(QLatin1String("restart_required")).toArray();
                           if (!restart.isEmpty()) {
                               QStringList parts;
                               for (const QJsonValue &p : restart)
                                   parts.append(p.toString());
                               text +=
                                   u' ' + tr("Restart the daemon to apply: %1.").arg(parts.join(QStringLiteral(", ")));
                           }
                           showMessage(text, false);
                       });
}

void ConfigPage::reload()
{
    setBusy(true);
    m_connection->call(QStringLiteral("config.reload"), {}, this, [this](const Result<QJsonObject> &r) {
        setBusy(false);
        if (!r) {
            showErrors(r.error().details.value(QLatin1String("errors")).toArray());
            return showMessage(ErrorText::describe(r.error()), true);
        }
        showMessage(tr("The daemon re-read its configuration file."), false);
        load();
    });
}

void ConfigPage::showErrors(const QJsonArray &errors)
{
    m_errors->clear();
    QList<QTextEdit::ExtraSelection> marks;
    for (const QJsonValue &v : errors) {
        const QJsonObject e = v.toObject();
        const int line = e.value(QLatin1String("line")).toInt();
        // The daemon's one-line form already merges key, message and hint; drop its location.
        static const QRegularExpression location(QStringLiteral(R"(^.*?:\d+(:\d+)?: )"));
        QString text = e.value(QLatin1String("text")).toString();
        text.remove(location);
        if (text.isEmpty())
            text = e.value(QLatin1String("message")).toString();
        auto *item = new QListWidgetItem(line > 0 ? tr("Line %1: %2").arg(line).arg(text) : text, m_errors);
        item->setData(Qt::UserRole, line);
        if (line > 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_editor->document()->findBlockByNumber(line - 1));
            mark.format.setBackground(QColor(0xff, 0xd7, 0xd7));
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks.append(mark);
        }
    }
    m_editor->setExtraSelections(marks);
    m_errors->setVisible(!errors.isEmpty());
}

void ConfigPage::jumpToLine(int line)
{
    if (line <= 0)
        return;
    QTextCursor c(m_editor->document()->findBlockByNumber(line - 1));
    m_editor->setTextCursor(c);
    m_editor->centerCursor();
    m_editor->setFocus();
}

} // namespace Postrider
