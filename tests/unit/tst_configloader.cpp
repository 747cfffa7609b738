#include "TestData.h"
#include "core/ConfigLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;

namespace {

using Env = QHash<QString, QString>;

EnvLookup fakeEnv(const Env &vars, QStringList *asked = nullptr)
{
    return [vars, asked](const QString &name) -> std::optional<QString> {
        if (asked)
            asked->append(name);
        if (vars.contains(name))
            return vars.value(name);
        return std::nullopt;
    };
}

ConfigLoadResult load(const QByteArray &text, const Env &env = {}, QStringList *asked = nullptr)
{
    return ConfigLoader::loadText(text, QStringLiteral("test.toml"), Test::dataPath(QStringLiteral("config")),
                                  fakeEnv(env, asked));
}

const QByteArray kPostmark = "[endpoints.transport]\ntype = \"postmark\"\nsettings = { api_key = \"pm-key\" }\n";

/// One form endpoint; `omit` drops base keys, `extra` lines go into the endpoint table before
/// its transport table.
QByteArray endpointToml(const QByteArray &extra = {}, const QStringList &omit = {},
                        const QByteArray &transport = kPostmark)
{
    static const QList<std::pair<QString, QByteArray>> base = {
        {QStringLiteral("path"), "path = \"/contact\""},
        {QStringLiteral("to"), "to = [\"owner@example.com\"]"},
        {QStringLiteral("from"), "from = \"Website <noreply@example.com>\""},
        {QStringLiteral("subject"), "subject = \"New message\""},
        {QStringLiteral("body"), "body = \"Hello {{.name}}\""},
    };
    QByteArray out = "[[endpoints]]\n";
    for (const auto &[key, line] : base)
        if (!omit.contains(key))
            out += line + '\n';
    out += extra;
    if (!extra.isEmpty() && !extra.endsWith('\n'))
        out += '\n';
    return out + transport;
}

const QByteArray kListenerTransport =
    "[smtp_listener.transport]\ntype = \"postmark\"\nsettings = { api_key = \"k\" }\n";
const QByteArray kOneUser = "[[smtp_listener.smtp_users]]\nusername = \"app\"\npassword = \"app-password\"\n";

/// An `[smtp_listener]`; `extra` lines go into the listener table.
QByteArray listenerToml(const QByteArray &extra = {}, const QByteArray &users = kOneUser,
                        const QByteArray &transport = kListenerTransport)
{
    QByteArray out = "[smtp_listener]\nlisten = \":2525\"\nallowed_senders = [\"*@example.com\"]\n" + extra;
    if (!extra.isEmpty() && !extra.endsWith('\n'))
        out += '\n';
    return out + users + transport;
}

const ConfigError *findError(const ConfigLoadResult &r, const QString &key, const QString &messagePart = {})
{
    for (const ConfigError &e : r.errors)
        if (e.key == key && e.message.contains(messagePart))
            return &e;
    return nullptr;
}

QString dataFile(const QString &relative)
{
    return Test::dataPath(QStringLiteral("config/") + relative);
}

/// Environment for docs/recipes: every name gets a value, TLS paths point at test fixtures.
std::optional<QString> recipeEnv(const QString &name)
{
    if (name.endsWith(QLatin1String("_TLS_CERT")))
        return dataFile(QStringLiteral("tls/server.crt"));
    if (name.endsWith(QLatin1String("_TLS_KEY")))
        return dataFile(QStringLiteral("tls/server.key"));
    if (name.endsWith(QLatin1String("_CLIENT_CA")))
        return dataFile(QStringLiteral("tls/client-ca.pem"));
    if (name.endsWith(QLatin1String("_PORT")))
        return QStringLiteral("587");
    return QStringLiteral("recipe-value-for-") + name.toLower();
}

} // namespace

#define VERIFY_OK(result) QVERIFY2((result).ok(), qPrintable((result).errorText()))
#define VERIFY_ERROR(result, key, part)                                                                                \
    QVERIFY2(findError((result), (key), (part)),                                                                       \
             qPrintable(QStringLiteral("expected %1: %2 in:\n%3").arg((key), (part), (result).errorText())))

class tst_ConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    // Posthorn core/config/config_test.go (reference §10.1)
    void minimalConfig();
    void fullFormConfig();
    void multipleEndpointsInFileOrder();
    void fileNotFound();
    void invalidToml_data();
    void invalidToml();
    void validationErrors_data();
    void validationErrors();
    void allowedOriginsAbsentIsValid();
    void loggingLevelsAccepted_data();
    void loggingLevelsAccepted();
    void envResolution();
    void envResolutionMultipleVars();
    void envMissingNamesIt();
    void envMissingAllReported();
    void envNoPlaceholdersPassthrough();
    void authModes_data();
    void authModes();
    void apiKeyModeSuccess();
    void csrfSecretValid();
    void apiKeysEnvSubstitution();
    void bodyTemplateNotInterpolated();
    void smtpEffectiveRequireTls_data();
    void smtpEffectiveRequireTls();
    void unknownFieldRejected_data();
    void unknownFieldRejected();

    // Error reporting
    void errorLocations();
    void severalErrorsInFileOrder();
    void errorTextFormat();
    void typeErrors_data();
    void typeErrors();

    // ${env.NAME} substitution (decisions §19)
    void envQuoteAndBackslashVerbatim();
    void envUnsetNamesEachWithLine();
    void envLowercaseNamesStayLiteral();
    void envInCommentIgnored();
    void envEmptyValueIsValid();
    void envInSettingsAndApiKeys();
    void envValueNotExpandedAgain();
    void envUnquotedPlaceholderHint();
    void envIntegerSettingFromString_data();
    void envIntegerSettingFromString();
    void envNotSubstitutedIntoKeys();

    // Hints
    void didYouMean_data();
    void didYouMean();

    // Postrider rules
    void smtpOnlyConfig();
    void neitherEndpointNorListener();
    void namedTransportsAndFailover();
    void routeErrors_data();
    void routeErrors();
    void bodyRules_data();
    void bodyRules();
    void bodyRelativeToWorkingDirectory();
    void loadFileResolvesAgainstConfigDir();
    void trustedProxies_data();
    void trustedProxies();
    void allowedOrigins_data();
    void allowedOrigins();
    void sizes();
    void smtpListenerChecks_data();
    void smtpListenerChecks();
    void smtpTlsFiles_data();
    void smtpTlsFiles();
    void smtpUsers();
    void smtpListenerExtensions();
    void daemonSections();
    void daemonSectionErrors_data();
    void daemonSectionErrors();
    void secretsCollected();

    // docs/recipes
    void recipes_data();
    void recipes();
};

// ---------------------------------------------------------------------------------------------
// Posthorn parity

void tst_ConfigLoader::minimalConfig()
{
    const ConfigLoadResult r = load(endpointToml());
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.size(), 1);
    const EndpointConfig &e = r.config.endpoints.first();
    QCOMPARE(e.path, QStringLiteral("/contact"));
    QCOMPARE(e.transports, QStringList{QStringLiteral("endpoint:/contact")});
    const TransportConfig *t = r.config.transport(QStringLiteral("endpoint:/contact"));
    QVERIFY(t);
    QCOMPARE(t->type, QStringLiteral("postmark"));
    QVERIFY(t->isInline);
    QCOMPARE(t->setting(QStringLiteral("api_key")), QStringLiteral("pm-key"));
    // Defaults
    QCOMPARE(e.auth, EndpointAuth::Form);
    QCOMPARE(e.maxBodySize, qint64(1) << 20);
    QCOMPARE(e.emailField, QStringLiteral("email"));
    QVERIFY(e.logFailedSubmissions);
    QVERIFY(!e.allowedOrigins);
    QVERIFY(!e.rateLimit);
    QCOMPARE(e.delivery, DeliveryMode::Queue);
    QCOMPARE(e.csrfTokenTtl, Duration(std::chrono::hours(1)));
    QCOMPARE(t->timeout, Duration(std::chrono::seconds(10)));
    QVERIFY(!r.config.smtpListener);
}

void tst_ConfigLoader::fullFormConfig()
{
    const QByteArray extra = R"(required = ["name", "email", "message"]
email_field = "sender"
reply_to_email_field = "reply_to"
honeypot = "_gotcha"
allowed_origins = ["https://Example.com", "https://www.example.com:8443"]
max_body_size = "64KB"
trusted_proxies = ["cloudflare", "10.0.0.0/8"]
strip_client_ip = true
log_failed_submissions = false
redirect_success = "https://example.com/thanks"
redirect_error = "https://example.com/oops"
dry_run = true
csrf_secret = "0123456789abcdef0123456789abcdef"
csrf_token_ttl = "30m"
[endpoints.rate_limit]
count = 5
interval = "1m"
)";
    const ConfigLoadResult r = load(endpointToml(extra));
    VERIFY_OK(r);
    const EndpointConfig &e = r.config.endpoints.first();
    QCOMPARE(e.required, (QStringList{QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("message")}));
    QCOMPARE(e.emailField, QStringLiteral("sender"));
    QCOMPARE(e.effectiveReplyToField(), QStringLiteral("reply_to"));
    QCOMPARE(e.honeypot, QStringLiteral("_gotcha"));
    QVERIFY(e.allowedOrigins);
    QCOMPARE(*e.allowedOrigins,
             (QStringList{QStringLiteral("https://example.com"), QStringLiteral("https://www.example.com:8443")}));
    QCOMPARE(e.maxBodySize, 64 * 1024);
    QCOMPARE(e.trustedProxies, (QStringList{QStringLiteral("cloudflare"), QStringLiteral("10.0.0.0/8")}));
    QCOMPARE(e.trustedRanges.size(), 23); // 22 Cloudflare ranges + 1
    QVERIFY(e.stripClientIp);
    QVERIFY(!e.logFailedSubmissions);
    QCOMPARE(e.redirectSuccess, QStringLiteral("https://example.com/thanks"));
    QCOMPARE(e.redirectError, QStringLiteral("https://example.com/oops"));
    QVERIFY(e.dryRun);
    QCOMPARE(e.csrfSecret, QByteArray("0123456789abcdef0123456789abcdef"));
    QCOMPARE(e.csrfTokenTtl, Duration(std::chrono::minutes(30)));
    QVERIFY(e.rateLimit);
    QCOMPARE(e.rateLimit->count, 5);
    QCOMPARE(e.rateLimit->interval, Duration(std::chrono::minutes(1)));
    QCOMPARE(e.locationOf(QStringLiteral("honeypot")).line, 10);
}

void tst_ConfigLoader::multipleEndpointsInFileOrder()
{
    QByteArray second = endpointToml();
    second.replace("/contact", "/feedback");
    const ConfigLoadResult r = load(endpointToml() + second);
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.size(), 2);
    QCOMPARE(r.config.endpoints[0].path, QStringLiteral("/contact"));
    QCOMPARE(r.config.endpoints[1].path, QStringLiteral("/feedback"));
    QCOMPARE(r.config.transports.size(), 2);
}

void tst_ConfigLoader::fileNotFound()
{
    const ConfigLoadResult r = ConfigLoader::loadFile(dataFile(QStringLiteral("does-not-exist.toml")), fakeEnv({}));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().message.startsWith(QLatin1String("read config")));
    QVERIFY(r.errorText().contains(QLatin1String("does-not-exist.toml")));
}

void tst_ConfigLoader::invalidToml_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::newRow("unclosed string") << QByteArray("[logging]\nlevel = \"info\n") << 2;
    QTest::newRow("malformed table header") << QByteArray("[[endpoints]\npath = \"/x\"\n") << 1;
    QTest::newRow("trailing garbage") << QByteArray("[logging]\nlevel = \"info\" garbage\n") << 2;
    QTest::newRow("duplicate key") << QByteArray("[logging]\nlevel = \"info\"\nlevel = \"warn\"\n") << 3;
}

void tst_ConfigLoader::invalidToml()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    const ConfigLoadResult r = load(text);
    QCOMPARE(r.errors.size(), 1);
    QVERIFY2(r.errors.first().message.startsWith(QLatin1String("parse TOML")), qPrintable(r.errorText()));
    QCOMPARE(r.errors.first().where.line, line);
    QVERIFY(r.errors.first().where.column > 0);
    QVERIFY(r.errors.first().hint.isEmpty());
}

