#include "TemplateExec.h"

#include "GoFormat.h"
#include "TemplateFuncs.h"
#include "TemplateLimits.h"

#include <QJsonObject>

namespace Postrider::Template::detail {

namespace {

using OptValue = std::optional<Value>;

// Go's idealConstant: a literal's syntax picks its type when nothing else does.
bool looksHexInt(const QByteArray &s)
{
    return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !s.contains('p') && !s.contains('P');
}

class Executor
{
public:
    Executor(const Tree &tree, const DataMap &data)
        : m_tree(tree)
        , m_root(Value::ofMap(&data))
    {
        m_vars.push_back({QByteArrayLiteral("$"), m_root});
    }

    Result<QByteArray> run()
    {
        if (walkList(m_root, m_tree.root))
            return m_out;
        const auto [line, column] = m_tree.lineColumn(m_failure.pos);
        QString message =
            QStringLiteral("%1 at %2:%3").arg(m_failure.message, QString::number(line), QString::number(column));
        const QString context = m_tree.excerpt(m_failure.pos, m_failure.end);
        if (!context.isEmpty())
            message += QStringLiteral(" in <%1>").arg(context);
        return Error(QString::fromLatin1(m_failure.code), message,
                     QJsonObject{{QStringLiteral("template"), m_tree.name},
                                 {QStringLiteral("line"), line},
                                 {QStringLiteral("column"), column}});
    }

private:
    struct Variable
    {
        QByteArray name;
        Value value;
    };
    struct Failure
    {
        const char *code = Codes::RenderFailed;
        int pos = 0;
        int end = 0;
        QString message;
    };

    const Tree &m_tree;
    const Value m_root;
    std::vector<Variable> m_vars;
    QByteArray m_out;
    qint64 m_steps = 0;
    Failure m_failure;

    bool fail(int pos, int end, const QString &message, const char *code = Codes::RenderFailed)
    {
        m_failure = {code, pos, end, message};
        return false;
    }
    OptValue failValue(int pos, int end, const QString &message, const char *code = Codes::RenderFailed)
    {
        fail(pos, end, message, code);
        return std::nullopt;
    }

    bool step(int pos)
    {
        if (++m_steps <= MaxExecutionSteps)
            return true;
        return fail(pos, pos, QStringLiteral("execution exceeded %1 steps").arg(MaxExecutionSteps),
                    Codes::LimitExceeded);
    }

    bool write(const QByteArray &bytes, int pos)
    {
        if (m_out.size() + bytes.size() > MaxOutputSize)
            return fail(pos, pos, QStringLiteral("rendered output exceeds %1 bytes").arg(MaxOutputSize),
                        Codes::LimitExceeded);
        m_out.append(bytes);
        return true;
    }

    QString shown(const Value &v) const { return QString::fromUtf8(printValue(v).text); }

    bool walkList(const Value &dot, const NodeList &list)
    {
        for (const Node &node : list) {
            if (!walkNode(dot, node))
                return false;
        }
        return true;
    }

    bool walkNode(const Value &dot, const Node &node)
    {
        if (!step(node.pos))
            return false;
        switch (node.kind) {
        case Node::Kind::Text:
            return write(node.text, node.pos);
        case Node::Kind::Action: {
            const OptValue v = evalPipeline(dot, node.pipe);
            if (!v)
                return false;
            if (!node.pipe.decl.isEmpty()) // declarations print nothing
                return true;
            if (v->isNil()) // text/template prints an invalid value this way
                return write(QByteArrayLiteral("<no value>"), node.pos);
            const Formatted printed = printValue(*v);
            if (printed.overLimit)
                return fail(node.pos, node.end, QStringLiteral("value exceeds %1 bytes").arg(MaxOutputSize),
                            Codes::LimitExceeded);
            return write(printed.text, node.pos);
        }
        case Node::Kind::If:
        case Node::Kind::With: {
            const size_t mark = m_vars.size();
            const OptValue v = evalPipeline(dot, node.pipe);
            if (!v)
                return false;
            bool ok = true;
            if (v->truth())
                ok = walkList(node.kind == Node::Kind::With ? *v : dot, node.list);
            else
                ok = walkList(dot, node.elseList);
            m_vars.resize(mark);
            return ok;
        }
        case Node::Kind::Range:
            return walkRange(dot, node);
        }
        return true;
    }

