#pragma once

#include "Result.h"
#include "ValueSyntax.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <chrono>
#include <optional>

namespace Postrider {

/// \brief Where a value came from: file, 1-based line and column (0 when unknown).
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;
    QString toString() const; ///< "file:line:column"
};

/// \brief One config problem: location, dotted key (`endpoints[0].transport.settings.api_key`),
/// what is wrong and, when we can tell, how to fix it.
struct ConfigError
{
    SourceLocation where;
    QString key;
    QString message;
    QString hint;
    /// "file:line:col: key: message (hint)". When the message already starts with the end of
    /// the key (`rate_limit.count must be positive`), the key is printed once, merged with it:
    /// "file:3:9: endpoints[0].rate_limit.count must be positive, got 0".
    QString toString() const;
};
using ConfigErrors = QList<ConfigError>;

enum class DeliveryMode { Queue, Sync };
enum class EndpointAuth { Form, ApiKey };
enum class LogLevel { Debug, Info, Warn, Error };
enum class LogFormat { Json, Text };
enum class SmtpAuthMode { SmtpAuth, ClientCert, Either, None };

/// \brief A transport as configured: inline (`[endpoints.transport]`, `[smtp_listener.transport]`)
/// or named (`[[transports]]`). Settings are validated against the per-type schema
/// (TransportSchema) and hold typed values: QString, qint64 or bool.
struct TransportConfig
{
    QString name; ///< `[[transports]].name`, or a generated `endpoint:/path` / `smtp_listener`
    QString type; ///< postmark | resend | mailgun | ses | smtp | capture
    QVariantMap settings;
    bool isInline = false;
    Duration timeout = std::chrono::seconds(10); ///< per attempt
    int maxConcurrency = 0; ///< 0 = the transport's default
    double maxRatePerSecond = 0; ///< 0 = unlimited
    SourceLocation where;

    QString setting(const QString &key, const QString &fallback = {}) const
    {
        return settings.value(key, fallback).toString();
    }
};

struct RateLimitConfig
{
    qint64 count = 0;
    Duration interval{};
};

/// \brief `[[endpoints]]`: an HTTP form or API endpoint.
struct EndpointConfig
{
    QString path;
    QStringList to;
    QString from;
    QString subject;
    QString body; ///< the body template text: inline, or the content of the file it names
    /// The template file `body` was read from, resolved: an explicit `body_file` (Postrider,
    /// relative to the config directory) or a path Posthorn's rule recognised in `body`. Empty
    /// for an inline template.
    QString bodyFile;
    QString html; ///< optional HTML template text (Postrider): inline `html` or `html_file`'s content
    QString htmlFile; ///< resolved `html_file` (Postrider); empty for inline `html`
    EndpointAuth auth = EndpointAuth::Form;
    QStringList apiKeys;
    qint64 idempotencyCacheSize = 0;
    QStringList required;
    QString emailField = QStringLiteral("email");
    QString replyToEmailField; ///< empty = emailField
    QString honeypot;
    std::optional<QStringList> allowedOrigins; ///< normalised `scheme://host[:port]`; nullopt = no check
    qint64 maxBodySize = 1 << 20; ///< 0 = no cap (Posthorn)
    QStringList trustedProxies; ///< raw entries
    QList<IpRange> trustedRanges; ///< presets and CIDRs expanded
    bool stripClientIp = false;
    std::optional<RateLimitConfig> rateLimit;
    bool logFailedSubmissions = true;
    QString redirectSuccess;
    QString redirectError;
    bool dryRun = false;
    QByteArray csrfSecret;
    Duration csrfTokenTtl = std::chrono::hours(1);
    // Postrider extensions
    DeliveryMode delivery = DeliveryMode::Queue;
    QStringList transports; ///< failover order; names in Config::transports
    bool attachments = false;
    qint64 maxAttachmentSize = 10 << 20;
    SourceLocation where;
    QHash<QString, SourceLocation> keyLocations; ///< key (e.g. "subject") → where it was set

