#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// The exact JSON bodies of Posthorn §2.4, plus Postrider's additions (decisions §2, §5, §24).
namespace Postrider::Http {

/// How a success was reached (decisions §2): the `delivery` member of the success body.
enum class DeliveryOutcome { Queued, Sent };

/// `{"status":"ok","submission_id":"…","delivery":"queued"|"sent"[,"transport_message_id":"…"]}\n`.
/// Posthorn's two members come first, in Posthorn's order, so existing clients keep working.
QByteArray successBody(const QString &submissionId, DeliveryOutcome delivery, const QString &transportMessageId = {});

/// `{"error":"validation failed","code":"validation_failed","fields":{…}}\n`, fields sorted by
/// their UTF-8 bytes as Go's map encoding sorts them.
QByteArray validationBody(const QMap<QString, QString> &fields);

/// Postrider's error envelope (decisions §24): `{"error":"<Posthorn's text>","code":"<code>"}\n`.
QByteArray errorBody(const QString &message, const QString &code);

/// \brief What a dry run would have sent (Posthorn §2.17).
struct PreparedMessage
{
    QString from;
    QStringList to;
    QString replyTo; ///< omitted when empty
    QString subject;
    QString bodyText;
    QString bodyHtml; ///< Postrider: omitted when empty
    QStringList attachments; ///< Postrider: file names, omitted when empty
};
/// `{"status":"dry_run","submission_id":…,"prepared_message":{"from","to","reply_to","subject","body_text"}}\n`.
QByteArray dryRunBody(const QString &submissionId, const PreparedMessage &message);

/// The CSRF token issuer's answer: `{"token":…,"field":"_csrf_token","expires_at":…,"expires_in":…}\n`.
QByteArray csrfTokenBody(const QByteArray &token, const QString &expiresAtRfc3339, qint64 expiresInSeconds);

} // namespace Postrider::Http
