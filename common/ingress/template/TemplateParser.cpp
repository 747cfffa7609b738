#include "TemplateParser.h"

#include "GoText.h"
#include "TemplateFuncs.h"
#include "TemplateLexer.h"
#include "TemplateLimits.h"

#include <QJsonObject>

namespace Postrider::Template::detail {

namespace {

enum class ListEnd { None, End, Else };

bool isUnsupportedKeyword(TokenType t)
{
    return t == TokenType::Block || t == TokenType::Break || t == TokenType::Continue || t == TokenType::Define
        || t == TokenType::Template;
}

bool isKeyword(TokenType t)
{
    return t >= TokenType::Block;
}

class Parser
{
public:
    Parser(Tree &tree, std::vector<Token> tokens)
        : m_tree(tree)
        , m_tokens(std::move(tokens))
    { }

    std::optional<Error> run()
    {
        while (!m_error && peek().type != TokenType::Eof) {
            ListEnd end = ListEnd::None;
            if (!textOrAction(m_tree.root, end))
                break;
            if (end != ListEnd::None)
                fail(Codes::SyntaxError, m_endPos,
                     end == ListEnd::End ? QStringLiteral("unexpected {{end}}")
                                         : QStringLiteral("unexpected {{else}}"));
        }
        return m_error;
    }

private:
    Tree &m_tree;
    std::vector<Token> m_tokens;
    size_t m_index = 0;
    int m_lastEnd = 0; // end of the last consumed token, for node spans
    int m_endPos = 0; // position of the last {{end}} / {{else}} seen
    QByteArrayList m_vars{QByteArrayLiteral("$")};
    int m_blockDepth = 0;
    int m_parenDepth = 0;
    std::optional<Error> m_error;

    const Token &peek() const { return m_tokens[m_index]; }
    const Token &next()
    {
        const Token &t = m_tokens[m_index];
        if (m_index + 1 < m_tokens.size())
            ++m_index;
        if (t.type != TokenType::Space && t.type != TokenType::Error)
            m_lastEnd = t.pos + int(t.val.size());
        return t;
    }
    const Token &peekNonSpace()
    {
        while (peek().type == TokenType::Space)
            next();
        return peek();
    }
    const Token &nextNonSpace()
    {
        peekNonSpace();
        return next();
    }

    bool fail(const char *code, int pos, const QString &message)
    {
        if (!m_error) {
            const auto [line, column] = m_tree.lineColumn(pos);
            m_error = Error(QString::fromLatin1(code),
                            QStringLiteral("%1 at %2:%3").arg(message, QString::number(line), QString::number(column)),
                            QJsonObject{{QStringLiteral("template"), m_tree.name},
                                        {QStringLiteral("line"), line},
                                        {QStringLiteral("column"), column}});
        }
        return false;
    }

    // Go's item.String() for messages: keywords in angle brackets, text quoted and shortened.
    static QString describe(const Token &t)
    {
        if (t.type == TokenType::Eof)
            return QStringLiteral("EOF");
        if (isKeyword(t.type))
            return QStringLiteral("<%1>").arg(QString::fromUtf8(t.val));
        if (runeCount(t.val) > 10)
            return QString::fromUtf8(quote(truncateRunes(t.val, 10))) + QStringLiteral("...");
        return QString::fromUtf8(quote(t.val));
    }

    bool unexpected(const Token &t, const QString &context)
    {
        if (t.type == TokenType::Error)
            return fail(Codes::SyntaxError, t.pos, QString::fromUtf8(t.val));
        if (isUnsupportedKeyword(t.type))
            return fail(Codes::Unsupported, t.pos,
                        QStringLiteral("unsupported action \"%1\"").arg(QString::fromUtf8(t.val)));
        return fail(Codes::SyntaxError, t.pos, QStringLiteral("unexpected %1 in %2").arg(describe(t), context));
    }

    bool textOrAction(NodeList &list, ListEnd &end)
    {
        const Token &t = nextNonSpace();
        if (t.type == TokenType::Text) {
            Node n;
            n.kind = Node::Kind::Text;
            n.pos = t.pos;
            n.text = t.val;
            list.push_back(std::move(n));
            return true;
        }
        if (t.type == TokenType::LeftDelim)
            return action(list, end, t.pos);
        return unexpected(t, QStringLiteral("input"));
    }

    // Everything up to the {{end}} or {{else}} that closes the enclosing block.
    bool itemList(NodeList &list, ListEnd &end)
    {
        end = ListEnd::None;
        while (peekNonSpace().type != TokenType::Eof) {
            if (!textOrAction(list, end))
                return false;
            if (end != ListEnd::None)
                return true;
        }
        return fail(Codes::SyntaxError, peek().pos, QStringLiteral("unexpected EOF"));
    }

