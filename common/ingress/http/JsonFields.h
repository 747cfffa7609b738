#pragma once

#include "FormFields.h"

#include "core/Result.h"

#include <QByteArrayView>

namespace Postrider::Http {

/// \brief Reads an API request body into submission fields exactly as Posthorn §2.13 does.
///
/// The body must be one JSON object. Strings are kept; booleans become `true`/`false`; numbers
/// are float64 and print in the shortest form without exponent (`42`, `19.99`); `null` leaves
/// the key out; an array of primitives becomes a multi-value field (a null element becomes "").
/// Duplicate keys: the last wins. Errors (code `json.invalid`) carry the text Posthorn puts after
/// "parse JSON: ": Go's decoder messages (`EOF`, `unexpected EOF`, `invalid character 'x' looking
/// for beginning of value`, `json: cannot unmarshal array into Go value of type map[string]
/// interface {}`), Posthorn's own for trailing content and nesting.
class JsonFields
{
public:
    static Result<FormFields> parse(QByteArrayView body);
    /// Go's strconv.FormatFloat(v, 'f', -1, 64).
    static QString formatNumber(double v);
};

} // namespace Postrider::Http
