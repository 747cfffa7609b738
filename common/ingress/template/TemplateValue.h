#pragma once

#include <QByteArray>

#include <map>

namespace Postrider::Template::detail {

/// The template's dot: Posthorn passes a Go `map[string]string`, so keys and values are bytes
/// and iteration is in byte order (Go's fmtsort orders string keys with `<`).
using DataMap = std::map<QByteArray, QByteArray>;

/// \brief A value during execution: the handful of Go types a template over a
/// `map[string]string` can produce (literals, comparison results, `len`, indexing a string).
struct Value
{
    /// Go types: untyped nil, bool, int, uint8 (a byte from `index` on a string), float64,
    /// string, and the data map itself.
    enum class Kind : quint8 { Nil, Bool, Int, Uint8, Float, String, Map };

    Kind kind = Kind::Nil;
    bool boolean = false;
    qint64 integer = 0; ///< Int and Uint8
    double real = 0;
    QByteArray string;
    const DataMap *map = nullptr;

    static Value ofBool(bool b)
    {
        Value v;
        v.kind = Kind::Bool;
        v.boolean = b;
        return v;
    }
    static Value ofInt(qint64 i)
    {
        Value v;
        v.kind = Kind::Int;
        v.integer = i;
        return v;
    }
    static Value ofUint8(quint8 b)
    {
        Value v;
        v.kind = Kind::Uint8;
        v.integer = b;
        return v;
    }
    static Value ofFloat(double f)
    {
        Value v;
        v.kind = Kind::Float;
        v.real = f;
        return v;
    }
    static Value ofString(QByteArray s)
    {
        Value v;
        v.kind = Kind::String;
        v.string = std::move(s);
        return v;
    }
    static Value ofMap(const DataMap *m)
    {
        Value v;
        v.kind = Kind::Map;
        v.map = m;
        return v;
    }

    bool isNil() const { return kind == Kind::Nil; }
    bool isInteger() const { return kind == Kind::Int || kind == Kind::Uint8; }

    /// Go's reflect type name, as error messages and `%!d(string=x)` print it.
    QByteArray typeName() const
    {
        switch (kind) {
        case Kind::Nil:
            return QByteArrayLiteral("<nil>");
        case Kind::Bool:
            return QByteArrayLiteral("bool");
        case Kind::Int:
            return QByteArrayLiteral("int");
        case Kind::Uint8:
            return QByteArrayLiteral("uint8");
        case Kind::Float:
            return QByteArrayLiteral("float64");
        case Kind::String:
            return QByteArrayLiteral("string");
        case Kind::Map:
            return QByteArrayLiteral("map[string]string");
        }
        return {};
    }

    /// text/template's truth: the zero value of its type, nil, and empty maps/strings are false.
    bool truth() const
    {
        switch (kind) {
        case Kind::Nil:
            return false;
        case Kind::Bool:
            return boolean;
        case Kind::Int:
        case Kind::Uint8:
            return integer != 0;
        case Kind::Float:
            return real != 0;
        case Kind::String:
            return !string.isEmpty();
        case Kind::Map:
            return map && !map->empty();
        }
        return false;
    }
};

} // namespace Postrider::Template::detail