void tst_ConfigLoader::validationErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");

    const QString p = QStringLiteral("endpoints[0].");
    QTest::newRow("no endpoints") << QByteArray("[logging]\nlevel = \"info\"\n") << QStringLiteral("endpoints")
                                  << QStringLiteral("at least one endpoint");
    QTest::newRow("duplicate path") << endpointToml() + endpointToml() << QStringLiteral("endpoints[1].path")
                                    << QStringLiteral("duplicate endpoint path: /contact");
    QTest::newRow("path required") << endpointToml({}, {QStringLiteral("path")}) << p + "path"
                                   << QStringLiteral("path is required");
    QTest::newRow("path empty") << endpointToml("path = \"\"", {QStringLiteral("path")}) << p + "path"
                                << QStringLiteral("path is required");
    QTest::newRow("path without slash") << endpointToml("path = \"api/contact\"", {QStringLiteral("path")})
                                        << p + "path" << QStringLiteral("must start with /");
    QTest::newRow("path reserved") << endpointToml("path = \"/healthz\"", {QStringLiteral("path")}) << p + "path"
                                   << QStringLiteral("reserved");
    QTest::newRow("to required") << endpointToml({}, {QStringLiteral("to")}) << p + "to"
                                 << QStringLiteral("to is required");
    QTest::newRow("to empty") << endpointToml("to = []", {QStringLiteral("to")}) << p + "to"
                              << QStringLiteral("to is required");
    QTest::newRow("to invalid") << endpointToml("to = [\"not-an-email\"]", {QStringLiteral("to")}) << p + "to[0]"
                                << QStringLiteral("to: invalid email \"not-an-email\"");
    QTest::newRow("from required") << endpointToml({}, {QStringLiteral("from")}) << p + "from"
                                   << QStringLiteral("from is required");
    QTest::newRow("from invalid") << endpointToml("from = \"a @ b.com\"", {QStringLiteral("from")}) << p + "from"
                                  << QStringLiteral("from: invalid email");
    QTest::newRow("subject required") << endpointToml({}, {QStringLiteral("subject")}) << p + "subject"
                                      << QStringLiteral("subject is required");
    QTest::newRow("body required") << endpointToml({}, {QStringLiteral("body")}) << p + "body"
                                   << QStringLiteral("body is required");
    QTest::newRow("type required") << endpointToml({}, {}, "[endpoints.transport]\nsettings = { api_key = \"k\" }\n")
                                   << p + "transport.type" << QStringLiteral("type is required");
    QTest::newRow("unknown transport type")
        << endpointToml({}, {}, "[endpoints.transport]\ntype = \"sendgrid\"\n") << p + "transport.type"
        << QStringLiteral("unknown transport type \"sendgrid\"");
    QTest::newRow("postmark api_key required")
        << endpointToml({}, {}, "[endpoints.transport]\ntype = \"postmark\"\n") << p + "transport.settings.api_key"
        << QStringLiteral("postmark transport requires settings.api_key");
    QTest::newRow("mailgun domain required")
        << endpointToml({}, {}, "[endpoints.transport]\ntype = \"mailgun\"\nsettings = { api_key = \"k\" }\n")
        << p + "transport.settings.domain" << QStringLiteral("mailgun transport requires settings.domain");
    QTest::newRow("ses region required") << endpointToml(
        {}, {},
        "[endpoints.transport]\ntype = \"ses\"\n"
        "settings = { access_key_id = \"a\", secret_access_key = \"s\" }\n")
                                         << p + "transport.settings.region"
                                         << QStringLiteral("ses transport requires settings.region");
    QTest::newRow("smtp port range") << endpointToml(
        {}, {}, "[endpoints.transport]\ntype = \"smtp\"\nsettings = { host = \"h\", port = 70000 }\n")
                                     << p + "transport.settings.port"
                                     << QStringLiteral("smtp transport settings.port must be 1-65535, got 70000");
    QTest::newRow("smtp password without username")
        << endpointToml({}, {},
                        "[endpoints.transport]\ntype = \"smtp\"\nsettings = { host = \"h\", port = 587, password = "
                        "\"p\" }\n")
        << p + "transport.settings.username" << QStringLiteral("settings.username is required");
    QTest::newRow("base_url not a URL") << endpointToml(
        {}, {},
        "[endpoints.transport]\ntype = \"resend\"\nsettings = { api_key = \"k\", base_url = "
        "\"api.resend.com\" }\n") << p + "transport.settings.base_url"
                                        << QStringLiteral("must be an http:// or https:// URL");
    QTest::newRow("choice setting") << endpointToml(
        {}, {},
        "[endpoints.transport]\ntype = \"mailgun\"\nsettings = { api_key = \"k\", domain = "
        "\"mg.example.com\", region = \"asia\" }\n")
                                    << p + "transport.settings.region"
                                    << QStringLiteral("must be \"us\" or \"eu\", got \"asia\"");
    QTest::newRow("allowed_origins empty") << endpointToml("allowed_origins = []") << p + "allowed_origins"
                                           << QStringLiteral("allowed_origins is explicitly empty");
    QTest::newRow("rate_limit count") << endpointToml("rate_limit = { count = 0, interval = \"1m\" }")
                                      << p + "rate_limit.count" << QStringLiteral("rate_limit.count must be positive");
    QTest::newRow("rate_limit count missing")
        << endpointToml("rate_limit = { interval = \"1m\" }") << p + "rate_limit.count"
        << QStringLiteral("rate_limit.count must be positive, got 0");
    QTest::newRow("rate_limit interval") << endpointToml("rate_limit = { count = 5, interval = \"0s\" }")
                                         << p + "rate_limit.interval"
                                         << QStringLiteral("rate_limit.interval must be positive");
    QTest::newRow("rate_limit bad duration") << endpointToml("rate_limit = { count = 5, interval = \"5 minutes\" }")
                                             << p + "rate_limit.interval" << QStringLiteral("invalid duration");
    QTest::newRow("logging format") << endpointToml() + "[logging]\nformat = \"logfmt\"\n"
                                    << QStringLiteral("logging.format") << QStringLiteral("logging.format");
    QTest::newRow("logging level") << endpointToml() + "[logging]\nlevel = \"verbose\"\n"
                                   << QStringLiteral("logging.level") << QStringLiteral("logging.level");
    QTest::newRow("csrf_token_ttl negative")
        << endpointToml("csrf_secret = \"0123456789abcdef\"\ncsrf_token_ttl = \"-1m\"") << p + "csrf_token_ttl"
        << QStringLiteral("csrf_token_ttl must not be negative");
    QTest::newRow("csrf_secret short") << endpointToml("csrf_secret = \"too-short\"") << p + "csrf_secret"
                                       << QStringLiteral("csrf_secret must be at least 16 bytes; got 9");
    QTest::newRow("required blank") << endpointToml("required = [\"name\", \" \"]") << p + "required[1]"
                                    << QStringLiteral("empty field name");
    QTest::newRow("delivery") << endpointToml("delivery = \"later\"") << p + "delivery"
                              << QStringLiteral("delivery must be \"queue\" or \"sync\"");
    QTest::newRow("max_attachment_size zero")
        << endpointToml("max_attachment_size = \"0\"") << p + "max_attachment_size" << QStringLiteral("greater than 0");
    QTest::newRow("max_body_size syntax")
        << endpointToml("max_body_size = \"1.5MB\"") << p + "max_body_size" << QStringLiteral("invalid size");
}

void tst_ConfigLoader::validationErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const ConfigLoadResult r = load(text);
    QVERIFY(!r.ok());
    VERIFY_ERROR(r, key, message);
    for (const ConfigError &e : r.errors) {
        QCOMPARE(e.where.file, QStringLiteral("test.toml"));
        QVERIFY2(e.where.line > 0, qPrintable(e.toString()));
    }
}

void tst_ConfigLoader::allowedOriginsAbsentIsValid()
{
    const ConfigLoadResult r = load(endpointToml());
    VERIFY_OK(r);
    QVERIFY(!r.config.endpoints.first().allowedOrigins.has_value());
}

void tst_ConfigLoader::loggingLevelsAccepted_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<LogLevel>("expected");
    QTest::newRow("empty") << QString() << LogLevel::Info;
    QTest::newRow("debug") << QStringLiteral("debug") << LogLevel::Debug;
    QTest::newRow("info") << QStringLiteral("info") << LogLevel::Info;
    QTest::newRow("warn") << QStringLiteral("warn") << LogLevel::Warn;
    QTest::newRow("error") << QStringLiteral("error") << LogLevel::Error;
}

void tst_ConfigLoader::loggingLevelsAccepted()
{
    QFETCH(QString, level);
    QFETCH(LogLevel, expected);
    const ConfigLoadResult r =
        load(endpointToml() + "[logging]\nlevel = \"" + level.toUtf8() + "\"\nformat = \"text\"\n");
    VERIFY_OK(r);
    QCOMPARE(r.config.logging.level, expected);
    QCOMPARE(r.config.logging.format, LogFormat::Text);
}

void tst_ConfigLoader::envResolution()
{
    const QByteArray text = endpointToml({}, {},
                                         "[endpoints.transport]\ntype = \"postmark\"\n"
                                         "settings = { api_key = \"${env.POSTMARK_API_KEY}\" }\n");
    const ConfigLoadResult r = load(text, {{QStringLiteral("POSTMARK_API_KEY"), QStringLiteral("pm-secret-123")}});
    VERIFY_OK(r);
    QCOMPARE(r.config.transports.first().setting(QStringLiteral("api_key")), QStringLiteral("pm-secret-123"));
}

void tst_ConfigLoader::envResolutionMultipleVars()
{
    const QByteArray text = endpointToml("to = [\"${env.TO_ADDR}\"]\nfrom = \"${env.FROM_ADDR}\"",
                                         {QStringLiteral("to"), QStringLiteral("from")},
                                         "[endpoints.transport]\ntype = \"postmark\"\n"
                                         "settings = { api_key = \"${env.PM_KEY}\" }\n");
    const ConfigLoadResult r = load(text,
                                    {{QStringLiteral("TO_ADDR"), QStringLiteral("ops@example.com")},
                                     {QStringLiteral("FROM_ADDR"), QStringLiteral("Site <site@example.com>")},
                                     {QStringLiteral("PM_KEY"), QStringLiteral("k-1")}});
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().to, QStringList{QStringLiteral("ops@example.com")});
    QCOMPARE(r.config.endpoints.first().from, QStringLiteral("Site <site@example.com>"));
    QCOMPARE(r.config.transports.first().setting(QStringLiteral("api_key")), QStringLiteral("k-1"));
}

void tst_ConfigLoader::envMissingNamesIt()
{
    const ConfigLoadResult r = load(endpointToml({}, {},
                                                 "[endpoints.transport]\ntype = \"postmark\"\n"
                                                 "settings = { api_key = \"${env.POSTMARK_API_KEY}\" }\n"));
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().message.contains(QLatin1String("POSTMARK_API_KEY")));
    QCOMPARE(r.errors.first().key, QStringLiteral("endpoints[0].transport.settings.api_key"));
    QCOMPARE(r.errors.first().where.line, 9);
}

void tst_ConfigLoader::envMissingAllReported()
{
    const ConfigLoadResult r = load(endpointToml("honeypot = \"${env.FIRST_MISSING}\"", {},
                                                 "[endpoints.transport]\ntype = \"postmark\"\n"
                                                 "settings = { api_key = \"${env.SECOND_MISSING}\" }\n"));
    QCOMPARE(r.errors.size(), 2);
    QVERIFY(r.errors[0].message.contains(QLatin1String("FIRST_MISSING")));
    QVERIFY(r.errors[1].message.contains(QLatin1String("SECOND_MISSING")));
    QVERIFY(r.errorText().contains(QLatin1String("FIRST_MISSING")));
    QVERIFY(r.errorText().contains(QLatin1String("SECOND_MISSING")));
}

