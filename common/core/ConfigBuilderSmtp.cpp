#include "ConfigBuilder.h"

#include "TlsFiles.h"

#include <QRegularExpression>

namespace Postrider {

namespace {
const QStringList &listenerKeys()
{
    static const QStringList keys = {
        // Posthorn v1.0
        QStringLiteral("listen"), QStringLiteral("require_tls"), QStringLiteral("tls_cert"), QStringLiteral("tls_key"),
        QStringLiteral("client_cert_ca"), QStringLiteral("auth_required"), QStringLiteral("smtp_users"),
        QStringLiteral("allowed_senders"), QStringLiteral("allowed_recipients"),
        QStringLiteral("max_recipients_per_session"), QStringLiteral("max_message_size"),
        QStringLiteral("idle_timeout"), QStringLiteral("transport"),
        // Postrider
        QStringLiteral("transports"), QStringLiteral("delivery"), QStringLiteral("implicit_tls_listen"),
        QStringLiteral("allow_insecure_auth"), QStringLiteral("hostname"), QStringLiteral("max_connections"),
        QStringLiteral("max_connections_per_ip"), QStringLiteral("max_auth_failures"), QStringLiteral("auth_lockout"),
        QStringLiteral("max_recipients")};
    return keys;
}

QString authModeName(SmtpAuthMode mode)
{
    switch (mode) {
    case SmtpAuthMode::SmtpAuth:
        return QStringLiteral("smtp-auth");
    case SmtpAuthMode::ClientCert:
        return QStringLiteral("client-cert");
    case SmtpAuthMode::Either:
        return QStringLiteral("either");
    case SmtpAuthMode::None:
        return QStringLiteral("none");
    }
    return {};
}

/// Posthorn's allowlist syntax (reference §3.5): `*`, `*@domain`, or an exact address. Anything
/// without an `@` could never match an envelope address.
bool isAllowlistPattern(const QString &pattern)
{
    if (pattern == u"*")
        return true;
    if (pattern.startsWith(QLatin1String("*@")))
        return pattern.size() > 2 && !pattern.mid(2).contains(u'@');
    return pattern.contains(u'@') && !pattern.contains(u' ');
}
} // namespace

void ConfigBuilder::readSmtpListener(const TableReader &top)
{
    const ConfigNode *node = top.table(u"smtp_listener");
    if (!node)
        return;
    TableReader t(m_r, *node, QStringLiteral("smtp_listener"), listenerKeys());
    SmtpListenerConfig s;
    s.where = node->where;
    s.keyLocations = t.keyLocations();

    if (const auto listen = readRequiredString(t, u"listen", QStringLiteral("listen is required (e.g., \":2525\")"))) {
        s.listen = *listen;
        checkListenAddress(t, u"listen", *listen);
    }
    if (const auto listen = t.string(u"implicit_tls_listen")) {
        s.implicitTlsListen = *listen;
        checkListenAddress(t, u"implicit_tls_listen", *listen);
        if (*listen == s.listen)
            t.error(u"implicit_tls_listen", QStringLiteral("implicit_tls_listen must differ from listen"));
    }
    if (const auto b = t.boolean(u"require_tls"))
        s.requireTls = *b;

    const QStringList modes = {QString(), QStringLiteral("smtp-auth"), QStringLiteral("client-cert"),
                               QStringLiteral("either"), QStringLiteral("none")};
    const bool modePresent = t.has(u"auth_required");
    const auto mode = readChoice(
        t, u"auth_required", modes,
        QStringLiteral("auth_required: must be \"smtp-auth\", \"client-cert\", \"either\" or \"none\", got \"%1\" "
                       "(\"none\" relies on the sender allowlist alone; use it only on a private network)"));
    static const SmtpAuthMode modeMap[] = {SmtpAuthMode::SmtpAuth, SmtpAuthMode::SmtpAuth, SmtpAuthMode::ClientCert,
                                           SmtpAuthMode::Either, SmtpAuthMode::None};
    if (mode)
        s.authRequired = modeMap[modes.indexOf(*mode)];
    const bool modeKnown = !modePresent || mode;

    readSmtpTls(t, s);
    readSmtpUsers(t, s);
    const bool needsUsers = s.authRequired == SmtpAuthMode::SmtpAuth || s.authRequired == SmtpAuthMode::Either;
    if (modeKnown && needsUsers && s.users.isEmpty() && !t.has(u"smtp_users"))
        t.missing(u"smtp_users",
                  QStringLiteral("smtp_users: at least one user required when auth_required = \"%1\"")
                      .arg(authModeName(s.authRequired)),
                  QStringLiteral("add [[smtp_listener.smtp_users]] with username and password, or set "
                                 "auth_required = \"none\" on a private network"));
    const bool needsCa = s.authRequired == SmtpAuthMode::ClientCert || s.authRequired == SmtpAuthMode::Either;
    if (modeKnown && needsCa && !t.has(u"client_cert_ca"))
        t.missing(
            u"client_cert_ca",
            QStringLiteral("client_cert_ca is required when auth_required = \"%1\"").arg(authModeName(s.authRequired)),
            QStringLiteral("a PEM file of the CA certificates that sign your clients' certificates"));

    for (const char *listKey : {"allowed_senders", "allowed_recipients"}) {
        const QString key = QLatin1String(listKey);
        const auto list = t.stringList(key);
        QStringList &target = key == u"allowed_senders" ? s.allowedSenders : s.allowedRecipients;
        for (qsizetype i = 0; list && i < list->size(); ++i) {
            const QString pattern = list->at(i).value.trimmed();
            if (isAllowlistPattern(pattern))
                target.append(pattern);
            else
                m_r.error(
                    *list->at(i).node, t.keyPath(key) + QStringLiteral("[%1]").arg(i),
                    QStringLiteral("%1[%2]: \"%3\" is not an address pattern").arg(key).arg(i).arg(list->at(i).value),
                    QStringLiteral("use \"*\", \"*@example.com\" or a full address"));
        }
    }
    // decisions §14: a listener whose every user carries its own list does not need a shared one.
    bool everyUserHasList = s.authRequired == SmtpAuthMode::SmtpAuth && !s.users.isEmpty();
    for (const SmtpUserConfig &u : s.users)
        everyUserHasList = everyUserHasList && !u.allowedSenders.isEmpty();
    const auto senders = t.find(u"allowed_senders");
    if (s.allowedSenders.isEmpty() && !everyUserHasList && (!senders || (senders->isArray() && senders->items.empty())))
        t.error(u"allowed_senders", QStringLiteral("allowed_senders: at least one entry required"),
                QStringLiteral("e.g. allowed_senders = [\"*@example.com\"]"));

    if (const auto v = readMin(t, u"max_recipients_per_session", 0))
        s.maxRecipientsPerSession = *v;
    if (const auto v = readMin(t, u"max_recipients", 0))
        s.maxRecipients = *v;
    if (const auto size = t.size(u"max_message_size", s.maxMessageSize)) {
        // decisions §21: Posthorn took "0" and then could not read any message.
        if (*size <= 0)
            t.error(u"max_message_size", QStringLiteral("max_message_size must be greater than 0"),
                    QStringLiteral("remove the key for the 1MB default, or set e.g. \"10MB\""));
        else
            s.maxMessageSize = *size;
    }
    if (const auto d = t.duration(u"idle_timeout")) {
        if (*d < Duration::zero())
            t.error(u"idle_timeout",
                    QStringLiteral("idle_timeout must not be negative, got %1").arg(formatDuration(*d)));
        else if (*d > Duration::zero())
            s.idleTimeout = *d;
    }
    if (const auto b = t.boolean(u"allow_insecure_auth"))
        s.allowInsecureAuth = *b;
    if (const auto host = t.string(u"hostname")) {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"));
        if (!re.match(*host).hasMatch())
            t.error(u"hostname", QStringLiteral("hostname must be a domain name, got \"%1\"").arg(*host),
                    QStringLiteral("the name the listener announces in its greeting, e.g. \"mail.example.com\""));
        else
            s.hostname = *host;
    }
    if (const auto v = readMin(t, u"max_connections", 1))
        s.maxConnections = *v;
    if (const auto v = readMin(t, u"max_connections_per_ip", 1))
        s.maxConnectionsPerIp = *v;
    if (const auto v = readMin(t, u"max_auth_failures", 1))
        s.maxAuthFailures = *v;
    if (const auto d = readPositiveDuration(t, u"auth_lockout"))
        s.authLockout = *d;
    if (const auto mode = readDelivery(t))
        s.delivery = *mode;

    s.transports = readRoute(t, QLatin1String(kListenerTransportName), QStringLiteral("smtp_listener"));
    m_config.smtpListener = s;
}

void ConfigBuilder::readSmtpTls(const TableReader &t, SmtpListenerConfig &s)
{
    // decisions §15: no certificate is fine even with require_tls; the listener then makes an
    // ephemeral self-signed one. Whatever is configured must load, though (decisions §20).
    const auto cert = t.string(u"tls_cert");
    const auto key = t.string(u"tls_key");
    if (cert && !key && !t.has(u"tls_key"))
        t.missing(u"tls_key", QStringLiteral("tls_key is required when tls_cert is set"),
                  QStringLiteral("set both, or neither for an ephemeral self-signed certificate"));
    if (key && !cert && !t.has(u"tls_cert"))
        t.missing(u"tls_cert", QStringLiteral("tls_cert is required when tls_key is set"),
                  QStringLiteral("set both, or neither for an ephemeral self-signed certificate"));
    std::optional<QSslCertificate> leaf;
    if (cert && !t.find(u"tls_cert")->envUnset) {
        s.tlsCert = resolvePath(*cert);
        const auto certs = TlsFiles::loadCertificates(s.tlsCert);
        if (!certs)
            t.error(u"tls_cert", QStringLiteral("tls_cert: ") + certs.error().message);
        else
            leaf = certs->first();
    }
    if (key && !t.find(u"tls_key")->envUnset) {
        s.tlsKey = resolvePath(*key);
        const auto loaded = TlsFiles::loadPrivateKey(s.tlsKey);
        if (!loaded)
            t.error(u"tls_key", QStringLiteral("tls_key: ") + loaded.error().message);
        else if (leaf && !TlsFiles::keyMatchesCertificate(*leaf, s.tlsKey))
            t.error(u"tls_key", QStringLiteral("tls_key does not belong to the certificate in tls_cert"),
                    QStringLiteral("the first certificate in tls_cert must be the one issued for this key"));
    }
    if (const auto ca = t.string(u"client_cert_ca"); ca && !t.find(u"client_cert_ca")->envUnset) {
        s.clientCertCa = resolvePath(*ca);
        const auto certs = TlsFiles::loadCertificates(s.clientCertCa);
        if (!certs)
            t.error(u"client_cert_ca",
                    QStringLiteral("client_cert_ca: no certificates parsed (%1)").arg(certs.error().message));
    }
}

void ConfigBuilder::readSmtpUsers(const TableReader &t, SmtpListenerConfig &s)
{
    const auto users = t.tableArray(u"smtp_users");
    if (!users)
        return;
    const bool needsUsers = s.authRequired == SmtpAuthMode::SmtpAuth || s.authRequired == SmtpAuthMode::Either;
    if (users->empty() && needsUsers)
        t.error(u"smtp_users",
                QStringLiteral("smtp_users: at least one user required when auth_required = \"%1\"")
                    .arg(authModeName(s.authRequired)));
    QHash<QString, int> firstLine;
    for (size_t i = 0; i < users->size(); ++i) {
        const ConfigNode &table = *(*users)[i];
        TableReader u(m_r, table, t.keyPath(u"smtp_users") + QStringLiteral("[%1]").arg(i),
                      {QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("allowed_senders")});
        SmtpUserConfig user;
        const auto name = u.string(u"username");
        if (name && !name->trimmed().isEmpty()) {
            user.username = *name;
            if (firstLine.contains(*name))
                u.error(u"username", QStringLiteral("duplicate username \"%1\"").arg(*name),
                        QStringLiteral("first defined at line %1").arg(firstLine.value(*name)));
            firstLine.insert(*name, u.locationOf(u"username").line);
        } else if (name) {
            u.error(u"username", QStringLiteral("username is required"));
        } else if (!u.has(u"username")) {
            u.missing(u"username", QStringLiteral("username is required"));
        }
        const auto password = u.string(u"password");
        if (password && !password->isEmpty())
            user.password = *password;
        else if (password)
            u.error(u"password", QStringLiteral("password is required"));
        else if (!u.has(u"password"))
            u.missing(u"password", QStringLiteral("password is required"),
                      QStringLiteral("e.g. password = \"${env.SMTP_PASSWORD}\""));
        if (const auto senders = u.stringList(u"allowed_senders")) {
            if (senders->isEmpty() && u.find(u"allowed_senders")->items.empty())
                u.error(u"allowed_senders",
                        QStringLiteral("allowed_senders is explicitly empty; remove the key to use the listener's "
                                       "allowed_senders"));
            for (qsizetype j = 0; j < senders->size(); ++j) {
                const QString pattern = senders->at(j).value.trimmed();
                if (isAllowlistPattern(pattern))
                    user.allowedSenders.append(pattern);
                else
                    m_r.error(*senders->at(j).node, u.keyPath(u"allowed_senders") + QStringLiteral("[%1]").arg(j),
                              QStringLiteral("allowed_senders[%1]: \"%2\" is not an address pattern")
                                  .arg(j)
                                  .arg(senders->at(j).value),
                              QStringLiteral("use \"*\", \"*@example.com\" or a full address"));
            }
        }
        s.users.append(user);
    }
}

} // namespace Postrider
