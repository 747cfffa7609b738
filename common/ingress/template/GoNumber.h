#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// Go's rules for numeric constants in templates (parse.NumberNode, strconv.ParseInt/ParseFloat
// with base 0) and fmt's default float formatting.
namespace Postrider::Template::detail {

/// \brief A numeric constant as text/template's parser classifies it (parse.NumberNode).
struct NumberConst
{
    bool isInt = false;
    bool isUint = false;
    bool isFloat = false;
    qint64 i = 0;
    quint64 u = 0;
    double f = 0;
};

/// \brief Outcome of parsing a number literal: a constant, a syntax error (Go rejects it too), or
/// a form Go accepts that this engine does not (complex, imaginary, hexadecimal floating point).
struct NumberParse
{
    std::optional<NumberConst> value;
    QString error;
    bool unsupported = false;
};
NumberParse parseNumber(QByteArrayView text);

/// fmt's %v for a float64: strconv 'g' with the shortest exact digits ("1.5", "1e+06").
QByteArray formatFloat(double v);

} // namespace Postrider::Template::detail