void tst_ConfigLoader::envNoPlaceholdersPassthrough()
{
    QStringList asked;
    const QByteArray text = endpointToml("honeypot = \"$env and {env.X} and ${notenv.X}\"");
    const ConfigLoadResult r = load(text, {}, &asked);
    VERIFY_OK(r);
    QVERIFY(asked.isEmpty());
    QCOMPARE(r.config.endpoints.first().honeypot, QStringLiteral("$env and {env.X} and ${notenv.X}"));
}

void tst_ConfigLoader::authModes_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("endpoints[0].");
    const QByteArray api = "auth = \"api-key\"\n";
    const QByteArray keys = "api_keys = [\"k1\"]\n";
    QTest::newRow("invalid auth") << QByteArray("auth = \"oauth\"") << p + "auth" << QStringLiteral("auth: must be");
    QTest::newRow("api requires keys") << api << p + "api_keys"
                                       << QStringLiteral("api_keys: at least one key required");
    QTest::newRow("api empty keys list") << api + "api_keys = []" << p + "api_keys"
                                         << QStringLiteral("api_keys: at least one key required");
    QTest::newRow("api empty key string")
        << api + "api_keys = [\"k\", \"\"]" << p + "api_keys[1]" << QStringLiteral("api_keys[1]: empty key");
    QTest::newRow("api blank key string")
        << api + "api_keys = [\"k\", \"  \"]" << p + "api_keys[1]" << QStringLiteral("api_keys[1]: empty key");
    QTest::newRow("api rejects honeypot") << api + keys + "honeypot = \"_gotcha\"" << p + "honeypot"
                                          << QStringLiteral("honeypot: not valid on auth=\"api-key\"");
    QTest::newRow("api rejects allowed_origins")
        << api + keys + "allowed_origins = [\"https://a.example\"]" << p + "allowed_origins"
        << QStringLiteral("allowed_origins: not valid");
    QTest::newRow("api rejects redirect_success")
        << api + keys + "redirect_success = \"https://a.example/ok\"" << p + "redirect_success"
        << QStringLiteral("redirect_success: not valid");
    QTest::newRow("api rejects redirect_error") << api + keys + "redirect_error = \"https://a.example/no\""
                                                << p + "redirect_error" << QStringLiteral("redirect_error: not valid");
    QTest::newRow("api rejects csrf_secret") << api + keys + "csrf_secret = \"0123456789abcdef0123\""
                                             << p + "csrf_secret" << QStringLiteral("csrf_secret: not valid");
    QTest::newRow("api negative idempotency")
        << api + keys + "idempotency_cache_size = -1" << p + "idempotency_cache_size"
        << QStringLiteral("idempotency_cache_size must be >= 0");
    QTest::newRow("form rejects api_keys") << QByteArray("api_keys = [\"k1\"]") << p + "api_keys"
                                           << QStringLiteral("must be unset unless auth = \"api-key\"");
    QTest::newRow("form rejects idempotency")
        << QByteArray("idempotency_cache_size = 100") << p + "idempotency_cache_size"
        << QStringLiteral("idempotency_cache_size: only valid");
}

void tst_ConfigLoader::authModes()
{
    QFETCH(QByteArray, extra);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const ConfigLoadResult r = load(endpointToml(extra));
    QVERIFY(!r.ok());
    VERIFY_ERROR(r, key, message);
}

void tst_ConfigLoader::apiKeyModeSuccess()
{
    {
        const ConfigLoadResult r = load(endpointToml("auth = \"form\""));
        VERIFY_OK(r);
        QCOMPARE(r.config.endpoints.first().auth, EndpointAuth::Form);
    }
    const ConfigLoadResult r =
        load(endpointToml("auth = \"api-key\"\napi_keys = [\"key-one\"]\nidempotency_cache_size = 500"));
    VERIFY_OK(r);
    const EndpointConfig &e = r.config.endpoints.first();
    QCOMPARE(e.auth, EndpointAuth::ApiKey);
    QCOMPARE(e.apiKeys, QStringList{QStringLiteral("key-one")});
    QCOMPARE(e.idempotencyCacheSize, 500);
}

void tst_ConfigLoader::csrfSecretValid()
{
    const ConfigLoadResult r =
        load(endpointToml("csrf_secret = \"abcdefghijklmnopqrstuvwxyz012345\"\ncsrf_token_ttl = \"30m\""));
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().csrfSecret, QByteArray("abcdefghijklmnopqrstuvwxyz012345"));
    QCOMPARE(r.config.endpoints.first().csrfTokenTtl, Duration(std::chrono::minutes(30)));
}

void tst_ConfigLoader::apiKeysEnvSubstitution()
{
    const ConfigLoadResult r = load(endpointToml("auth = \"api-key\"\napi_keys = [\"${env.API_KEY_A}\", \"literal\"]"),
                                    {{QStringLiteral("API_KEY_A"), QStringLiteral("from-env")}});
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().apiKeys, (QStringList{QStringLiteral("from-env"), QStringLiteral("literal")}));
}

void tst_ConfigLoader::bodyTemplateNotInterpolated()
{
    const ConfigLoadResult r = load(endpointToml("body = \"Hi {{.name}}, see {{ .link }}\"", {QStringLiteral("body")}));
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().body, QStringLiteral("Hi {{.name}}, see {{ .link }}"));
    QVERIFY(r.config.endpoints.first().bodyFile.isEmpty());
}

void tst_ConfigLoader::smtpEffectiveRequireTls_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("expected");
    QTest::newRow("unset") << QByteArray() << true;
    QTest::newRow("true") << QByteArray("require_tls = true") << true;
    QTest::newRow("false") << QByteArray("require_tls = false") << false;
}

void tst_ConfigLoader::smtpEffectiveRequireTls()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, expected);
    const ConfigLoadResult r = load(listenerToml(line));
    VERIFY_OK(r);
    QCOMPARE(r.config.smtpListener->requireTls, expected);
}

void tst_ConfigLoader::unknownFieldRejected_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::newRow("top level") << "stray = 1\n" + endpointToml() << QStringLiteral("stray");
    QTest::newRow("smtp_listener starttls")
        << listenerToml("starttls = true") << QStringLiteral("smtp_listener.starttls");
    QTest::newRow("endpoint csrf_secrets")
        << endpointToml("csrf_secrets = \"0123456789abcdef\"") << QStringLiteral("endpoints[0].csrf_secrets");
    QTest::newRow("transport") << endpointToml({}, {},
                                               "[endpoints.transport]\ntype = \"postmark\"\nretries = 3\n"
                                               "settings = { api_key = \"k\" }\n")
                               << QStringLiteral("endpoints[0].transport.retries");
    QTest::newRow("settings") << endpointToml({}, {},
                                              "[endpoints.transport]\ntype = \"postmark\"\n"
                                              "settings = { api_key = \"k\", api_kee = \"k\" }\n")
                              << QStringLiteral("endpoints[0].transport.settings.api_kee");
    QTest::newRow("rate_limit") << endpointToml("rate_limit = { count = 1, interval = \"1m\", burst = 3 }")
                                << QStringLiteral("endpoints[0].rate_limit.burst");
    QTest::newRow("smtp user") << listenerToml({}, kOneUser + "role = \"admin\"\n")
                               << QStringLiteral("smtp_listener.smtp_users[0].role");
    QTest::newRow("logging") << endpointToml() + "[logging]\noutput = \"stderr\"\n" << QStringLiteral("logging.output");
}

void tst_ConfigLoader::unknownFieldRejected()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    const ConfigLoadResult r = load(text);
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.first().key, key);
    QVERIFY2(r.errors.first().message.contains(QLatin1String("unknown field")), qPrintable(r.errorText()));
    QVERIFY(r.errors.first().message.contains(key.section(u'.', -1)));
    QVERIFY(!r.errors.first().hint.isEmpty());
}

// ---------------------------------------------------------------------------------------------
// Error reporting

void tst_ConfigLoader::errorLocations()
{
    const QByteArray text = R"([[endpoints]]
path = "/contact"
to = ["owner@example.com", "not-an-email"]
from = "Website <noreply@example.com>"
subject = 42
body = "Hi"
colour = "blue"
[endpoints.transport]
type = "postmark"
[endpoints.transport.settings]
api_kee = "k"
)";
    const QList<QByteArray> lines = text.split('\n');
    const ConfigLoadResult r = load(text);
    QCOMPARE(r.errors.size(), 5);

    const ConfigError *to = findError(r, QStringLiteral("endpoints[0].to[1]"), QStringLiteral("invalid email"));
    QVERIFY(to);
    QCOMPARE(to->where.line, 3);
    QCOMPARE(to->where.column, lines[2].indexOf("\"not-an-email\"") + 1);

    const ConfigError *subject = findError(r, QStringLiteral("endpoints[0].subject"));
    QVERIFY(subject);
    QCOMPARE(subject->message, QStringLiteral("expected a string, got an integer"));
    QCOMPARE(subject->where.line, 5);
    QCOMPARE(subject->where.column, lines[4].indexOf("42") + 1);

    const ConfigError *unknown = findError(r, QStringLiteral("endpoints[0].colour"));
    QVERIFY(unknown);
    QCOMPARE(unknown->where.line, 7);
    QCOMPARE(unknown->where.column, 1);

    // A missing required key points at its table.
    const ConfigError *missing = findError(r, QStringLiteral("endpoints[0].transport.settings.api_key"));
    QVERIFY(missing);
    QCOMPARE(missing->where.line, 10);
    QCOMPARE(missing->where.column, 1);

    const ConfigError *typo = findError(r, QStringLiteral("endpoints[0].transport.settings.api_kee"));
    QVERIFY(typo);
    QCOMPARE(typo->where.line, 11);
    QCOMPARE(typo->hint, QStringLiteral("did you mean \"api_key\"?"));

    // Missing keys of an [[endpoints]] entry point at its header.
    const ConfigLoadResult m = load("\n\n" + endpointToml({}, {QStringLiteral("subject")}));
    const ConfigError *noSubject = findError(m, QStringLiteral("endpoints[0].subject"), QStringLiteral("required"));
    QVERIFY(noSubject);
    QCOMPARE(noSubject->where.line, 3);
    QCOMPARE(noSubject->where.column, 1);

    // Parse errors carry the position toml++ stopped at.
    const ConfigLoadResult p = load("[logging]\nlevel = info\n");
    QCOMPARE(p.errors.size(), 1);
    QCOMPARE(p.errors.first().where.line, 2);
    QVERIFY(p.errors.first().where.column >= 9);
}

void tst_ConfigLoader::severalErrorsInFileOrder()
{
    const QByteArray text =
        endpointToml("auth = \"oauth\"\nmax_body_size = \"big\"", {QStringLiteral("subject"), QStringLiteral("to")},
                     "[endpoints.transport]\ntype = \"postmark\"\n")
        + "[logging]\nlevel = \"loud\"\n";
    const ConfigLoadResult r = load(text);
    QCOMPARE(r.errors.size(), 6);
    for (qsizetype i = 1; i < r.errors.size(); ++i) {
        const auto prev = std::pair(r.errors[i - 1].where.line, r.errors[i - 1].where.column);
        const auto cur = std::pair(r.errors[i].where.line, r.errors[i].where.column);
        QVERIFY2(prev <= cur, qPrintable(r.errorText()));
    }
    QVERIFY(findError(r, QStringLiteral("endpoints[0].to"), QStringLiteral("to is required")));
    QVERIFY(findError(r, QStringLiteral("endpoints[0].subject"), QStringLiteral("subject is required")));
    QVERIFY(findError(r, QStringLiteral("endpoints[0].auth"), QStringLiteral("auth: must be")));
    QVERIFY(findError(r, QStringLiteral("endpoints[0].max_body_size"), QStringLiteral("invalid size")));
    QVERIFY(findError(r, QStringLiteral("endpoints[0].transport.settings.api_key")));
    QVERIFY(findError(r, QStringLiteral("logging.level")));
    QCOMPARE(r.errorText().split(u'\n').size(), 6);
    QCOMPARE(r.errors.last().key, QStringLiteral("logging.level"));
    // A config with errors is not handed out half-read.
    QVERIFY(r.config.endpoints.isEmpty());
}

