#pragma once

#include "Endpoint.h"
#include "HttpMetrics.h"
#include "HttpRouter.h"
#include "Submission.h"

#include "core/Config.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace Postrider {
class Clock;
class MetricsRegistry;
class Outbox;
} // namespace Postrider

namespace Postrider::Http {

class HttpServerAdapter;

/// \brief The HTTP ingress: Posthorn's endpoints (form and API) plus `/healthz`, `/metrics` and
/// the CSRF token issuers, served by the hardened QtHttpServer adapter, delivering through the
/// durable outbox.
class HttpIngress final : public QObject
{
    Q_OBJECT
public:
    /// Default `[http] listen` (loopback: exposing it is an explicit choice).
    static constexpr char kDefaultListen[] = "127.0.0.1:8080";

    HttpIngress(const Config &config, Outbox *outbox, MetricsRegistry *metrics, Clock *clock,
                QObject *parent = nullptr);
    ~HttpIngress() override;

    /// Builds every endpoint without binding (templates, addresses): what `validate` runs.
    static Status check(const Config &config);

    /// Builds the endpoints and listens on `listen` (`host:port`, `:port`, `[v6]:port`; port 0
    /// picks a free port). Error codes: `config.invalid`, `http.listen`.
    Status start(const QString &listen);
    /// Stops accepting; answers in progress complete.
    void stop();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    /// Connections still open (after stop(): those finishing the answer they owe).
    int openConnections() const;
    /// "address:port" actually bound (the port resolved when 0 was asked for).
    QString boundAddress() const;

    /// Adds a `/healthz` condition: returns an empty string when healthy, else the reason
    /// (the SMTP listener registers "smtp listener not listening" this way).
    void addHealthCheck(std::function<QString()> check);
    /// The reasons /healthz currently reports (empty = healthy).
    QStringList healthProblems() const;

    HttpServerAdapter *adapter() const { return m_adapter.get(); }

    /// Parses a listen address; `ok` false when it is not `host:port` with an IP host (or
    /// `localhost`, or empty for every interface).
    static bool parseListen(const QString &listen, QHostAddress *address, quint16 *port);

private:
    void handle(HttpRequest &&request, HttpReply reply);
    void answerBuiltin(const RouteMatch &match, HttpRequest &request, HttpReply &reply);
    qint64 bodyLimitFor(QByteArrayView target) const;

    Config m_config;
    IngressServices m_services;
    std::unique_ptr<HttpMetrics> m_metrics;
    MetricsRegistry *m_registry;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    HttpRouter m_router;
    std::unique_ptr<HttpServerAdapter> m_adapter;
    QList<std::function<QString()>> m_healthChecks;
};

} // namespace Postrider::Http
