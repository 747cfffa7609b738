#pragma once

// The one place that knows how KMime's API differs between versions (KMime 22.12 built for
// Qt 6 on Debian 12, KPim6Mime 24.12 on Debian 13, 26.04 and later). Private to postrider_mime:
// only its .cpp files include this header, and no public header includes KMime.

#include <kmime_version.h>

#include <KMime/Content>
#include <KMime/Headers>
#include <KMime/Message>
#include <KMime/Types>

#include <QByteArray>
#include <QString>

#include <memory>

// KMIME_VERSION is (major << 16) | (minor << 8) | patch; 22.12 reports itself as 5.22.x,
// KDE Gear 24.12 as 6.3.x, 26.04 as 6.7.x.
#define POSTRIDER_KMIME_AT_LEAST(major, minor, patch) (KMIME_VERSION >= (((major) << 16) | ((minor) << 8) | (patch)))

namespace Postrider::Mime::KMimeAdapter {

#if POSTRIDER_KMIME_AT_LEAST(6, 7, 0)
using MessagePtr = std::shared_ptr<KMime::Message>; // 26.04 dropped KMime::Message::Ptr
#else
using MessagePtr = QSharedPointer<KMime::Message>;
#endif

/// Parses a whole message; `lfContent` must use LF line endings (KMime's internal form).
MessagePtr parse(const QByteArray &lfContent);

/// The header of type T if present; never creates one.
template<typename T>
T *existingHeader(KMime::Content *content)
{
#if POSTRIDER_KMIME_AT_LEAST(6, 7, 0)
    return content->header<T>(KMime::DontCreate);
#else
    return content->header<T>(false);
#endif
}

/// Media type in lower case ("text/plain"), empty when the part has no Content-Type.
QByteArray mimeType(KMime::Content *content);
/// A Content-Type parameter, RFC 2231 and RFC 2047 decoded by KMime; empty when absent.
QString typeParameter(KMime::Content *content, const QString &name);
/// Sets the charset parameter, creating the Content-Type header if needed.
void setCharset(KMime::Content *content, const QByteArray &charset);
/// "attachment", "inline" or empty.
QByteArray disposition(KMime::Content *content);
/// Content-Disposition filename (RFC 2231 / RFC 2047 decoded), empty when absent.
QString dispositionFilename(KMime::Content *content);
/// Content-ID without angle brackets, empty when absent.
QByteArray contentId(KMime::Content *content);
/// True unless the Content-Transfer-Encoding is base64 or x-uuencode: the body went through
/// line-ending conversion and its line breaks stand for CRLF (RFC 2045 §6.7 rule 4).
bool isLineBasedEncoding(KMime::Content *content);

/// \brief The Content-Type as the raw header section declares it.
struct DeclaredType
{
    QByteArray mimeType; ///< lower case; empty when the part declares none
    bool hasBoundary = false;
};
/// KMime silently turns a multipart it cannot split (no boundary, boundary never found) into
/// text/plain; reading the declaration again lets the parser refuse such input instead.
DeclaredType declaredType(KMime::Content *content);

/// The unfolded raw value of the first `name:` field of the content's header section.
QByteArray rawHeaderValue(KMime::Content *content, QByteArrayView name);
/// A mailbox's display name. KMime reads raw 8-bit bytes in an address phrase as ISO-8859-1;
/// when the header section carries raw UTF-8 (RFC 6532, SMTPUTF8) the name is read as UTF-8.
QString mailboxName(const KMime::Types::Mailbox &mailbox, bool utf8HeaderSection);
/// True when the header section of `content` holds 8-bit octets that form valid UTF-8.
bool hasRawUtf8Headers(KMime::Content *content);

/// The body decoded from its Content-Transfer-Encoding.
QByteArray decodedBody(KMime::Content *content);
/// The body decoded to Unicode through KMime's charset codecs. As KMime documents for every
/// version, the last trailing newline is removed.
QString decodedText(KMime::Content *content);
/// The raw bytes of an encapsulated message/rfc822 body (LF line endings).
QByteArray encapsulatedBody(KMime::Content *content);

} // namespace Postrider::Mime::KMimeAdapter
