// SmtpSession: SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, and the
// failed-AUTH lockout. Passwords never reach a log line.

#include "SmtpSession.h"

#include "SmtpCommandParser.h"
#include "SmtpReplies.h"
#include "SmtpSessionContext.h"

#include "core/Crypto.h"

namespace Postrider {

namespace {
const char *mechanismLabel(bool plain)
{
    return plain ? "plain" : "login";
}
} // namespace

bool SmtpSession::authAllowedNow() const
{
    if (!m_ctx->authOffered() || !m_user.isEmpty())
        return false;
    // RFC 4954 §4 / RFC 3207 §6: no passwords over plaintext unless the operator insists.
    return m_tls || (!m_ctx->config.requireTls && m_ctx->config.allowInsecureAuth);
}

void SmtpSession::handleAuth(const QByteArray &argument)
{
    if (!m_greeted)
        return badCommand(SmtpReply::kNeedHelo);
    if (m_ctx->config.requireTls && !m_tls)
        return badCommand(SmtpReply::kNeedStartTls);
    if (!m_ctx->authOffered())
        return badCommand(SmtpReply::kAuthUnavailable);
    if (!m_tls && !m_ctx->config.allowInsecureAuth)
        return badCommand(SmtpReply::kAuthNeedsEncryption);
    // RFC 4954 §4: one successful AUTH per session, and none inside a transaction.
    if (!m_user.isEmpty())
        return badCommand(SmtpReply::kAuthAlready);
    if (m_inTransaction)
        return badCommand(SmtpReply::kAuthInTransaction);
    const SmtpCommand parts = SmtpCommandParser::parseCommand(argument);
    if (parts.verb.isEmpty())
        return badCommand(SmtpReply::kAuthSyntax);
    if (parts.verb != "PLAIN" && parts.verb != "LOGIN")
        return badCommand(SmtpReply::kAuthMechanism);
    const bool plain = parts.verb == "PLAIN";
    m_mechanism = plain ? Mechanism::Plain : Mechanism::Login;
    if (m_ctx->lockout.isLocked(m_peer)) {
        m_ctx->metrics.auth(mechanismLabel(plain), "locked_out");
        return badCommand(SmtpReply::kAuthLockedOut);
    }
    if (parts.argument.isEmpty()) {
        m_state = plain ? State::AuthPlain : State::AuthLoginUser;
        return reply(plain ? SmtpReply::kAuthContinue : SmtpReply::kAuthUsername);
    }
    // An initial response (RFC 4954 §4) stands for the first client line.
    m_state = plain ? State::AuthPlain : State::AuthLoginUser;
    handleAuthResponse(parts.argument);
}

void SmtpSession::handleAuthResponse(const QByteArray &line)
{
    const bool plain = m_mechanism == Mechanism::Plain;
    const State step = m_state;
    m_state = State::Command;
    if (line.trimmed() == "*") {
        m_loginUser.clear();
        m_ctx->metrics.auth(mechanismLabel(plain), "malformed");
        return badCommand(SmtpReply::kAuthCancelled);
    }
    const std::optional<QByteArray> decoded = SmtpCommandParser::decodeSaslResponse(line);
    if (!decoded) {
        m_loginUser.clear();
        m_ctx->metrics.auth(mechanismLabel(plain), "malformed");
        return badCommand(SmtpReply::kAuthMalformed);
    }
    if (step == State::AuthPlain) {
        const auto creds = SmtpCommandParser::parsePlain(*decoded);
        if (!creds) {
            m_ctx->metrics.auth("plain", "malformed");
            return badCommand(SmtpReply::kAuthMalformed);
        }
        return checkCredentials(creds->username, creds->password);
    }
    if (step == State::AuthLoginUser) {
        if (decoded->isEmpty()) {
            m_ctx->metrics.auth("login", "malformed");
            return badCommand(SmtpReply::kAuthMalformed);
        }
        m_loginUser = *decoded;
        m_state = State::AuthLoginPassword;
        return reply(SmtpReply::kAuthPassword);
    }
    const QByteArray user = std::exchange(m_loginUser, QByteArray());
    if (decoded->isEmpty()) {
        m_ctx->metrics.auth("login", "malformed");
        return badCommand(SmtpReply::kAuthMalformed);
    }
    checkCredentials(user, *decoded);
}

void SmtpSession::checkCredentials(const QByteArray &username, const QByteArray &password)
{
    const char *mech = mechanismLabel(m_mechanism == Mechanism::Plain);
    // Compare against every user in constant time, so timing reveals neither which usernames
    // exist nor how much of a password matched (reference §3.2).
    const SmtpUserConfig *match = nullptr;
    for (const SmtpUserConfig &u : m_ctx->config.users) {
        const bool nameOk = constantTimeEquals(u.username.toUtf8(), username);
        const bool passOk = constantTimeEquals(u.password.toUtf8(), password);
        if (nameOk && passOk && !match)
            match = &u;
    }
    const QString shownUser = QString::fromUtf8(username);
    if (!match) {
        m_ctx->metrics.auth(mech, "failed");
        Log::info(lcSmtp, QStringLiteral("smtp_auth_failed"),
                  fields({{QStringLiteral("user"), shownUser}, {QStringLiteral("mechanism"), QLatin1String(mech)}}));
        if (m_ctx->lockout.recordFailure(m_peer))
            Log::warn(lcSmtp, QStringLiteral("smtp_auth_locked_out"),
                      fields({{QStringLiteral("client_ip"), m_peer.toString()},
                              {QStringLiteral("lockout_ms"), double(m_ctx->config.authLockout.count() / 1000000)}}));
        return badCommand(SmtpReply::kAuthFailed);
    }
    m_ctx->lockout.recordSuccess(m_peer);
    m_user = match->username;
    m_ctx->metrics.auth(mech, "ok");
    Log::info(lcSmtp, QStringLiteral("smtp_auth_ok"),
              fields({{QStringLiteral("user"), m_user}, {QStringLiteral("mechanism"), QLatin1String(mech)}}));
    reply(SmtpReply::kAuthOk);
}

} // namespace Postrider
