#include "AdminApp.h"

#include "DaemonConnection.h"
#include "MainWindow.h"
#include "Notifier.h"
#include "TrayIcon.h"

#include "core/Paths.h"
#include "ipc/IpcToken.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSystemTrayIcon>
#include <QTranslator>

namespace Postrider {

namespace {
/// The system service's socket (installer/linux/postrider.service, RuntimeDirectory=postrider).
const QLatin1String kServiceSocket("/run/postrider/control.sock");
} // namespace

std::optional<AdminApp::Options> AdminApp::parseArguments(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("Postrider::AdminApp", "Postrider admin app"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption socket(QStringLiteral("socket"),
                                    QApplication::translate("Postrider::AdminApp", "Control socket of the daemon."),
                                    QStringLiteral("path"));
    const QCommandLineOption token(QStringLiteral("token-file"),
                                   QApplication::translate("Postrider::AdminApp", "File holding the control token."),
                                   QStringLiteral("path"));
    const QCommandLineOption hidden(QStringLiteral("hidden"),
                                    QApplication::translate("Postrider::AdminApp", "Start with only the tray icon."));
    parser.addOptions({socket, token, hidden});
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        *error = parser.isSet(QStringLiteral("help")) ? parser.helpText() : QCoreApplication::applicationVersion();
        return std::nullopt;
    }
    Options o;
    QString path = parser.value(socket);
    if (path.isEmpty())
        path = qEnvironmentVariable("POSTRIDER_SOCKET");
    if (path.isEmpty()) {
        path = Paths::defaultControlSocket();
#ifdef Q_OS_LINUX
        if (!QFileInfo::exists(path) && QFileInfo::exists(kServiceSocket))
            path = kServiceSocket;
#endif
    }
    QString tokenFile = parser.value(token);
    if (tokenFile.isEmpty())
        tokenFile = qEnvironmentVariable("POSTRIDER_TOKEN_FILE");
    if (tokenFile.isEmpty())
        tokenFile = Ipc::IpcToken::defaultPath(path, Paths::defaultStateDir());
    o.client.socketName = path;
    o.client.tokenFile = tokenFile;
    o.client.clientName = QStringLiteral("postrider");
    o.client.clientVersion = QCoreApplication::applicationVersion();
    o.startHidden = parser.isSet(hidden);
    return o;
}

void AdminApp::installTranslations(QApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // English is the source language; its file only carries the plural forms, and it is the
    // fallback for locales without a translation of their own.
    auto *ours = new QTranslator(&app);
    if (ours->load(QLocale(), QStringLiteral("postrider"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || ours->load(QStringLiteral(":/i18n/postrider_en.qm")))
        QCoreApplication::installTranslator(ours);
}

AdminApp::AdminApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_connection(new DaemonConnection(m_options.client, this))
    , m_window(std::make_unique<MainWindow>(m_connection))
    , m_notifier(new Notifier(m_connection, this))
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayIcon(m_connection, m_notifier, this);
        connect(m_tray, &TrayIcon::openRequested, this, [this] {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        });
        connect(m_tray, &TrayIcon::quitRequested, qApp, &QApplication::quit);
    }
}

AdminApp::~AdminApp() = default;

int AdminApp::run()
{
    m_connection->start();
    if (m_tray) {
        m_tray->show();
        // With a tray the app lives on when the window closes.
        QApplication::setQuitOnLastWindowClosed(false);
    }
    if (!m_options.startHidden || !m_tray)
        m_window->show();
    return QApplication::exec();
}

} // namespace Postrider
