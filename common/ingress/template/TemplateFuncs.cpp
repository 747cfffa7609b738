#include "TemplateFuncs.h"

#include "GoFormat.h"
#include "GoText.h"
#include "TemplateLimits.h"

namespace Postrider::Template::detail {

namespace {

// The comparison classes of Go's text/template (funcs.go basicKind); maps and nil have none.
enum class BasicKind { Invalid, Bool, Int, Float, String, Uint };

BasicKind basicKind(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Bool:
        return BasicKind::Bool;
    case Value::Kind::Int:
        return BasicKind::Int;
    case Value::Kind::Uint8:
        return BasicKind::Uint;
    case Value::Kind::Float:
        return BasicKind::Float;
    case Value::Kind::String:
        return BasicKind::String;
    default:
        return BasicKind::Invalid;
    }
}

QString typeName(const Value &v)
{
    return QString::fromLatin1(v.typeName());
}

QString incompatible(const Value &a, const Value &b)
{
    return QStringLiteral("incompatible types for comparison: %1 and %2").arg(typeName(a), typeName(b));
}

// a == b under text/template's rules; returns an error text or nothing.
std::optional<QString> equal(const Value &a, const Value &b, bool &truth)
{
    truth = false;
    const BasicKind k1 = basicKind(a);
    const BasicKind k2 = basicKind(b);
    if (k1 != k2) {
        // Integers compare by value whatever their signedness.
        if (k1 == BasicKind::Int && k2 == BasicKind::Uint)
            truth = a.integer >= 0 && a.integer == b.integer;
        else if (k1 == BasicKind::Uint && k2 == BasicKind::Int)
            truth = b.integer >= 0 && a.integer == b.integer;
        else if (!a.isNil() && !b.isNil())
            return incompatible(a, b);
        return std::nullopt;
    }
    switch (k1) {
    case BasicKind::Bool:
        truth = a.boolean == b.boolean;
        break;
    case BasicKind::Int:
    case BasicKind::Uint:
        truth = a.integer == b.integer;
        break;
    case BasicKind::Float:
        truth = a.real == b.real;
        break;
    case BasicKind::String:
        truth = a.string == b.string;
        break;
    case BasicKind::Invalid:
        if (a.isNil() || b.isNil()) {
            truth = a.isNil() == b.isNil();
            break;
        }
        return QStringLiteral("non-comparable type %1: %2").arg(QString::fromUtf8(printValue(b).text), typeName(b));
    }
    return std::nullopt;
}

std::optional<QString> less(const Value &a, const Value &b, bool &truth)
{
    truth = false;
    const BasicKind k1 = basicKind(a);
    const BasicKind k2 = basicKind(b);
    if (k1 == BasicKind::Invalid || k2 == BasicKind::Invalid)
        return QStringLiteral("invalid type for comparison");
    if (k1 != k2) {
        if (k1 == BasicKind::Int && k2 == BasicKind::Uint)
            truth = a.integer < 0 || a.integer < b.integer;
        else if (k1 == BasicKind::Uint && k2 == BasicKind::Int)
            truth = b.integer >= 0 && a.integer < b.integer;
        else
            return incompatible(a, b);
        return std::nullopt;
    }
    switch (k1) {
    case BasicKind::Bool:
    case BasicKind::Invalid:
        return QStringLiteral("invalid type for comparison");
    case BasicKind::Int:
    case BasicKind::Uint:
        truth = a.integer < b.integer;
        break;
    case BasicKind::Float:
        truth = a.real < b.real;
        break;
    case BasicKind::String:
        truth = a.string < b.string; // byte-wise, as Go compares strings
        break;
    }
    return std::nullopt;
}

CallResult boolResult(std::optional<QString> error, bool truth)
{
    if (error)
        return {std::nullopt, *error, false};
    return {Value::ofBool(truth), {}, false};
}

CallResult compare(Builtin f, const QList<Value> &args)
{
    bool truth = false;
    if (f == Builtin::Eq) {
        if (args.size() < 2)
            return {std::nullopt, QStringLiteral("missing argument for comparison"), false};
        for (qsizetype i = 1; i < args.size(); ++i) { // eq a b c is a==b || a==c
            if (auto error = equal(args[0], args[i], truth))
                return {std::nullopt, *error, false};
            if (truth)
                break;
        }
        return {Value::ofBool(truth), {}, false};
    }
    const Value &a = args[0];
    const Value &b = args[1];
    switch (f) {
    case Builtin::Ne: {
        auto error = equal(a, b, truth);
        return boolResult(error, !truth);
    }
    case Builtin::Lt: {
        auto error = less(a, b, truth);
        return boolResult(error, truth);
    }
    case Builtin::Ge: {
        auto error = less(a, b, truth);
        return boolResult(error, !truth);
    }
    case Builtin::Le:
    case Builtin::Gt: {
        auto error = less(a, b, truth); // <= is < or ==; > is the inverse of <=
        if (!error && !truth)
            error = equal(a, b, truth);
        return boolResult(error, f == Builtin::Le ? truth : !truth);
    }
    default:
        return {};
    }
}

CallResult length(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::String:
        return {Value::ofInt(v.string.size()), {}, false};
    case Value::Kind::Map:
        return {Value::ofInt(v.map ? qint64(v.map->size()) : 0), {}, false};
    case Value::Kind::Nil: // Go's reflection panics here; Execute reports the panic text
        return {std::nullopt, QStringLiteral("reflect: call of reflect.Value.Type on zero Value"), false};
    default:
        return {std::nullopt, QStringLiteral("len of type %1").arg(typeName(v)), false};
    }
}

