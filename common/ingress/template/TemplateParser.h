#pragma once

#include "TemplateAst.h"

#include "core/Result.h"

#include <memory>

namespace Postrider::Template::detail {

/// \brief Builds a Tree from template text with text/template's grammar, rejecting (with a
/// named construct and a line:column) everything outside the supported subset.
class TemplateParser
{
public:
    static Result<std::shared_ptr<const Tree>> parse(const QString &name, const QString &text);
};

} // namespace Postrider::Template::detail
