#include "ConfigBuilder.h"

#include "Paths.h"

#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>

namespace Postrider {

namespace {
// Template and certificate files are small; a larger one is almost certainly the wrong file.
constexpr qint64 kMaxReferencedFileSize = 4 << 20;
} // namespace

ConfigBuilder::ConfigBuilder(ConfigReader &reader, Config &config)
    : m_r(reader)
    , m_config(config)
{ }

void ConfigBuilder::build(const ConfigNode &root)
{
    static const QStringList keys = {QStringLiteral("endpoints"),     QStringLiteral("transports"),
                                     QStringLiteral("smtp_listener"), QStringLiteral("logging"),
                                     QStringLiteral("http"),          QStringLiteral("outbox"),
                                     QStringLiteral("admin"),         QStringLiteral("metrics")};
    TableReader top(m_r, root, {}, keys, QStringLiteral("valid top-level keys"));
    readLogging(top);
    readHttp(top);
    readOutbox(top);
    readAdmin(top);
    readMetrics(top);
    readNamedTransports(top);
    readEndpoints(top);
    readSmtpListener(top);

    // decisions §13: an SMTP-only deployment needs no HTTP endpoint.
    const ConfigNode *endpoints = top.find(u"endpoints");
    const bool anyEndpoint = endpoints && endpoints->isArray() && !endpoints->items.empty();
    if (!anyEndpoint && !top.has(u"smtp_listener")) {
        m_r.error(endpoints ? endpoints->where : root.where, QStringLiteral("endpoints"),
                  QStringLiteral("at least one endpoint required"),
                  QStringLiteral("add an [[endpoints]] table, or an [smtp_listener] table for an SMTP-only "
                                 "deployment"));
    }
}

void ConfigBuilder::readLogging(const TableReader &top)
{
    const ConfigNode *node = top.table(u"logging");
    if (!node)
        return;
    TableReader t(m_r, *node, QStringLiteral("logging"), {QStringLiteral("level"), QStringLiteral("format")});
    const QStringList levels = {QString(), QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warn"),
                                QStringLiteral("error")};
    if (const auto level = readChoice(
            t, u"level", levels, QStringLiteral("logging.level: must be one of debug|info|warn|error, got \"%1\""))) {
        static const LogLevel map[] = {LogLevel::Info, LogLevel::Debug, LogLevel::Info, LogLevel::Warn,
                                       LogLevel::Error};
        m_config.logging.level = map[levels.indexOf(*level)];
    }
    const QStringList formats = {QString(), QStringLiteral("json"), QStringLiteral("text")};
    if (const auto format = readChoice(t, u"format", formats,
                                       QStringLiteral("logging.format: must be \"json\" or \"text\", got \"%1\"")))
        m_config.logging.format = *format == QLatin1String("text") ? LogFormat::Text : LogFormat::Json;
}

void ConfigBuilder::readHttp(const TableReader &top)
{
    const ConfigNode *node = top.table(u"http");
    if (!node)
        return;
    TableReader t(m_r, *node, QStringLiteral("http"),
                  {QStringLiteral("listen"), QStringLiteral("max_connections"), QStringLiteral("max_header_size"),
                   QStringLiteral("request_timeout"), QStringLiteral("idle_timeout")});
    HttpConfig &h = m_config.http;
    if (const auto listen = t.string(u"listen")) {
        h.listen = *listen;
        checkListenAddress(t, u"listen", *listen);
    }
    if (const auto v = readMin(t, u"max_connections", 1))
        h.maxConnections = *v;
    if (const auto v = t.size(u"max_header_size", h.maxHeaderSize)) {
        if (*v <= 0)
            t.error(u"max_header_size", QStringLiteral("max_header_size must be greater than 0"));
        else
            h.maxHeaderSize = *v;
    }
    if (const auto d = readPositiveDuration(t, u"request_timeout"))
        h.requestTimeout = *d;
    if (const auto d = readPositiveDuration(t, u"idle_timeout"))
        h.idleTimeout = *d;
}

void ConfigBuilder::readOutbox(const TableReader &top)
{
    const ConfigNode *node = top.table(u"outbox");
    if (!node)
        return;
    TableReader t(m_r, *node, QStringLiteral("outbox"),
                  {QStringLiteral("path"), QStringLiteral("retention"), QStringLiteral("give_up_after"),
                   QStringLiteral("max_attempts"), QStringLiteral("store_bodies")});
    OutboxConfig &o = m_config.outbox;
    if (const auto path = t.string(u"path")) {
        if (path->trimmed().isEmpty())
            t.error(u"path", QStringLiteral("path must not be empty"),
                    QStringLiteral("remove the key to use the platform default"));
        else
            o.path = resolvePath(*path);
    }
    if (const auto d = readPositiveDuration(t, u"retention"))
        o.retention = *d;
    if (const auto d = readPositiveDuration(t, u"give_up_after"))
        o.giveUpAfter = *d;
    if (const auto v = readMin(t, u"max_attempts", 0))
        o.maxAttempts = *v;
    if (const auto b = t.boolean(u"store_bodies"))
        o.storeBodies = *b;
}

void ConfigBuilder::readAdmin(const TableReader &top)
{
    const ConfigNode *node = top.table(u"admin");
    if (!node)
        return;
    TableReader t(
        m_r, *node, QStringLiteral("admin"),
        {QStringLiteral("enabled"), QStringLiteral("socket"), QStringLiteral("token_file"), QStringLiteral("group")});
    AdminConfig &a = m_config.admin;
    if (const auto b = t.boolean(u"enabled"))
        a.enabled = *b;
    if (const auto socket = t.string(u"socket")) {
        // A bare name is a local-socket name (QLocalServer puts it in the temp directory, or it is
        // a Windows pipe name); only something that looks like a path is a path.
        const bool looksLikePath = socket->contains(u'/') || socket->contains(u'\\');
        a.socket = looksLikePath ? resolvePath(*socket) : *socket;
    }
    if (const auto file = t.string(u"token_file"))
        a.tokenFile = resolvePath(*file);
    if (const auto group = t.string(u"group")) {
        // A POSIX portable group name; whether it exists is checked when the socket is created.
        static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$"));
        if (!group->isEmpty() && !re.match(*group).hasMatch())
            t.error(u"group", QStringLiteral("group must be a group name, got \"%1\"").arg(*group));
        else
            a.group = *group;
    }
}

void ConfigBuilder::readMetrics(const TableReader &top)
{
    const ConfigNode *node = top.table(u"metrics");
    if (!node)
        return;
    TableReader t(m_r, *node, QStringLiteral("metrics"), {QStringLiteral("prefix")});
    if (const auto prefix = t.string(u"prefix")) {
        // Prometheus metric names: [a-zA-Z_:][a-zA-Z0-9_:]*, without the colons reserved for rules.
        static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
        if (!re.match(*prefix).hasMatch())
            t.error(u"prefix", QStringLiteral("prefix must match [a-zA-Z_][a-zA-Z0-9_]*, got \"%1\"").arg(*prefix),
                    QStringLiteral("Prometheus metric names allow letters, digits and underscores"));
        else
            m_config.metrics.prefix = *prefix;
    }
}

QString ConfigBuilder::resolvePath(const QString &path) const
{
    return Paths::resolve(m_r.baseDir(), path);
}

std::optional<DeliveryMode> ConfigBuilder::readDelivery(const TableReader &t) const
{
    const auto mode = readChoice(t, u"delivery", {QStringLiteral("queue"), QStringLiteral("sync")},
                                 QStringLiteral("delivery must be \"queue\" or \"sync\", got \"%1\""));
    if (!mode)
        return std::nullopt;
    return *mode == QLatin1String("sync") ? DeliveryMode::Sync : DeliveryMode::Queue;
}

void ConfigBuilder::checkListenAddress(const TableReader &t, QStringView key, const QString &value) const
{
    const QString hint = QStringLiteral("write host:port, e.g. \":2525\", \"127.0.0.1:2525\" or \"[::1]:2525\"");
    auto fail = [&](const QString &why) {
        t.error(key, QStringLiteral("invalid listen address \"%1\": %2").arg(value, why), hint);
    };
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon < 0)
        return fail(QStringLiteral("missing port"));
    const QString host = value.left(colon);
    const QString port = value.mid(colon + 1);
    bool ok = false;
    const int number = port.toInt(&ok);
    if (!ok || number < 0 || number > 65535 || port.startsWith(u'+') || port.startsWith(u'-'))
        return fail(QStringLiteral("port must be a number 0-65535"));
    if (host.startsWith(u'[')) {
        const QHostAddress address(host.mid(1, host.size() - 2));
        if (!host.endsWith(u']') || address.protocol() != QAbstractSocket::IPv6Protocol)
            return fail(QStringLiteral("bad IPv6 address"));
    } else if (host.contains(u':')) {
        return fail(QStringLiteral("IPv6 addresses need brackets"));
    } else if (host.contains(u' ') || host.contains(u'/')) {
        return fail(QStringLiteral("bad host"));
    }
}

