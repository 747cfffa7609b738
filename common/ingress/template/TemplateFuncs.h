#pragma once

#include "TemplateAst.h"
#include "TemplateValue.h"

#include <QList>
#include <QString>

#include <optional>

namespace Postrider::Template::detail {

/// \brief How a builtin takes its arguments, as Go's reflection sees its signature: `fixed`
/// leading parameters, optionally followed by `...`; printf's first parameter is a string.
struct Signature
{
    int fixed = 0;
    bool variadic = false;
    bool firstIsString = false;
};
Signature signatureOf(Builtin function);

/// \brief What a builtin returned: a value, or Go's error text (Execute reports it as
/// "error calling <name>: <text>"), or that the result grew past MaxOutputSize.
struct CallResult
{
    std::optional<Value> value;
    QString error;
    bool overLimit = false;
};

/// Calls a builtin on evaluated arguments. `and`/`or` are not handled here: they short-circuit,
/// so the executor evaluates their arguments itself.
CallResult callBuiltin(Builtin function, const QList<Value> &args);

/// \brief What the parser learns about a builtin call before running it.
struct CallCheck
{
    int pos = 0;
    QString unsupported; ///< a printf format this engine cannot reproduce: a parse error
    QString warning; ///< an argument count Go refuses when executing: a warning
};
/// Checks command `index` of `pipe`, whose first word is a builtin.
CallCheck checkCall(const Pipeline &pipe, size_t index);

} // namespace Postrider::Template::detail
