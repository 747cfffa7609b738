// libFuzzer target for the HTTP request framer (the connection guard's parser): any byte stream,
// split at positions taken from the input, must frame into requests, a refusal, or "need more",
// never crash, and never buffer more than the header cap plus the body cap.

#include "ingress/http/RequestFramer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Postrider::Http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    constexpr qsizetype kHeaderCap = 512;
    constexpr qint64 kBodyCap = 256;
    const int step = 1 + data[0] % 64; // feed in slices of this size
    QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    RequestFramer framer(kHeaderCap);
    QByteArray buffer;
    for (qsizetype at = 0; at < input.size(); at += step) {
        buffer.append(input.sliced(at, std::min<qsizetype>(step, input.size() - at)));
        for (int rounds = 0; rounds < 64; ++rounds) {
            const RequestFramer::Step s = framer.advance(buffer);
            if (s.kind == RequestFramer::Kind::HeadComplete) {
                framer.setBodyLimit(kBodyCap);
                continue;
            }
            if (s.kind == RequestFramer::Kind::Complete || s.kind == RequestFramer::Kind::BodyTooLarge) {
                const QByteArray request = framer.takeRequest();
                if (request.size() > kHeaderCap + kBodyCap + 64)
                    std::abort(); // handed on more than the caps allow
                if (s.kind == RequestFramer::Kind::BodyTooLarge)
                    return 0;
                continue;
            }
            if (s.kind == RequestFramer::Kind::Error)
                return 0;
            break; // NeedMore
        }
        if (framer.bodyBytes() > kBodyCap)
            std::abort();
    }
    return 0;
}