std::optional<QString> ConfigBuilder::readRequiredString(const TableReader &t, QStringView key, const QString &message,
                                                         const QString &hint) const
{
    const auto value = t.string(key);
    if (value && !value->isEmpty())
        return value;
    if (value) // present but empty
        t.error(key, message, hint);
    else if (!t.has(key)) // a present value of the wrong type is already reported
        t.missing(key, message, hint);
    return std::nullopt;
}

std::optional<qint64> ConfigBuilder::readMin(const TableReader &t, QStringView key, qint64 min) const
{
    const auto v = t.integer(key);
    if (v && *v < min) {
        t.error(key, QStringLiteral("%1 must be >= %2, got %3").arg(key.toString()).arg(min).arg(*v));
        return std::nullopt;
    }
    return v;
}

std::optional<Duration> ConfigBuilder::readPositiveDuration(const TableReader &t, QStringView key) const
{
    const auto d = t.duration(key);
    if (d && *d <= Duration::zero()) {
        t.error(key, QStringLiteral("%1 must be positive, got %2").arg(key.toString(), formatDuration(*d)));
        return std::nullopt;
    }
    return d;
}

std::optional<QString> ConfigBuilder::readFileText(const TableReader &t, QStringView key, const QString &path) const
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        t.error(key, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    if (f.size() > kMaxReferencedFileSize) {
        t.error(key, QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(kMaxReferencedFileSize));
        return std::nullopt;
    }
    return QString::fromUtf8(f.readAll());
}

std::optional<QString> ConfigBuilder::readChoice(const TableReader &t, QStringView key, const QStringList &choices,
                                                 const QString &message) const
{
    const auto value = t.string(key);
    if (!value)
        return std::nullopt;
    if (choices.contains(*value))
        return value;
    QStringList named = choices;
    named.removeAll(QString());
    const QString close = closestMatch(*value, named);
    t.error(key, message.arg(*value), close.isEmpty() ? QString() : QStringLiteral("did you mean \"%1\"?").arg(close));
    return std::nullopt;
}

} // namespace Postrider
