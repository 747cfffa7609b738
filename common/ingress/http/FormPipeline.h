#pragma once

#include "Submission.h"

namespace Postrider::Http {

/// \brief `auth = "form"` endpoints, in Posthorn's order (reference §2.2): method, content type,
/// Origin/Referer (decisions §26), rate limit by client IP, body (urlencoded, and multipart with
/// its fields and files: decisions §8), honeypot, CSRF, then SubmissionDelivery.
class FormPipeline
{
public:
    static void run(const SubmissionPtr &s);

    /// The lower-cased media type of a Content-Type value, parameters dropped.
    static QByteArray mediaType(QByteArrayView contentType);
};

} // namespace Postrider::Http
