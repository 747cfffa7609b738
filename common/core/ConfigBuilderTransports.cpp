#include "ConfigBuilder.h"

#include "TlsFiles.h"

#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <limits>

namespace Postrider {

namespace {
QStringList transportKeys(bool named)
{
    QStringList keys = {QStringLiteral("type"), QStringLiteral("settings"), QStringLiteral("timeout"),
                        QStringLiteral("max_concurrency"), QStringLiteral("max_rate")};
    if (named)
        keys.prepend(QStringLiteral("name"));
    return keys;
}

QString kindName(SettingSpec::Kind kind)
{
    switch (kind) {
    case SettingSpec::Kind::Int:
        return QStringLiteral("an integer");
    case SettingSpec::Kind::Bool:
        return QStringLiteral("a boolean");
    case SettingSpec::Kind::String:
        break;
    }
    return QStringLiteral("a string");
}
} // namespace

void ConfigBuilder::readNamedTransports(const TableReader &top)
{
    const auto tables = top.tableArray(u"transports");
    if (!tables)
        return;
    for (size_t i = 0; i < tables->size(); ++i) {
        const ConfigNode &table = *(*tables)[i];
        const QString path = QStringLiteral("transports[%1]").arg(i);
        TransportConfig tc = readTransport(table, path, QString());
        if (tc.name.isEmpty())
            continue;
        if (m_namedTransports.contains(tc.name)) {
            m_r.error(*table.child(u"name"), path + QStringLiteral(".name"),
                      QStringLiteral("duplicate transport name \"%1\"").arg(tc.name),
                      QStringLiteral("first defined at line %1").arg(m_namedTransports.value(tc.name).line));
            continue;
        }
        m_namedTransports.insert(tc.name, table.where);
        m_config.transports.append(tc);
    }
}

TransportConfig ConfigBuilder::readTransport(const ConfigNode &table, const QString &path, const QString &inlineName)
{
    const bool named = inlineName.isEmpty();
    TableReader t(m_r, table, path, transportKeys(named));
    TransportConfig tc;
    tc.where = table.where;
    tc.isInline = !named;
    tc.name = inlineName;
    if (named) {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]+$"));
        const auto name =
            readRequiredString(t, u"name", QStringLiteral("name is required"),
                               QStringLiteral("routes refer to this transport by name, e.g. name = \"primary\""));
        if (name && !re.match(*name).hasMatch())
            t.error(u"name", QStringLiteral("name must match [A-Za-z0-9_.-]+, got \"%1\"").arg(*name));
        else if (name && *name == QLatin1String(kListenerTransportName))
            t.error(u"name",
                    QStringLiteral("name \"%1\" is reserved for the [smtp_listener.transport] table").arg(*name));
        else if (name)
            tc.name = *name;
    }

    const TransportTypeSpec *spec = nullptr;
    const auto type =
        readRequiredString(t, u"type", QStringLiteral("type is required (e.g., \"postmark\")"),
                           QStringLiteral("known types: ") + transportTypeNames().join(QStringLiteral(", ")));
    if (type && !(spec = transportTypeSpec(*type))) {
        t.error(
            u"type",
            QStringLiteral("unknown transport type \"%1\" (known: [%2])").arg(*type, transportTypeNames().join(u' ')),
            suggestionHint(*type, transportTypeNames(), QStringLiteral("known types")));
    } else if (type) {
        tc.type = *type;
    }

    if (const auto d = readPositiveDuration(t, u"timeout"))
        tc.timeout = *d;
    if (const auto v = readMin(t, u"max_concurrency", 0))
        tc.maxConcurrency = int(std::min<qint64>(*v, std::numeric_limits<int>::max()));
    if (const auto rate = t.number(u"max_rate")) {
        if (*rate < 0 || std::isnan(*rate))
            t.error(u"max_rate", QStringLiteral("max_rate must be >= 0, got %1").arg(*rate));
        else
            tc.maxRatePerSecond = *rate;
    }
    // With an unknown type the settings keys cannot be checked; the type error says enough.
    t.table(u"settings");
    if (spec)
        readSettings(tc, *spec, t);
    return tc;
}