void tst_ConfigLoader::errorTextFormat()
{
    const ConfigLoadResult r = load(endpointToml("csrf_secrets = \"x\""));
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errorText(),
             QStringLiteral("test.toml:7:1: endpoints[0].csrf_secrets: unknown field \"csrf_secrets\" (did you mean "
                            "\"csrf_secret\"?)"));

    // Posthorn's wording starts with the key; the key is then printed once.
    const ConfigLoadResult merged =
        load(endpointToml("rate_limit = { count = 0, interval = \"1m\" }\napi_keys = [\"k\", \"\"]\n"
                          "auth = \"api-key\"\nto = [\"bad\"]",
                          {QStringLiteral("to")}));
    QCOMPARE(merged.errors.size(), 3);
    QCOMPARE(merged.errors[0].toString(),
             QStringLiteral("test.toml:6:24: endpoints[0].rate_limit.count must be positive, got 0 (e.g. rate_limit = "
                            "{ count = 5, interval = \"1m\" })"));
    QVERIFY2(
        merged.errors[1].toString().startsWith(QLatin1String("test.toml:7:18: endpoints[0].api_keys[1]: empty key")),
        qPrintable(merged.errors[1].toString()));
    QVERIFY2(merged.errors[2].toString().startsWith(
                 QLatin1String("test.toml:9:7: endpoints[0].to[0]: to: invalid email \"bad\"")),
             qPrintable(merged.errors[2].toString()));
}

void tst_ConfigLoader::typeErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("endpoints[0].");
    QTest::newRow("string for array") << endpointToml("to = \"owner@example.com\"", {QStringLiteral("to")}) << p + "to"
                                      << QStringLiteral("expected an array of strings, got a string");
    QTest::newRow("integer in array") << endpointToml("required = [\"a\", 2]") << p + "required[1]"
                                      << QStringLiteral("expected a string, got an integer");
    QTest::newRow("string for bool") << endpointToml("dry_run = \"yes\"") << p + "dry_run"
                                     << QStringLiteral("expected a boolean, got a string");
    QTest::newRow("int for duration") << endpointToml("csrf_token_ttl = 3600") << p + "csrf_token_ttl"
                                      << QStringLiteral("expected a string, got an integer");
    QTest::newRow("table for endpoints") << QByteArray("[endpoints]\npath = \"/x\"\n") << QStringLiteral("endpoints")
                                         << QStringLiteral("expected an array of tables, got a table");
    QTest::newRow("float for int") << endpointToml("idempotency_cache_size = 1.5") << p + "idempotency_cache_size"
                                   << QStringLiteral("expected an integer, got a float");
    QTest::newRow("date") << endpointToml("subject = 2024-01-01", {QStringLiteral("subject")}) << p + "subject"
                          << QStringLiteral("expected a string, got a date-time");
    QTest::newRow("bool setting") << endpointToml({}, {},
                                                  "[endpoints.transport]\ntype = \"smtp\"\n"
                                                  "settings = { host = \"h\", port = 25, require_tls = \"maybe\" }\n")
                                  << p + "transport.settings.require_tls"
                                  << QStringLiteral("expected a boolean, got a string");
    QTest::newRow("transport number") << endpointToml({}, {}, "transport = 5\n") << p + "transport"
                                      << QStringLiteral("expected a table or a string, got an integer");
}

void tst_ConfigLoader::typeErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const ConfigLoadResult r = load(text);
    VERIFY_ERROR(r, key, message);
}

// ---------------------------------------------------------------------------------------------
// ${env.NAME}

void tst_ConfigLoader::envQuoteAndBackslashVerbatim()
{
    const QString secret = QStringLiteral("pa\"ss\\word\" # not a comment\nline2");
    const ConfigLoadResult r = load(endpointToml({}, {},
                                                 "[endpoints.transport]\ntype = \"postmark\"\n"
                                                 "settings = { api_key = \"${env.PM_KEY}\" }\n"),
                                    {{QStringLiteral("PM_KEY"), secret}});
    VERIFY_OK(r);
    QCOMPARE(r.config.transports.first().setting(QStringLiteral("api_key")), secret);
}

void tst_ConfigLoader::envUnsetNamesEachWithLine()
{
    const QByteArray text = R"([[endpoints]]
path = "/contact"
to = ["owner@example.com", "${env.SECOND_TO}"]
from = "Website <noreply@example.com>"
subject = "New message"
body = """
Hello,
sent by ${env.SITE_NAME} for ${env.SITE_OWNER}
"""
auth = "api-key"
api_keys = ["${env.API_KEY}"]
[endpoints.transport]
type = "postmark"
settings = { api_key = "${env.PM_KEY}" }
)";
    const ConfigLoadResult r = load(text, {{QStringLiteral("SITE_OWNER"), QStringLiteral("ACME")}});
    // Four unset names, each its own error; no follow-on "invalid email" for the placeholder.
    QCOMPARE(r.errors.size(), 4);
    const QStringList names = {QStringLiteral("SECOND_TO"), QStringLiteral("SITE_NAME"), QStringLiteral("API_KEY"),
                               QStringLiteral("PM_KEY")};
    const QList<int> lines = {3, 8, 11, 14};
    const QStringList keys = {QStringLiteral("endpoints[0].to[1]"), QStringLiteral("endpoints[0].body"),
                              QStringLiteral("endpoints[0].api_keys[0]"),
                              QStringLiteral("endpoints[0].transport.settings.api_key")};
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(r.errors[i].message.contains(names[i]), qPrintable(r.errorText()));
        QCOMPARE(r.errors[i].where.line, lines[i]);
        QCOMPARE(r.errors[i].key, keys[i]);
    }
    QCOMPARE(r.errors[1].where.column, int(QByteArray("sent by ").size()) + 1);
}

void tst_ConfigLoader::envLowercaseNamesStayLiteral()
{
    QStringList asked;
    const ConfigLoadResult r = load(endpointToml("honeypot = \"${env.lower}-${env.Mixed}-${env.9LIVES}-${env.OK}\""),
                                    {{QStringLiteral("OK"), QStringLiteral("yes")}}, &asked);
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().honeypot, QStringLiteral("${env.lower}-${env.Mixed}-${env.9LIVES}-yes"));
    QCOMPARE(asked, QStringList{QStringLiteral("OK")});
}

void tst_ConfigLoader::envInCommentIgnored()
{
    QStringList asked;
    const ConfigLoadResult r = load(
        "# api_key = \"${env.NEVER_SET}\"\n" + endpointToml("honeypot = \"hp\" # ${env.ALSO_NEVER_SET}"), {}, &asked);
    VERIFY_OK(r);
    QVERIFY(asked.isEmpty());
}

void tst_ConfigLoader::envEmptyValueIsValid()
{
    const Env env = {{QStringLiteral("EMPTY"), QString()}};
    const ConfigLoadResult r = load(endpointToml("redirect_success = \"${env.EMPTY}\""), env);
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().redirectSuccess, QString());
    // Substituted, not unset: an empty required value is reported as missing, not as unset.
    const ConfigLoadResult missing = load(endpointToml({}, {},
                                                       "[endpoints.transport]\ntype = \"postmark\"\n"
                                                       "settings = { api_key = \"${env.EMPTY}\" }\n"),
                                          env);
    QCOMPARE(missing.errors.size(), 1);
    QVERIFY(missing.errors.first().message.contains(QLatin1String("postmark transport requires settings.api_key")));
}

void tst_ConfigLoader::envInSettingsAndApiKeys()
{
    const QByteArray text =
        endpointToml("auth = \"api-key\"\napi_keys = [\"${env.KEY_ONE}\", \"pre-${env.KEY_TWO}\"]", {},
                     "[endpoints.transport]\ntype = \"ses\"\n[endpoints.transport.settings]\n"
                     "access_key_id = \"${env.AWS_ID}\"\n"
                     "secret_access_key = \"${env.AWS_SECRET}\"\nregion = \"eu-west-1\"\n");
    const ConfigLoadResult r = load(text,
                                    {{QStringLiteral("KEY_ONE"), QStringLiteral("k1")},
                                     {QStringLiteral("KEY_TWO"), QStringLiteral("k2")},
                                     {QStringLiteral("AWS_ID"), QStringLiteral("AKIDEXAMPLE")},
                                     {QStringLiteral("AWS_SECRET"), QStringLiteral("s3cr3t/+=")}});
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().apiKeys, (QStringList{QStringLiteral("k1"), QStringLiteral("pre-k2")}));
    const TransportConfig &t = r.config.transports.first();
    QCOMPARE(t.setting(QStringLiteral("access_key_id")), QStringLiteral("AKIDEXAMPLE"));
    QCOMPARE(t.setting(QStringLiteral("secret_access_key")), QStringLiteral("s3cr3t/+="));
}

void tst_ConfigLoader::envValueNotExpandedAgain()
{
    QStringList asked;
    const ConfigLoadResult r = load(endpointToml("honeypot = \"${env.OUTER}\""),
                                    {{QStringLiteral("OUTER"), QStringLiteral("${env.INNER}")}}, &asked);
    VERIFY_OK(r);
    QCOMPARE(r.config.endpoints.first().honeypot, QStringLiteral("${env.INNER}"));
    QCOMPARE(asked, QStringList{QStringLiteral("OUTER")});
}

void tst_ConfigLoader::envUnquotedPlaceholderHint()
{
    const QByteArray text = endpointToml({}, {},
                                         "[endpoints.transport]\ntype = \"smtp\"\n[endpoints.transport.settings]\n"
                                         "host = \"smtp.example.com\"\nport = ${env.SMTP_PORT}\n");
    const ConfigLoadResult r = load(text, {{QStringLiteral("SMTP_PORT"), QStringLiteral("587")}});
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().message.startsWith(QLatin1String("parse TOML")));
    QCOMPARE(r.errors.first().where.line, 11);
    QVERIFY2(r.errors.first().hint.contains(QLatin1String("quote it: \"${env.NAME}\"")), qPrintable(r.errorText()));

    // A quoted placeholder on a line with another parse error gets no such hint.
    const ConfigLoadResult quoted = load("[logging]\nlevel = \"${env.LEVEL}\" oops\n");
    QCOMPARE(quoted.errors.size(), 1);
    QVERIFY(quoted.errors.first().hint.isEmpty());
}

void tst_ConfigLoader::envIntegerSettingFromString_data()
{
    QTest::addColumn<QByteArray>("port");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<qint64>("expected"); // 0 = expect an error
    QTest::newRow("env string") << QByteArray("\"${env.SMTP_PORT}\"") << QStringLiteral("587") << qint64(587);
    QTest::newRow("env string padded") << QByteArray("\"${env.SMTP_PORT}\"") << QStringLiteral(" 2525 ")
                                       << qint64(2525);
    QTest::newRow("env not a number") << QByteArray("\"${env.SMTP_PORT}\"") << QStringLiteral("smtp") << qint64(0);
    QTest::newRow("env out of range") << QByteArray("\"${env.SMTP_PORT}\"") << QStringLiteral("0") << qint64(0);
    QTest::newRow("plain string") << QByteArray("\"465\"") << QString() << qint64(465);
    QTest::newRow("integer") << QByteArray("25") << QString() << qint64(25);
    QTest::newRow("integral float") << QByteArray("587.0") << QString() << qint64(587);
    QTest::newRow("fractional float") << QByteArray("587.5") << QString() << qint64(0);
    QTest::newRow("negative") << QByteArray("-1") << QString() << qint64(0);
}

void tst_ConfigLoader::envIntegerSettingFromString()
{
    QFETCH(QByteArray, port);
    QFETCH(QString, envValue);
    QFETCH(qint64, expected);
    const QByteArray text = endpointToml({}, {},
                                         "[endpoints.transport]\ntype = \"smtp\"\n[endpoints.transport.settings]\n"
                                         "host = \"smtp.example.com\"\nport = "
                                             + port + "\nrequire_tls = \"${env.SMTP_TLS}\"\n");
    const ConfigLoadResult r =
        load(text, {{QStringLiteral("SMTP_PORT"), envValue}, {QStringLiteral("SMTP_TLS"), QStringLiteral("false")}});
    if (expected == 0) {
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.first().key, QStringLiteral("endpoints[0].transport.settings.port"));
        return;
    }
    VERIFY_OK(r);
    const TransportConfig &t = r.config.transports.first();
    QCOMPARE(t.settings.value(QStringLiteral("port")).typeId(), QMetaType::LongLong);
    QCOMPARE(t.settings.value(QStringLiteral("port")).toLongLong(), expected);
    QCOMPARE(t.settings.value(QStringLiteral("require_tls")), QVariant(false));
}

