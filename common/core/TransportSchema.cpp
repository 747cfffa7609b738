#include "TransportSchema.h"

namespace Postrider {

namespace {
using K = SettingSpec::Kind;

SettingSpec str(const char *key, bool required, const char *doc, bool secret = false, bool posthorn = true)
{
    SettingSpec s;
    s.key = QLatin1String(key);
    s.kind = K::String;
    s.required = required;
    s.secret = secret;
    s.posthorn = posthorn;
    s.doc = QLatin1String(doc);
    return s;
}
SettingSpec choice(const char *key, QStringList choices, const char *def, const char *doc)
{
    SettingSpec s = str(key, false, doc, false, false);
    s.choices = std::move(choices);
    s.defaultValue = QLatin1String(def);
    return s;
}
SettingSpec boolean(const char *key, bool def, const char *doc, bool posthorn = true)
{
    SettingSpec s;
    s.key = QLatin1String(key);
    s.kind = K::Bool;
    s.defaultValue = def;
    s.posthorn = posthorn;
    s.doc = QLatin1String(doc);
    return s;
}
SettingSpec integer(const char *key, bool required, qint64 min, qint64 max, const char *doc)
{
    SettingSpec s;
    s.key = QLatin1String(key);
    s.kind = K::Int;
    s.required = required;
    s.min = min;
    s.max = max;
    s.doc = QLatin1String(doc);
    return s;
}

const char *const kBaseUrlDoc = "API endpoint override (self-hosted compatible APIs, tests)";
const char *const kCaDoc = "PEM file of extra CA certificates trusted for this transport's TLS";

QList<TransportTypeSpec> build()
{
    QList<TransportTypeSpec> specs;
    specs.append({QStringLiteral("capture"),
                  QStringLiteral("Writes each message as an .eml file into a local folder (development, tests)."),
                  {str("path", true, "folder the .eml files are written to (created if missing)", false, false)}});
    specs.append(
        {QStringLiteral("mailgun"),
         QStringLiteral("Mailgun Messages API (multipart/form-data, HTTP Basic api:KEY)."),
         {str("api_key", true, "Mailgun sending or account API key", true),
          str("domain", true, "sending domain, e.g. mg.example.com"), str("base_url", false, kBaseUrlDoc),
          choice("region", {QStringLiteral("us"), QStringLiteral("eu")}, "us", "API region when base_url is not set"),
          str("ca_file", false, kCaDoc, false, false)}});
    specs.append({QStringLiteral("postmark"),
                  QStringLiteral("Postmark /email API (server token)."),
                  {str("api_key", true, "Postmark server token", true), str("base_url", false, kBaseUrlDoc),
                   str("message_stream", false, "MessageStream, e.g. outbound or broadcast", false, false),
                   str("ca_file", false, kCaDoc, false, false)}});
    specs.append({QStringLiteral("resend"),
                  QStringLiteral("Resend /emails API (Bearer key, Idempotency-Key)."),
                  {str("api_key", true, "Resend API key", true), str("base_url", false, kBaseUrlDoc),
                   str("ca_file", false, kCaDoc, false, false)}});
    specs.append({QStringLiteral("ses"),
                  QStringLiteral("Amazon SES v2 SendEmail, signed with AWS Signature Version 4."),
                  {str("access_key_id", true, "AWS access key id"),
                   str("secret_access_key", true, "AWS secret access key", true),
                   str("region", true, "AWS region, e.g. eu-west-1"), str("base_url", false, kBaseUrlDoc),
                   str("session_token", false, "STS session token for temporary credentials", true, false),
                   str("configuration_set", false, "SES configuration set name", false, false),
                   str("ca_file", false, kCaDoc, false, false)}});
    SettingSpec port = integer("port", true, 1, 65535, "server port (587 for STARTTLS, 465 for implicit TLS)");
    specs.append(
        {QStringLiteral("smtp"),
         QStringLiteral("Outbound SMTP relay (STARTTLS or implicit TLS, AUTH PLAIN/LOGIN or none)."),
         {str("host", true, "relay host name"), port,
          str("username", false, "AUTH user name; leave username and password unset for no AUTH"),
          str("password", false, "AUTH password", true),
          boolean("require_tls", true, "refuse to send unless the session is encrypted"),
          boolean("tls_insecure_skip_verify", false, "do not verify the relay's certificate (unsafe)"),
          boolean("implicit_tls", false, "TLS from the first byte (port 465 style) instead of STARTTLS", false),
          choice("auth",
                 {QStringLiteral("auto"), QStringLiteral("plain"), QStringLiteral("login"), QStringLiteral("none")},
                 "auto", "AUTH mechanism; auto picks PLAIN, then LOGIN, as offered"),
          str("helo_name", false, "name sent in EHLO (default: the machine's host name)", false, false),
          str("ca_file", false, kCaDoc, false, false)}});
    return specs;
}
} // namespace

const SettingSpec *TransportTypeSpec::setting(QStringView key) const
{
    for (const SettingSpec &s : settings)
        if (s.key == key)
            return &s;
    return nullptr;
}

QStringList TransportTypeSpec::keys() const
{
    QStringList out;
    for (const SettingSpec &s : settings)
        out.append(s.key);
    return out;
}

const QList<TransportTypeSpec> &transportTypeSpecs()
{
    static const QList<TransportTypeSpec> specs = build();
    return specs;
}

const TransportTypeSpec *transportTypeSpec(QStringView type)
{
    for (const TransportTypeSpec &s : transportTypeSpecs())
        if (s.type == type)
            return &s;
    return nullptr;
}

QStringList transportTypeNames()
{
    QStringList out;
    for (const TransportTypeSpec &s : transportTypeSpecs())
        out.append(s.type);
    return out;
}

} // namespace Postrider
