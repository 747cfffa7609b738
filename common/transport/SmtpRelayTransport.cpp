#include "SmtpRelayTransport.h"

#include "SmtpCapabilities.h"
#include "SmtpClientConnection.h"
#include "SmtpEnvelope.h"
#include "SmtpLogging.h"
#include "SmtpTransaction.h"
#include "SmtpWire.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "mime/MimeBuilder.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QHostInfo>
#include <QPointer>

namespace Postrider {

struct SmtpRelayTransport::Attempt
{
    Callback done;
    qint64 startedMs = 0;
    Message message;
    QByteArray mime; ///< built with 8bit allowed
    SmtpEnvelope envelope;
    QPointer<SmtpClientConnection> connection;
    bool completed = false;
};

namespace {

/// The caller (DaemonApp::checkBuild) names the transport and its config location.
Error invalid(const QString &why)
{
    return Error(QStringLiteral("transport.invalid"), why);
}

SendResult terminal(const QString &message, const QString &code)
{
    return SendResult::failure(Outcome::Terminal, QStringLiteral("smtp: ") + message, 0, code);
}

QString defaultHeloName()
{
    const QString name = QHostInfo::localHostName();
    return Smtp::isValidHeloName(name) ? name : QStringLiteral("localhost");
}

/// An addr-spec that can stand between < and > on a command line.
bool isUsableInPath(const QString &address)
{
    for (const QChar c : address)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == u'<' || c == u'>')
            return false;
    return true;
}

/// The same Message-ID on every attempt of one submission, so a receiver can discard the
/// duplicate that follows a lost reply to the end of data (RFC 5321 §4.1.1.4 note on
/// duplicates). A Message-ID the caller set wins.
QString stableMessageId(const Message &m)
{
    for (const Header &h : m.headers)
        if (h.name.compare("Message-ID", Qt::CaseInsensitive) == 0)
            return {};
    if (m.submissionId.isEmpty())
        return {};
    const QString domain = m.from.domain();
    return m.submissionId + u'@'
        + (domain.isEmpty() || !Smtp::isAscii(domain) ? QStringLiteral("postrider.invalid") : domain);
}

} // namespace

Result<SmtpClientOptions> SmtpRelayTransport::optionsFromConfig(const TransportConfig &config)
{
    const QVariantMap &s = config.settings;
    SmtpClientOptions o;
    o.host = s.value(QStringLiteral("host")).toString().trimmed();
    if (o.host.isEmpty())
        return invalid(QStringLiteral("settings.host is required"));
    for (const QChar c : o.host)
        if (c.isSpace() || c.unicode() < 0x20)
            return invalid(QStringLiteral("settings.host \"%1\" is not a host name").arg(o.host));

    bool ok = false;
    const QVariant portValue = s.value(QStringLiteral("port"));
    const qint64 port = portValue.toLongLong(&ok);
    if (!portValue.isValid() || !ok)
        return invalid(QStringLiteral("settings.port is required (587 for STARTTLS, 465 for implicit TLS)"));
    if (port < 1 || port > 65535)
        return invalid(QStringLiteral("settings.port %1 is out of range (1-65535)").arg(port));
    o.port = quint16(port);

    const bool requireTls = s.value(QStringLiteral("require_tls"), true).toBool();
    const bool implicitTls = s.value(QStringLiteral("implicit_tls"), false).toBool();
    o.verifyPeer = !s.value(QStringLiteral("tls_insecure_skip_verify"), false).toBool();
    o.tlsMode = implicitTls ? SmtpTlsMode::Implicit
        : requireTls        ? SmtpTlsMode::StartTlsRequired
                            : SmtpTlsMode::StartTlsOpportunistic;

    const QString auth = s.value(QStringLiteral("auth"), QStringLiteral("auto")).toString().toLower();
    if (auth == QLatin1String("auto"))
        o.auth = SmtpAuthMechanism::Auto;
    else if (auth == QLatin1String("plain"))
        o.auth = SmtpAuthMechanism::Plain;
    else if (auth == QLatin1String("login"))
        o.auth = SmtpAuthMechanism::Login;
    else if (auth == QLatin1String("none"))
        o.auth = SmtpAuthMechanism::None;
    else
        return invalid(QStringLiteral("settings.auth must be auto, plain, login or none, not \"%1\"").arg(auth));
    o.username = s.value(QStringLiteral("username")).toString();
    o.password = s.value(QStringLiteral("password")).toString();
    if (o.auth != SmtpAuthMechanism::None && o.username.isEmpty() != o.password.isEmpty())
        return invalid(QStringLiteral("settings.username and settings.password must be set together "
                                      "(leave both unset, or set auth = \"none\", for a relay without AUTH)"));
    if ((o.auth == SmtpAuthMechanism::Plain || o.auth == SmtpAuthMechanism::Login) && o.username.isEmpty())
        return invalid(QStringLiteral("settings.auth = \"%1\" needs username and password").arg(auth));

    o.heloName = s.value(QStringLiteral("helo_name")).toString().trimmed();
    if (o.heloName.isEmpty())
        o.heloName = defaultHeloName();
    else if (!Smtp::isValidHeloName(o.heloName))
        return invalid(
            QStringLiteral("settings.helo_name \"%1\" is not a domain name or address literal").arg(o.heloName));

    const QString caFile = s.value(QStringLiteral("ca_file")).toString();
    if (!caFile.isEmpty()) {
        if (!QFileInfo(caFile).isReadable())
            return invalid(QStringLiteral("settings.ca_file: cannot read \"%1\"").arg(caFile));
        o.extraCaCertificates = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (o.extraCaCertificates.isEmpty())
            return invalid(QStringLiteral("settings.ca_file: no PEM certificate in \"%1\"").arg(caFile));
    }
    return o;
}

