// SmtpSession: the mail transaction (RFC 5321 §3.3) — MAIL, RCPT, DATA and the hand-over to
// the outbox.

#include "SmtpSession.h"

#include "SmtpCommandParser.h"
#include "SmtpLimits.h"
#include "SmtpReplies.h"
#include "SmtpSessionContext.h"

#include "mime/ParseQueue.h"
#include "outbox/Outbox.h"

#include <QSslSocket>

namespace Postrider {

using namespace SmtpLimits;

void SmtpSession::handleMail(const QByteArray &argument)
{
    if (!m_greeted)
        return badCommand(SmtpReply::kNeedHelo);
    if (m_ctx->config.requireTls && !m_tls)
        return badCommand(SmtpReply::kNeedStartTls);
    if (!isAuthenticated())
        return badCommand(SmtpReply::kAuthRequired);
    const Result<SmtpPathArgument> path = SmtpCommandParser::parseMailFrom(argument);
    if (!path)
        return badCommand(SmtpReply::kMailSyntax);
    const bool smtpUtf8 = path->parameter("SMTPUTF8").has_value();
    // RFC 6531 §3.4: a non-ASCII address needs the SMTPUTF8 parameter.
    if (path->nonAscii && !smtpUtf8)
        return badCommand(SmtpReply::kNeedSmtpUtf8);
    if (const auto body = path->parameter("BODY")) {
        // RFC 6152 §2: 7BIT or 8BITMIME; BINARYMIME needs CHUNKING, which we do not offer.
        const QByteArray b = body->toUpper();
        if (b != "7BIT" && b != "8BITMIME")
            return badCommand(SmtpReply::kBodyValue);
    }
    if (const auto size = path->parameter("SIZE")) {
        // RFC 1870 §6.1: refuse a declared size over the limit before any data is sent.
        bool ok = false;
        const qint64 declared = size->toLongLong(&ok);
        if (!ok || declared < 0)
            return badCommand(SmtpReply::kMailSyntax);
        if (declared > m_ctx->config.maxMessageSize) {
            m_ctx->metrics.rejected("too_big");
            return reply(SmtpReply::kDeclaredTooBig);
        }
    }
    if (!m_ctx->policy.senderAllowed(m_user, path->address)) {
        m_ctx->metrics.rejected("sender");
        Log::info(lcSmtp, QStringLiteral("smtp_sender_rejected"), fields({{QStringLiteral("from"), path->address}}));
        return badCommand(SmtpReply::kSenderRejected);
    }
    if (!m_ctx->outbox->isHealthy())
        return reply(SmtpReply::kQueueUnavailable);
    // Posthorn: a second MAIL starts a new transaction instead of failing with 503.
    resetTransaction();
    m_inTransaction = true;
    m_mailFrom = path->address;
    m_smtpUtf8 = smtpUtf8;
    reply(SmtpReply::kMailOk);
}

void SmtpSession::handleRcpt(const QByteArray &argument)
{
    if (!m_inTransaction)
        return badCommand(SmtpReply::kNeedMail);
    const Result<SmtpPathArgument> path = SmtpCommandParser::parseRcptTo(argument);
    if (!path)
        return badCommand(SmtpReply::kRcptSyntax);
    if (path->nonAscii && !m_smtpUtf8)
        return badCommand(SmtpReply::kNeedSmtpUtf8);
    // Posthorn checks the cap before the allowlist (reference §3.2).
    if (m_recipients.size() >= m_ctx->policy.recipientCap()) {
        m_ctx->metrics.rejected("too_many_recipients");
        return reply(SmtpReply::kTooManyRecipients);
    }
    if (!m_ctx->policy.recipientAllowed(path->address)) {
        m_ctx->metrics.rejected("recipient");
        Log::info(lcSmtp, QStringLiteral("smtp_recipient_rejected"), fields({{QStringLiteral("to"), path->address}}));
        return badCommand(SmtpReply::kRecipientRejected);
    }
    m_recipients.append(path->address);
    reply(SmtpReply::kRcptOk);
}

void SmtpSession::handleData(const QByteArray &argument)
{
    if (!m_inTransaction)
        return badCommand(SmtpReply::kNeedMail);
    if (m_recipients.isEmpty())
        return badCommand(SmtpReply::kNeedRcpt);
    if (!argument.isEmpty())
        return badCommand(SmtpReply::kDataSyntax);
    m_data.emplace(m_ctx->config.maxMessageSize, kMaxDataLineOctets);
    m_state = State::Data;
    reply(SmtpReply::kDataGo);
}

void SmtpSession::finishData()
{
    m_state = State::Command;
    const SmtpDataReader::Verdict verdict = m_data->verdict();
    const qint64 received = m_data->receivedOctets();
    QByteArray raw = m_data->takeMessage();
    m_data.reset();
    const auto refuse = [this, received](const char *reason, QByteArrayView line) {
        m_ctx->metrics.rejected(reason);
        Log::info(lcSmtp, QStringLiteral("smtp_message_rejected"),
                  fields({{QStringLiteral("reason"), QLatin1String(reason)},
                          {QStringLiteral("size_bytes"), double(received)}}));
        resetTransaction();
        reply(line);
    };
    switch (verdict) {
    case SmtpDataReader::Verdict::TooBig:
        return refuse("too_big", SmtpReply::kTooBig);
    case SmtpDataReader::Verdict::BareLineBreak:
        return refuse("bare_line_break", SmtpReply::kBareLineBreak);
    case SmtpDataReader::Verdict::LineTooLong:
        return refuse("line_too_long", SmtpReply::kDataLineTooLong);
    case SmtpDataReader::Verdict::Ok:
        break;
    }

    Mime::ParseOptions options;
    options.envelopeFrom = Address{QString(), m_mailFrom};
    for (const QString &r : std::as_const(m_recipients))
        options.envelopeRecipients.append(Address{QString(), r});
    // Decoding runs on the MIME worker thread; pipelined commands wait until the answer is sent.
    m_state = State::Committing;
    m_idle.stop(); // waiting for our parser, our disk or the provider is not the client's idleness
    Mime::ParseQueue::instance().parse(std::move(raw), std::move(options), this,
                                       [this, received](const Result<Message> &parsed) {
                                           if (m_state == State::Committing)
                                               submitParsed(parsed, received);
                                       });
}

void SmtpSession::submitParsed(const Result<Message> &parsed, qint64 received)
{
    const auto refuse = [this, received](const char *reason, QByteArrayView line) {
        m_ctx->metrics.rejected(reason);
        Log::info(lcSmtp, QStringLiteral("smtp_message_rejected"),
                  fields({{QStringLiteral("reason"), QLatin1String(reason)},
                          {QStringLiteral("size_bytes"), double(received)}}));
        m_state = State::Command;
        resetTransaction();
        restartIdle();
        reply(line);
        processInput();
        onReadyRead();
    };
    if (!parsed)
        return refuse("malformed_mime", SmtpReply::malformed(parsed.error().message));
    Message message = parsed.value();
    // decisions §14: the From header is held to the same allowlist as the envelope sender, so an
    // allowed envelope cannot carry a forged visible sender.
    if (!m_ctx->policy.senderAllowed(m_user, message.from.email)) {
        Log::info(lcSmtp, QStringLiteral("smtp_sender_rejected"),
                  fields({{QStringLiteral("from"), message.from.email}, {QStringLiteral("header"), true}}));
        return refuse("from_header", SmtpReply::kFromRejected);
    }
    message.ingress = Ingress::Smtp;
    message.submissionId = newSubmissionId();
    message.metadata.insert(QStringLiteral("session_id"), m_id);
    message.metadata.insert(QStringLiteral("remote_addr"), m_remote);
    message.metadata.insert(QStringLiteral("envelope_from"), m_mailFrom);
    if (!m_user.isEmpty())
        message.metadata.insert(QStringLiteral("smtp_user"), m_user);
    if (m_certAuth)
        message.metadata.insert(QStringLiteral("client_cert"), m_ssl->peerCertificate().subjectDisplayName());
    message.metadata.insert(QStringLiteral("tls"), m_tls);

    SubmitOptions submit;
    submit.mode = m_ctx->config.delivery;
    m_ctx->outbox->submit(std::move(message), m_ctx->route, submit, this,
                          [this, received](const Result<SubmitReceipt> &r) { onSubmitted(r, received); });
}

void SmtpSession::onSubmitted(const Result<SubmitReceipt> &result, qint64 size)
{
    if (m_state != State::Committing)
        return;
    m_state = State::Command;
    resetTransaction();
    restartIdle();
    if (!result) {
        const Error &e = result.error();
        if (e.code == u"message.invalid") {
            m_ctx->metrics.rejected("malformed_mime");
            reply(SmtpReply::malformed(e.message));
        } else if (e.code == u"outbox.stopping") {
            m_ctx->metrics.rejected("queue_failed");
            return closeWith(SmtpReply::shuttingDown(m_ctx->hostname), QStringLiteral("shutdown"));
        } else {
            m_ctx->metrics.rejected("queue_failed");
            Log::error(lcSmtp, QStringLiteral("smtp_submission_failed"),
                       fields({{QStringLiteral("error"), e.message}}));
            reply(SmtpReply::kNotQueued);
        }
    } else {
        const SubmitReceipt &receipt = result.value();
        const bool sync = m_ctx->config.delivery == DeliveryMode::Sync;
        if (sync && receipt.status != SubmissionStatus::Sent) {
            // decisions §12: a failed synchronous send is 451; the journal keeps it for a resend.
            m_ctx->metrics.rejected("transport_failed");
            Log::error(lcSmtp, QStringLiteral("smtp_submission_failed"),
                       fields({{QStringLiteral("submission_id"), receipt.submissionId},
                               {QStringLiteral("error"), receipt.result.describe()}}));
            reply(SmtpReply::kUpstreamFailed);
        } else {
            m_ctx->metrics.accepted(size);
            Log::info(lcSmtp, sync ? QStringLiteral("smtp_submission_sent") : QStringLiteral("smtp_submission_queued"),
                      fields({{QStringLiteral("submission_id"), receipt.submissionId},
                              {QStringLiteral("transport_message_id"), receipt.result.messageId},
                              {QStringLiteral("size_bytes"), double(size)}}));
            reply(SmtpReply::queuedAs(receipt.submissionId));
        }
    }
    if (m_shutdownRequested)
        return closeWith(SmtpReply::shuttingDown(m_ctx->hostname), QStringLiteral("shutdown"));
    // Commands the client pipelined behind the message were held back until now.
    processInput();
    onReadyRead();
}

} // namespace Postrider
