#pragma once

#include "FormFields.h"

#include <QByteArrayView>

namespace Postrider::Http {

/// Parses `application/x-www-form-urlencoded` text the way Go's url.ParseQuery does (Posthorn's
/// r.ParseForm): pairs split on '&', the name cut from the value at the first '=', '+' and %XX
/// decoded, empty pairs skipped. A ';' separator or a bad escape skips that pair and is reported
/// with Go's text (`invalid semicolon separator in query`, `invalid URL escape "%ZZ"`); parsing
/// goes on, and the first problem is returned (empty string when none). Values are appended to
/// `into`, so the body's values come before the query's when both are parsed in that order.
QString parseUrlEncoded(QByteArrayView text, FormFields &into);

/// Go's url.QueryUnescape; `ok` false (and Go's error text in `error`) for a bad escape.
QByteArray queryUnescape(QByteArrayView s, bool *ok, QString *error = nullptr);
/// Go's url.PathUnescape: %XX decoded, '+' kept; appends to `out`, false on a bad escape.
bool pathUnescape(QByteArrayView in, QByteArray *out);

} // namespace Postrider::Http