    QString effectiveReplyToField() const { return replyToEmailField.isEmpty() ? emailField : replyToEmailField; }
    SourceLocation locationOf(const QString &key) const { return keyLocations.value(key, where); }
};

struct SmtpUserConfig
{
    QString username;
    QString password;
    QStringList allowedSenders; ///< per-user list (Postrider); empty = listener-wide list
};

/// \brief `[smtp_listener]`: the SMTP submission ingress.
struct SmtpListenerConfig
{
    QString listen;
    QString implicitTlsListen; ///< Postrider: port-465 style listener
    bool requireTls = true;
    QString tlsCert;
    QString tlsKey;
    QString clientCertCa;
    SmtpAuthMode authRequired = SmtpAuthMode::SmtpAuth;
    QList<SmtpUserConfig> users;
    QStringList allowedSenders;
    QStringList allowedRecipients;
    qint64 maxRecipientsPerSession = 0; ///< Posthorn name, read for compatibility
    qint64 maxRecipients = 0; ///< Postrider: per message; 0 = derived (see effectiveRecipientCap)
    qint64 maxMessageSize = 1 << 20;
    Duration idleTimeout = std::chrono::seconds(60);
    bool allowInsecureAuth = false; ///< AUTH over plaintext when require_tls = false
    QString hostname; ///< greeting / EHLO name
    qint64 maxConnections = 256;
    qint64 maxConnectionsPerIp = 16;
    qint64 maxAuthFailures = 5; ///< per client IP before lockout
    Duration authLockout = std::chrono::minutes(5);
    DeliveryMode delivery = DeliveryMode::Queue;
    QStringList transports;
    SourceLocation where;
    QHash<QString, SourceLocation> keyLocations;

    /// Posthorn's rule, per message: an explicit cap wins, else 10 without a recipient allowlist,
    /// else unlimited (0).
    qint64 effectiveRecipientCap() const
    {
        if (maxRecipients > 0)
            return maxRecipients;
        if (maxRecipientsPerSession > 0)
            return maxRecipientsPerSession;
        return allowedRecipients.isEmpty() ? 10 : 0;
    }
};

struct LoggingConfig
{
    LogLevel level = LogLevel::Info;
    LogFormat format = LogFormat::Json;
};

struct HttpConfig
{
    QString listen; ///< empty = default 127.0.0.1:8080 (or --listen)
    qint64 maxConnections = 512;
    qint64 maxHeaderSize = 16 << 10;
    Duration requestTimeout = std::chrono::seconds(10);
    Duration idleTimeout = std::chrono::seconds(60);
};

struct OutboxConfig
{
    QString path; ///< SQLite file; empty = platform default
    Duration retention = std::chrono::hours(24 * 30);
    Duration giveUpAfter = std::chrono::hours(24);
    qint64 maxAttempts = 0; ///< 0 = limited by give-up age only
    bool storeBodies = true;
};

struct AdminConfig
{
    bool enabled = true;
    QString socket; ///< empty = platform default
    QString tokenFile; ///< empty = next to the socket
    /// Unix: members of this group may use the control socket and read the token (the system
    /// service's `postrider-admin`); empty = the daemon's user only (a per-user daemon).
    QString group;
};

struct MetricsConfig
{
    QString prefix = QStringLiteral("postrider");
};

/// \brief A whole, validated configuration.
struct Config
{
    QString sourcePath; ///< file it came from ("" for text loaded from memory)
    QString baseDir; ///< directory relative paths are resolved against
    QList<EndpointConfig> endpoints;
    QList<TransportConfig> transports; ///< named and inline, all with unique names
    std::optional<SmtpListenerConfig> smtpListener;
    LoggingConfig logging;
    HttpConfig http;
    OutboxConfig outbox;
    AdminConfig admin;
    MetricsConfig metrics;

    const TransportConfig *transport(const QString &name) const;
    /// Every secret value in the config (API keys, passwords, CSRF secrets, transport
    /// credentials), for log redaction.
    QStringList secrets() const;
};

} // namespace Postrider
