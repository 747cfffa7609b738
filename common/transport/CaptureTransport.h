#pragma once

#include "Transport.h"

namespace Postrider {

/// \brief The local sink: writes each message as a complete RFC 5322 `.eml` file (built by the
/// MIME adapter, Bcc kept so the file shows every recipient) into a folder. Used by the default
/// development config and by tests; the file name is the provider message id.
class CaptureTransport final : public Transport
{
    Q_OBJECT
public:
    CaptureTransport(TransportConfig config, Clock *clock, QObject *parent = nullptr);

    QString directory() const { return m_dir; }
    void send(const Message &message, const SendOptions &options, Callback done) override;

private:
    QString m_dir;
};

} // namespace Postrider