void tst_ConfigLoader::envNotSubstitutedIntoKeys()
{
    QStringList asked;
    const ConfigLoadResult r = load(endpointToml("\"${env.KEY_NAME}\" = \"x\""), {}, &asked);
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.first().key, QStringLiteral("endpoints[0].${env.KEY_NAME}"));
    QVERIFY(r.errors.first().message.contains(QLatin1String("unknown field")));
    QVERIFY(asked.isEmpty());

    // Integer and boolean keys outside settings take a string only when it held a placeholder.
    const ConfigLoadResult fromEnv =
        load(listenerToml("max_recipients = \"${env.CAP}\"\nrequire_tls = \"${env.TLS}\""),
             {{QStringLiteral("CAP"), QStringLiteral("50")}, {QStringLiteral("TLS"), QStringLiteral("false")}});
    VERIFY_OK(fromEnv);
    QCOMPARE(fromEnv.config.smtpListener->maxRecipients, 50);
    QVERIFY(!fromEnv.config.smtpListener->requireTls);
    const ConfigLoadResult literal = load(listenerToml("max_recipients = \"50\""));
    VERIFY_ERROR(literal, QStringLiteral("smtp_listener.max_recipients"),
                 QStringLiteral("expected an integer, got a string"));
}

// ---------------------------------------------------------------------------------------------
// Hints

void tst_ConfigLoader::didYouMean_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("hint");
    QTest::newRow("top level") << endpointToml() + "[loging]\nlevel = \"info\"\n"
                               << QStringLiteral("loging") << QStringLiteral("did you mean \"logging\"?");
    QTest::newRow("top level list") << "[frobnicate]\n" + endpointToml() << QStringLiteral("frobnicate")
                                    << QStringLiteral("valid top-level keys: endpoints, transports, smtp_listener");
    QTest::newRow("endpoint") << endpointToml("csrf_secrets = \"0123456789abcdef\"")
                              << QStringLiteral("endpoints[0].csrf_secrets")
                              << QStringLiteral("did you mean \"csrf_secret\"?");
    QTest::newRow("endpoint case") << endpointToml("Honeypot = \"x\"") << QStringLiteral("endpoints[0].Honeypot")
                                   << QStringLiteral("did you mean \"honeypot\"?");
    QTest::newRow("endpoint dash") << endpointToml("redirect-success-url = \"x\"")
                                   << QStringLiteral("endpoints[0].redirect-success-url")
                                   << QStringLiteral("valid keys here: path, to, from");
    QTest::newRow("endpoint dash exact") << endpointToml("email-field = \"x\"")
                                         << QStringLiteral("endpoints[0].email-field")
                                         << QStringLiteral("did you mean \"email_field\"?");
    QTest::newRow("smtp_listener") << listenerToml("allowed_sender = [\"a@example.com\"]")
                                   << QStringLiteral("smtp_listener.allowed_sender")
                                   << QStringLiteral("did you mean \"allowed_senders\"?");
    QTest::newRow("smtp_listener starttls")
        << listenerToml("starttls = true") << QStringLiteral("smtp_listener.starttls")
        << QStringLiteral("valid keys here: listen, require_tls,");
    QTest::newRow("settings") << endpointToml({}, {},
                                              "[endpoints.transport]\ntype = \"postmark\"\n"
                                              "settings = { api_kee = \"k\", api_key = \"k\" }\n")
                              << QStringLiteral("endpoints[0].transport.settings.api_kee")
                              << QStringLiteral("did you mean \"api_key\"?");
    QTest::newRow("settings list") << endpointToml({}, {},
                                                   "[endpoints.transport]\ntype = \"postmark\"\n"
                                                   "settings = { api_key = \"k\", sandbox = true }\n")
                                   << QStringLiteral("endpoints[0].transport.settings.sandbox")
                                   << QStringLiteral("valid settings for postmark: api_key, base_url, message_stream");
    QTest::newRow("transport type") << endpointToml({}, {},
                                                    "[endpoints.transport]\ntype = \"postmarc\"\n"
                                                    "settings = { api_key = \"k\" }\n")
                                    << QStringLiteral("endpoints[0].transport.type")
                                    << QStringLiteral("did you mean \"postmark\"?");
    QTest::newRow("auth value") << endpointToml("auth = \"apikey\"") << QStringLiteral("endpoints[0].auth")
                                << QStringLiteral("did you mean \"api-key\"?");
    QTest::newRow("preset") << endpointToml("trusted_proxies = [\"Cloudflare\"]")
                            << QStringLiteral("endpoints[0].trusted_proxies[0]")
                            << QStringLiteral("did you mean \"cloudflare\"?");
}

void tst_ConfigLoader::didYouMean()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, hint);
    const ConfigLoadResult r = load(text);
    const ConfigError *e = findError(r, key);
    QVERIFY2(e, qPrintable(r.errorText()));
    QVERIFY2(e->hint.startsWith(hint), qPrintable(e->toString()));
}

// ---------------------------------------------------------------------------------------------
// Postrider rules

void tst_ConfigLoader::smtpOnlyConfig()
{
    const ConfigLoadResult r = load(listenerToml());
    VERIFY_OK(r);
    QVERIFY(r.config.endpoints.isEmpty());
    QVERIFY(r.config.smtpListener);
    const SmtpListenerConfig &s = *r.config.smtpListener;
    QCOMPARE(s.listen, QStringLiteral(":2525"));
    QCOMPARE(s.transports, QStringList{QStringLiteral("smtp_listener")});
    QVERIFY(r.config.transport(QStringLiteral("smtp_listener")));
    QVERIFY(r.config.transport(QStringLiteral("smtp_listener"))->isInline);
    QCOMPARE(s.authRequired, SmtpAuthMode::SmtpAuth);
    QCOMPARE(s.users.size(), 1);
    QCOMPARE(s.users.first().username, QStringLiteral("app"));
    QCOMPARE(s.users.first().password, QStringLiteral("app-password"));
    QCOMPARE(s.allowedSenders, QStringList{QStringLiteral("*@example.com")});
    QCOMPARE(s.maxMessageSize, qint64(1) << 20);
    QCOMPARE(s.idleTimeout, Duration(std::chrono::seconds(60)));
    QCOMPARE(s.effectiveRecipientCap(), 10);
    QCOMPARE(s.delivery, DeliveryMode::Queue);
}

void tst_ConfigLoader::neitherEndpointNorListener()
{
    const ConfigLoadResult r = load("endpoints = []\n[logging]\nlevel = \"info\"\n");
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.first().key, QStringLiteral("endpoints"));
    QVERIFY(r.errors.first().message.contains(QLatin1String("at least one endpoint required")));
    QVERIFY(r.errors.first().hint.contains(QLatin1String("[smtp_listener]")));
    QCOMPARE(r.errors.first().where.line, 1);
    const ConfigLoadResult empty = load(QByteArray());
    QCOMPARE(empty.errors.size(), 1);
    QCOMPARE(empty.errors.first().where.line, 1);
}

void tst_ConfigLoader::namedTransportsAndFailover()
{
    const QByteArray text = R"([[transports]]
name = "primary"
type = "postmark"
timeout = "5s"
max_concurrency = 4
max_rate = 2.5
settings = { api_key = "pm", message_stream = "outbound" }

[[transports]]
name = "backup.ses"
type = "ses"
max_rate = 14
[transports.settings]
access_key_id = "AKID"
secret_access_key = "secret"
region = "eu-west-1"

[[endpoints]]
path = "/contact"
to = ["owner@example.com"]
from = "noreply@example.com"
subject = "s"
body = "b"
transports = ["primary", "backup.ses"]
delivery = "sync"

[[endpoints]]
path = "/api/send"
to = ["owner@example.com"]
from = "noreply@example.com"
subject = "s"
body = "b"
auth = "api-key"
api_keys = ["k"]
transport = { type = "resend", timeout = "30s", settings = { api_key = "re" } }

[smtp_listener]
listen = "127.0.0.1:2525"
allowed_senders = ["*@example.com"]
auth_required = "none"
require_tls = false
transport = "backup.ses"
)";
    const ConfigLoadResult r = load(text);
    VERIFY_OK(r);
    QCOMPARE(r.config.transports.size(), 3);
    const TransportConfig *primary = r.config.transport(QStringLiteral("primary"));
    QVERIFY(primary);
    QVERIFY(!primary->isInline);
    QCOMPARE(primary->timeout, Duration(std::chrono::seconds(5)));
    QCOMPARE(primary->maxConcurrency, 4);
    QCOMPARE(primary->maxRatePerSecond, 2.5);
    QCOMPARE(primary->setting(QStringLiteral("message_stream")), QStringLiteral("outbound"));
    QCOMPARE(primary->where.line, 1);
    const TransportConfig *backup = r.config.transport(QStringLiteral("backup.ses"));
    QVERIFY(backup);
    QCOMPARE(backup->type, QStringLiteral("ses"));
    QCOMPARE(backup->maxRatePerSecond, 14.0);
    QCOMPARE(backup->timeout, Duration(std::chrono::seconds(10)));
    const TransportConfig *inlineApi = r.config.transport(QStringLiteral("endpoint:/api/send"));
    QVERIFY(inlineApi);
    QVERIFY(inlineApi->isInline);
    QCOMPARE(inlineApi->timeout, Duration(std::chrono::seconds(30)));

    QCOMPARE(r.config.endpoints[0].transports, (QStringList{QStringLiteral("primary"), QStringLiteral("backup.ses")}));
    QCOMPARE(r.config.endpoints[0].delivery, DeliveryMode::Sync);
    QCOMPARE(r.config.endpoints[1].transports, QStringList{QStringLiteral("endpoint:/api/send")});
    QCOMPARE(r.config.smtpListener->transports, QStringList{QStringLiteral("backup.ses")});
    QCOMPARE(r.config.smtpListener->authRequired, SmtpAuthMode::None);
}

void tst_ConfigLoader::routeErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    const QByteArray named =
        "[[transports]]\nname = \"primary\"\ntype = \"postmark\"\nsettings = { api_key = \"k\" }\n";
    const QString p = QStringLiteral("endpoints[0].");
    QTest::newRow("unknown name") << named + endpointToml("transport = \"primari\"", {}, {}) << p + "transport"
                                  << QStringLiteral("unknown transport \"primari\"")
                                  << QStringLiteral("did you mean \"primary\"?");
    QTest::newRow("unknown name in list")
        << named + endpointToml("transports = [\"primary\", \"other\"]", {}, {}) << p + "transports[1]"
        << QStringLiteral("unknown transport \"other\"") << QStringLiteral("defined transports: primary");
    QTest::newRow("no transports defined")
        << endpointToml("transport = \"primary\"", {}, {}) << p + "transport" << QStringLiteral("unknown transport")
        << QStringLiteral("no [[transports]]");
    QTest::newRow("listed twice") << named + endpointToml("transports = [\"primary\", \"primary\"]", {}, {})
                                  << p + "transports[1]" << QStringLiteral("listed twice") << QString();
    QTest::newRow("both keys") << named + endpointToml("transports = [\"primary\"]") << p + "transports"
                               << QStringLiteral("transport and transports are mutually exclusive") << QString();
    QTest::newRow("empty list") << named + endpointToml("transports = []", {}, {}) << p + "transports"
                                << QStringLiteral("at least one transport name") << QString();
    QTest::newRow("missing") << endpointToml({}, {}, {}) << p + "transport" << QStringLiteral("transport is required")
                             << QStringLiteral("[endpoints.transport]");
    QTest::newRow("duplicate name") << named + named + endpointToml() << QStringLiteral("transports[1].name")
                                    << QStringLiteral("duplicate transport name \"primary\"")
                                    << QStringLiteral("first defined at line 1");
    QTest::newRow("name required") << "[[transports]]\ntype = \"postmark\"\nsettings = { api_key = \"k\" }\n"
            + endpointToml() << QStringLiteral("transports[0].name")
                                   << QStringLiteral("name is required") << QString();
    QTest::newRow("bad name") << "[[transports]]\nname = \"my transport\"\ntype = \"postmark\"\n"
                                 "settings = { api_key = \"k\" }\n"
            + endpointToml() << QStringLiteral("transports[0].name")
                              << QStringLiteral("must match") << QString();
    QTest::newRow("reserved name") << "[[transports]]\nname = \"smtp_listener\"\ntype = \"postmark\"\n"
                                      "settings = { api_key = \"k\" }\n"
            + endpointToml() << QStringLiteral("transports[0].name")
                                   << QStringLiteral("reserved") << QString();
    QTest::newRow("timeout zero") << endpointToml({}, {},
                                                  "[endpoints.transport]\ntype = \"postmark\"\ntimeout = \"0s\"\n"
                                                  "settings = { api_key = \"k\" }\n")
                                  << p + "transport.timeout" << QStringLiteral("timeout must be positive") << QString();
    QTest::newRow("max_rate negative") << named + "max_rate = -1\n" + endpointToml()
                                       << QStringLiteral("transports[0].max_rate")
                                       << QStringLiteral("max_rate must be >= 0") << QString();
    QTest::newRow("max_concurrency negative")
        << named + "max_concurrency = -2\n" + endpointToml() << QStringLiteral("transports[0].max_concurrency")
        << QStringLiteral("max_concurrency must be >= 0") << QString();
    QTest::newRow("listener unknown name")
        << named + listenerToml("transport = \"secondary\"", kOneUser, {}) << QStringLiteral("smtp_listener.transport")
        << QStringLiteral("unknown transport \"secondary\"") << QString();
    QTest::newRow("listener missing") << listenerToml({}, kOneUser, {}) << QStringLiteral("smtp_listener.transport")
                                      << QStringLiteral("transport is required")
                                      << QStringLiteral("[smtp_listener.transport]");
}

