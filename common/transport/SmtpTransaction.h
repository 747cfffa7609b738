#pragma once

#include "SmtpEnvelope.h"
#include "SmtpReply.h"
#include "Transport.h"

#include <QList>
#include <QObject>
#include <QPair>

#include <optional>

namespace Postrider {

class SmtpClientConnection;

/// \brief One mail transaction on a Ready SmtpClientConnection: MAIL FROM, RCPT TO for every
/// recipient, DATA, the payload and the final reply. With PIPELINING the three commands go out
/// as one batch and the replies are read in order (RFC 2920 §3.1); otherwise one at a time.
///
/// All or nothing: when any recipient is rejected the message is sent to none (the outbox keeps
/// no per-recipient state, so a partial send followed by a retry would duplicate mail). Any 5yz
/// rejection makes the result Terminal, only 4yz ones Transient. finished() is emitted once; the
/// connection failing underneath is reported by the connection itself.
class SmtpTransaction final : public QObject
{
    Q_OBJECT
public:
    /// `encodedData` is the DATA payload from Smtp::encodeData() (dot-stuffed, "." CRLF at the end).
    SmtpTransaction(SmtpClientConnection *connection, SmtpEnvelope envelope, QByteArray encodedData,
                    QObject *parent = nullptr);

    void start();
    /// After finished(): true when the session is in a clean state (RSET/QUIT or another
    /// transaction may follow); false when it must be dropped (421, or DATA accepted by a
    /// pipelining server after a rejected recipient, which only a close can cancel).
    bool connectionReusable() const { return m_reusable; }

    /// `MAIL FROM:<addr>[ SIZE=n][ BODY=8BITMIME][ SMTPUTF8]` without CRLF.
    static QByteArray mailCommand(const SmtpEnvelope &envelope);

signals:
    void finished(const Postrider::SendResult &result);

private:
    void sendRecipient(int index);
    void sendDataCommand();
    void onMail(const SmtpReply &reply);
    void onRecipient(int index, const SmtpReply &reply);
    void onData(const SmtpReply &reply);
    void onFinal(const SmtpReply &reply);
    std::optional<SendResult> envelopeFailure() const;
    void finish(const SendResult &result, bool reusable);

    SmtpClientConnection *m_connection;
    SmtpEnvelope m_envelope;
    QByteArray m_data;
    bool m_pipelined = false;
    std::optional<SmtpReply> m_mailRejected;
    QList<QPair<QString, SmtpReply>> m_rejected;
    int m_accepted = 0;
    bool m_done = false;
    bool m_reusable = false;
};

} // namespace Postrider
