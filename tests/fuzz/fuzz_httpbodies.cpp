// libFuzzer target for the readers of submitted bodies: the API's JSON reader, the urlencoded
// form reader, the multipart/form-data parser and the Accept negotiation. Any input must parse or
// fail with a message, never crash or loop. The first byte picks the reader.

#include "ingress/http/ContentNegotiation.h"
#include "ingress/http/JsonFields.h"
#include "ingress/http/MultipartParser.h"
#include "ingress/http/UrlEncodedForm.h"

#include <cstddef>
#include <cstdint>

using namespace Postrider::Http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0:
        (void)JsonFields::parse(body);
        break;
    case 1: {
        FormFields fields;
        (void)parseUrlEncoded(body, fields);
        break;
    }
    case 2: {
        const qsizetype nl = body.indexOf('\n');
        const QByteArrayView type = nl < 0 ? QByteArrayView("multipart/form-data; boundary=B") : body.first(nl);
        (void)MultipartParser::parse(nl < 0 ? body : body.sliced(nl + 1), type);
        break;
    }
    default:
        (void)ContentNegotiation::forError(body, true);
        (void)ContentNegotiation::forSuccess(body, true);
        break;
    }
    return 0;
}
