#pragma once

#include <QJsonArray>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace Postrider {

class DaemonConnection;

/// \brief The configuration editor: the daemon's config file with every secret shown as "set",
/// "not set" or its `${env.NAME}` placeholder; Validate and Save (which reloads) show each error
/// in a list and mark its line in the editor. Saving keeps the previous file as `.bak`.
class ConfigPage final : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigPage(DaemonConnection *connection, QWidget *parent = nullptr);

    /// Asks the daemon for the config text again (discarding edits).
    void load();

private:
    void validate();
    void save();
    void reload();
    void showErrors(const QJsonArray &errors);
    void jumpToLine(int line);
    void setBusy(bool busy);
    void showMessage(const QString &text, bool error);

    DaemonConnection *m_connection;
    QPlainTextEdit *m_editor;
    QListWidget *m_errors;
    QPushButton *m_validate;
    QPushButton *m_save;
    QPushButton *m_reload;
    QPushButton *m_revert;
    QLabel *m_path;
    QLabel *m_message;
    bool m_loaded = false;
};

} // namespace Postrider
