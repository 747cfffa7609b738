#include "ConfigBuilder.h"

#include "Address.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>

namespace Postrider {

namespace {
const QStringList &endpointKeys()
{
    static const QStringList keys = {
        // Posthorn v1.0
        QStringLiteral("path"), QStringLiteral("to"), QStringLiteral("from"), QStringLiteral("subject"),
        QStringLiteral("body"), QStringLiteral("transport"), QStringLiteral("auth"), QStringLiteral("api_keys"),
        QStringLiteral("idempotency_cache_size"), QStringLiteral("required"), QStringLiteral("email_field"),
        QStringLiteral("reply_to_email_field"), QStringLiteral("honeypot"), QStringLiteral("allowed_origins"),
        QStringLiteral("max_body_size"), QStringLiteral("trusted_proxies"), QStringLiteral("strip_client_ip"),
        QStringLiteral("rate_limit"), QStringLiteral("log_failed_submissions"), QStringLiteral("redirect_success"),
        QStringLiteral("redirect_error"), QStringLiteral("dry_run"), QStringLiteral("csrf_secret"),
        QStringLiteral("csrf_token_ttl"),
        // Postrider
        QStringLiteral("transports"), QStringLiteral("delivery"), QStringLiteral("attachments"),
        QStringLiteral("max_attachment_size"), QStringLiteral("body_file"), QStringLiteral("html"),
        QStringLiteral("html_file")};
    return keys;
}

/// Posthorn's built-in routes; an endpoint there made Posthorn's mux panic at startup.
bool isReservedPath(const QString &path)
{
    return path == u"/healthz" || path == u"/metrics";
}

/// Why Address::parse refused `text`, without its own "invalid email address "x": " prefix.
QString addressProblem(const Error &error)
{
    const qsizetype cut = error.message.indexOf(QLatin1String("\": "));
    return cut >= 0 ? error.message.mid(cut + 3) : error.message;
}

/// Form-mode keys that Posthorn rejects on API endpoints, with the reason shown to the operator.
struct FormOnlyKey
{
    const char *key;
    const char *reason;
};
constexpr FormOnlyKey kFormOnlyKeys[] = {
    {"honeypot", "API clients do not fill in hidden form fields"},
    {"allowed_origins", "API clients authenticate with keys, not with a browser Origin"},
    {"redirect_success", "API clients read the JSON answer"},
    {"redirect_error", "API clients read the JSON answer"},
    {"csrf_secret", "CSRF tokens protect browser forms; API clients authenticate with keys"},
};
} // namespace

void ConfigBuilder::readEndpoints(const TableReader &top)
{
    const auto tables = top.tableArray(u"endpoints");
    if (!tables)
        return;
    QHash<QString, int> firstLine;
    for (size_t i = 0; i < tables->size(); ++i) {
        const ConfigNode &table = *(*tables)[i];
        EndpointConfig e = readEndpoint(table, QStringLiteral("endpoints[%1]").arg(i));
        if (!e.path.isEmpty()) {
            if (firstLine.contains(e.path))
                m_r.error(*table.child(u"path"), QStringLiteral("endpoints[%1].path").arg(i),
                          QStringLiteral("duplicate endpoint path: %1").arg(e.path),
                          QStringLiteral("first defined at line %1").arg(firstLine.value(e.path)));
            else
                firstLine.insert(e.path, e.locationOf(QStringLiteral("path")).line);
        }
        m_config.endpoints.append(e);
    }
}

EndpointConfig ConfigBuilder::readEndpoint(const ConfigNode &table, const QString &keyPath)
{
    TableReader t(m_r, table, keyPath, endpointKeys());
    EndpointConfig e;
    e.where = table.where;
    e.keyLocations = t.keyLocations();

    if (const auto path = readRequiredString(t, u"path", QStringLiteral("path is required"),
                                             QStringLiteral("e.g. path = \"/contact\""))) {
        if (!path->startsWith(u'/'))
            t.error(u"path", QStringLiteral("path must start with /, got \"%1\"").arg(*path),
                    QStringLiteral("write \"/%1\"").arg(*path));
        else if (isReservedPath(*path))
            t.error(u"path", QStringLiteral("path %1 is reserved for the built-in endpoint").arg(*path));
        else
            e.path = *path;
    }

    if (const auto to = t.stringList(u"to"); !to) {
        if (!t.has(u"to"))
            t.missing(u"to", QStringLiteral("to is required"), QStringLiteral("e.g. to = [\"you@example.com\"]"));
    } else if (to->isEmpty()) {
        t.error(u"to", QStringLiteral("to is required"), QStringLiteral("list at least one recipient"));
    } else {
        for (qsizetype i = 0; i < to->size(); ++i) {
            const StringItem &item = to->at(i);
            const Result<Address> address = Address::parse(item.value);
            if (!address)
                m_r.error(
                    *item.node, t.keyPath(u"to") + QStringLiteral("[%1]").arg(i),
                    QStringLiteral("to: invalid email \"%1\": %2").arg(item.value, addressProblem(address.error())));
            else
                e.to.append(item.value);
        }
    }

    if (const auto from = readRequiredString(t, u"from", QStringLiteral("from is required"),
                                             QStringLiteral("e.g. from = \"Website <noreply@example.com>\""))) {
        const Result<Address> address = Address::parse(*from);
        if (!address)
            t.error(u"from",
                    QStringLiteral("from: invalid email \"%1\": %2").arg(*from, addressProblem(address.error())));
        else
            e.from = *from;
    }
    if (const auto subject = readRequiredString(t, u"subject", QStringLiteral("subject is required")))
        e.subject = *subject;
    readTemplate(t, QStringLiteral("body"), QStringLiteral("body_file"), true, true, e.body, e.bodyFile);
    readTemplate(t, QStringLiteral("html"), QStringLiteral("html_file"), false, false, e.html, e.htmlFile);

    readEndpointAuth(t, e);
    readEndpointProxies(t, e);

    if (const auto required = t.stringList(u"required")) {
        for (qsizetype i = 0; i < required->size(); ++i) {
            if (required->at(i).value.trimmed().isEmpty())
                m_r.error(*required->at(i).node, t.keyPath(u"required") + QStringLiteral("[%1]").arg(i),
                          QStringLiteral("required[%1]: empty field name").arg(i));
            else
                e.required.append(required->at(i).value);
        }
    }
    if (const auto field = t.string(u"email_field"); field && !field->isEmpty())
        e.emailField = *field;
    if (const auto field = t.string(u"reply_to_email_field"))
        e.replyToEmailField = *field;
    if (const auto size = t.size(u"max_body_size", e.maxBodySize))
        e.maxBodySize = *size; // "0" means no cap, as in Posthorn
    if (const auto b = t.boolean(u"strip_client_ip"))
        e.stripClientIp = *b;
    if (const auto b = t.boolean(u"log_failed_submissions"))
        e.logFailedSubmissions = *b;
    if (const auto b = t.boolean(u"dry_run"))
        e.dryRun = *b;

    if (const ConfigNode *rl = t.table(u"rate_limit")) {
        TableReader r(m_r, *rl, t.keyPath(u"rate_limit"), {QStringLiteral("count"), QStringLiteral("interval")});
        const auto count = r.integer(u"count");
        const auto interval = r.duration(u"interval");
        const bool countBad = !count && !r.has(u"count");
        const bool intervalBad = !interval && !r.has(u"interval");
        if (countBad || (count && *count <= 0))
            r.error(u"count", QStringLiteral("rate_limit.count must be positive, got %1").arg(count.value_or(0)),
                    QStringLiteral("e.g. rate_limit = { count = 5, interval = \"1m\" }"));
        if (intervalBad || (interval && *interval <= Duration::zero()))
            r.error(u"interval",
                    QStringLiteral("rate_limit.interval must be positive, got %1")
                        .arg(formatDuration(interval.value_or(Duration::zero()))),
                    QStringLiteral("e.g. interval = \"1m\""));
        if (count && *count > 0 && interval && *interval > Duration::zero())
            e.rateLimit = RateLimitConfig{*count, *interval};
    }

    if (const auto mode = readDelivery(t))
        e.delivery = *mode;
    if (const auto b = t.boolean(u"attachments"))
        e.attachments = *b;
    if (const auto size = t.size(u"max_attachment_size", e.maxAttachmentSize)) {
        if (*size <= 0)
            t.error(u"max_attachment_size", QStringLiteral("max_attachment_size must be greater than 0"),
                    QStringLiteral("set attachments = false to drop file fields instead"));
        else
            e.maxAttachmentSize = *size;
    }

    const QString routeName = QStringLiteral("endpoint:") + (e.path.isEmpty() ? keyPath : e.path);
    e.transports = readRoute(t, routeName, QStringLiteral("endpoints"));
    return e;
}

void ConfigBuilder::readEndpointAuth(const TableReader &t, EndpointConfig &e)
{
    const bool authPresent = t.has(u"auth");
    const auto auth = readChoice(t, u"auth", {QString(), QStringLiteral("form"), QStringLiteral("api-key")},
                                 QStringLiteral("auth: must be \"form\" or \"api-key\", got \"%1\""));
    // With an invalid auth value the mode is unknown; mode-dependent checks would only add noise.
    if (authPresent && !auth)
        return;
    const bool api = auth && *auth == QLatin1String("api-key");
    e.auth = api ? EndpointAuth::ApiKey : EndpointAuth::Form;

    const auto keys = t.stringList(u"api_keys");
    if (api) {
        if (!keys || keys->isEmpty()) {
            if (!t.has(u"api_keys") || keys)
                t.error(u"api_keys", QStringLiteral("api_keys: at least one key required when auth = \"api-key\""),
                        QStringLiteral("e.g. api_keys = [\"${env.CONTACT_API_KEY}\"]"));
        } else {
            for (qsizetype i = 0; i < keys->size(); ++i) {
                if (keys->at(i).value.trimmed().isEmpty())
                    m_r.error(*keys->at(i).node, t.keyPath(u"api_keys") + QStringLiteral("[%1]").arg(i),
                              QStringLiteral("api_keys[%1]: empty key").arg(i));
                else
                    e.apiKeys.append(keys->at(i).value);
            }
        }
        for (const FormOnlyKey &k : kFormOnlyKeys) {
            const QString key = QLatin1String(k.key);
            if (t.has(key))
                t.error(key, QStringLiteral("%1: not valid on auth=\"api-key\" endpoints (%2)").arg(key, k.reason));
        }
    } else if (keys && !keys->isEmpty()) {
        t.error(u"api_keys", QStringLiteral("api_keys: must be unset unless auth = \"api-key\""),
                QStringLiteral("add auth = \"api-key\" to make this an API endpoint"));
    }

    if (const auto size = t.integer(u"idempotency_cache_size")) {
        if (!api && *size != 0)
            t.error(u"idempotency_cache_size",
                    QStringLiteral("idempotency_cache_size: only valid on auth=\"api-key\" endpoints"));
        else if (*size < 0)
            t.error(u"idempotency_cache_size",
                    QStringLiteral("idempotency_cache_size must be >= 0, got %1").arg(*size));
        else
            e.idempotencyCacheSize = *size;
    }
    if (api)
        return;

    if (const auto honeypot = t.string(u"honeypot"))
        e.honeypot = *honeypot;
    if (const auto success = t.string(u"redirect_success"))
        e.redirectSuccess = *success;
    if (const auto error = t.string(u"redirect_error"))
        e.redirectError = *error;
    if (const auto origins = t.stringList(u"allowed_origins")) {
        if (origins->isEmpty() && t.find(u"allowed_origins")->items.empty())
            t.error(u"allowed_origins",
                    QStringLiteral("allowed_origins is explicitly empty; remove the key to skip the origin check, "
                                   "or list the origins allowed to post"));
        QStringList normalized;
        for (qsizetype i = 0; i < origins->size(); ++i) {
            const QString origin = normalizeOrigin(origins->at(i).value);
            if (origin.isEmpty())
                m_r.error(
                    *origins->at(i).node, t.keyPath(u"allowed_origins") + QStringLiteral("[%1]").arg(i),
                    QStringLiteral("allowed_origins[%1]: \"%2\" is not an origin").arg(i).arg(origins->at(i).value),
                    QStringLiteral("write scheme://host[:port], e.g. \"https://example.com\""));
            else
                normalized.append(origin);
        }
        e.allowedOrigins = normalized;
    }
    if (const auto secret = t.string(u"csrf_secret")) {
        const QByteArray bytes = secret->toUtf8();
        if (!bytes.isEmpty() && bytes.size() < 16)
            t.error(u"csrf_secret", QStringLiteral("csrf_secret must be at least 16 bytes; got %1").arg(bytes.size()),
                    QStringLiteral("generate one with: openssl rand -hex 32"));
        else
            e.csrfSecret = bytes;
    }
    if (const auto ttl = t.duration(u"csrf_token_ttl")) {
        if (*ttl < Duration::zero())
            t.error(u"csrf_token_ttl",
                    QStringLiteral("csrf_token_ttl must not be negative, got %1").arg(formatDuration(*ttl)));
        else if (*ttl > Duration::zero())
            e.csrfTokenTtl = *ttl;
    }
}

void ConfigBuilder::readEndpointProxies(const TableReader &t, EndpointConfig &e)
{
    const auto proxies = t.stringList(u"trusted_proxies");
    if (!proxies)
        return;
    for (qsizetype i = 0; i < proxies->size(); ++i) {
        const StringItem &item = proxies->at(i);
        const QString key = t.keyPath(u"trusted_proxies") + QStringLiteral("[%1]").arg(i);
        const QString entry = item.value.trimmed();
        e.trustedProxies.append(item.value);
        if (isTrustedProxyPreset(entry)) {
            const QList<IpRange> ranges = trustedProxyPreset(entry);
            // decisions §21: Posthorn accepted these names but they matched no address at all.
            if (ranges.isEmpty())
                m_r.error(*item.node, key, QStringLiteral("preset \"%1\" expands to no addresses").arg(entry),
                          QStringLiteral("list your load balancer's address ranges as CIDRs instead"));
            e.trustedRanges += ranges;
            continue;
        }
        const Result<IpRange> range = parseCidr(entry);
        if (range) {
            e.trustedRanges.append(*range);
            continue;
        }
        QString hint;
        const QHostAddress bare(entry);
        if (!bare.isNull())
            hint = QStringLiteral("add a prefix length: \"%1/%2\"")
                       .arg(entry,
                            bare.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("128")
                                                                             : QStringLiteral("32"));
        else
            hint = suggestionHint(entry, {QStringLiteral("cloudflare")},
                                  QStringLiteral("use a CIDR such as 10.0.0.0/8 or the preset"));
        m_r.error(*item.node, key, QStringLiteral("trusted_proxies: ") + range.error().message, hint);
    }
}

void ConfigBuilder::readTemplate(const TableReader &t, const QString &inlineKey, const QString &fileKey,
                                 bool posthornRule, bool required, QString &text, QString &file)
{
    const ConfigNode *inlineNode = t.find(inlineKey);
    const ConfigNode *fileNode = t.find(fileKey);
    if (inlineNode && fileNode) {
        t.error(fileKey, QStringLiteral("%1 and %2 are mutually exclusive").arg(inlineKey, fileKey),
                QStringLiteral("keep one of them"));
        return;
    }
    if (fileNode) {
        const auto path = t.string(fileKey);
        if (!path || fileNode->envUnset)
            return;
        const QString resolved = resolvePath(*path);
        if (path->isEmpty() || !QFileInfo(resolved).isFile()) {
            t.error(fileKey, QStringLiteral("%1: no such file: %2").arg(fileKey, resolved),
                    QStringLiteral("relative paths are resolved against the config file's directory"));
            return;
        }
        if (const auto content = readFileText(t, fileKey, resolved)) {
            text = *content;
            file = resolved;
        }
        return;
    }
    const auto value = t.string(inlineKey);
    if (!value) {
        if (required && !inlineNode)
            t.missing(inlineKey, QStringLiteral("%1 is required").arg(inlineKey),
                      QStringLiteral("set %1 = \"...\" (an inline template) or %2 = \"path\"").arg(inlineKey, fileKey));
        return;
    }
    if (value->isEmpty()) {
        if (required)
            t.error(inlineKey, QStringLiteral("%1 is required").arg(inlineKey));
        return;
    }
    if (!posthornRule || inlineNode->envUnset || value->contains(QLatin1String("{{"))) {
        text = *value;
        return;
    }
    // Posthorn §0.12: a body without {{ may name a template file. decisions §22: the config
    // directory is tried first; the working directory keeps Posthorn configs working.
    for (const QString &candidate : {resolvePath(*value), QDir::current().absoluteFilePath(*value)}) {
        if (QFileInfo(candidate).isFile()) {
            if (const auto content = readFileText(t, inlineKey, candidate)) {
                text = *content;
                file = candidate;
            }
            return;
        }
    }
    if (value->contains(u'/')) {
        t.error(inlineKey,
                QStringLiteral("%1 looks like a file path but no such file exists: %2").arg(inlineKey, *value),
                QStringLiteral("use %1 = \"path\" for a template file, or put {{ in an inline template").arg(fileKey));
        return;
    }
    text = *value;
}

} // namespace Postrider
