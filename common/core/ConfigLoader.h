#pragma once

#include "Config.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace Postrider {

/// \brief Outcome of loading a config: the config when `errors` is empty, otherwise every
/// problem found, each with file, line, column and dotted key.
struct ConfigLoadResult
{
    Config config;
    ConfigErrors errors;
    bool ok() const { return errors.isEmpty(); }
    /// All errors, one per line, in file order.
    QString errorText() const;
};

/// \brief One string value of a TOML document as written: its dotted key with array indices
/// (`transports[1].settings.api_key`, `endpoints[0].api_keys[2]`), where its literal (quotes
/// included) sits in the text, and its value before `${env.NAME}` substitution.
struct ConfigStringLiteral
{
    QString key;
    qsizetype begin = 0; ///< offset of the opening quote in the text (QString units)
    qsizetype end = 0; ///< offset just past the closing quote
    QString value;
    int line = 0;
    int column = 0;
};

/// Looks up an environment variable; nullopt = unset (the empty string is a valid value).
using EnvLookup = std::function<std::optional<QString>(const QString &name)>;
EnvLookup processEnvironment();

/// \brief Reads a Posthorn v1.0 / Postrider TOML config: parse (toml++), `${env.NAME}` substitution
/// inside string values, strict key check with "did you mean" hints (also inside
/// `transport.settings`), and every validation rule. toml++ stays inside ConfigLoader.cpp.
class ConfigLoader
{
public:
    /// Loads `path`. Relative paths inside the config (body files, TLS files, capture folders,
    /// the outbox) resolve against the file's directory.
    static ConfigLoadResult loadFile(const QString &path, const EnvLookup &env = processEnvironment());
    /// Loads config text held in memory (the embedded default config, GUI edits). `displayName`
    /// appears in error messages; relative paths resolve against `baseDir`.
    static ConfigLoadResult loadText(const QByteArray &text, const QString &displayName, const QString &baseDir,
                                     const EnvLookup &env = processEnvironment());
    /// Every string value of `text`, in document order, without validating anything but the TOML
    /// syntax. Errors: `config.invalid` (not TOML) with the position in the details.
    static Result<QList<ConfigStringLiteral>> stringLiterals(const QString &text);
};

} // namespace Postrider
