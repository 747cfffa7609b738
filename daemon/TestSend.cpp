#include "TestSend.h"

#include <QHostInfo>

namespace Postrider {

Result<Message> TestSend::message(const TransportConfig &tc, const QString &to, const QString &from, bool html,
                                  const QList<Attachment> &attachments)
{
    const auto recipients = Address::parseList(to);
    if (!recipients)
        return recipients.error();
    if (recipients->isEmpty())
        return Error(QStringLiteral("address.invalid"), QStringLiteral("no recipient address"));
    const auto sender = Address::parse(from);
    if (!sender)
        return sender.error();
    Message m;
    m.from = *sender;
    m.to = *recipients;
    m.subject = QStringLiteral("Postrider test message");
    m.ingress = Ingress::Cli;
    m.submissionId = newSubmissionId();
    m.createdAt = QDateTime::currentDateTimeUtc();
    m.text = QStringLiteral("This is a test message sent by Postrider from %1 through transport \"%2\" (%3) at %4.\n")
                 .arg(QHostInfo::localHostName(), tc.name, tc.type, m.createdAt.toString(Qt::ISODate));
    if (html)
        m.html = QStringLiteral("<p>This is a <b>test message</b> sent by Postrider through transport <i>%1</i> "
                                "(%2).</p>")
                     .arg(tc.name.toHtmlEscaped(), tc.type);
    m.attachments = attachments;
    return m;
}

QString TestSend::defaultSender(const Config &config, const QString &transport)
{
    for (const EndpointConfig &e : config.endpoints)
        if (e.transports.contains(transport) && !e.from.isEmpty())
            return e.from;
    if (config.smtpListener && config.smtpListener->transports.contains(transport))
        for (const QString &s : config.smtpListener->allowedSenders)
            if (!s.contains(u'*'))
                return s;
    return {};
}

void TestSend::send(Transport *transport, const Message &message, std::function<void(const SendResult &)> done)
{
    SendOptions opts;
    opts.idempotencyKey = message.submissionId;
    transport->send(message, opts, std::move(done));
}

} // namespace Postrider
