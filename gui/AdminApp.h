#pragma once

#include "ipc/IpcClient.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QApplication;

namespace Postrider {

class DaemonConnection;
class MainWindow;
class Notifier;
class TrayIcon;

/// \brief The admin app assembled: command line, translations, the DaemonConnection, the main
/// window, the Notifier and the tray icon. main() only creates the QApplication and calls run().
class AdminApp final : public QObject
{
    Q_OBJECT
public:
    /// \brief What the command line asked for.
    struct Options
    {
        Ipc::IpcClientOptions client;
        bool startHidden = false; ///< only the tray icon (autostart)
    };

    /// Parses `--socket PATH`, `--token-file PATH`, `--hidden`; POSTRIDER_SOCKET and
    /// POSTRIDER_TOKEN_FILE are the defaults; without either, the per-user daemon's socket when it
    /// exists, else the system service's. `error` receives the reason for nullopt.
    static std::optional<Options> parseArguments(const QStringList &arguments, QString *error);
    /// Loads the app's translation for the system locale (built into the binary) and Qt's own.
    static void installTranslations(QApplication &app);

    explicit AdminApp(Options options, QObject *parent = nullptr);
    ~AdminApp() override;

    /// Shows the window (or only the tray icon) and runs the event loop.
    int run();

private:
    Options m_options;
    DaemonConnection *m_connection;
    std::unique_ptr<MainWindow> m_window;
    Notifier *m_notifier;
    TrayIcon *m_tray = nullptr;
};

} // namespace Postrider
