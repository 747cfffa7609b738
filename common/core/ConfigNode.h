#pragma once

#include "Config.h"

#include <QString>
#include <QVariant>

#include <vector>

namespace Postrider {

struct ConfigMember;

/// \brief A parsed TOML value with its source location, after `${env.NAME}` substitution.
///
/// The loader converts toml++'s tree into this one so that only ConfigLoader.cpp depends on
/// toml++; the schema checks in ConfigBuilder*.cpp read this neutral form.
struct ConfigNode
{
    enum class Type { Table, Array, String, Integer, Float, Boolean, DateTime };

    Type type = Type::Table;
    QVariant value; ///< QString, qint64, double or bool; DateTime keeps its TOML text
    std::vector<ConfigNode> items; ///< Array elements
    std::vector<ConfigMember> members; ///< Table members
    SourceLocation where;
    /// A `${env.NAME}` in this string had no value. The unset variable is already reported, so
    /// checks of the value itself stay silent instead of piling up follow-on errors.
    bool envUnset = false;
    /// The string held at least one `${env.NAME}`; integer and boolean keys accept such strings.
    bool envSubstituted = false;

    bool isTable() const { return type == Type::Table; }
    bool isArray() const { return type == Type::Array; }
    bool isString() const { return type == Type::String; }
    QString string() const { return value.toString(); }
    const ConfigMember *member(QStringView key) const;
    const ConfigNode *child(QStringView key) const;

    /// "a string", "an integer", ... for "expected X, got Y" messages.
    static QString typeName(Type type);
};

/// \brief One `key = value` of a table, with where the key itself was written.
struct ConfigMember
{
    QString key;
    SourceLocation keyWhere;
    ConfigNode node;
};

} // namespace Postrider
