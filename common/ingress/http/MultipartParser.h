#pragma once

#include "FormFields.h"

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Postrider::Http {

/// \brief A file field of a multipart form.
struct MultipartFile
{
    QString field;
    QString filename; ///< base name only; never empty
    QString contentType; ///< as sent, application/octet-stream when absent
    QByteArray data;
};

/// \brief A parsed `multipart/form-data` body (RFC 7578): value fields and file fields.
struct MultipartForm
{
    FormFields fields;
    QList<MultipartFile> files;
};

/// \brief Parses `multipart/form-data` bodies (RFC 7578, RFC 2046 §5.1.1), which Posthorn accepted
/// but never read (decisions §8).
///
/// Rules follow Go's mime/multipart ReadForm, which a Go handler reading the form would have
/// used: parts without a name are skipped; a part with a non-empty `filename` is a file (its base
/// name kept), any other part a value; `filename*` (RFC 5987) is understood. Bounded by the body
/// cap plus kMaxMultipartParts parts and kMaxMultipartPartHeaderBytes of headers per part.
/// Errors (code `multipart.invalid`) read like Go's: `no multipart boundary param in
/// Content-Type`, `multipart: NextPart: EOF`, `multipart: message too large`.
class MultipartParser
{
public:
    static Result<MultipartForm> parse(QByteArrayView body, QByteArrayView contentType);

    /// The `boundary` parameter of a Content-Type value, or empty.
    static QByteArray boundaryOf(QByteArrayView contentType);
    /// Parameters of a header value such as Content-Disposition: lower-cased names, unquoted
    /// values; `name*` extended values (RFC 5987, UTF-8 or ISO-8859-1) decoded into `name`.
    static QList<QPair<QByteArray, QString>> parameters(QByteArrayView headerValue);
};

} // namespace Postrider::Http