void tst_ConfigLoader::routeErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    const ConfigLoadResult r = load(text);
    const ConfigError *e = findError(r, key, message);
    QVERIFY2(e, qPrintable(r.errorText()));
    QVERIFY2(e->hint.contains(hint), qPrintable(e->toString()));
}

void tst_ConfigLoader::bodyRules_data()
{
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<QString>("body"); // expected body text, or the expected error message part
    QTest::addColumn<QString>("bodyFile"); // expected resolved file (relative to tests/data/config)
    QTest::addColumn<QString>("errorKey"); // empty = expect success

    const QString contact = QStringLiteral("New message from {{.name}} <{{.email}}>:\n\n{{.message}}\n");
    QTest::newRow("inline") << QByteArray("body = \"Hi {{.name}} https://example.com/x\"")
                            << QStringLiteral("Hi {{.name}} https://example.com/x") << QString() << QString();
    QTest::newRow("literal text") << QByteArray("body = \"Someone wrote in.\"") << QStringLiteral("Someone wrote in.")
                                  << QString() << QString();
    QTest::newRow("posthorn path, config dir") << QByteArray("body = \"templates/contact.txt\"") << contact
                                               << QStringLiteral("templates/contact.txt") << QString();
    QTest::newRow("posthorn path, cleaned")
        << QByteArray("body = \"templates/../templates/plain-notice.txt\"")
        << QStringLiteral("Someone submitted the form.\n") << QStringLiteral("templates/plain-notice.txt") << QString();
    QTest::newRow("path that does not exist")
        << QByteArray("body = \"templates/missing.txt\"") << QStringLiteral("looks like a file path but no such file")
        << QString() << QStringLiteral("endpoints[0].body");
    QTest::newRow("url without template")
        << QByteArray("body = \"See https://example.com\"") << QStringLiteral("looks like a file path") << QString()
        << QStringLiteral("endpoints[0].body");
    QTest::newRow("body_file") << QByteArray("body_file = \"templates/contact.txt\"") << contact
                               << QStringLiteral("templates/contact.txt") << QString();
    QTest::newRow("body_file missing") << QByteArray("body_file = \"templates/nope.txt\"")
                                       << QStringLiteral("no such file") << QString()
                                       << QStringLiteral("endpoints[0].body_file");
    QTest::newRow("body_file is a directory")
        << QByteArray("body_file = \"templates\"") << QStringLiteral("no such file") << QString()
        << QStringLiteral("endpoints[0].body_file");
    QTest::newRow("body and body_file") << QByteArray("body = \"x\"\nbody_file = \"templates/contact.txt\"")
                                        << QStringLiteral("mutually exclusive") << QString()
                                        << QStringLiteral("endpoints[0].body_file");
    QTest::newRow("empty body") << QByteArray("body = \"\"") << QStringLiteral("body is required") << QString()
                                << QStringLiteral("endpoints[0].body");
    QTest::newRow("html and html_file") << QByteArray("body = \"x\"\nhtml = \"<p>x</p>\"\nhtml_file = \"t.html\"")
                                        << QStringLiteral("mutually exclusive") << QString()
                                        << QStringLiteral("endpoints[0].html_file");
    QTest::newRow("html_file missing") << QByteArray("body = \"x\"\nhtml_file = \"templates/nope.html\"")
                                       << QStringLiteral("no such file") << QString()
                                       << QStringLiteral("endpoints[0].html_file");
}

void tst_ConfigLoader::bodyRules()
{
    QFETCH(QByteArray, lines);
    QFETCH(QString, body);
    QFETCH(QString, bodyFile);
    QFETCH(QString, errorKey);
    const ConfigLoadResult r = load(endpointToml(lines, {QStringLiteral("body")}));
    if (!errorKey.isEmpty()) {
        VERIFY_ERROR(r, errorKey, body);
        return;
    }
    VERIFY_OK(r);
    const EndpointConfig &e = r.config.endpoints.first();
    QCOMPARE(e.body, body);
    QCOMPARE(e.bodyFile, bodyFile.isEmpty() ? QString() : dataFile(bodyFile));
}

