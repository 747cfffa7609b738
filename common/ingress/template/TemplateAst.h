#pragma once

#include "GoNumber.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// The parse tree of a template, shaped like text/template/parse but holding only the subset this
// engine supports. Positions are byte offsets into Tree::source; `end` is one past the node's
// text, so error messages can quote it.
namespace Postrider::Template::detail {

/// \brief The built-in functions of the supported subset.
enum class Builtin { And, Or, Not, Len, Index, Print, Printf, Println, Html, Js, UrlQuery, Eq, Ne, Lt, Le, Gt, Ge };

/// The built-in function of that name in the supported subset, if any.
std::optional<Builtin> builtinByName(QByteArrayView name);
QByteArray builtinName(Builtin function);

struct Pipeline;

/// \brief One operand of a command (parse.Node argument kinds).
struct Operand
{
    enum class Kind { Dot, Nil, Bool, Number, String, Field, Variable, Function, Pipe, Chain };
    Kind kind = Kind::Dot;
    int pos = 0;
    int end = 0;
    QByteArrayList idents; ///< Field: names; Variable: "$x" then field names; Chain: field names
    QByteArray text; ///< String: the unquoted bytes; Number: the literal as written
    bool boolean = false;
    bool isRune = false; ///< Number written as a character constant ('a')
    NumberConst number;
    Builtin function = Builtin::Print;
    std::shared_ptr<const Pipeline> pipe; ///< Pipe: the parenthesised pipeline
    std::shared_ptr<const Operand> base; ///< Chain: the term the fields are applied to
};

/// \brief A command: an operand followed by arguments (`printf "%s" .x`).
struct Command
{
    int pos = 0;
    int end = 0;
    std::vector<Operand> args;
};

/// \brief `$x := cmd | cmd`: optional declarations or assignments, then commands.
struct Pipeline
{
    int pos = 0;
    int end = 0;
    bool isAssign = false;
    QByteArrayList decl;
    std::vector<Command> cmds;
};

struct Node;
using NodeList = std::vector<Node>;

/// \brief Text, an action, or a control structure with its lists.
struct Node
{
    enum class Kind { Text, Action, If, Range, With };
    Kind kind = Kind::Text;
    int pos = 0;
    int end = 0;
    QByteArray text;
    Pipeline pipe;
    NodeList list;
    NodeList elseList;
};

/// \brief A parsed template: immutable, shared by every execution.
struct Tree
{
    QString name;
    QByteArray source;
    NodeList root;
    QStringList fields; ///< first identifier of each `.field` reference, in order of appearance
    QStringList warnings;

    /// 1-based line and column (in characters) of a byte offset, for messages.
    std::pair<int, int> lineColumn(int offset) const;
    /// The source text of [pos, end) with runs of white space collapsed, for messages.
    QString excerpt(int pos, int end) const;
};

} // namespace Postrider::Template::detail
