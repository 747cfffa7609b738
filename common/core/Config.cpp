#include "Config.h"

#include "TransportSchema.h"

namespace Postrider {

QString SourceLocation::toString() const
{
    QString out = file.isEmpty() ? QStringLiteral("<config>") : file;
    if (line > 0) {
        out += u':' + QString::number(line);
        if (column > 0)
            out += u':' + QString::number(column);
    }
    return out;
}

namespace {
// Posthorn's messages often begin with the key they are about ("rate_limit.count must be
// positive"); print the dotted key once, merged with the message, rather than twice.
QString keyedMessage(const QString &key, const QString &message)
{
    for (qsizetype start = 0;;) {
        const QStringView suffix = QStringView(key).mid(start);
        if (message.size() > suffix.size() && message.startsWith(suffix)
            && (message[suffix.size()] == u':' || message[suffix.size()] == u' '))
            return key.left(start) + message;
        const qsizetype dot = key.indexOf(u'.', start);
        if (dot < 0)
            return key + QStringLiteral(": ") + message;
        start = dot + 1;
    }
}
} // namespace

QString ConfigError::toString() const
{
    QString out = where.toString() + QStringLiteral(": ");
    out += key.isEmpty() ? message : keyedMessage(key, message);
    if (!hint.isEmpty())
        out += QStringLiteral(" (") + hint + u')';
    return out;
}

const TransportConfig *Config::transport(const QString &name) const
{
    for (const TransportConfig &t : transports)
        if (t.name == name)
            return &t;
    return nullptr;
}

QStringList Config::secrets() const
{
    QStringList out;
    for (const EndpointConfig &e : endpoints) {
        out += e.apiKeys;
        if (!e.csrfSecret.isEmpty())
            out.append(QString::fromUtf8(e.csrfSecret));
    }
    for (const TransportConfig &t : transports) {
        const TransportTypeSpec *spec = transportTypeSpec(t.type);
        if (!spec)
            continue;
        for (const SettingSpec &s : spec->settings)
            if (s.secret && t.settings.contains(s.key))
                out.append(t.settings.value(s.key).toString());
    }
    if (smtpListener)
        for (const SmtpUserConfig &u : smtpListener->users)
            out.append(u.password);
    out.removeAll(QString());
    return out;
}

} // namespace Postrider