void ConfigBuilder::readSettings(TransportConfig &tc, const TransportTypeSpec &spec, const TableReader &t)
{
    const QString base = t.keyPath(u"settings");
    const ConfigNode *settings = t.find(u"settings");
    const ConfigNode empty;
    const bool present = settings && settings->isTable();
    // Constructing the reader reports unknown settings (Posthorn ignored typos here; we do not).
    const TableReader unknownKeyCheck(m_r, present ? *settings : empty, base, spec.keys(),
                                      QStringLiteral("valid settings for %1").arg(spec.type));
    const SourceLocation missingAt = present ? settings->where : t.node().where;

    for (const SettingSpec &ss : spec.settings) {
        const QString key = base + u'.' + ss.key;
        const QString requiredMessage = QStringLiteral("%1 transport requires settings.%2").arg(spec.type, ss.key);
        const ConfigNode *n = present ? settings->child(ss.key) : nullptr;
        if (!n) {
            if (ss.required)
                m_r.error(missingAt, key, requiredMessage);
            continue;
        }
        QVariant value;
        switch (ss.kind) {
        case SettingSpec::Kind::String:
            if (n->isString())
                value = n->string();
            break;
        case SettingSpec::Kind::Int:
            // Posthorn read ports from TOML integers or floats; a string works once substituted.
            if (const auto v = coerceInteger(*n, StringCoercion::Any, true))
                value = *v;
            break;
        case SettingSpec::Kind::Bool:
            if (const auto v = coerceBoolean(*n, StringCoercion::Any))
                value = *v;
            break;
        }
        if (!value.isValid()) {
            m_r.error(*n, key, typeMismatch(kindName(ss.kind), *n));
            continue;
        }
        if (ss.kind == SettingSpec::Kind::String) {
            const QString text = value.toString();
            if (text.isEmpty()) {
                if (ss.required)
                    m_r.error(*n, key, requiredMessage);
                continue;
            }
            if (!ss.choices.isEmpty() && !ss.choices.contains(text)) {
                m_r.error(*n, key,
                          QStringLiteral("%1 transport settings.%2 must be %3, got \"%4\"")
                              .arg(spec.type, ss.key, quotedChoices(ss.choices), text),
                          suggestionHint(text, ss.choices, QStringLiteral("choices")));
                continue;
            }
        }
        if (ss.kind == SettingSpec::Kind::Int && ss.max > ss.min
            && (value.toLongLong() < ss.min || value.toLongLong() > ss.max)) {
            m_r.error(*n, key,
                      QStringLiteral("%1 transport settings.%2 must be %3-%4, got %5")
                          .arg(spec.type, ss.key)
                          .arg(ss.min)
                          .arg(ss.max)
                          .arg(value.toLongLong()));
            continue;
        }
        if (n->envUnset)
            continue;
        if (ss.key == QLatin1String("base_url")) {
            const QUrl url(value.toString(), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (!url.isValid() || url.host().isEmpty() || (scheme != u"https" && scheme != u"http")) {
                m_r.error(*n, key,
                          QStringLiteral("settings.base_url must be an http:// or https:// URL, got \"%1\"")
                              .arg(value.toString()));
                continue;
            }
        }
        if (ss.key == QLatin1String("ca_file") || (spec.type == u"capture" && ss.key == u"path"))
            value = resolvePath(value.toString());
        if (ss.key == QLatin1String("ca_file")) {
            const auto certs = TlsFiles::loadCertificates(value.toString());
            if (!certs) {
                m_r.error(*n, key, QStringLiteral("settings.ca_file: ") + certs.error().message);
                continue;
            }
        }
        tc.settings.insert(ss.key, value);
    }

    // Outbound SMTP: AUTH needs both halves; Postrider allows neither (a no-auth relay, decisions §16).
    if (spec.type == u"smtp" && present) {
        const bool user = settings->child(u"username") != nullptr;
        const bool pass = settings->child(u"password") != nullptr;
        if (user != pass) {
            const QString missingKey = user ? QStringLiteral("password") : QStringLiteral("username");
            m_r.error(missingAt, base + u'.' + missingKey,
                      QStringLiteral("smtp transport settings.%1 is required when settings.%2 is set")
                          .arg(missingKey, user ? QStringLiteral("username") : QStringLiteral("password")),
                      QStringLiteral("leave both unset for a relay without AUTH"));
        }
    }
}

QStringList ConfigBuilder::readRoute(const TableReader &t, const QString &inlineName, const QString &tableHeader)
{
    const ConfigNode *single = t.find(u"transport");
    const ConfigNode *list = t.find(u"transports");
    QStringList known = m_namedTransports.keys();
    known.sort();
    const QString namesHint = known.isEmpty()
        ? QStringLiteral("no [[transports]] are defined")
        : QStringLiteral("defined transports: ") + known.join(QStringLiteral(", "));
    auto checkName = [&](const StringItem &item, const QString &key) {
        if (m_namedTransports.contains(item.value))
            return true;
        const QString close = closestMatch(item.value, known);
        m_r.error(*item.node, key, QStringLiteral("unknown transport \"%1\"").arg(item.value),
                  close.isEmpty() ? namesHint : QStringLiteral("did you mean \"%1\"?").arg(close));
        return false;
    };

    if (single && list) {
        t.error(u"transports", QStringLiteral("transport and transports are mutually exclusive"),
                QStringLiteral("keep one: transports = [\"a\", \"b\"] lists failover transports in order"));
        return {};
    }
    if (!single && !list) {
        t.missing(u"transport", QStringLiteral("transport is required"),
                  QStringLiteral("add a [%1.transport] table, transport = \"name\" of a [[transports]] entry, or "
                                 "transports = [\"a\", \"b\"]")
                      .arg(tableHeader));
        return {};
    }
    if (single && single->isTable()) {
        const TransportConfig tc = readTransport(*single, t.keyPath(u"transport"), inlineName);
        if (!m_config.transport(tc.name))
            m_config.transports.append(tc);
        return {tc.name};
    }
    if (single && single->isString()) {
        const StringItem item{single->string(), single};
        if (item.value.isEmpty()) {
            t.error(u"transport", QStringLiteral("transport must name a [[transports]] entry"), namesHint);
            return {};
        }
        return checkName(item, t.keyPath(u"transport")) ? QStringList{item.value} : QStringList{};
    }
    if (single) {
        m_r.error(*single, t.keyPath(u"transport"), typeMismatch(QStringLiteral("a table or a string"), *single));
        return {};
    }

    const auto items = t.stringList(u"transports");
    if (!items)
        return {};
    if (items->isEmpty() && list->items.empty()) {
        t.error(u"transports", QStringLiteral("transports must list at least one transport name"), namesHint);
        return {};
    }
    QStringList names;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const StringItem &item = items->at(i);
        const QString key = t.keyPath(u"transports") + QStringLiteral("[%1]").arg(i);
        if (names.contains(item.value)) {
            m_r.error(*item.node, key, QStringLiteral("transport \"%1\" is listed twice").arg(item.value));
            continue;
        }
        if (checkName(item, key))
            names.append(item.value);
    }
    return names;
}

} // namespace Postrider