void tst_ConfigLoader::bodyRelativeToWorkingDirectory()
{
    QTemporaryDir cwd;
    QVERIFY(cwd.isValid());
    QVERIFY(QDir(cwd.path()).mkpath(QStringLiteral("mail")));
    QFile file(cwd.filePath(QStringLiteral("mail/notice.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("from the working directory\n");
    file.close();
    // Same relative name in the config directory wins over the working directory.
    QFile shadow(cwd.filePath(QStringLiteral("templates/contact.txt")));
    QVERIFY(QDir(cwd.path()).mkpath(QStringLiteral("templates")));
    QVERIFY(shadow.open(QIODevice::WriteOnly));
    shadow.write("shadowed\n");
    shadow.close();

    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(cwd.path()));
    const ConfigLoadResult fromCwd = load(endpointToml("body = \"mail/notice.txt\"", {QStringLiteral("body")}));
    const ConfigLoadResult fromConfigDir =
        load(endpointToml("body = \"templates/contact.txt\"", {QStringLiteral("body")}));
    QVERIFY(QDir::setCurrent(previous));

    VERIFY_OK(fromCwd);
    QCOMPARE(fromCwd.config.endpoints.first().body, QStringLiteral("from the working directory\n"));
    QCOMPARE(QFileInfo(fromCwd.config.endpoints.first().bodyFile).canonicalFilePath(),
             QFileInfo(file.fileName()).canonicalFilePath());
    VERIFY_OK(fromConfigDir);
    QCOMPARE(fromConfigDir.config.endpoints.first().bodyFile, dataFile(QStringLiteral("templates/contact.txt")));
}

void tst_ConfigLoader::loadFileResolvesAgainstConfigDir()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("etc/templates")));
    QFile body(dir.filePath(QStringLiteral("etc/templates/body.txt")));
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write("Body {{.x}}");
    body.close();
    QFile html(dir.filePath(QStringLiteral("etc/templates/body.html")));
    QVERIFY(html.open(QIODevice::WriteOnly));
    html.write("<p>{{.x}}</p>");
    html.close();
    QVERIFY(QFile::copy(dataFile(QStringLiteral("tls/server.crt")), dir.filePath(QStringLiteral("etc/cert.pem"))));
    QVERIFY(QFile::copy(dataFile(QStringLiteral("tls/server.key")), dir.filePath(QStringLiteral("etc/key.pem"))));

    QFile config(dir.filePath(QStringLiteral("etc/postrider.toml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(endpointToml("body_file = \"templates/body.txt\"\nhtml_file = \"./templates/body.html\"\n"
                              "transport = \"dev\"",
                              {QStringLiteral("body")}, {})
                 + "[[transports]]\nname = \"dev\"\ntype = \"capture\"\nsettings = { path = \"captured\" }\n"
                   "[smtp_listener]\nlisten = \":2525\"\nallowed_senders = [\"*\"]\ntls_cert = \"cert.pem\"\n"
                   "tls_key = \"key.pem\"\nauth_required = \"none\"\ntransport = \"dev\"\n"
                   "[outbox]\npath = \"state/outbox.sqlite\"\n[admin]\ntoken_file = \"state/token\"\n");
    config.write("[[endpoints]]\npath = \"/b\"\nto = [\"a@example.com\"]\nfrom = \"b@example.com\"\nsubject = \"s\"\n"
                 "body = \"b\"\ntransport = \"dev\"\n");
    config.close();

    const ConfigLoadResult r = ConfigLoader::loadFile(config.fileName(), fakeEnv({}));
    VERIFY_OK(r);
    const QString etc = QFileInfo(dir.filePath(QStringLiteral("etc"))).absoluteFilePath();
    QCOMPARE(r.config.sourcePath, QFileInfo(config.fileName()).absoluteFilePath());
    QCOMPARE(r.config.baseDir, etc);
    const EndpointConfig &e = r.config.endpoints.first();
    QCOMPARE(e.body, QStringLiteral("Body {{.x}}"));
    QCOMPARE(e.bodyFile, etc + QStringLiteral("/templates/body.txt"));
    QCOMPARE(e.html, QStringLiteral("<p>{{.x}}</p>"));
    QCOMPARE(e.htmlFile, etc + QStringLiteral("/templates/body.html"));
    QCOMPARE(r.config.transport(QStringLiteral("dev"))->setting(QStringLiteral("path")),
             etc + QStringLiteral("/captured"));
    QCOMPARE(r.config.smtpListener->tlsCert, etc + QStringLiteral("/cert.pem"));
    QCOMPARE(r.config.smtpListener->tlsKey, etc + QStringLiteral("/key.pem"));
    QCOMPARE(r.config.outbox.path, etc + QStringLiteral("/state/outbox.sqlite"));
    QCOMPARE(r.config.admin.tokenFile, etc + QStringLiteral("/state/token"));

    // Errors name the file as it was given.
    QFile broken(dir.filePath(QStringLiteral("etc/broken.toml")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("[logging]\nlevel = \"loud\"\n");
    broken.close();
    const ConfigLoadResult b = ConfigLoader::loadFile(broken.fileName(), fakeEnv({}));
    QVERIFY(!b.ok());
    QVERIFY2(b.errorText().contains(broken.fileName() + QStringLiteral(":2:9: logging.level: must be one of")),
             qPrintable(b.errorText()));
}

void tst_ConfigLoader::trustedProxies_data()
{
    QTest::addColumn<QByteArray>("list");
    QTest::addColumn<int>("ranges"); // -1 = expect an error
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    QTest::newRow("cloudflare") << QByteArray("[\"cloudflare\"]") << 22 << QString() << QString();
    QTest::newRow("mixed") << QByteArray("[\"cloudflare\", \"10.0.0.0/8\", \"fd00::/8\"]") << 24 << QString()
                           << QString();
    QTest::newRow("aws-elb") << QByteArray("[\"10.0.0.0/8\", \"aws-elb\"]") << -1
                             << QStringLiteral("preset \"aws-elb\" expands to no addresses") << QStringLiteral("CIDR");
    QTest::newRow("gcp-lb") << QByteArray("[\"gcp-lb\"]") << -1 << QStringLiteral("preset \"gcp-lb\"") << QString();
    QTest::newRow("azure-front-door") << QByteArray("[\"azure-front-door\"]") << -1
                                      << QStringLiteral("preset \"azure-front-door\"") << QString();
    QTest::newRow("bare IPv4") << QByteArray("[\"192.0.2.1\"]") << -1
                               << QStringLiteral("invalid CIDR or unknown preset: 192.0.2.1")
                               << QStringLiteral("\"192.0.2.1/32\"");
    QTest::newRow("bare IPv6") << QByteArray("[\"2001:db8::1\"]") << -1 << QStringLiteral("invalid CIDR")
                               << QStringLiteral("\"2001:db8::1/128\"");
    QTest::newRow("bad prefix") << QByteArray("[\"10.0.0.0/33\"]") << -1 << QStringLiteral("invalid CIDR") << QString();
    QTest::newRow("garbage") << QByteArray("[\"the-load-balancer\"]") << -1 << QStringLiteral("unknown preset")
                             << QStringLiteral("cloudflare");
}

void tst_ConfigLoader::trustedProxies()
{
    QFETCH(QByteArray, list);
    QFETCH(int, ranges);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    const ConfigLoadResult r = load(endpointToml("trusted_proxies = " + list));
    if (ranges >= 0) {
        VERIFY_OK(r);
        QCOMPARE(r.config.endpoints.first().trustedRanges.size(), ranges);
        QVERIFY(
            r.config.endpoints.first().trustedRanges.first().contains(QHostAddress(QStringLiteral("173.245.48.1"))));
        return;
    }
    QCOMPARE(r.errors.size(), 1);
    QVERIFY(r.errors.first().key.startsWith(QLatin1String("endpoints[0].trusted_proxies[")));
    QVERIFY2(r.errors.first().message.contains(message), qPrintable(r.errorText()));
    QVERIFY2(r.errors.first().hint.contains(hint), qPrintable(r.errorText()));
}

void tst_ConfigLoader::allowedOrigins_data()
{
    QTest::addColumn<QByteArray>("list");
    QTest::addColumn<QStringList>("expected"); // empty = expect an error at index `bad`
    QTest::addColumn<int>("bad");
    QTest::newRow("valid") << QByteArray("[\"https://example.com\", \"http://LOCALHOST:8080/\"]")
                           << QStringList{QStringLiteral("https://example.com"),
                                          QStringLiteral("http://localhost:8080")}
                           << -1;
    QTest::newRow("no scheme") << QByteArray("[\"https://example.com\", \"example.com\"]") << QStringList() << 1;
    QTest::newRow("null") << QByteArray("[\"null\"]") << QStringList() << 0;
    QTest::newRow("empty entry") << QByteArray("[\"\"]") << QStringList() << 0;
    QTest::newRow("scheme only") << QByteArray("[\"https://\"]") << QStringList() << 0;
}

void tst_ConfigLoader::allowedOrigins()
{
    QFETCH(QByteArray, list);
    QFETCH(QStringList, expected);
    QFETCH(int, bad);
    const ConfigLoadResult r = load(endpointToml("allowed_origins = " + list));
    if (bad < 0) {
        VERIFY_OK(r);
        QCOMPARE(*r.config.endpoints.first().allowedOrigins, expected);
        return;
    }
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.first().key, QStringLiteral("endpoints[0].allowed_origins[%1]").arg(bad));
    QVERIFY(r.errors.first().message.contains(QLatin1String("is not an origin")));
    QVERIFY(r.errors.first().hint.contains(QLatin1String("scheme://host[:port]")));
}

void tst_ConfigLoader::sizes()
{
    const ConfigLoadResult noCap = load(endpointToml("max_body_size = \"0\"\nmax_attachment_size = \"25mb\""));
    VERIFY_OK(noCap);
    QCOMPARE(noCap.config.endpoints.first().maxBodySize, 0);
    QCOMPARE(noCap.config.endpoints.first().maxAttachmentSize, 25 << 20);
    const ConfigLoadResult dflt = load(endpointToml("max_body_size = \"\""));
    VERIFY_OK(dflt);
    QCOMPARE(dflt.config.endpoints.first().maxBodySize, 1 << 20);

    const ConfigLoadResult zero = load(listenerToml("max_message_size = \"0\""));
    QCOMPARE(zero.errors.size(), 1);
    QCOMPARE(zero.errors.first().key, QStringLiteral("smtp_listener.max_message_size"));
    QVERIFY(zero.errors.first().message.contains(QLatin1String("greater than 0")));
    const ConfigLoadResult ten = load(listenerToml("max_message_size = \" 10MB \""));
    VERIFY_OK(ten);
    QCOMPARE(ten.config.smtpListener->maxMessageSize, 10 << 20);
}

void tst_ConfigLoader::smtpListenerChecks_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("key"); // empty = expect success
    QTest::addColumn<QString>("message");
    const QString l = QStringLiteral("smtp_listener.");
    const QByteArray ca = "client_cert_ca = \"tls/client-ca.pem\"\n";
    // Posthorn core/smtp/listener_test.go configuration cases (reference §10.3)
    QTest::newRow("listen required") << QByteArray("[smtp_listener]\nallowed_senders = [\"*\"]\n") + kOneUser
            + kListenerTransport << l + "listen"
                                     << QStringLiteral("listen is required");
    QTest::newRow("sender allowlist required")
        << QByteArray("[smtp_listener]\nlisten = \":2525\"\n") + kOneUser + kListenerTransport << l + "allowed_senders"
        << QStringLiteral("allowed_senders: at least one entry required");
    QTest::newRow("sender allowlist empty")
        << QByteArray("[smtp_listener]\nlisten = \":2525\"\nallowed_senders = []\n") + kOneUser + kListenerTransport
        << l + "allowed_senders" << QStringLiteral("at least one entry required");
    QTest::newRow("smtp-auth requires users")
        << listenerToml({}, {}) << l + "smtp_users" << QStringLiteral("smtp_users: at least one user required");
    QTest::newRow("either requires users") << listenerToml("auth_required = \"either\"\n" + ca, {}) << l + "smtp_users"
                                           << QStringLiteral("auth_required = \"either\"");
    QTest::newRow("client-cert requires CA") << listenerToml("auth_required = \"client-cert\"", {})
                                             << l + "client_cert_ca" << QStringLiteral("client_cert_ca is required");
    QTest::newRow("either requires CA") << listenerToml("auth_required = \"either\"") << l + "client_cert_ca"
                                        << QStringLiteral("client_cert_ca is required");
    QTest::newRow("client-cert with CA") << listenerToml("auth_required = \"client-cert\"\n" + ca, {}) << QString()
                                         << QString();
    QTest::newRow("either with CA and users")
        << listenerToml("auth_required = \"either\"\n" + ca) << QString() << QString();
    QTest::newRow("none without TLS") << listenerToml("auth_required = \"none\"\nrequire_tls = false", {}) << QString()
                                      << QString();
    // decisions §15: no certificate with require_tls means an ephemeral one, not an error.
    QTest::newRow("none with require_tls, no cert")
        << listenerToml("auth_required = \"none\"", {}) << QString() << QString();
    QTest::newRow("smtp-auth with require_tls, no cert")
        << listenerToml("require_tls = true") << QString() << QString();
    QTest::newRow("unknown auth mode hints at none")
        << listenerToml("auth_required = \"password\"") << l + "auth_required" << QStringLiteral("\"none\"");
    // Postrider checks
    QTest::newRow("listen without port") << listenerToml("listen = \"2525\"").replace("listen = \":2525\"\n", "")
                                         << l + "listen" << QStringLiteral("invalid listen address");
    QTest::newRow("listen bad port") << listenerToml().replace(":2525", ":70000") << l + "listen"
                                     << QStringLiteral("port must be a number");
    QTest::newRow("listen bare IPv6") << listenerToml().replace(":2525", "::1:2525") << l + "listen"
                                      << QStringLiteral("IPv6 addresses need brackets");
    QTest::newRow("listen IPv6 and port 0") << listenerToml().replace(":2525", "[::1]:0") << QString() << QString();
    QTest::newRow("implicit TLS same as listen") << listenerToml("implicit_tls_listen = \":2525\"")
                                                 << l + "implicit_tls_listen" << QStringLiteral("must differ");
    QTest::newRow("sender pattern") << listenerToml().replace("*@example.com", "example.com")
                                    << l + "allowed_senders[0]" << QStringLiteral("is not an address pattern");
    QTest::newRow("recipient pattern") << listenerToml("allowed_recipients = [\"*@\"]") << l + "allowed_recipients[0]"
                                       << QStringLiteral("is not an address pattern");
    QTest::newRow("negative recipients") << listenerToml("max_recipients_per_session = -1")
                                         << l + "max_recipients_per_session" << QStringLiteral("must be >= 0");
    QTest::newRow("negative idle timeout")
        << listenerToml("idle_timeout = \"-5s\"") << l + "idle_timeout" << QStringLiteral("must not be negative");
    QTest::newRow("hostname") << listenerToml("hostname = \"mail example\"") << l + "hostname"
                              << QStringLiteral("must be a domain name");
    QTest::newRow("max_connections zero")
        << listenerToml("max_connections = 0") << l + "max_connections" << QStringLiteral("must be >= 1");
    QTest::newRow("auth_lockout zero") << listenerToml("auth_lockout = \"0s\"") << l + "auth_lockout"
                                       << QStringLiteral("must be positive");
    QTest::newRow("delivery") << listenerToml("delivery = \"queued\"") << l + "delivery"
                              << QStringLiteral("must be \"queue\" or \"sync\"");
}

void tst_ConfigLoader::smtpListenerChecks()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const ConfigLoadResult r = load(text);
    if (key.isEmpty()) {
        VERIFY_OK(r);
        QVERIFY(r.config.smtpListener);
        return;
    }
    VERIFY_ERROR(r, key, message);
}

void tst_ConfigLoader::smtpTlsFiles_data()
{
    QTest::addColumn<QByteArray>("lines");
    QTest::addColumn<QString>("key"); // empty = expect success
    QTest::addColumn<QString>("message");
    const QString l = QStringLiteral("smtp_listener.");
    QTest::newRow("RSA pair") << QByteArray("tls_cert = \"tls/server.crt\"\ntls_key = \"tls/server.key\"") << QString()
                              << QString();
    QTest::newRow("EC pair") << QByteArray("tls_cert = \"tls/ec.crt\"\ntls_key = \"tls/ec.key\"") << QString()
                             << QString();
    QTest::newRow("cert without key") << QByteArray("tls_cert = \"tls/server.crt\"") << l + "tls_key"
                                      << QStringLiteral("tls_key is required when tls_cert is set");
    QTest::newRow("key without cert") << QByteArray("tls_key = \"tls/server.key\"") << l + "tls_cert"
                                      << QStringLiteral("tls_cert is required when tls_key is set");
    QTest::newRow("cert missing") << QByteArray("tls_cert = \"tls/nope.crt\"\ntls_key = \"tls/server.key\"")
                                  << l + "tls_cert" << QStringLiteral("cannot read");
    QTest::newRow("cert not PEM") << QByteArray("tls_cert = \"tls/not-pem.txt\"\ntls_key = \"tls/server.key\"")
                                  << l + "tls_cert" << QStringLiteral("no PEM certificate");
    QTest::newRow("key is a certificate") << QByteArray("tls_cert = \"tls/server.crt\"\ntls_key = \"tls/server.crt\"")
                                          << l + "tls_key" << QStringLiteral("no unencrypted RSA or EC private key");
    QTest::newRow("encrypted key") << QByteArray("tls_cert = \"tls/server.crt\"\ntls_key = \"tls/encrypted.key\"")
                                   << l + "tls_key" << QStringLiteral("no unencrypted RSA or EC private key");
    QTest::newRow("key of another cert") << QByteArray("tls_cert = \"tls/server.crt\"\ntls_key = \"tls/other.key\"")
                                         << l + "tls_key" << QStringLiteral("does not belong");
    QTest::newRow("EC cert, RSA key") << QByteArray("tls_cert = \"tls/ec.crt\"\ntls_key = \"tls/server.key\"")
                                      << l + "tls_key" << QStringLiteral("does not belong");
    QTest::newRow("client CA bundle") << QByteArray("client_cert_ca = \"tls/client-ca.pem\"") << QString() << QString();
    QTest::newRow("client CA not PEM") << QByteArray("client_cert_ca = \"tls/not-pem.txt\"") << l + "client_cert_ca"
                                       << QStringLiteral("client_cert_ca: no certificates parsed");
    QTest::newRow("client CA missing") << QByteArray("client_cert_ca = \"tls/nope.pem\"") << l + "client_cert_ca"
                                       << QStringLiteral("cannot read");
}

