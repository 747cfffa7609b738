#pragma once

#include "core/Config.h"

#include <QStringList>

namespace Postrider {

class Outbox;
class TransportRegistry;

/// \brief What a config reload did: applied (and what changed live, what waits for a restart)
/// or refused with the errors, the running config untouched.
struct ReloadReport
{
    bool applied = false;
    ConfigErrors errors;
    QStringList reloaded; ///< parts rebuilt live: "logging", "transports", …
    QStringList restartRequired; ///< changed keys that take effect on the next start
};

/// \brief The daemon as the control service sees it. DaemonApp implements it; tests implement it
/// around a real Outbox with fake transports.
class ControlHost
{
public:
    virtual ~ControlHost() = default;
    virtual const Config &config() const = 0;
    /// The config file the daemon runs from; empty when it runs the built-in config.
    virtual QString configPath() const = 0;
    virtual Outbox *outbox() const = 0;
    virtual TransportRegistry *transportRegistry() const = 0;
    virtual qint64 startedAtMs() const = 0;
    /// Re-reads the config file and applies it, or refuses it and keeps the running one.
    virtual ReloadReport reload(const QString &reason) = 0;
};

} // namespace Postrider
