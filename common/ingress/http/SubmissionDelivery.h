#pragma once

#include "Submission.h"

namespace Postrider::Http {

/// \brief The steps both pipelines share once a submission's fields are read (reference §2.2
/// steps 8–14, §2.3 steps 10–16): required and email checks, `submission_received`, rendering,
/// `to_override` (API mode), the message, dry run, and delivery through the durable outbox
/// (decisions §1–§2): `queue` answers once the message is committed, `sync` with the outcome.
class SubmissionDelivery
{
public:
    static void run(const SubmissionPtr &s);

    /// The `submission_failed` payload: `form` (values, honeypot redacted) or, with
    /// log_failed_submissions off, `form_fields` (names only).
    static Log::Field failedPayload(const Submission &s);
};

} // namespace Postrider::Http
