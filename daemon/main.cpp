// postriderd: the headless mail gateway daemon. Everything testable lives in DaemonCli/DaemonApp.
#include "DaemonCli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("postrider"));
    QCoreApplication::setOrganizationName(QStringLiteral("Postrider"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POSTRIDER_VERSION));
    return Postrider::DaemonCli::run(QCoreApplication::arguments());
}
