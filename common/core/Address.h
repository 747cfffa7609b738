#pragma once

#include "Result.h"

#include <QList>
#include <QString>

namespace Postrider {

/// \brief One mailbox: optional display name plus addr-spec (RFC 5322 §3.4).
///
/// Parsing follows RFC 5322 the way Go's net/mail.ParseAddress does (Posthorn's validator), so
/// what Posthorn accepted Postrider accepts: `a@b` passes, `a @ b.com` fails. RFC 2047 encoded
/// words in the display name are decoded; UTF-8 is accepted in both parts (RFC 6532).
struct Address
{
    QString name; ///< display name, decoded; may be empty
    QString email; ///< addr-spec, local@domain

    bool isEmpty() const { return email.isEmpty(); }
    QString domain() const;
    QString localPart() const;
    /// Display form: `"Name" <local@domain>` (name quoted when needed) or the bare address.
    QString toString() const;
    bool operator==(const Address &o) const { return name == o.name && email == o.email; }

    /// Parses exactly one mailbox; anything else (groups, lists, trailing text) is an error
    /// with code `address.invalid`.
    static Result<Address> parse(QStringView text);
    /// Parses a comma-separated mailbox list (`address-list` without groups).
    static Result<QList<Address>> parseList(QStringView text);
    /// True for a syntactically valid mailbox (with or without display name).
    static bool isValid(QStringView text) { return parse(text).ok(); }
};

using AddressList = QList<Address>;

QString formatAddressList(const AddressList &list); ///< "a, b" with display names
QStringList bareAddresses(const AddressList &list); ///< addr-specs only

} // namespace Postrider
