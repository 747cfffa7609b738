#pragma once

#include "core/Config.h"

#include <QString>
#include <QStringList>

namespace Postrider {

/// \brief The listener's envelope and header policy: sender allowlists (listener-wide and per
/// user, decisions §14), the recipient allowlist and the per-message recipient cap
/// (decisions §11), in the pattern syntax of Posthorn (`*`, `*@domain`, exact address).
class SmtpPolicy
{
public:
    explicit SmtpPolicy(const SmtpListenerConfig &config);

    /// Posthorn's pattern match (reference §3.5) on a bare address: `*` matches anything,
    /// `*@domain` everything whose domain (after the last `@`) is `domain`, anything else the
    /// address itself. Local parts compare exactly; domains ignore ASCII case (RFC 5321 §2.4),
    /// where Posthorn compared them case-sensitively.
    static bool matches(const QStringList &patterns, const QString &address);

    /// The sender patterns that apply to a session: the user's own list when the user has one,
    /// else the listener-wide list. `username` is empty for unauthenticated or certificate sessions.
    QStringList sendersFor(const QString &username) const;
    bool senderAllowed(const QString &username, const QString &address) const;
    /// True when there is no recipient allowlist or the address matches it.
    bool recipientAllowed(const QString &address) const;
    /// Recipients one message may have: the configured cap, else SmtpLimits::kMaxRecipientsHardCap.
    qsizetype recipientCap() const { return m_recipientCap; }

private:
    QStringList m_senders;
    QHash<QString, QStringList> m_userSenders;
    QStringList m_recipients;
    qsizetype m_recipientCap;
};

} // namespace Postrider
