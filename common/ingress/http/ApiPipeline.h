#pragma once

#include "Submission.h"

namespace Postrider::Http {

/// \brief `auth = "api-key"` endpoints, in Posthorn's order (reference §2.3): method, Bearer key
/// (constant time, with the per-IP failed-auth limiter), Idempotency-Key (durable, bound to the
/// endpoint, the API key and the body: decisions §5), rate limit by API key, JSON body, then
/// SubmissionDelivery.
class ApiPipeline
{
public:
    static void run(const SubmissionPtr &s);

private:
    static void afterIdempotency(const SubmissionPtr &s, int keyIndex);
};

} // namespace Postrider::Http
