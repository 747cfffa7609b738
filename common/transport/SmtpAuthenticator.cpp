#include "SmtpAuthenticator.h"

#include "SmtpCapabilities.h"
#include "SmtpClientConnection.h"
#include "SmtpWire.h"

namespace Postrider {

namespace {

const QByteArray kRedacted = QByteArrayLiteral("[REDACTED]");
constexpr int kAuthSucceeded = 235; // RFC 4954 §6
constexpr int kAuthContinue = 334; // RFC 4954 §4: server challenge

using Succeeded = std::function<void()>;
using Rejected = std::function<void(const SmtpReply &)>;

void runPlain(SmtpClientConnection *c, const Succeeded &succeeded, const Rejected &rejected)
{
    const SmtpClientOptions &o = c->options();
    const QByteArray token = Smtp::saslPlainResponse(o.username, o.password);
    const auto timeout = o.timeouts.command;
    const auto sendToken = [c, token, timeout, succeeded, rejected] {
        c->sendCommand(
            token, QStringLiteral("AUTH"), timeout,
            [succeeded, rejected](const SmtpReply &r) { r.code == kAuthSucceeded ? succeeded() : rejected(r); },
            kRedacted);
    };
    const auto onReply = [sendToken, succeeded, rejected](const SmtpReply &r) {
        if (r.code == kAuthSucceeded)
            succeeded();
        else if (r.code == kAuthContinue) // the server wants the response after all
            sendToken();
        else
            rejected(r);
    };
    // RFC 4954 §4: an initial response that would make the line exceed 512 octets goes after 334.
    const QByteArray line = "AUTH PLAIN " + token;
    if (line.size() <= Smtp::kMaxCommandLineLength)
        c->sendCommand(line, QStringLiteral("AUTH"), timeout, onReply, "AUTH PLAIN " + kRedacted);
    else
        c->sendCommand("AUTH PLAIN", QStringLiteral("AUTH"), timeout, onReply);
}

void runLogin(SmtpClientConnection *c, const Succeeded &succeeded, const Rejected &rejected)
{
    // 334 "Username:" → base64 user name, 334 "Password:" → base64 password, 235.
    const SmtpClientOptions &o = c->options();
    const auto timeout = o.timeouts.command;
    const QByteArray user = o.username.toUtf8().toBase64();
    const QByteArray password = o.password.toUtf8().toBase64();
    const auto sendPassword = [=](const SmtpReply &r) {
        if (r.code != kAuthContinue)
            return rejected(r);
        c->sendCommand(
            password, QStringLiteral("AUTH"), timeout,
            [succeeded, rejected](const SmtpReply &r) { r.code == kAuthSucceeded ? succeeded() : rejected(r); },
            kRedacted);
    };
    const auto sendUser = [=](const SmtpReply &r) {
        if (r.code != kAuthContinue)
            return rejected(r);
        c->sendCommand(user, QStringLiteral("AUTH"), timeout, sendPassword, kRedacted);
    };
    c->sendCommand("AUTH LOGIN", QStringLiteral("AUTH"), timeout, sendUser);
}

} // namespace

Result<QString> SmtpAuthenticator::chooseMechanism(SmtpAuthMechanism wanted, const SmtpCapabilities &caps)
{
    QString mechanism;
    if (wanted == SmtpAuthMechanism::Plain)
        mechanism = QStringLiteral("PLAIN");
    else if (wanted == SmtpAuthMechanism::Login)
        mechanism = QStringLiteral("LOGIN");
    else if (caps.supportsAuth(QStringLiteral("PLAIN")))
        mechanism = QStringLiteral("PLAIN");
    else if (caps.supportsAuth(QStringLiteral("LOGIN")))
        mechanism = QStringLiteral("LOGIN");
    if (!mechanism.isEmpty() && caps.supportsAuth(mechanism))
        return mechanism;
    const QStringList offered = caps.authMechanisms();
    const QString why = offered.isEmpty()
        ? QStringLiteral("server does not offer AUTH (RFC 4954) but a username is configured")
        : QStringLiteral("server offers AUTH %1 but not %2")
              .arg(offered.join(u' '), mechanism.isEmpty() ? QStringLiteral("PLAIN or LOGIN") : mechanism);
    return Error(QStringLiteral("auth_unavailable"), why);
}

void SmtpAuthenticator::run(SmtpClientConnection *connection, const QString &mechanism, std::function<void()> succeeded,
                            std::function<void(const SmtpReply &)> rejected)
{
    if (mechanism == QLatin1String("PLAIN"))
        runPlain(connection, succeeded, rejected);
    else
        runLogin(connection, succeeded, rejected);
}

} // namespace Postrider
