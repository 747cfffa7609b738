// libFuzzer target: arbitrary bytes from a control-socket peer through FrameDecoder, split into
// two reads at a point chosen by the input; every decoded object goes through the request and
// reply envelope parsers and must survive an encode/decode round trip. Aborts when an invariant
// breaks (unbounded buffering, a failure that is not reported, a round trip that changes a value).
#include "ipc/FrameCodec.h"
#include "ipc/IpcMessage.h"

#include <cstdint>
#include <cstdlib>

using namespace Postrider;
using namespace Postrider::Ipc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype cut = size == 0 ? 0 : qsizetype(data[0]) % qsizetype(size + 1);
    FrameDecoder decoder;
    const bool ok = decoder.feed(all.first(cut)) && decoder.feed(all.sliced(cut));
    if (ok == decoder.failed())
        std::abort();
    if (decoder.bufferedBytes() > kMaxFrameSize + kFrameHeaderSize + qsizetype(size))
        std::abort();
    if (!ok && decoder.bufferedBytes() != 0)
        std::abort();
    while (const auto message = decoder.next()) {
        (void)parseRequest(*message);
        (void)parseIncoming(*message);
        const auto again = encodeFrame(*message);
        if (!again)
            continue; // re-encoding may grow (escapes) past the cap; that is reported, not a crash
        FrameDecoder second;
        if (!second.feed(*again) || second.next() != *message)
            std::abort();
    }
    return 0;
}
