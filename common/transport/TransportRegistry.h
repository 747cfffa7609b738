#pragma once

#include "Transport.h"

#include <QHash>
#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace Postrider {

/// \brief Builds transports from config and owns them for the daemon's lifetime.
class TransportRegistry final : public QObject
{
    Q_OBJECT
public:
    explicit TransportRegistry(Clock *clock, QObject *parent = nullptr);
    ~TransportRegistry() override;

    /// Builds one transport (it is not added to the registry). Errors: `transport.invalid`.
    static Result<Transport *> create(const TransportConfig &config, Clock *clock, QObject *parent);

    /// Builds every transport of `config`; on error nothing is kept.
    Status build(const Config &config);
    /// Adds an already built transport (tests, embedders); the registry takes ownership.
    void add(Transport *transport);
    Transport *transport(const QString &name) const;
    QList<Transport *> transports() const;

private:
    Clock *m_clock;
    QHash<QString, Transport *> m_transports;
};

} // namespace Postrider
