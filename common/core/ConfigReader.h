#pragma once

#include "ConfigNode.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>
#include <vector>

namespace Postrider {

/// \brief Collects the ConfigErrors found while a config is read.
///
/// Errors about a value that came from an unset `${env.NAME}` are dropped: the unset variable is
/// reported once, and "invalid email" for the literal placeholder would only be noise.
class ConfigReader
{
public:
    ConfigReader(QString file, QString baseDir);

    const QString &file() const { return m_file; }
    const QString &baseDir() const { return m_baseDir; }

    void error(const SourceLocation &where, const QString &key, const QString &message, const QString &hint = {});
    void error(const ConfigNode &about, const QString &key, const QString &message, const QString &hint = {});
    int errorCount() const { return int(m_errors.size()); }
    /// Every error so far, in file order (line, then column; stable for equal positions).
    ConfigErrors sortedErrors() const;

private:
    QString m_file;
    QString m_baseDir;
    ConfigErrors m_errors;
};

/// \brief One string of a string array, with its node for element-level errors.
struct StringItem
{
    QString value;
    const ConfigNode *node = nullptr;
};

/// \brief Strict, typed access to one TOML table.
///
/// Unknown keys are reported when the reader is constructed, with a "did you mean" hint; type
/// mismatches are reported on access ("expected a string, got an integer") and read as absent.
/// Errors carry the full dotted key (`endpoints[0].rate_limit.count`).
class TableReader
{
public:
    /// `hintLabel` introduces the list of valid keys when an unknown key has no close match.
    TableReader(ConfigReader &reader, const ConfigNode &table, QString path, const QStringList &knownKeys,
                const QString &hintLabel = {});

    ConfigReader &reader() const { return m_reader; }
    const ConfigNode &node() const { return m_table; }
    const QString &path() const { return m_path; }
    QString keyPath(QStringView key) const;
    const ConfigNode *find(QStringView key) const { return m_table.child(key); }
    bool has(QStringView key) const { return find(key) != nullptr; }
    /// Where `key`'s value was written, or the table itself when the key is absent.
    SourceLocation locationOf(QStringView key) const;
    /// Value location of every key present (for EndpointConfig::keyLocations).
    QHash<QString, SourceLocation> keyLocations() const;

    /// Reports a problem with `key`'s value (at the value, or at the table when absent).
    void error(QStringView key, const QString &message, const QString &hint = {}) const;
    /// Reports a missing required key at the table's location.
    void missing(QStringView key, const QString &message, const QString &hint = {}) const;

    std::optional<QString> string(QStringView key) const;
    std::optional<qint64> integer(QStringView key) const;
    std::optional<double> number(QStringView key) const;
    std::optional<bool> boolean(QStringView key) const;
    std::optional<QList<StringItem>> stringList(QStringView key) const;
    std::optional<Duration> duration(QStringView key) const;
    /// Posthorn size syntax (`"10MB"`); an empty string yields `defaultBytes`.
    std::optional<qint64> size(QStringView key, qint64 defaultBytes) const;
    /// Nested table, or nullptr when absent or not a table.
    const ConfigNode *table(QStringView key) const;
    /// `[[key]]` array of tables; non-table elements are reported and skipped.
    std::optional<std::vector<const ConfigNode *>> tableArray(QStringView key) const;

private:
    void typeError(const ConfigNode &node, QStringView key, const QString &expected) const;

    ConfigReader &m_reader;
    const ConfigNode &m_table;
    QString m_path;
};

/// How strings are accepted where an integer or boolean is expected.
enum class StringCoercion {
    EnvOnly, ///< only strings that held a `${env.NAME}` (`port = "${env.SMTP_PORT}"`)
    Any, ///< any string that parses (transport settings)
};
/// Integer value of `node`: a TOML integer, an integral float when `allowFloat`, or a string
/// per `coercion`. nullopt when the node has another type or the string does not parse.
std::optional<qint64> coerceInteger(const ConfigNode &node, StringCoercion coercion, bool allowFloat);
std::optional<bool> coerceBoolean(const ConfigNode &node, StringCoercion coercion);

/// "expected a string, got an integer".
QString typeMismatch(const QString &expected, const ConfigNode &got);
/// The candidate closest to `word`: equal ignoring case and `_`/`-`, or within edit distance 2.
/// Empty when none is close.
QString closestMatch(const QString &word, const QStringList &candidates);
/// `did you mean "x"?`, or `<label>: a, b, c` when nothing is close.
QString suggestionHint(const QString &word, const QStringList &candidates, const QString &label);
/// `"a", "b" or "c"` for enum messages.
QString quotedChoices(const QStringList &choices, const QString &conjunction = QStringLiteral("or"));

} // namespace Postrider
