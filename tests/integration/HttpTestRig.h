#pragma once

#include "FakeTransport.h"
#include "MockClock.h"
#include "RawHttpClient.h"

#include "core/Config.h"
#include "core/MetricsRegistry.h"
#include "ingress/http/HttpIngress.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace Postrider::Test {

/// \brief One HTTP answer as a test sees it (from QNetworkAccessManager or a raw socket).
struct HttpResult
{
    int status = 0;
    QByteArray contentType;
    QByteArray location;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool received = false;
    QByteArray header(const QByteArray &name) const;
};

/// \brief A live HTTP ingress on 127.0.0.1 port 0 over a real Outbox (temporary SQLite file),
/// with FakeTransports named "fake" (type postmark) and "fake2", a MockClock, a metrics
/// registry and every log line captured. Endpoints are written as TOML key lines; missing keys
/// take the defaults of a form or API endpoint, so a test states only what it is about.
class HttpTestRig
{
public:
    /// Secrets the logs must never show (the transport key, API keys, CSRF secret).
    static constexpr char kTransportSecret[] = "sentinel-transport-key-7f3a";
    static constexpr char kCsrfSecret[] = "sentinel-csrf-secret-0123456789";

    HttpTestRig();
    ~HttpTestRig();

    /// `endpoints`: one entry per endpoint, each a list of `key = value` TOML lines; `auth =
    /// "api-key"` picks the API defaults. `extraToml` is appended at top level.
    bool start(const QList<QStringList> &endpoints, const QString &extraToml = {});
    /// Closes the ingress and the outbox and opens both again on the same SQLite file.
    bool reopen();
    quint16 port() const;
    QString configText() const { return m_configText; }

    /// Sends through QNetworkAccessManager (redirects not followed); advances the mock clock in
    /// 1 s steps while waiting, so synchronous retries (1 s, 5 s) happen without real waits.
    HttpResult request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                       const QList<QByteArray> &headerLines = {});
    /// Sends raw bytes on a fresh connection and reads one answer.
    HttpResult raw(const QByteArray &bytes);

    /// Lets queued outbox writes, their completions and transport answers run.
    void settle();
    int sends() const;
    QByteArray logText() const { return m_logs.join('\n'); }
    QList<QJsonObject> logEvents(const QString &name) const;
    QByteArray metricsText();

    MockClock clock;
    MetricsRegistry metrics;
    FakeTransport *fake = nullptr;
    FakeTransport *fake2 = nullptr;
    std::unique_ptr<TransportRegistry> registry;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<Http::HttpIngress> ingress;
    Config config;
    /// Results the fake transport gives, in order; "ok" when exhausted.
    QList<SendResult> script;
    QTemporaryDir dir;

private:
    bool open();
    QString m_configText;
    QList<QByteArray> m_logs;
    QNetworkAccessManager m_nam;
};

/// Default endpoint keys, for tests that print them.
QStringList formEndpointDefaults();
QStringList apiEndpointDefaults();

} // namespace Postrider::Test
