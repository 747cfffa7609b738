// postrider: the admin app. Everything testable lives in the postrider_gui library (AdminApp).
#include "AdminApp.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("postrider"));
    QApplication::setOrganizationName(QStringLiteral("Postrider"));
    QApplication::setApplicationVersion(QStringLiteral(POSTRIDER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.postrider.Postrider"));
    Postrider::AdminApp::installTranslations(app);
    QString message;
    const auto options = Postrider::AdminApp::parseArguments(QApplication::arguments(), &message);
    if (!options) {
        QTextStream(stdout) << message << '\n';
        return message.startsWith(QLatin1String("Usage")) || message == QApplication::applicationVersion() ? 0 : 2;
    }
    Postrider::AdminApp admin(*options);
    return admin.run();
}
