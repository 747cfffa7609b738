// libFuzzer target for the MIME parser the SMTP listener runs on every accepted DATA section
// (KMime underneath), and for the builder every SMTP, SES-raw and capture delivery runs on the
// result. Invariants: no crash or sanitizer report; the parse stays inside its named limits;
// whatever the builder makes of a parsed message parses again with the same sender and the same
// number of attachments.

#include "mime/MimeBuilder.h"
#include "mime/MimeParser.h"

#include <cstdint>
#include <cstdlib>

using namespace Postrider;

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    Mime::ParseOptions options;
    // With and without an envelope, as the listener and send-test parse.
    for (const bool envelope : {false, true}) {
        if (envelope) {
            options.envelopeFrom = Address{QString(), QStringLiteral("sender@example.com")};
            options.envelopeRecipients = {Address{QString(), QStringLiteral("rcpt@example.org")}};
        }
        const Result<Message> parsed = Mime::parseMessage(input, options);
        if (!parsed)
            continue;
        check(parsed->attachments.size() <= options.maxParts);
        const Result<QByteArray> built = Mime::buildMessage(parsed.value());
        if (!built)
            continue;
        const Result<Message> again = Mime::parseMessage(built.value(), options);
        check(again.ok());
        check(again->from.email == parsed->from.email);
        check(again->attachments.size() == parsed->attachments.size());
    }
    return 0;
}