    bool action(NodeList &list, ListEnd &end, int delimPos)
    {
        const size_t start = m_index;
        const Token &t = nextNonSpace();
        if (isUnsupportedKeyword(t.type))
            return unexpected(t, QStringLiteral("action"));
        switch (t.type) {
        case TokenType::Else: {
            m_endPos = t.pos;
            const TokenType after = peekNonSpace().type;
            end = ListEnd::Else;
            if (after == TokenType::If || after == TokenType::With)
                return true; // "else if" / "else with": the keyword stays for the enclosing block
            const Token &close = nextNonSpace();
            return close.type == TokenType::RightDelim || unexpected(close, QStringLiteral("else"));
        }
        case TokenType::End: {
            m_endPos = t.pos;
            end = ListEnd::End;
            const Token &close = nextNonSpace();
            return close.type == TokenType::RightDelim || unexpected(close, QStringLiteral("end"));
        }
        case TokenType::If:
            return control(list, Node::Kind::If, delimPos);
        case TokenType::Range:
            return control(list, Node::Kind::Range, delimPos);
        case TokenType::With:
            return control(list, Node::Kind::With, delimPos);
        default:
            break;
        }
        m_index = start;
        Node n;
        n.kind = Node::Kind::Action;
        n.pos = delimPos;
        if (!pipeline(QStringLiteral("command"), TokenType::RightDelim, n.pipe))
            return false;
        n.end = m_lastEnd;
        list.push_back(std::move(n)); // declared variables stay in scope: no popping here
        return true;
    }

    bool control(NodeList &list, Node::Kind kind, int delimPos)
    {
        if (++m_blockDepth > MaxNestingDepth)
            return fail(Codes::LimitExceeded, delimPos,
                        QStringLiteral("if/range/with nested deeper than %1 levels").arg(MaxNestingDepth));
        const qsizetype varsMark = m_vars.size();
        const QString context = kind == Node::Kind::If ? QStringLiteral("if")
            : kind == Node::Kind::Range                ? QStringLiteral("range")
                                                       : QStringLiteral("with");
        Node n;
        n.kind = kind;
        n.pos = delimPos;
        if (!pipeline(context, TokenType::RightDelim, n.pipe))
            return false;
        n.end = m_lastEnd;
        ListEnd end = ListEnd::None;
        if (!itemList(n.list, end))
            return false;
        if (end == ListEnd::Else) {
            const TokenType chained = kind == Node::Kind::If ? TokenType::If : TokenType::With;
            if (kind != Node::Kind::Range && peek().type == chained) {
                // {{else if x}}...{{end}} is {{else}}{{if x}}...{{end}}{{end}}: one shared {{end}}.
                const int pos = next().pos;
                if (!control(n.elseList, kind, pos))
                    return false;
            } else {
                if (!itemList(n.elseList, end))
                    return false;
                if (end != ListEnd::End)
                    return fail(Codes::SyntaxError, m_endPos, QStringLiteral("expected end; found {{else}}"));
            }
        }
        m_vars.resize(varsMark);
        --m_blockDepth;
        list.push_back(std::move(n));
        return true;
    }

    bool pipeline(const QString &context, TokenType endType, Pipeline &pipe)
    {
        pipe.pos = peekNonSpace().pos;
        for (;;) { // declarations: $x := , $x = , and range's $k, $v :=
            if (peekNonSpace().type != TokenType::Variable)
                break;
            const size_t varIndex = m_index;
            const Token &v = next();
            const TokenType after = peekNonSpace().type;
            if (after == TokenType::Assign || after == TokenType::Declare) {
                pipe.isAssign = after == TokenType::Assign;
                next();
                pipe.decl.append(v.val);
                m_vars.append(v.val);
                break;
            }
            if (after == TokenType::Char && peek().val == ",") {
                next();
                pipe.decl.append(v.val);
                m_vars.append(v.val);
                if (context == QLatin1String("range") && pipe.decl.size() < 2) {
                    const TokenType t = peekNonSpace().type;
                    if (t == TokenType::Variable || t == TokenType::RightDelim || t == TokenType::RightParen)
                        continue;
                    return fail(Codes::SyntaxError, peek().pos, QStringLiteral("range can only initialize variables"));
                }
                return fail(Codes::SyntaxError, v.pos, QStringLiteral("too many declarations in %1").arg(context));
            }
            m_index = varIndex; // an ordinary operand, not a declaration
            break;
        }
        for (;;) {
            peekNonSpace();
            const size_t at = m_index;
            const Token &t = next();
            if (t.type == endType) {
                pipe.end = t.pos;
                return checkPipeline(pipe, context);
            }
            switch (t.type) {
            case TokenType::Bool:
            case TokenType::CharConstant:
            case TokenType::Complex:
            case TokenType::Dot:
            case TokenType::Field:
            case TokenType::Identifier:
            case TokenType::Number:
            case TokenType::Nil:
            case TokenType::RawString:
            case TokenType::String:
            case TokenType::Variable:
            case TokenType::LeftParen:
                m_index = at;
                if (!command(pipe))
                    return false;
                break;
            default:
                return unexpected(t, context);
            }
        }
    }

