#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Postrider::Rfc2047 {

/// Decodes one RFC 2047 encoded word (`=?charset?B|Q?text?=`). Returns nothing when the word is
/// malformed or its charset is unknown to Qt's converters, so callers can keep the raw text.
std::optional<QString> decodeWord(QStringView word);

/// Decodes every encoded word in an unstructured header value (RFC 2047 §6.2: white space
/// between adjacent encoded words is dropped). Malformed words stay as they are.
QString decodeText(QStringView text);

/// Encodes an unstructured value for a header: plain ASCII without controls passes through;
/// anything else becomes UTF-8 `B` encoded words of at most 75 characters (RFC 2047 §2),
/// split on code-point boundaries, joined by CRLF SP folding.
QByteArray encodeText(const QString &text);

} // namespace Postrider::Rfc2047