void tst_ConfigLoader::smtpTlsFiles()
{
    QFETCH(QByteArray, lines);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const ConfigLoadResult r = load(listenerToml(lines));
    if (key.isEmpty()) {
        VERIFY_OK(r);
        const SmtpListenerConfig &s = *r.config.smtpListener;
        for (const QString &path : {s.tlsCert, s.tlsKey, s.clientCertCa})
            QVERIFY(path.isEmpty() || (QFileInfo(path).isAbsolute() && QFileInfo::exists(path)));
        return;
    }
    QCOMPARE(r.errors.size(), 1);
    VERIFY_ERROR(r, key, message);
}

void tst_ConfigLoader::smtpUsers()
{
    const QByteArray users = R"([[smtp_listener.smtp_users]]
username = "ghost"
password = "${env.GHOST_SMTP_PASSWORD}"
allowed_senders = ["noreply@blog.example.com"]
[[smtp_listener.smtp_users]]
username = "gitea"
password = "p2"
allowed_senders = ["*@git.example.com"]
)";
    // Every user has its own list, so the listener-wide list may be omitted (decisions §14).
    const QByteArray text = "[smtp_listener]\nlisten = \":587\"\n" + users + kListenerTransport;
    const ConfigLoadResult r = load(text, {{QStringLiteral("GHOST_SMTP_PASSWORD"), QStringLiteral("gh\"ost")}});
    VERIFY_OK(r);
    const SmtpListenerConfig &s = *r.config.smtpListener;
    QCOMPARE(s.users.size(), 2);
    QCOMPARE(s.users[0].password, QStringLiteral("gh\"ost"));
    QCOMPARE(s.users[0].allowedSenders, QStringList{QStringLiteral("noreply@blog.example.com")});
    QCOMPARE(s.users[1].allowedSenders, QStringList{QStringLiteral("*@git.example.com")});
    QVERIFY(s.allowedSenders.isEmpty());

    // One user without a list brings the listener-wide requirement back.
    const QByteArray partial = "[smtp_listener]\nlisten = \":587\"\n" + users + kOneUser + kListenerTransport;
    VERIFY_ERROR(load(partial, {{QStringLiteral("GHOST_SMTP_PASSWORD"), QStringLiteral("x")}}),
                 QStringLiteral("smtp_listener.allowed_senders"), QStringLiteral("at least one entry required"));

    const QByteArray bad = R"([[smtp_listener.smtp_users]]
username = "  "
password = "p"
[[smtp_listener.smtp_users]]
username = "app"
password = ""
[[smtp_listener.smtp_users]]
username = "app"
password = "p"
allowed_senders = []
[[smtp_listener.smtp_users]]
password = "p"
)";
    const ConfigLoadResult b = load(listenerToml({}, bad));
    QCOMPARE(b.errors.size(), 5);
    VERIFY_ERROR(b, QStringLiteral("smtp_listener.smtp_users[0].username"), QStringLiteral("username is required"));
    VERIFY_ERROR(b, QStringLiteral("smtp_listener.smtp_users[1].password"), QStringLiteral("password is required"));
    VERIFY_ERROR(b, QStringLiteral("smtp_listener.smtp_users[2].username"), QStringLiteral("duplicate username"));
    VERIFY_ERROR(b, QStringLiteral("smtp_listener.smtp_users[2].allowed_senders"), QStringLiteral("explicitly empty"));
    VERIFY_ERROR(b, QStringLiteral("smtp_listener.smtp_users[3].username"), QStringLiteral("username is required"));
    QCOMPARE(findError(b, QStringLiteral("smtp_listener.smtp_users[1].password"))->where.line, 9);
    QCOMPARE(findError(b, QStringLiteral("smtp_listener.smtp_users[3].username"))->where.line, 14);
}

void tst_ConfigLoader::smtpListenerExtensions()
{
    const QByteArray extra = R"(implicit_tls_listen = "0.0.0.0:465"
allow_insecure_auth = true
require_tls = false
hostname = "mail.example.com"
max_connections = 100
max_connections_per_ip = 4
max_auth_failures = 3
auth_lockout = "15m"
max_recipients = 50
max_recipients_per_session = 20
allowed_recipients = ["*@example.com", "*"]
max_message_size = "10MB"
idle_timeout = "0"
delivery = "sync"
)";
    const ConfigLoadResult r = load(listenerToml(extra));
    VERIFY_OK(r);
    const SmtpListenerConfig &s = *r.config.smtpListener;
    QCOMPARE(s.implicitTlsListen, QStringLiteral("0.0.0.0:465"));
    QVERIFY(s.allowInsecureAuth);
    QCOMPARE(s.hostname, QStringLiteral("mail.example.com"));
    QCOMPARE(s.maxConnections, 100);
    QCOMPARE(s.maxConnectionsPerIp, 4);
    QCOMPARE(s.maxAuthFailures, 3);
    QCOMPARE(s.authLockout, Duration(std::chrono::minutes(15)));
    QCOMPARE(s.maxRecipients, 50);
    QCOMPARE(s.maxRecipientsPerSession, 20);
    QCOMPARE(s.effectiveRecipientCap(), 50);
    QCOMPARE(s.allowedRecipients, (QStringList{QStringLiteral("*@example.com"), QStringLiteral("*")}));
    QCOMPARE(s.maxMessageSize, 10 << 20);
    QCOMPARE(s.idleTimeout, Duration(std::chrono::seconds(60))); // "0" = default
    QCOMPARE(s.delivery, DeliveryMode::Sync);
    QCOMPARE(s.keyLocations.value(QStringLiteral("hostname")).line, 7);
}

void tst_ConfigLoader::daemonSections()
{
    const QByteArray extra = R"([http]
listen = "127.0.0.1:8025"
max_connections = 64
max_header_size = "32KB"
request_timeout = "15s"
idle_timeout = "2m"
[outbox]
path = "/var/lib/postrider/outbox.sqlite"
retention = "7d"
give_up_after = "2d12h"
max_attempts = 20
store_bodies = false
[admin]
enabled = false
socket = "postrider-admin"
token_file = "/run/postrider/token"
[metrics]
prefix = "mailgw"
)";
    const ConfigLoadResult r = load(endpointToml() + extra);
    VERIFY_OK(r);
    const Config &c = r.config;
    QCOMPARE(c.http.listen, QStringLiteral("127.0.0.1:8025"));
    QCOMPARE(c.http.maxConnections, 64);
    QCOMPARE(c.http.maxHeaderSize, 32 << 10);
    QCOMPARE(c.http.requestTimeout, Duration(std::chrono::seconds(15)));
    QCOMPARE(c.http.idleTimeout, Duration(std::chrono::minutes(2)));
    QCOMPARE(c.outbox.path, QStringLiteral("/var/lib/postrider/outbox.sqlite"));
    QCOMPARE(c.outbox.retention, Duration(std::chrono::hours(24 * 7)));
    QCOMPARE(c.outbox.giveUpAfter, Duration(std::chrono::hours(60)));
    QCOMPARE(c.outbox.maxAttempts, 20);
    QVERIFY(!c.outbox.storeBodies);
    QVERIFY(!c.admin.enabled);
    QCOMPARE(c.admin.socket, QStringLiteral("postrider-admin")); // a bare socket name stays a name
    QCOMPARE(c.admin.tokenFile, QStringLiteral("/run/postrider/token"));
    QCOMPARE(c.metrics.prefix, QStringLiteral("mailgw"));

    const ConfigLoadResult defaults = load(endpointToml());
    QCOMPARE(defaults.config.http.maxConnections, 512);
    QCOMPARE(defaults.config.outbox.giveUpAfter, Duration(std::chrono::hours(24)));
    QVERIFY(defaults.config.admin.enabled);
    QCOMPARE(defaults.config.metrics.prefix, QStringLiteral("postrider"));
}

void tst_ConfigLoader::daemonSectionErrors_data()
{
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    QTest::newRow("metrics prefix") << QByteArray("[metrics]\nprefix = \"mail-gw\"") << QStringLiteral("metrics.prefix")
                                    << QStringLiteral("must match");
    QTest::newRow("metrics prefix digit")
        << QByteArray("[metrics]\nprefix = \"9x\"") << QStringLiteral("metrics.prefix") << QStringLiteral("must match");
    QTest::newRow("http listen") << QByteArray("[http]\nlisten = \"localhost\"") << QStringLiteral("http.listen")
                                 << QStringLiteral("missing port");
    QTest::newRow("http timeout") << QByteArray("[http]\nrequest_timeout = \"0\"")
                                  << QStringLiteral("http.request_timeout") << QStringLiteral("must be positive");
    QTest::newRow("http header size") << QByteArray("[http]\nmax_header_size = \"0\"")
                                      << QStringLiteral("http.max_header_size") << QStringLiteral("greater than 0");
    QTest::newRow("outbox retention unit") << QByteArray("[outbox]\nretention = \"1w\"")
                                           << QStringLiteral("outbox.retention") << QStringLiteral("unknown unit");
    QTest::newRow("outbox attempts") << QByteArray("[outbox]\nmax_attempts = -1")
                                     << QStringLiteral("outbox.max_attempts") << QStringLiteral("must be >= 0");
    QTest::newRow("outbox empty path") << QByteArray("[outbox]\npath = \"\"") << QStringLiteral("outbox.path")
                                       << QStringLiteral("must not be empty");
    QTest::newRow("admin enabled type") << QByteArray("[admin]\nenabled = \"no\"") << QStringLiteral("admin.enabled")
                                        << QStringLiteral("expected a boolean");
    QTest::newRow("section type") << QByteArray("http = \"127.0.0.1:80\"") << QStringLiteral("http")
                                  << QStringLiteral("expected a table, got a string");
}

void tst_ConfigLoader::daemonSectionErrors()
{
    QFETCH(QByteArray, section);
    QFETCH(QString, key);
    QFETCH(QString, message);
    // Top-level key=value pairs must precede the first table header.
    const ConfigLoadResult r =
        load(section.startsWith('[') ? endpointToml() + section + '\n' : section + '\n' + endpointToml());
    QCOMPARE(r.errors.size(), 1);
    VERIFY_ERROR(r, key, message);
}

void tst_ConfigLoader::secretsCollected()
{
    const QByteArray text = endpointToml("csrf_secret = \"${env.CSRF}\"") + listenerToml();
    const ConfigLoadResult r = load(text, {{QStringLiteral("CSRF"), QStringLiteral("csrf-secret-0123456789")}});
    VERIFY_OK(r);
    const QStringList secrets = r.config.secrets();
    QVERIFY(secrets.contains(QStringLiteral("csrf-secret-0123456789")));
    QVERIFY(secrets.contains(QStringLiteral("pm-key")));
    QVERIFY(secrets.contains(QStringLiteral("app-password")));
    QVERIFY(!secrets.contains(QStringLiteral("owner@example.com")));
}

// ---------------------------------------------------------------------------------------------
// docs/recipes: every shipped example must load.

void tst_ConfigLoader::recipes_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(Test::sourceDir() + QStringLiteral("/docs/recipes"));
    const QStringList files = dir.entryList({QStringLiteral("*.toml")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 10, qPrintable(dir.path()));
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void tst_ConfigLoader::recipes()
{
    QFETCH(QString, file);
    QStringList asked;
    const ConfigLoadResult r = ConfigLoader::loadFile(file, [&asked](const QString &name) {
        asked.append(name);
        return recipeEnv(name);
    });
    VERIFY_OK(r);
    QVERIFY(!r.config.endpoints.isEmpty() || r.config.smtpListener);
    // Recipes keep secrets out of the file.
    for (const QString &secret : r.config.secrets())
        QVERIFY2(secret.startsWith(QLatin1String("recipe-value-for-")),
                 qPrintable(QStringLiteral("literal secret in %1").arg(file)));
}

QTEST_GUILESS_MAIN(tst_ConfigLoader)
#include "tst_configloader.moc"