    bool command(Pipeline &pipe)
    {
        Command cmd;
        cmd.pos = peekNonSpace().pos;
        for (;;) {
            peekNonSpace();
            std::optional<Operand> op;
            if (!operand(op))
                return false;
            if (op)
                cmd.args.push_back(std::move(*op));
            const size_t at = m_index;
            const Token &t = next();
            if (t.type == TokenType::Space)
                continue;
            if (t.type == TokenType::RightDelim || t.type == TokenType::RightParen) {
                m_index = at;
                break;
            }
            if (t.type == TokenType::Pipe)
                break;
            return unexpected(t, QStringLiteral("operand"));
        }
        if (cmd.args.empty())
            return fail(Codes::SyntaxError, cmd.pos, QStringLiteral("empty command"));
        cmd.end = cmd.args.back().end;
        pipe.cmds.push_back(std::move(cmd));
        return true;
    }

    // term followed by .Field accesses.
    bool operand(std::optional<Operand> &out)
    {
        if (!term(out) || !out)
            return !m_error;
        if (peek().type != TokenType::Field)
            return true;
        QByteArrayList fields;
        while (peek().type == TokenType::Field)
            fields.append(next().val.mid(1));
        Operand &node = *out;
        switch (node.kind) {
        case Operand::Kind::Field:
        case Operand::Kind::Variable:
            node.idents += fields;
            break;
        case Operand::Kind::Bool:
        case Operand::Kind::String:
        case Operand::Kind::Number:
        case Operand::Kind::Nil:
        case Operand::Kind::Dot: {
            const QString shown = m_tree.excerpt(node.pos, node.end);
            return fail(Codes::SyntaxError, node.pos, QStringLiteral("unexpected . after term \"%1\"").arg(shown));
        }
        default: {
            Operand chain;
            chain.kind = Operand::Kind::Chain;
            chain.pos = node.pos;
            chain.idents = fields;
            chain.base = std::make_shared<const Operand>(std::move(node));
            out = std::move(chain);
            break;
        }
        }
        out->end = m_lastEnd;
        if (out->kind == Operand::Kind::Field && out->idents.size() > 1)
            warn(out->pos,
                 QStringLiteral("field chain %1 fails when executed: template values are strings")
                     .arg(m_tree.excerpt(out->pos, out->end)));
        return true;
    }

