#pragma once

#include "FakeProviderRules.h"
#include "transport/Transport.h"

#include <QVariantMap>

#include <memory>

namespace Postrider::Test {

/// \brief Helpers shared by transport tests: configs pointing at a FakeHttpProvider, a message
/// using every field, and a bounded wait for one attempt's result.
class TransportTestKit
{
public:
    /// Credentials the kit's configs use (FakeProviderRules checks against the same values).
    static FakeProviderRules::Credentials credentials();
    /// The config type name for a provider ("postmark", "resend", "mailgun", "ses").
    static QString typeName(FakeProviderRules::Provider provider);
    /// A config of `provider` whose base_url is `baseUrl`; `extra` settings override.
    static TransportConfig config(FakeProviderRules::Provider provider, const QUrl &baseUrl,
                                  const QVariantMap &extra = {}, qint64 timeoutMs = 5000);
    /// From, two To, Cc, Bcc, Reply-To, UTF-8 subject and display names, text + HTML, two
    /// custom headers, one PDF attachment and one inline PNG (content id "logo@postrider").
    static Message fullMessage();
    /// Plain text only: from, one recipient, subject, text.
    static Message minimalMessage();

    /// Sends through `transport` and waits (event loop running) up to `waitMs` for the callback.
    /// Fails the current test (QVERIFY semantics: returns a Terminal "no callback") on timeout.
    static SendResult send(Transport &transport, const Message &message, const SendOptions &options = {},
                           int waitMs = 10000, int *callbacks = nullptr);
};

} // namespace Postrider::Test
