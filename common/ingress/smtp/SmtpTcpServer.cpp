#include "SmtpTcpServer.h"

namespace Postrider {

void SmtpTcpServer::incomingConnection(qintptr descriptor)
{
    Q_EMIT connectionReady(descriptor);
}

} // namespace Postrider