    bool term(std::optional<Operand> &out)
    {
        const size_t at = m_index;
        const Token &t = nextNonSpace();
        Operand op;
        op.pos = t.pos;
        op.end = t.pos + int(t.val.size());
        switch (t.type) {
        case TokenType::Identifier: {
            if (t.val == "call" || t.val == "slice")
                return fail(Codes::Unsupported, t.pos,
                            QStringLiteral("unsupported function \"%1\"").arg(QString::fromUtf8(t.val)));
            const auto builtin = builtinByName(t.val);
            if (!builtin)
                return fail(Codes::SyntaxError, t.pos,
                            QStringLiteral("function \"%1\" not defined").arg(QString::fromUtf8(t.val)));
            op.kind = Operand::Kind::Function;
            op.function = *builtin;
            break;
        }
        case TokenType::Dot:
            op.kind = Operand::Kind::Dot;
            break;
        case TokenType::Nil:
            op.kind = Operand::Kind::Nil;
            break;
        case TokenType::Variable:
            if (!m_vars.contains(t.val))
                return fail(Codes::SyntaxError, t.pos,
                            QStringLiteral("undefined variable \"%1\"").arg(QString::fromUtf8(t.val)));
            op.kind = Operand::Kind::Variable;
            op.idents = {t.val};
            break;
        case TokenType::Field: {
            op.kind = Operand::Kind::Field;
            op.idents = {t.val.mid(1)};
            const QString name = QString::fromUtf8(op.idents.front());
            if (!m_tree.fields.contains(name))
                m_tree.fields.append(name);
            break;
        }
        case TokenType::Bool:
            op.kind = Operand::Kind::Bool;
            op.boolean = t.val == "true";
            break;
        case TokenType::CharConstant: {
            const auto r = unquoteChar(t.val);
            if (!r)
                return fail(Codes::SyntaxError, t.pos,
                            QStringLiteral("malformed character constant: %1").arg(QString::fromUtf8(t.val)));
            op.kind = Operand::Kind::Number;
            op.isRune = true;
            op.text = t.val;
            op.number = {true, true, true, qint64(*r), quint64(*r), double(*r)};
            break;
        }
        case TokenType::Complex:
        case TokenType::Number: {
            NumberParse parsed = parseNumber(t.val);
            if (t.type == TokenType::Complex) {
                parsed.unsupported = true;
                parsed.error = QStringLiteral("unsupported complex constant \"%1\"").arg(QString::fromUtf8(t.val));
            }
            if (!parsed.value || parsed.unsupported)
                return fail(parsed.unsupported ? Codes::Unsupported : Codes::SyntaxError, t.pos, parsed.error);
            op.kind = Operand::Kind::Number;
            op.text = t.val;
            op.number = *parsed.value;
            break;
        }
        case TokenType::LeftParen: {
            if (m_parenDepth >= MaxNestingDepth)
                return fail(Codes::LimitExceeded, t.pos, QStringLiteral("max expression depth exceeded"));
            ++m_parenDepth;
            auto pipe = std::make_shared<Pipeline>();
            const bool ok = pipeline(QStringLiteral("parenthesized pipeline"), TokenType::RightParen, *pipe);
            --m_parenDepth;
            if (!ok)
                return false;
            op.kind = Operand::Kind::Pipe;
            op.end = m_lastEnd;
            op.pipe = std::move(pipe);
            break;
        }
        case TokenType::String:
        case TokenType::RawString: {
            const auto s = unquoteString(t.val);
            if (!s)
                return fail(Codes::SyntaxError, t.pos, QStringLiteral("invalid syntax in string constant"));
            op.kind = Operand::Kind::String;
            op.text = *s;
            break;
        }
        default:
            m_index = at; // not a term; the caller decides what the token means
            return true;
        }
        out = std::move(op);
        return true;
    }

    bool checkPipeline(const Pipeline &pipe, const QString &context)
    {
        if (pipe.cmds.empty())
            return fail(Codes::SyntaxError, pipe.pos, QStringLiteral("missing value for %1").arg(context));
        for (size_t i = 0; i < pipe.cmds.size(); ++i) {
            const Command &cmd = pipe.cmds[i];
            const Operand &first = cmd.args.front();
            using K = Operand::Kind;
            if (i > 0
                && (first.kind == K::Bool || first.kind == K::Dot || first.kind == K::Nil || first.kind == K::Number
                    || first.kind == K::String))
                return fail(Codes::SyntaxError, first.pos,
                            QStringLiteral("non executable command in pipeline stage %1").arg(i + 1));
            // A field given arguments is a method call in Go; a map of strings has no methods.
            const bool fieldLike = first.kind == K::Field || first.kind == K::Chain
                || (first.kind == K::Variable && first.idents.size() > 1);
            if (fieldLike && (cmd.args.size() > 1 || i > 0))
                return fail(Codes::Unsupported, first.pos,
                            QStringLiteral("unsupported method call %1").arg(m_tree.excerpt(first.pos, first.end)));
            if (first.kind == K::Function) {
                const CallCheck check = checkCall(pipe, i);
                if (!check.unsupported.isEmpty())
                    return fail(Codes::Unsupported, check.pos, check.unsupported);
                if (!check.warning.isEmpty())
                    warn(check.pos, check.warning);
            }
        }
        return true;
    }

    void warn(int pos, const QString &message)
    {
        const auto [line, column] = m_tree.lineColumn(pos);
        m_tree.warnings.append(
            QStringLiteral("%1 at %2:%3").arg(message, QString::number(line), QString::number(column)));
    }
};

} // namespace

Result<std::shared_ptr<const Tree>> TemplateParser::parse(const QString &name, const QString &text)
{
    auto tree = std::make_shared<Tree>();
    tree->name = name;
    tree->source = text.toUtf8();
    if (tree->source.size() > MaxTemplateSize)
        return Error(
            QString::fromLatin1(Codes::LimitExceeded),
            QStringLiteral("template is %1 bytes; the limit is %2").arg(tree->source.size()).arg(MaxTemplateSize),
            QJsonObject{{QStringLiteral("template"), name}});
    Parser parser(*tree, TemplateLexer::tokenize(tree->source));
    if (auto error = parser.run())
        return *error;
    return std::shared_ptr<const Tree>(std::move(tree));
}

} // namespace Postrider::Template::detail
