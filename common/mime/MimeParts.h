#pragma once

#include "KMimeAdapter.h"
#include "core/Message.h"
#include "core/Result.h"

namespace Postrider::Mime::Parts {

/// \brief Bodies and attachments gathered from a parsed MIME tree.
struct Bodies
{
    QString text;
    QString html;
    QList<Attachment> attachments;
};

/// Walks the tree below `root` (depth-first, document order) within the given limits.
/// Errors: `mime.malformed` for a multipart without boundary or parts, `mime.too_complex`.
Result<Bodies> collect(KMime::Content *root, int maxDepth, int maxParts);

/// Replaces CR, LF and NUL (which KMime may produce from encoded words) with spaces.
QString withoutLineBreaks(QString s);

} // namespace Postrider::Mime::Parts
