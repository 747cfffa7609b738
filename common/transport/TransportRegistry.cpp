#include "TransportRegistry.h"

#include "CaptureTransport.h"
#include "MailgunTransport.h"
#include "PostmarkTransport.h"
#include "ResendTransport.h"
#include "SesTransport.h"
#include "SmtpRelayTransport.h"

namespace Postrider {

namespace {
/// HTTP provider types check their settings (required keys, base_url, ca_file) before building.
template<typename T>
Result<Transport *> make(const TransportConfig &config, Clock *clock, QObject *parent)
{
    if (auto valid = T::validate(config); !valid)
        return valid.error();
    return static_cast<Transport *>(new T(config, clock, parent));
}
} // namespace

TransportRegistry::TransportRegistry(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{ }

TransportRegistry::~TransportRegistry() = default;

Result<Transport *> TransportRegistry::create(const TransportConfig &config, Clock *clock, QObject *parent)
{
    if (config.type == QLatin1String("capture"))
        return static_cast<Transport *>(new CaptureTransport(config, clock, parent));
    if (config.type == QLatin1String("postmark"))
        return make<PostmarkTransport>(config, clock, parent);
    if (config.type == QLatin1String("resend"))
        return make<ResendTransport>(config, clock, parent);
    if (config.type == QLatin1String("mailgun"))
        return make<MailgunTransport>(config, clock, parent);
    if (config.type == QLatin1String("ses"))
        return make<SesTransport>(config, clock, parent);
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

void TransportRegistry::add(Transport *transport)
{
    transport->setParent(this);
    delete m_transports.value(transport->name());
    m_transports.insert(transport->name(), transport);
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
