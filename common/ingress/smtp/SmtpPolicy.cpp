#include "SmtpPolicy.h"

#include "SmtpLimits.h"

namespace Postrider {

SmtpPolicy::SmtpPolicy(const SmtpListenerConfig &config)
    : m_senders(config.allowedSenders)
    , m_recipients(config.allowedRecipients)
{
    for (const SmtpUserConfig &u : config.users)
        if (!u.allowedSenders.isEmpty())
            m_userSenders.insert(u.username, u.allowedSenders);
    const qint64 cap = config.effectiveRecipientCap();
    m_recipientCap =
        cap > 0 ? qsizetype(qMin<qint64>(cap, SmtpLimits::kMaxRecipientsHardCap)) : SmtpLimits::kMaxRecipientsHardCap;
}

bool SmtpPolicy::matches(const QStringList &patterns, const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    const QStringView local = at < 0 ? QStringView(address) : QStringView(address).first(at);
    const QStringView domain = at < 0 ? QStringView() : QStringView(address).sliced(at + 1);
    for (const QString &p : patterns) {
        if (p == u"*")
            return true;
        if (at < 0)
            continue;
        if (p.startsWith(QLatin1String("*@"))) {
            if (QStringView(p).sliced(2).compare(domain, Qt::CaseInsensitive) == 0)
                return true;
            continue;
        }
        const qsizetype pat = p.lastIndexOf(u'@');
        if (pat < 0)
            continue;
        if (QStringView(p).first(pat) == local
            && QStringView(p).sliced(pat + 1).compare(domain, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QStringList SmtpPolicy::sendersFor(const QString &username) const
{
    const auto it = m_userSenders.constFind(username);
    return it != m_userSenders.cend() ? *it : m_senders;
}

bool SmtpPolicy::senderAllowed(const QString &username, const QString &address) const
{
    return matches(sendersFor(username), address);
}

bool SmtpPolicy::recipientAllowed(const QString &address) const
{
    return m_recipients.isEmpty() || matches(m_recipients, address);
}

} // namespace Postrider