CallResult index(const QList<Value> &args)
{
    Value item = args[0];
    if (item.isNil())
        return {std::nullopt, QStringLiteral("index of untyped nil"), false};
    for (qsizetype i = 1; i < args.size(); ++i) {
        const Value &key = args[i];
        if (item.kind == Value::Kind::String) {
            if (key.isNil())
                return {std::nullopt, QStringLiteral("cannot index slice/array with nil"), false};
            if (!key.isInteger())
                return {std::nullopt, QStringLiteral("cannot index slice/array with type %1").arg(typeName(key)),
                        false};
            if (key.integer < 0 || key.integer > item.string.size())
                return {std::nullopt, QStringLiteral("index out of range: %1").arg(key.integer), false};
            if (key.integer == item.string.size())
                return {std::nullopt, QStringLiteral("reflect: string index out of range"), false};
            item = Value::ofUint8(quint8(item.string[key.integer]));
        } else if (item.kind == Value::Kind::Map) {
            if (key.isNil())
                return {std::nullopt, QStringLiteral("value is nil; should be of type string"), false};
            if (key.kind != Value::Kind::String)
                return {std::nullopt, QStringLiteral("value has type %1; should be string").arg(typeName(key)), false};
            const auto it = item.map->find(key.string);
            item = Value::ofString(it == item.map->end() ? QByteArray() : it->second); // missing: zero value
        } else {
            return {std::nullopt, QStringLiteral("can't index item of type %1").arg(typeName(item)), false};
        }
    }
    return {item, {}, false};
}

CallResult fromFormatted(const Formatted &f)
{
    if (f.overLimit)
        return {std::nullopt, {}, true};
    if (!f.error.isEmpty())
        return {std::nullopt, f.error, false};
    return {Value::ofString(f.text), {}, false};
}

// html, js and urlquery print their arguments like fmt.Sprint, except that a nil argument
// reads "<no value>" (text/template's evalArgs).
CallResult escaped(Builtin f, const QList<Value> &args)
{
    QByteArray text;
    if (args.size() == 1 && args[0].kind == Value::Kind::String) {
        text = args[0].string;
    } else {
        QList<Value> printable = args;
        for (Value &v : printable) {
            if (v.isNil())
                v = Value::ofString(QByteArrayLiteral("<no value>"));
        }
        const Formatted printed = sprint(printable);
        if (printed.overLimit || !printed.error.isEmpty())
            return fromFormatted(printed);
        text = printed.text;
    }
    QByteArray out = f == Builtin::Html ? htmlEscape(text) : f == Builtin::Js ? jsEscape(text) : urlQueryEscape(text);
    if (out.size() > MaxOutputSize)
        return {std::nullopt, {}, true};
    return {Value::ofString(std::move(out)), {}, false};
}

} // namespace

Signature signatureOf(Builtin function)
{
    switch (function) {
    case Builtin::And:
    case Builtin::Or:
    case Builtin::Index:
    case Builtin::Eq:
        return {1, true, false};
    case Builtin::Not:
    case Builtin::Len:
        return {1, false, false};
    case Builtin::Printf:
        return {1, true, true};
    case Builtin::Ne:
    case Builtin::Lt:
    case Builtin::Le:
    case Builtin::Gt:
    case Builtin::Ge:
        return {2, false, false};
    case Builtin::Print:
    case Builtin::Println:
    case Builtin::Html:
    case Builtin::Js:
    case Builtin::UrlQuery:
        return {0, true, false};
    }
    return {};
}

CallCheck checkCall(const Pipeline &pipe, size_t index)
{
    const Command &cmd = pipe.cmds[index];
    const Builtin f = cmd.args.front().function;
    const qsizetype count = qsizetype(cmd.args.size()) - 1 + (index > 0 ? 1 : 0); // + the piped value
    CallCheck check;
    check.pos = cmd.pos;
    if (f == Builtin::Printf) {
        const Operand *format = cmd.args.size() > 1 ? &cmd.args[1] : nullptr;
        if (!format && index > 0 && pipe.cmds[index - 1].args.size() == 1)
            format = &pipe.cmds[index - 1].args.front();
        if (format && format->kind == Operand::Kind::String) {
            check.unsupported = unsupportedFormatFeature(format->text);
            if (!check.unsupported.isEmpty()) {
                check.pos = format->pos;
                return check;
            }
        }
    }
    const Signature sig = signatureOf(f);
    if (sig.variadic ? count < sig.fixed : count != sig.fixed)
        check.warning = QStringLiteral("%1 called with %2 arguments fails when executed")
                            .arg(QString::fromLatin1(builtinName(f)), QString::number(count));
    return check;
}

CallResult callBuiltin(Builtin function, const QList<Value> &args)
{
    switch (function) {
    case Builtin::Not:
        return {Value::ofBool(!args[0].truth()), {}, false};
    case Builtin::Len:
        return length(args[0]);
    case Builtin::Index:
        return index(args);
    case Builtin::Print:
        return fromFormatted(sprint(args));
    case Builtin::Println:
        return fromFormatted(sprintln(args));
    case Builtin::Printf:
        return fromFormatted(sprintf(args[0].string, args.mid(1)));
    case Builtin::Html:
    case Builtin::Js:
    case Builtin::UrlQuery:
        return escaped(function, args);
    case Builtin::Eq:
    case Builtin::Ne:
    case Builtin::Lt:
    case Builtin::Le:
    case Builtin::Gt:
    case Builtin::Ge:
        return compare(function, args);
    case Builtin::And:
    case Builtin::Or:
        break;
    }
    return {std::nullopt,
            QStringLiteral("internal error: %1 is evaluated by the executor")
                .arg(QString::fromLatin1(builtinName(function))),
            false};
}

} // namespace Postrider::Template::detail
