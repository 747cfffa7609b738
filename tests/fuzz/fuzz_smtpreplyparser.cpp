// libFuzzer target: arbitrary server bytes through SmtpReplyParser, split into two reads at a
// point chosen by the input, and every complete reply through the code that consumes replies
// (EHLO capabilities, queue id, text). Aborts when a parser invariant breaks.
#include "transport/SmtpCapabilities.h"
#include "transport/SmtpReplyParser.h"
#include "transport/SmtpWire.h"

#include <cstdint>
#include <cstdlib>

using namespace Postrider;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype cut = size == 0 ? 0 : qsizetype(data[0]) % qsizetype(size + 1);
    SmtpReplyParser parser;
    const bool ok = parser.feed(all.first(cut)) && parser.feed(all.sliced(cut));
    if (ok == parser.hasError())
        std::abort();
    // Bounded buffering whatever the input (a partial line plus an unfinished multi-line reply).
    if (parser.bufferedBytes() > SmtpReplyParser::kMaxLineLength * (SmtpReplyParser::kMaxLinesPerReply + 1))
        std::abort();
    while (parser.hasReply()) {
        const SmtpReply reply = parser.takeReply();
        if (reply.code < 200 || reply.code > 559 || reply.lines.isEmpty()
            || reply.lines.size() > SmtpReplyParser::kMaxLinesPerReply)
            std::abort();
        if (!reply.enhancedCode.isEmpty() && reply.enhancedCode.at(0).digitValue() != reply.codeClass())
            std::abort();
        for (const QString &line : reply.lines)
            for (const QChar c : line)
                if (c == u'\r' || c == u'\n')
                    std::abort();
        (void)reply.toString();
        (void)SmtpCapabilities::fromEhloReply(reply).sizeLimit();
        (void)Smtp::queueIdFromReply(reply);
    }
    return 0;
}
