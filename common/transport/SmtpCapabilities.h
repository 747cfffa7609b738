#pragma once

#include "SmtpReply.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace Postrider {

/// \brief The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1):
/// keyword → parameters, keywords compared case-insensitively (RFC 5321 §2.4). Empty after HELO.
class SmtpCapabilities
{
public:
    SmtpCapabilities() = default;
    /// Reads a 250 EHLO reply: the first line is the server's domain, every further line one
    /// extension. Also understands the pre-RFC 2554 `AUTH=PLAIN LOGIN` form some servers send.
    static SmtpCapabilities fromEhloReply(const SmtpReply &reply);

    bool isEmpty() const { return m_keywords.isEmpty(); }
    bool has(const QString &keyword) const { return m_keywords.contains(keyword.toUpper()); }
    QStringList parameters(const QString &keyword) const { return m_keywords.value(keyword.toUpper()); }
    QStringList keywords() const;

    bool startTls() const { return has(QStringLiteral("STARTTLS")); } ///< RFC 3207
    bool pipelining() const { return has(QStringLiteral("PIPELINING")); } ///< RFC 2920
    bool eightBitMime() const { return has(QStringLiteral("8BITMIME")); } ///< RFC 6152
    bool smtpUtf8() const { return has(QStringLiteral("SMTPUTF8")); } ///< RFC 6531
    bool size() const { return has(QStringLiteral("SIZE")); } ///< RFC 1870
    /// RFC 1870 §4: the fixed maximum message size; 0 when SIZE has no (or a zero) limit.
    qint64 sizeLimit() const;
    /// RFC 4954 §3: SASL mechanisms after AUTH, upper-cased.
    QStringList authMechanisms() const { return parameters(QStringLiteral("AUTH")); }
    bool supportsAuth(const QString &mechanism) const { return authMechanisms().contains(mechanism.toUpper()); }

private:
    QHash<QString, QStringList> m_keywords;
};

} // namespace Postrider
