#include "ConfigLoader.h"
// placeholder until the loader lands
namespace Postrider {
QString ConfigLoadResult::errorText() const
{
    return {};
}
EnvLookup processEnvironment()
{
    return {};
}
ConfigLoadResult ConfigLoader::loadFile(const QString &, const EnvLookup &)
{
    return {};
}
ConfigLoadResult ConfigLoader::loadText(const QByteArray &, const QString &, const QString &, const EnvLookup &)
{
    return {};
}
} // namespace Postrider