Result<SmtpRelayTransport *> SmtpRelayTransport::create(const TransportConfig &config, Clock *clock, QObject *parent)
{
    auto options = optionsFromConfig(config);
    if (!options)
        return options.error();
    return new SmtpRelayTransport(config, std::move(options).value(), clock, parent);
}

SmtpRelayTransport::SmtpRelayTransport(TransportConfig config, SmtpClientOptions options, Clock *clock, QObject *parent)
    : Transport(std::move(config), clock, parent)
    , m_options(std::move(options))
{ }

SmtpRelayTransport::~SmtpRelayTransport() = default;

void SmtpRelayTransport::send(const Message &message, const SendOptions &, Callback done)
{
    const qint64 started = clock()->steadyMs();
    // Header injection and the rest of Message's rules are checked before anything is dialled.
    if (const Status valid = message.validate(); !valid) {
        finish(std::move(done),
               terminal(QStringLiteral("message rejected: ") + valid.error().message, valid.error().code), started);
        return;
    }
    auto attempt = std::make_shared<Attempt>();
    attempt->done = std::move(done);
    attempt->startedMs = started;
    attempt->message = message;
    SmtpEnvelope &env = attempt->envelope;
    env.sender = message.from.email;
    env.recipients = bareAddresses(message.allRecipients());
    bool utf8 = !Smtp::isAscii(env.sender);
    const QStringList addresses = QStringList(env.recipients) << env.sender << bareAddresses(message.replyTo);
    for (const QString &address : addresses) {
        if (!isUsableInPath(address)) {
            finish(std::move(attempt->done),
                   terminal(QStringLiteral("address \"%1\" cannot be used in the SMTP envelope").arg(address),
                            QStringLiteral("message.invalid")),
                   started);
            return;
        }
        utf8 = utf8 || !Smtp::isAscii(address);
    }
    env.smtpUtf8 = utf8; // RFC 6531: needed for a UTF-8 address in the envelope or a header

    Mime::BuildOptions build;
    build.date = clock()->now();
    build.messageId = stableMessageId(message);
    build.includeBcc = false; // Bcc recipients are only in the envelope
    build.allow8bit = true;
    auto mime = Mime::buildMessage(message, build);
    if (!mime) {
        finish(std::move(attempt->done), terminal(mime.error().message, mime.error().code), started);
        return;
    }
    attempt->mime = std::move(mime).value();
    if (Smtp::longestLine(attempt->mime) > Smtp::kMaxTextLineLength) {
        finish(std::move(attempt->done),
               terminal(QStringLiteral("the message has a line longer than %1 octets (RFC 5322 §2.1.1)")
                            .arg(Smtp::kMaxTextLineLength),
                        QStringLiteral("line_too_long")),
               started);
        return;
    }

    auto *connection = new SmtpClientConnection(m_options, this);
    attempt->connection = connection;
    connect(connection, &SmtpClientConnection::ready, this, [this, attempt] { onReady(attempt); });
    connect(connection, &SmtpClientConnection::failed, this,
            [this, attempt](const SendResult &result) { complete(attempt, result); });
    connect(connection, &SmtpClientConnection::closed, connection, &QObject::deleteLater);
    Log::debug(lcSmtpOut, QStringLiteral("smtp attempt"),
               {{QStringLiteral("transport"), name()},
                {QStringLiteral("submission_id"), message.submissionId},
                {QStringLiteral("recipients"), int(env.recipients.size())}});
    connection->open(QDeadlineTimer(timeoutMs()));
}

