#include "ConfigSecrets.h"

#include "ConfigLoader.h"
#include "Logging.h"
#include "TransportSchema.h"

#include <QHash>
#include <QRegularExpression>

namespace Postrider {

namespace {

const QLatin1String kPlaceholderStart("${env.");

/// A value that is nothing but `${env.NAME}` placeholders: not a secret, shown as written.
bool isOnlyPlaceholders(const QString &value)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\$\{env\.[A-Z_][A-Z0-9_]*\})"));
    if (!value.contains(kPlaceholderStart))
        return false;
    QString rest = value;
    rest.remove(placeholder);
    return rest.isEmpty();
}

/// \brief The secret literals of one document, keyed by a position-independent identity.
struct SecretLiteral
{
    ConfigStringLiteral literal;
    QString identity; ///< `transports[=mailer].settings.api_key`, `endpoints[=/api].api_keys[]`
    int item = 0; ///< 1-based index within a secret array, 0 for a scalar
};

/// `transports[1].settings` → the transport table prefix whose `type` decides the schema.
QString transportPrefix(const QString &key)
{
    const qsizetype at = key.lastIndexOf(QLatin1String(".settings."));
    return at < 0 ? QString() : key.left(at);
}

QList<SecretLiteral> secretLiterals(const QList<ConfigStringLiteral> &literals)
{
    QHash<QString, QString> strings; // key → value, for `type` and identity lookups
    for (const ConfigStringLiteral &l : literals)
        strings.insert(l.key, l.value);
    // `xs[3]` → `xs[=<name>]` when the table has a name, path or username.
    static const QRegularExpression index(QStringLiteral(R"(\[(\d+)\])"));
    const auto identityOf = [&](const QString &key) {
        QString out;
        qsizetype last = 0;
        for (auto it = index.globalMatch(key); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const QString prefix = key.left(m.capturedEnd());
            QString id = m.captured(0);
            for (const char *field : {"name", "path", "username"}) {
                const QString k = prefix + u'.' + QLatin1String(field);
                if (strings.contains(k)) {
                    id = QStringLiteral("[=%1]").arg(strings.value(k));
                    break;
                }
            }
            out += key.mid(last, m.capturedStart() - last) + id;
            last = m.capturedEnd();
        }
        return out + key.mid(last);
    };
    static const QRegularExpression arrayItem(QStringLiteral(R"(^(.*)\[(\d+)\]$)"));
    QList<SecretLiteral> out;
    for (const ConfigStringLiteral &l : literals) {
        const QString prefix = transportPrefix(l.key);
        const QString type = prefix.isEmpty() ? QString() : strings.value(prefix + QStringLiteral(".type"));
        if (!ConfigSecrets::isSecretKey(l.key, type))
            continue;
        SecretLiteral s{l, {}, 0};
        const QRegularExpressionMatch m = arrayItem.match(l.key);
        if (m.hasMatch()) {
            s.identity = identityOf(m.captured(1)) + QStringLiteral("[]");
            s.item = m.captured(2).toInt() + 1;
        } else {
            s.identity = identityOf(l.key);
        }
        out.append(s);
    }
    return out;
}

QString quoted(const QString &marker)
{
    return u'"' + marker + u'"';
}

} // namespace

bool ConfigSecrets::isSecretKey(const QString &key, const QString &transportType)
{
    static const QRegularExpression arrayItem(QStringLiteral(R"(\[\d+\]$)"));
    QString bare = key;
    bare.remove(arrayItem);
    const QString last = bare.mid(bare.lastIndexOf(u'.') + 1);
    if (Log::isSecretFieldName(last))
        return true;
    if (bare.contains(QLatin1String(".settings.")) && !transportType.isEmpty()) {
        if (const TransportTypeSpec *spec = transportTypeSpec(transportType))
            if (const SettingSpec *s = spec->setting(last))
                return s->secret;
    }
    return false;
}

Result<QString> ConfigSecrets::redact(const QString &text, const QStringList &knownSecrets)
{
    auto literals = ConfigLoader::stringLiterals(text);
    if (!literals)
        return literals.error();
    QString out = text;
    const QList<SecretLiteral> secrets = secretLiterals(*literals);
    for (auto it = secrets.crbegin(); it != secrets.crend(); ++it) {
        const ConfigStringLiteral &l = it->literal;
        if (isOnlyPlaceholders(l.value))
            continue;
        QString marker = l.value.isEmpty() ? notSetMarker() : setMarker();
        if (it->item > 0 && !l.value.isEmpty())
            marker += QStringLiteral(" #%1").arg(it->item);
        out.replace(l.begin, l.end - l.begin, quoted(marker));
    }
    // A secret pasted into a comment or another key is still a secret.
    for (const QString &s : knownSecrets)
        if (s.size() >= 4)
            out.replace(s, QStringLiteral("[REDACTED]"));
    return out;
}

Result<QString> ConfigSecrets::restore(const QString &edited, const QString &current)
{
    auto editedLiterals = ConfigLoader::stringLiterals(edited);
    if (!editedLiterals)
        return edited;
    auto currentLiterals = ConfigLoader::stringLiterals(current);
    QHash<QString, QList<ConfigStringLiteral>> kept; // identity → items in order
    if (currentLiterals)
        for (const SecretLiteral &s : secretLiterals(*currentLiterals)) {
            QList<ConfigStringLiteral> &items = kept[s.identity];
            if (s.item == 0)
                items = {s.literal};
            else
                items.append(s.literal);
        }
    static const QRegularExpression numbered(QStringLiteral(R"(^set #(\d+)$)"));
    QString out = edited;
    const QList<SecretLiteral> secrets = secretLiterals(*editedLiterals);
    for (auto it = secrets.crbegin(); it != secrets.crend(); ++it) {
        const ConfigStringLiteral &l = it->literal;
        int wanted = -1; // 0-based item of the current value to keep
        if (l.value == setMarker())
            wanted = 0;
        else if (const QRegularExpressionMatch m = numbered.match(l.value); m.hasMatch())
            wanted = m.captured(1).toInt() - 1;
        else if (l.value == notSetMarker()) {
            out.replace(l.begin, l.end - l.begin, QStringLiteral("\"\""));
            continue;
        }
        if (wanted < 0)
            continue; // a new value typed in by the user
        const QList<ConfigStringLiteral> items = kept.value(it->identity);
        if (wanted >= items.size())
            return Error(QStringLiteral("config.invalid"),
                         QStringLiteral("%1 says \"%2\" but the current config has no such value to keep; type the "
                                        "new value")
                             .arg(l.key, l.value),
                         {{QStringLiteral("line"), l.line},
                          {QStringLiteral("column"), l.column},
                          {QStringLiteral("key"), l.key}});
        const ConfigStringLiteral &source = items[wanted];
        out.replace(l.begin, l.end - l.begin, current.mid(source.begin, source.end - source.begin));
    }
    return out;
}

} // namespace Postrider
