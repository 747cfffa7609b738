#pragma once

#include <QTcpServer>

namespace Postrider {

/// \brief A QTcpServer that hands over raw socket descriptors, so the listener can wrap each
/// connection in a QSslSocket (STARTTLS needs the TLS-capable socket from the first byte).
class SmtpTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    void connectionReady(qintptr descriptor);

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace Postrider
