// libFuzzer target for everything the SMTP listener parses from the network before MIME:
// command framing (SmtpLineReader), commands and MAIL/RCPT paths (SmtpCommandParser), SASL
// responses, and the DATA section (SmtpDataReader). Invariants: no crash, bounded buffers, the
// DATA reader never keeps more than its cap and never reports content after a rejection.

#include "ingress/smtp/SmtpCommandParser.h"
#include "ingress/smtp/SmtpDataReader.h"
#include "ingress/smtp/SmtpLimits.h"
#include "ingress/smtp/SmtpLineReader.h"

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

    // Commands, fed in two pieces so that framing across reads is exercised.
    SmtpLineReader reader;
    const qsizetype split = input.size() / 3;
    for (const QByteArrayView piece : {input.first(split), input.sliced(split)}) {
        reader.append(piece);
        while (auto line = reader.readLine(SmtpLimits::kMaxCommandLineOctets)) {
            check(line->text.size() < SmtpLimits::kMaxCommandLineOctets);
            const SmtpCommand cmd = SmtpCommandParser::parseCommand(line->text);
            if (const auto mail = SmtpCommandParser::parseMailFrom(cmd.argument); mail.ok())
                check(!mail->address.isEmpty() && mail->address.size() <= SmtpCommandParser::kMaxPathOctets);
            (void)SmtpCommandParser::parseRcptTo(cmd.argument);
            if (const auto decoded = SmtpCommandParser::decodeSaslResponse(line->text))
                (void)SmtpCommandParser::parsePlain(*decoded);
        }
        check(reader.pendingSize() <= SmtpLimits::kMaxCommandLineOctets + piece.size());
    }

    // The same bytes as a DATA section with small caps.
    constexpr qint64 kCap = 512;
    SmtpDataReader dataReader(kCap, 128);
    qsizetype used = 0;
    for (qsizetype chunk = 1; used < input.size() && !dataReader.finished(); chunk = chunk * 2 + 1) {
        used += dataReader.feed(input.sliced(used, qMin(chunk, input.size() - used)));
        check(dataReader.message().size() <= kCap);
    }
    check(used <= input.size());
    if (dataReader.verdict() != SmtpDataReader::Verdict::Ok)
        check(dataReader.message().isEmpty());
    else
        check(!dataReader.message().contains("\r\n.\r\n") || input.contains("\r\n..\r\n"));
    return 0;
}
