#pragma once

#include "ConfigReader.h"
#include "TransportSchema.h"

#include <QHash>

namespace Postrider {

/// Generated name of the `[smtp_listener.transport]` inline table (endpoints use `endpoint:<path>`).
inline constexpr char kListenerTransportName[] = "smtp_listener";

/// \brief Turns a parsed, env-substituted config tree into a Config, reporting every problem
/// instead of stopping at the first.
///
/// The schema lives here, split by section: top level and small sections (ConfigBuilder.cpp),
/// transports and routes (ConfigBuilderTransports.cpp), endpoints (ConfigBuilderEndpoints.cpp)
/// and the SMTP listener (ConfigBuilderSmtp.cpp).
class ConfigBuilder
{
public:
    ConfigBuilder(ConfigReader &reader, Config &config);
    void build(const ConfigNode &root);

private:
    void readLogging(const TableReader &top);
    void readHttp(const TableReader &top);
    void readOutbox(const TableReader &top);
    void readAdmin(const TableReader &top);
    void readMetrics(const TableReader &top);

    void readNamedTransports(const TableReader &top);
    TransportConfig readTransport(const ConfigNode &table, const QString &path, const QString &inlineName);
    void readSettings(TransportConfig &transport, const TransportTypeSpec &spec, const TableReader &t);
    /// The `transport` / `transports` pair of an endpoint or the listener: the transport names to
    /// try in order. An inline table is added to Config::transports as `inlineName`.
    QStringList readRoute(const TableReader &t, const QString &inlineName, const QString &tableHeader);

    void readEndpoints(const TableReader &top);
    EndpointConfig readEndpoint(const ConfigNode &table, const QString &path);
    void readEndpointAuth(const TableReader &t, EndpointConfig &e);
    void readEndpointProxies(const TableReader &t, EndpointConfig &e);
    /// `body`/`body_file` (or `html`/`html_file`): the explicit Postrider file key, or the inline
    /// key, which for `body` follows Posthorn's path-or-inline rule (`posthornRule`).
    void readTemplate(const TableReader &t, const QString &inlineKey, const QString &fileKey, bool posthornRule,
                      bool required, QString &text, QString &file);

    void readSmtpListener(const TableReader &top);
    void readSmtpTls(const TableReader &t, SmtpListenerConfig &s);
    void readSmtpUsers(const TableReader &t, SmtpListenerConfig &s);

    // Shared helpers.
    QString resolvePath(const QString &path) const;
    std::optional<DeliveryMode> readDelivery(const TableReader &t) const;
    /// A `host:port` listen address (`:2525`, `127.0.0.1:8080`, `[::1]:25`; port 0 = any).
    void checkListenAddress(const TableReader &t, QStringView key, const QString &value) const;
    /// A string that must be present and non-empty; reports `message` otherwise.
    std::optional<QString> readRequiredString(const TableReader &t, QStringView key, const QString &message,
                                              const QString &hint = {}) const;
    std::optional<qint64> readMin(const TableReader &t, QStringView key, qint64 min) const;
    std::optional<Duration> readPositiveDuration(const TableReader &t, QStringView key) const;
    std::optional<QString> readFileText(const TableReader &t, QStringView key, const QString &path) const;
    /// Reports `enum` values outside `choices` with a did-you-mean hint.
    std::optional<QString> readChoice(const TableReader &t, QStringView key, const QStringList &choices,
                                      const QString &message) const;

    ConfigReader &m_r;
    Config &m_config;
    QHash<QString, SourceLocation> m_namedTransports;
};

} // namespace Postrider
