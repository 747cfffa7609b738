#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

namespace Postrider {

/// \brief Keeps secrets inside the daemon when the admin app edits the config (house rule 9).
///
/// redact() replaces every secret value with a marker: `"set"` (or `"set #N"` for the N-th item
/// of a secret array such as `api_keys`), `"not set"` when empty, and leaves `${env.NAME}`
/// placeholders as written. restore() turns the markers in an edited text back into the values
/// of the current file, matching tables by their `name`/`path`/`username` rather than by position,
/// so reordering `[[transports]]` keeps each transport's own secrets.
class ConfigSecrets
{
public:
    static QString setMarker() { return QStringLiteral("set"); }
    static QString notSetMarker() { return QStringLiteral("not set"); }

    /// The config text with no secret in it. `knownSecrets` (the loaded config's secret values,
    /// env values included) are also scrubbed from comments and anywhere else they appear.
    /// Errors: `config.invalid` when the text is not TOML (nothing of it is returned then).
    static Result<QString> redact(const QString &text, const QStringList &knownSecrets = {});
    /// `edited` with every marker replaced by the matching literal of `current`. Errors:
    /// `config.invalid` (details: line, column, key) for a marker with no value to keep.
    /// A text that is not TOML comes back unchanged (validation reports it).
    static Result<QString> restore(const QString &edited, const QString &current);
    /// True when the dotted key (with indices) holds a secret. `transportType` is the type of
    /// the transport table the key sits in, if any.
    static bool isSecretKey(const QString &key, const QString &transportType);
};

} // namespace Postrider
