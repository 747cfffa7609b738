#include "SmtpTransaction.h"

#include "SmtpClientConnection.h"
#include "SmtpWire.h"

namespace Postrider {

namespace {

/// Rejected recipients named in one error message; the rest are counted.
constexpr int kRejectionsListed = 10;

QByteArray path(const QString &address)
{
    return '<' + address.toUtf8() + '>';
}

} // namespace

SmtpTransaction::SmtpTransaction(SmtpClientConnection *connection, SmtpEnvelope envelope, QByteArray encodedData,
                                 QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_envelope(std::move(envelope))
    , m_data(std::move(encodedData))
{ }

QByteArray SmtpTransaction::mailCommand(const SmtpEnvelope &envelope)
{
    QByteArray line = "MAIL FROM:" + path(envelope.sender);
    if (envelope.declaredSize >= 0)
        line += " SIZE=" + QByteArray::number(envelope.declaredSize);
    if (envelope.body8BitMime)
        line += " BODY=8BITMIME";
    if (envelope.smtpUtf8)
        line += " SMTPUTF8";
    return line;
}

void SmtpTransaction::start()
{
    m_pipelined = m_connection->capabilities().pipelining();
    const auto timeout = m_connection->options().timeouts.command;
    m_connection->sendCommand(mailCommand(m_envelope), QStringLiteral("MAIL FROM"), timeout,
                              [this](const SmtpReply &r) { onMail(r); });
    if (!m_pipelined)
        return;
    // RFC 2920 §3.1: MAIL, RCPT and DATA may all go in one group, DATA last; the socket sends
    // what is written in one event-loop turn together.
    for (int i = 0; i < m_envelope.recipients.size(); ++i)
        sendRecipient(i);
    sendDataCommand();
}

void SmtpTransaction::sendRecipient(int index)
{
    m_connection->sendCommand("RCPT TO:" + path(m_envelope.recipients.at(index)), QStringLiteral("RCPT TO"),
                              m_connection->options().timeouts.command,
                              [this, index](const SmtpReply &r) { onRecipient(index, r); });
}

void SmtpTransaction::sendDataCommand()
{
    m_connection->sendCommand("DATA", QStringLiteral("DATA"), m_connection->options().timeouts.dataInit,
                              [this](const SmtpReply &r) { onData(r); });
}

void SmtpTransaction::onMail(const SmtpReply &reply)
{
    if (m_done)
        return;
    if (reply.isPositive()) {
        if (!m_pipelined)
            sendRecipient(0);
        return;
    }
    m_mailRejected = reply;
    // Pipelined: the RCPT and DATA replies (503 "need MAIL") still come and are read first.
    if (!m_pipelined || reply.code == 421)
        finish(*envelopeFailure(), reply.code != 421);
}

void SmtpTransaction::onRecipient(int index, const SmtpReply &reply)
{
    if (m_done)
        return;
    if (reply.isPositive())
        ++m_accepted;
    else
        m_rejected.append({m_envelope.recipients.at(index), reply});
    if (reply.code == 421) { // RFC 5321 §3.8: the server is closing the channel
        finish(SmtpClientConnection::failureFromReply(QStringLiteral("RCPT TO rejected"), reply), false);
        return;
    }
    if (m_pipelined)
        return;
    if (index + 1 < m_envelope.recipients.size()) {
        sendRecipient(index + 1);
        return;
    }
    if (const auto failure = envelopeFailure())
        finish(*failure, true);
    else
        sendDataCommand();
}

void SmtpTransaction::onData(const SmtpReply &reply)
{
    if (m_done)
        return;
    const auto failure = envelopeFailure();
    if (reply.code == 354) {
        if (failure) {
            // A pipelining server accepted DATA although the envelope failed. Closing before the
            // end of data makes it discard the transaction (RFC 5321 §3.8 and §4.1.1.4).
            finish(*failure, false);
            return;
        }
        m_connection->sendData(std::move(m_data), [this](const SmtpReply &r) { onFinal(r); });
        m_data = QByteArray();
        return;
    }
    if (failure) // the earlier rejection is the news, not DATA's "503 no valid recipients"
        finish(*failure, reply.code != 421);
    else
        finish(SmtpClientConnection::failureFromReply(QStringLiteral("DATA rejected"), reply), reply.code != 421);
}

void SmtpTransaction::onFinal(const SmtpReply &reply)
{
    if (m_done)
        return;
    if (reply.isPositive()) {
        finish(SendResult::sent(Smtp::queueIdFromReply(reply), reply.code), true);
        return;
    }
    finish(SmtpClientConnection::failureFromReply(QStringLiteral("message rejected after the end of data"), reply),
           reply.code != 421);
}

std::optional<SendResult> SmtpTransaction::envelopeFailure() const
{
    if (m_mailRejected)
        return SmtpClientConnection::failureFromReply(QStringLiteral("MAIL FROM:<%1> rejected").arg(m_envelope.sender),
                                                      *m_mailRejected);
    if (m_rejected.isEmpty())
        return std::nullopt;
    // Any permanent rejection decides: retrying cannot reach that recipient.
    const QPair<QString, SmtpReply> *deciding = &m_rejected.constFirst();
    for (const auto &r : m_rejected) {
        if (r.second.isPermanentNegative()) {
            deciding = &r;
            break;
        }
    }
    QStringList listed;
    for (qsizetype i = 0; i < m_rejected.size() && i < kRejectionsListed; ++i)
        listed.append(u'<' + m_rejected.at(i).first + QStringLiteral(">: ") + m_rejected.at(i).second.toString());
    if (m_rejected.size() > kRejectionsListed)
        listed.append(QStringLiteral("and %1 more").arg(m_rejected.size() - kRejectionsListed));
    const int total = int(m_envelope.recipients.size());
    const QString what = m_accepted == 0 ? QStringLiteral("all %1 recipients rejected").arg(total)
                                         : QStringLiteral("%1 of %2 recipients rejected, message sent to none of them")
                                               .arg(m_rejected.size())
                                               .arg(total);
    SendResult result = SmtpClientConnection::failureFromReply(what, deciding->second);
    result.message = QStringLiteral("smtp: ") + what + QStringLiteral(": ") + listed.join(QStringLiteral("; "));
    return result;
}

void SmtpTransaction::finish(const SendResult &result, bool reusable)
{
    if (m_done)
        return;
    m_done = true;
    m_reusable = reusable;
    emit finished(result);
}

} // namespace Postrider
