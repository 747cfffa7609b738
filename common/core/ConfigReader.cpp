#include "ConfigReader.h"

#include <algorithm>

namespace Postrider {

const ConfigMember *ConfigNode::member(QStringView key) const
{
    for (const ConfigMember &m : members)
        if (m.key == key)
            return &m;
    return nullptr;
}

const ConfigNode *ConfigNode::child(QStringView key) const
{
    const ConfigMember *m = member(key);
    return m ? &m->node : nullptr;
}

QString ConfigNode::typeName(Type type)
{
    switch (type) {
    case Type::Table:
        return QStringLiteral("a table");
    case Type::Array:
        return QStringLiteral("an array");
    case Type::String:
        return QStringLiteral("a string");
    case Type::Integer:
        return QStringLiteral("an integer");
    case Type::Float:
        return QStringLiteral("a float");
    case Type::Boolean:
        return QStringLiteral("a boolean");
    case Type::DateTime:
        return QStringLiteral("a date-time");
    }
    return {};
}

ConfigReader::ConfigReader(QString file, QString baseDir)
    : m_file(std::move(file))
    , m_baseDir(std::move(baseDir))
{ }

void ConfigReader::error(const SourceLocation &where, const QString &key, const QString &message, const QString &hint)
{
    SourceLocation at = where;
    if (at.file.isEmpty())
        at.file = m_file;
    m_errors.append(ConfigError{at, key, message, hint});
}

void ConfigReader::error(const ConfigNode &about, const QString &key, const QString &message, const QString &hint)
{
    if (about.envUnset)
        return;
    error(about.where, key, message, hint);
}

ConfigErrors ConfigReader::sortedErrors() const
{
    ConfigErrors out = m_errors;
    std::stable_sort(out.begin(), out.end(), [](const ConfigError &a, const ConfigError &b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return out;
}

TableReader::TableReader(ConfigReader &reader, const ConfigNode &table, QString path, const QStringList &knownKeys,
                         const QString &hintLabel)
    : m_reader(reader)
    , m_table(table)
    , m_path(std::move(path))
{
    for (const ConfigMember &m : table.members) {
        if (knownKeys.contains(m.key))
            continue;
        m_reader.error(
            m.keyWhere, keyPath(m.key), QStringLiteral("unknown field \"%1\"").arg(m.key),
            suggestionHint(m.key, knownKeys, hintLabel.isEmpty() ? QStringLiteral("valid keys here") : hintLabel));
    }
}

QString TableReader::keyPath(QStringView key) const
{
    return m_path.isEmpty() ? key.toString() : m_path + u'.' + key.toString();
}

SourceLocation TableReader::locationOf(QStringView key) const
{
    const ConfigNode *n = find(key);
    return n ? n->where : m_table.where;
}

QHash<QString, SourceLocation> TableReader::keyLocations() const
{
    QHash<QString, SourceLocation> out;
    for (const ConfigMember &m : m_table.members)
        out.insert(m.key, m.node.where);
    return out;
}

void TableReader::error(QStringView key, const QString &message, const QString &hint) const
{
    if (const ConfigNode *n = find(key))
        m_reader.error(*n, keyPath(key), message, hint);
    else
        m_reader.error(m_table.where, keyPath(key), message, hint);
}

void TableReader::missing(QStringView key, const QString &message, const QString &hint) const
{
    m_reader.error(m_table.where, keyPath(key), message, hint);
}

void TableReader::typeError(const ConfigNode &node, QStringView key, const QString &expected) const
{
    m_reader.error(node, keyPath(key), typeMismatch(expected, node));
}

std::optional<QString> TableReader::string(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    if (!n->isString()) {
        typeError(*n, key, QStringLiteral("a string"));
        return std::nullopt;
    }
    return n->string();
}

std::optional<qint64> TableReader::integer(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    const auto v = coerceInteger(*n, StringCoercion::EnvOnly, false);
    if (!v && !n->envUnset)
        typeError(*n, key, QStringLiteral("an integer"));
    return v;
}

std::optional<double> TableReader::number(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    if (n->type == ConfigNode::Type::Float || n->type == ConfigNode::Type::Integer)
        return n->value.toDouble();
    if (n->isString() && n->envSubstituted) {
        bool ok = false;
        const double d = n->string().trimmed().toDouble(&ok);
        if (ok)
            return d;
    }
    if (!n->envUnset)
        typeError(*n, key, QStringLiteral("a number"));
    return std::nullopt;
}

std::optional<bool> TableReader::boolean(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    const auto v = coerceBoolean(*n, StringCoercion::EnvOnly);
    if (!v && !n->envUnset)
        typeError(*n, key, QStringLiteral("a boolean"));
    return v;
}

std::optional<QList<StringItem>> TableReader::stringList(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    if (!n->isArray()) {
        typeError(*n, key, QStringLiteral("an array of strings"));
        return std::nullopt;
    }
    QList<StringItem> out;
    for (size_t i = 0; i < n->items.size(); ++i) {
        const ConfigNode &item = n->items[i];
        if (item.isString())
            out.append({item.string(), &item});
        else
            m_reader.error(item, keyPath(key) + QStringLiteral("[%1]").arg(i),
                           typeMismatch(QStringLiteral("a string"), item));
    }
    return out;
}

std::optional<Duration> TableReader::duration(QStringView key) const
{
    const std::optional<QString> text = string(key);
    if (!text)
        return std::nullopt;
    const Result<Duration> d = parseDuration(*text);
    if (!d) {
        error(key, d.error().message);
        return std::nullopt;
    }
    return *d;
}

std::optional<qint64> TableReader::size(QStringView key, qint64 defaultBytes) const
{
    const std::optional<QString> text = string(key);
    if (!text)
        return std::nullopt;
    const Result<qint64> s = parseSize(*text, defaultBytes);
    if (!s) {
        error(key, s.error().message);
        return std::nullopt;
    }
    return *s;
}

const ConfigNode *TableReader::table(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return nullptr;
    if (!n->isTable()) {
        typeError(*n, key, QStringLiteral("a table"));
        return nullptr;
    }
    return n;
}

std::optional<std::vector<const ConfigNode *>> TableReader::tableArray(QStringView key) const
{
    const ConfigNode *n = find(key);
    if (!n)
        return std::nullopt;
    if (!n->isArray()) {
        m_reader.error(*n, keyPath(key), typeMismatch(QStringLiteral("an array of tables"), *n),
                       QStringLiteral("write each entry as [[%1]]").arg(keyPath(key)));
        return std::nullopt;
    }
    std::vector<const ConfigNode *> out;
    for (size_t i = 0; i < n->items.size(); ++i) {
        const ConfigNode &item = n->items[i];
        if (item.isTable())
            out.push_back(&item);
        else
            m_reader.error(item, keyPath(key) + QStringLiteral("[%1]").arg(i),
                           typeMismatch(QStringLiteral("a table"), item));
    }
    return out;
}

std::optional<qint64> coerceInteger(const ConfigNode &node, StringCoercion coercion, bool allowFloat)
{
    switch (node.type) {
    case ConfigNode::Type::Integer:
        return node.value.toLongLong();
    case ConfigNode::Type::Float: {
        const double d = node.value.toDouble();
        // 2^53 bounds the floats that still represent every integer exactly.
        if (allowFloat && d == double(qint64(d)) && std::abs(d) <= 9007199254740992.0)
            return qint64(d);
        return std::nullopt;
    }
    case ConfigNode::Type::String: {
        if (coercion == StringCoercion::EnvOnly && !node.envSubstituted)
            return std::nullopt;
        bool ok = false;
        const qint64 v = node.string().trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(v) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

std::optional<bool> coerceBoolean(const ConfigNode &node, StringCoercion coercion)
{
    if (node.type == ConfigNode::Type::Boolean)
        return node.value.toBool();
    if (!node.isString() || (coercion == StringCoercion::EnvOnly && !node.envSubstituted))
        return std::nullopt;
    const QString s = node.string().trimmed();
    if (s == QLatin1String("true"))
        return true;
    if (s == QLatin1String("false"))
        return false;
    return std::nullopt;
}

QString typeMismatch(const QString &expected, const ConfigNode &got)
{
    return QStringLiteral("expected %1, got %2").arg(expected, ConfigNode::typeName(got.type));
}

namespace {
int editDistance(QStringView a, QStringView b)
{
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

QString folded(const QString &s)
{
    QString out = s.toLower();
    out.replace(u'-', u'_');
    return out;
}
} // namespace

QString closestMatch(const QString &word, const QStringList &candidates)
{
    const QString w = folded(word);
    QString best;
    int bestDistance = 3;
    for (const QString &c : candidates) {
        const QString f = folded(c);
        if (f == w)
            return c;
        const int d = editDistance(w, f);
        // A distance as long as the word itself would "suggest" unrelated short keys.
        if (d < bestDistance && d < std::max(w.size(), f.size())) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

QString suggestionHint(const QString &word, const QStringList &candidates, const QString &label)
{
    const QString close = closestMatch(word, candidates);
    if (!close.isEmpty())
        return QStringLiteral("did you mean \"%1\"?").arg(close);
    if (candidates.isEmpty())
        return {};
    return label + QStringLiteral(": ") + candidates.join(QStringLiteral(", "));
}

QString quotedChoices(const QStringList &choices, const QString &conjunction)
{
    QStringList quoted;
    for (const QString &c : choices)
        quoted.append(u'"' + c + u'"');
    if (quoted.size() <= 1)
        return quoted.join(QString());
    const QString last = quoted.takeLast();
    return quoted.join(QStringLiteral(", ")) + u' ' + conjunction + u' ' + last;
}

} // namespace Postrider
