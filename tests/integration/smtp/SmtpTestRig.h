#pragma once

#include "FakeTransport.h"
#include "MockClock.h"

#include "core/Config.h"
#include "core/MetricsRegistry.h"
#include "ingress/smtp/SmtpListener.h"
#include "outbox/Outbox.h"
#include "transport/TransportRegistry.h"

#include <QTemporaryDir>

#include <memory>

namespace Postrider::Test {

/// \brief A listener on 127.0.0.1 port 0 with a real Outbox (temporary SQLite file, system clock)
/// delivering to a FakeTransport "fake". The failed-AUTH lockout reads `lockoutClock`.
struct SmtpTestRig
{
    /// Permissive defaults: plaintext allowed, no AUTH, any sender. Tests tighten what they need.
    static SmtpListenerConfig baseConfig();
    /// smtp-auth with users "ghost" / kPassword and "gitea" (own allowlist), the test CA's
    /// server certificate and require_tls.
    static SmtpListenerConfig tlsAuthConfig();
    static constexpr char kPassword[] = "s3ntinel-Passw0rd-NEVER-LOGGED";

    explicit SmtpTestRig(const SmtpListenerConfig &config = baseConfig());
    ~SmtpTestRig();

    bool start();
    quint16 port() const { return listener->port(); }
    /// Waits until the fake transport has received `n` messages.
    bool waitDelivered(int n, int timeoutMs = 10000);
    /// The journal entry for a submission id (flushes the store first); empty id when absent.
    JournalEntry journal(const QString &id);
    /// Number of submissions in the journal.
    int journalCount();

    QTemporaryDir dir;
    MockClock lockoutClock;
    SmtpListenerConfig config;
    MetricsRegistry metrics;
    std::unique_ptr<TransportRegistry> registry;
    FakeTransport *fake = nullptr;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<SmtpListener> listener;
};

/// "ghost" PLAIN credentials as an AUTH PLAIN initial response.
QByteArray plainResponse(const QByteArray &user, const QByteArray &password);

} // namespace Postrider::Test