    bool walkRange(const Value &dot, const Node &node)
    {
        const size_t outerMark = m_vars.size();
        const OptValue val = evalPipeline(dot, node.pipe);
        if (!val)
            return false;
        const size_t mark = m_vars.size();
        const QByteArrayList &decl = node.pipe.decl;
        auto oneIteration = [&](const Value &index, const Value &elem) {
            if (!step(node.pos))
                return false;
            if (!decl.isEmpty()) {
                if (node.pipe.isAssign) {
                    if (!setVariable(decl[0], decl.size() > 1 ? index : elem, node))
                        return false;
                } else {
                    m_vars[mark - 1].value = elem; // one variable gets the element
                }
            }
            if (decl.size() > 1) {
                if (node.pipe.isAssign) {
                    if (!setVariable(decl[1], elem, node))
                        return false;
                } else {
                    m_vars[mark - 2].value = index;
                }
            }
            const bool ok = walkList(elem, node.list);
            m_vars.resize(mark);
            return ok;
        };
        bool ran = false;
        switch (val->kind) {
        case Value::Kind::Int:
        case Value::Kind::Uint8: // Go 1.24+: range over an integer counts from 0
            if (decl.size() > 1)
                return fail(node.pos, node.end,
                            QStringLiteral("can't use %1 to iterate over more than one variable").arg(shown(*val)));
            for (qint64 i = 0; i < val->integer; ++i) {
                ran = true;
                const Value elem = val->kind == Value::Kind::Int ? Value::ofInt(i) : Value::ofUint8(quint8(i));
                if (!oneIteration(Value(), elem))
                    return false;
            }
            break;
        case Value::Kind::Map:
            for (const auto &[key, value] : *val->map) { // sorted keys, as Go's fmtsort
                ran = true;
                if (!oneIteration(Value::ofString(key), Value::ofString(value)))
                    return false;
            }
            break;
        case Value::Kind::Nil:
            break; // like an empty map
        default:
            return fail(node.pos, node.end, QStringLiteral("range can't iterate over %1").arg(shown(*val)));
        }
        bool ok = true;
        if (!ran)
            ok = walkList(dot, node.elseList);
        m_vars.resize(outerMark);
        return ok;
    }

    OptValue evalPipeline(const Value &dot, const Pipeline &pipe)
    {
        OptValue value; // no value yet: the first command gets no final argument
        for (const Command &cmd : pipe.cmds) {
            OptValue next = evalCommand(dot, cmd, value);
            if (!next)
                return std::nullopt;
            value = std::move(next);
        }
        for (const QByteArray &name : pipe.decl) {
            if (pipe.isAssign) {
                if (!setVariable(name, *value, pipe))
                    return std::nullopt;
            } else {
                m_vars.push_back({name, *value});
            }
        }
        return value;
    }

    template<typename Where>
    bool setVariable(const QByteArray &name, const Value &value, const Where &node)
    {
        for (auto it = m_vars.rbegin(); it != m_vars.rend(); ++it) {
            if (it->name == name) {
                it->value = value;
                return true;
            }
        }
        return fail(node.pos, node.end, QStringLiteral("undefined variable: %1").arg(QString::fromUtf8(name)));
    }

    OptValue variable(const Operand &op)
    {
        const QByteArray &name = op.idents.front();
        for (auto it = m_vars.rbegin(); it != m_vars.rend(); ++it) {
            if (it->name == name)
                return it->value;
        }
        return failValue(op.pos, op.end, QStringLiteral("undefined variable: %1").arg(QString::fromUtf8(name)));
    }

    bool notAFunction(const Command &cmd, const OptValue &final)
    {
        if (cmd.args.size() <= 1 && !final)
            return true;
        const Operand &first = cmd.args.front();
        return fail(first.pos, first.end,
                    QStringLiteral("can't give argument to non-function %1").arg(m_tree.excerpt(first.pos, first.end)));
    }

    OptValue evalCommand(const Value &dot, const Command &cmd, const OptValue &final)
    {
        if (!step(cmd.pos))
            return std::nullopt;
        const Operand &first = cmd.args.front();
        switch (first.kind) {
        case Operand::Kind::Function:
            return evalFunction(dot, first, cmd.args.data() + 1, cmd.args.size() - 1, final, cmd.pos, cmd.end);
        case Operand::Kind::Field:
        case Operand::Kind::Chain:
        case Operand::Kind::Variable:
            if (first.kind == Operand::Kind::Variable && first.idents.size() == 1 && !notAFunction(cmd, final))
                return std::nullopt;
            return evalArg(dot, first, false);
        case Operand::Kind::Pipe:
            if (!notAFunction(cmd, final))
                return std::nullopt;
            return evalPipeline(dot, *first.pipe);
        case Operand::Kind::Nil:
            return failValue(first.pos, first.end, QStringLiteral("nil is not a command"));
        default:
            if (!notAFunction(cmd, final))
                return std::nullopt;
            return evalArg(dot, first, false);
        }
    }

    OptValue evalFields(Value receiver, const QByteArrayList &idents, qsizetype from, const Operand &op)
    {
        for (qsizetype i = from; i < idents.size(); ++i) {
            if (receiver.isNil()) // missingkey=zero: a field of nothing is nothing
                continue;
            if (receiver.kind != Value::Kind::Map)
                return failValue(op.pos, op.end,
                                 QStringLiteral("can't evaluate field %1 in type %2")
                                     .arg(QString::fromUtf8(idents[i]), receiver.typeName()));
            const auto it = receiver.map->find(idents[i]);
            receiver = Value::ofString(it == receiver.map->end() ? QByteArray() : it->second);
        }
        return receiver;
    }

