#pragma once

#include "Address.h"
#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace Postrider {

/// \brief Where a message entered Postrider; recorded in the journal and in metrics.
enum class Ingress { Unknown, HttpForm, HttpApi, Smtp, Cli, Admin };
QString ingressName(Ingress ingress);
Ingress ingressFromName(QStringView name);

/// \brief A file carried with a message. Inline parts (images referenced from HTML as
/// `cid:<contentId>`) have `isInline` set and a content id.
struct Attachment
{
    QString filename;
    QString contentType = QStringLiteral("application/octet-stream");
    QString contentId; ///< without angle brackets
    bool isInline = false;
    QByteArray data;

    bool operator==(const Attachment &) const = default;
};

/// \brief A custom header carried end to end (`List-Unsubscribe`, `X-Entity-Ref-ID`, ...).
struct Header
{
    QByteArray name;
    QString value; ///< unfolded, decoded Unicode
    bool operator==(const Header &) const = default;
};

/// \brief The one message type every ingress produces and every transport consumes.
struct Message
{
    Address from;
    AddressList to;
    AddressList cc;
    AddressList bcc;
    AddressList replyTo;
    QString subject;
    QString text; ///< text/plain body
    QString html; ///< text/html body
    QList<Header> headers;
    QList<Attachment> attachments;

    Ingress ingress = Ingress::Unknown;
    QString submissionId; ///< UUIDv4, minted on arrival
    QDateTime createdAt; ///< UTC
    QVariantMap metadata; ///< endpoint, remote address, SMTP user... (never secrets)

    /// to + cc + bcc, in that order, without duplicates (compared case-insensitively).
    AddressList allRecipients() const;
    /// Rough byte size of the content (bodies + attachments), for limits and metrics.
    qint64 contentSize() const;
    /// Checks what every transport relies on: a sender, at least one recipient, header names that
    /// are RFC 5322 field names and not ones Postrider writes itself, no CR/LF in any single-line
    /// field. Error code `message.invalid`.
    Status validate() const;

    /// Compact versioned binary form used by the outbox.
    QByteArray serialize() const;
    static Result<Message> deserialize(QByteArrayView bytes);
    /// JSON form for IPC and debugging; bodies and attachment bytes only when asked.
    QJsonObject toJson(bool withBodies = true) const;

    bool operator==(const Message &) const = default;
};

/// Header names Postrider writes itself and so refuses as custom headers (case-insensitive).
bool isReservedHeaderName(QByteArrayView name);
/// RFC 5322 §2.2 field-name: printable US-ASCII except ':'.
bool isValidHeaderName(QByteArrayView name);
/// A fresh random UUIDv4 in canonical lowercase form (Posthorn's submission_id format).
QString newSubmissionId();

} // namespace Postrider
