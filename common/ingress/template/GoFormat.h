#pragma once

#include "TemplateValue.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Go's fmt package for the values a template can hold: fmt.Sprint, Sprintln and Sprintf with
// the verbs %v %s %d %q %t %% and the flags - + space 0, width and precision.
namespace Postrider::Template::detail {

/// \brief Output of a formatting call: the bytes, or why formatting stopped (an unsupported
/// verb or flag, or the result growing past MaxOutputSize).
struct Formatted
{
    QByteArray text;
    QString error; ///< empty on success
    bool overLimit = false;
};

/// fmt.Sprint: operands printed with %v, a space between two operands when neither is a string.
Formatted sprint(const QList<Value> &args);
/// fmt.Sprintln: operands always separated by spaces, then a newline.
Formatted sprintln(const QList<Value> &args);
/// fmt.Sprintf with Go's error forms (`%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA ...)`).
Formatted sprintf(const QByteArray &format, const QList<Value> &args);
/// The %v text of one value, as an action prints it.
Formatted printValue(const Value &value);

/// Checks a printf format for verbs and flags Go supports but this engine does not (argument
/// indexes, `*`, `#`, and verbs such as %x %f %c %T). Returns the complaint, or an empty string.
QString unsupportedFormatFeature(const QByteArray &format);

} // namespace Postrider::Template::detail