    OptValue idealConstant(const Operand &op)
    {
        const NumberConst &n = op.number;
        const bool floatSyntax = op.text.contains('.') || op.text.contains('e') || op.text.contains('E')
            || op.text.contains('p') || op.text.contains('P');
        if (!op.isRune && n.isFloat && !looksHexInt(op.text) && floatSyntax)
            return Value::ofFloat(n.f);
        if (n.isInt)
            return Value::ofInt(n.i);
        return failValue(op.pos, op.end, QStringLiteral("%1 overflows int").arg(QString::fromUtf8(op.text)));
    }

    // An argument of a function, or the value of a command's first word. `wantString` is set for
    // printf's format, the only builtin parameter with a concrete type.
    OptValue evalArg(const Value &dot, const Operand &op, bool wantString)
    {
        OptValue v;
        switch (op.kind) {
        case Operand::Kind::Dot:
            v = dot;
            break;
        case Operand::Kind::Nil:
            if (wantString)
                return failValue(op.pos, op.end, QStringLiteral("cannot assign nil to string"));
            return Value();
        case Operand::Kind::Field:
            v = evalFields(dot, op.idents, 0, op);
            break;
        case Operand::Kind::Variable:
            v = variable(op);
            if (v)
                v = evalFields(*v, op.idents, 1, op);
            break;
        case Operand::Kind::Pipe:
            v = evalPipeline(dot, *op.pipe);
            break;
        case Operand::Kind::Function:
            v = evalFunction(dot, op, nullptr, 0, std::nullopt, op.pos, op.end);
            break;
        case Operand::Kind::Chain:
            v = evalArg(dot, *op.base, false);
            if (v)
                v = evalFields(*v, op.idents, 0, op);
            break;
        case Operand::Kind::Bool:
        case Operand::Kind::Number:
        case Operand::Kind::String:
            if (wantString && op.kind != Operand::Kind::String)
                return failValue(op.pos, op.end,
                                 QStringLiteral("expected string; found %1").arg(m_tree.excerpt(op.pos, op.end)));
            if (op.kind == Operand::Kind::Bool)
                return Value::ofBool(op.boolean);
            if (op.kind == Operand::Kind::String)
                return Value::ofString(op.text);
            return idealConstant(op);
        }
        if (!v || !wantString)
            return v;
        return requireString(*v, op.pos, op.end);
    }

    OptValue requireString(const Value &v, int pos, int end)
    {
        if (v.isNil())
            return failValue(pos, end, QStringLiteral("invalid value; expected string"));
        if (v.kind != Value::Kind::String)
            return failValue(pos, end,
                             QStringLiteral("wrong type for value; expected string; got %1").arg(v.typeName()));
        return v;
    }

    OptValue evalFunction(const Value &dot, const Operand &fn, const Operand *args, size_t argc, const OptValue &final,
                          int pos, int end)
    {
        const QString name = QString::fromLatin1(builtinName(fn.function));
        const Signature sig = signatureOf(fn.function);
        const qsizetype numIn = qsizetype(argc) + (final ? 1 : 0);
        if (sig.variadic && numIn < sig.fixed)
            return failValue(pos, end,
                             QStringLiteral("wrong number of args for %1: want at least %2 got %3")
                                 .arg(name)
                                 .arg(sig.fixed)
                                 .arg(argc));
        if (!sig.variadic && numIn != sig.fixed)
            return failValue(pos, end,
                             QStringLiteral("wrong number of args for %1: want %2 got %3")
                                 .arg(name, QString::number(sig.fixed), QString::number(numIn)));
        if (fn.function == Builtin::And || fn.function == Builtin::Or) {
            // Go 1.18+: stop at the first argument that decides the result and return it.
            Value v;
            for (size_t i = 0; i < argc; ++i) {
                const OptValue a = evalArg(dot, args[i], false);
                if (!a)
                    return std::nullopt;
                v = *a;
                if (v.truth() == (fn.function == Builtin::Or))
                    return v;
            }
            return final ? *final : v;
        }
        QList<Value> argv;
        argv.reserve(numIn);
        for (size_t i = 0; i < argc; ++i) {
            const OptValue a = evalArg(dot, args[i], sig.firstIsString && i == 0);
            if (!a)
                return std::nullopt;
            argv.append(*a);
        }
        if (final) {
            if (sig.firstIsString && argv.isEmpty()) {
                if (!requireString(*final, pos, end))
                    return std::nullopt;
            }
            argv.append(*final);
        }
        const CallResult result = callBuiltin(fn.function, argv);
        if (result.overLimit)
            return failValue(pos, end,
                             QStringLiteral("%1 result exceeds %2 bytes").arg(name, QString::number(MaxOutputSize)),
                             Codes::LimitExceeded);
        if (!result.value)
            return failValue(pos, end, QStringLiteral("error calling %1: %2").arg(name, result.error));
        return result.value;
    }
};

} // namespace

Result<QByteArray> TemplateExec::execute(const Tree &tree, const DataMap &data)
{
    return Executor(tree, data).run();
}

} // namespace Postrider::Template::detail
