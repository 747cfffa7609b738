#include "TransportRegistry.h"

#include "CaptureTransport.h"
#include "SmtpRelayTransport.h"

namespace Postrider {

TransportRegistry::TransportRegistry(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{ }

TransportRegistry::~TransportRegistry() = default;

Result<Transport *> TransportRegistry::create(const TransportConfig &config, Clock *clock, QObject *parent)
{
    if (config.type == QLatin1String("capture"))
        return static_cast<Transport *>(new CaptureTransport(config, clock, parent));
    if (config.type == QLatin1String("smtp")) {
        auto smtp = SmtpRelayTransport::create(config, clock, parent);
        if (!smtp)
            return smtp.error();
        return static_cast<Transport *>(*smtp);
    }
    return Error(
        QStringLiteral("transport.invalid"),
        QStringLiteral("transport \"%1\": type \"%2\" is not available in this build").arg(config.name, config.type));
}

Status TransportRegistry::build(const Config &config)
{
    QHash<QString, Transport *> built;
    for (const TransportConfig &tc : config.transports) {
        auto t = create(tc, m_clock, this);
        if (!t) {
            qDeleteAll(built);
            return t.error();
        }
        built.insert(tc.name, *t);
    }
    qDeleteAll(m_transports);
    m_transports = built;
    return {};
}

Transport *TransportRegistry::transport(const QString &name) const
{
    return m_transports.value(name);
}

QList<Transport *> TransportRegistry::transports() const
{
    return m_transports.values();
}

} // namespace Postrider
