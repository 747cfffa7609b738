#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Postrider {

/// \brief One key of a transport's `settings` table.
struct SettingSpec
{
    enum class Kind { String, Int, Bool };
    QString key;
    Kind kind = Kind::String;
    bool required = false;
    bool secret = false; ///< never logged, never sent to the GUI
    QStringList choices; ///< allowed values for enumerated strings
    QVariant defaultValue; ///< invalid = none
    qint64 min = 0, max = 0; ///< inclusive range for Int when max > min
    bool posthorn = true; ///< present in Posthorn v1.0 (false = Postrider extension)
    QString doc;
};

/// \brief The settings schema of one transport type. The config loader validates `settings`
/// against it (unknown keys, types, required keys); transports read only keys listed here.
struct TransportTypeSpec
{
    QString type;
    QString doc;
    QList<SettingSpec> settings;

    const SettingSpec *setting(QStringView key) const;
    QStringList keys() const;
};

/// Every known transport type, sorted by name.
const QList<TransportTypeSpec> &transportTypeSpecs();
const TransportTypeSpec *transportTypeSpec(QStringView type);
QStringList transportTypeNames();

} // namespace Postrider