Result<QByteArray> SmtpRelayTransport::preparePayload(Attempt &attempt, const SmtpCapabilities &caps) const
{
    SmtpEnvelope &env = attempt.envelope;
    if (env.smtpUtf8 && !caps.smtpUtf8())
        return Error(QStringLiteral("smtputf8_unavailable"),
                     QStringLiteral("an address is not ASCII and the server does not offer SMTPUTF8 (RFC 6531)"));
    QByteArray payload = attempt.mime;
    if (Smtp::has8BitOctets(payload) && !caps.eightBitMime()) {
        // RFC 6152 §3: no 8-bit data to a server without 8BITMIME; rebuild with 7-bit encodings.
        Mime::BuildOptions build;
        build.date = clock()->now();
        build.messageId = stableMessageId(attempt.message);
        build.allow8bit = false;
        auto sevenBit = Mime::buildMessage(attempt.message, build);
        if (!sevenBit)
            return sevenBit.error();
        payload = std::move(sevenBit).value();
        // UTF-8 left in headers is what SMTPUTF8 (RFC 6531 §3.1) carries; anything else cannot go.
        if (Smtp::has8BitOctets(payload) && !env.smtpUtf8)
            return Error(QStringLiteral("8bitmime_unavailable"),
                         QStringLiteral("the message has 8-bit content and the server offers neither 8BITMIME nor "
                                        "SMTPUTF8 (RFC 6152)"));
        if (Smtp::longestLine(payload) > Smtp::kMaxTextLineLength)
            return Error(QStringLiteral("line_too_long"),
                         QStringLiteral("the message has a line longer than %1 octets (RFC 5322 §2.1.1)")
                             .arg(Smtp::kMaxTextLineLength));
    }
    env.body8BitMime = caps.eightBitMime() && Smtp::has8BitOctets(payload);
    if (caps.size()) {
        env.declaredSize = payload.size(); // RFC 1870 §6: an estimate of the message's size
        const qint64 limit = caps.sizeLimit();
        if (limit > 0 && payload.size() > limit)
            return Error(QStringLiteral("message_too_large"),
                         QStringLiteral("the message is %1 octets and the server accepts at most %2 (RFC 1870)")
                             .arg(payload.size())
                             .arg(limit));
    }
    return Smtp::encodeData(payload);
}

void SmtpRelayTransport::onReady(const std::shared_ptr<Attempt> &attempt)
{
    SmtpClientConnection *connection = attempt->connection;
    if (!connection || attempt->completed)
        return;
    auto payload = preparePayload(*attempt, connection->capabilities());
    if (!payload) {
        complete(attempt, terminal(payload.error().message, payload.error().code));
        connection->close(SmtpClientConnection::CloseMode::Quit);
        return;
    }
    auto *transaction = new SmtpTransaction(connection, attempt->envelope, std::move(payload).value(), connection);
    connect(transaction, &SmtpTransaction::finished, this, [this, attempt, transaction](const SendResult &result) {
        complete(attempt, result);
        using Mode = SmtpClientConnection::CloseMode;
        if (SmtpClientConnection *c = attempt->connection)
            c->close(result.ok() ? Mode::Quit : transaction->connectionReusable() ? Mode::ResetThenQuit : Mode::Abort);
    });
    transaction->start();
}

void SmtpRelayTransport::complete(const std::shared_ptr<Attempt> &attempt, SendResult result)
{
    if (attempt->completed)
        return;
    attempt->completed = true;
    result.message = Smtp::redactCredentials(result.message, m_options.username, m_options.password);
    Log::debug(lcSmtpOut, QStringLiteral("smtp attempt finished"),
               {{QStringLiteral("transport"), name()},
                {QStringLiteral("outcome"), outcomeName(result.outcome)},
                {QStringLiteral("status"), result.status},
                {QStringLiteral("message_id"), result.messageId},
                {QStringLiteral("error"), result.message}});
    finish(std::move(attempt->done), std::move(result), attempt->startedMs);
}

} // namespace Postrider
