#pragma once

#include "TemplateAst.h"
#include "TemplateValue.h"

#include "core/Result.h"

namespace Postrider::Template::detail {

/// \brief Executes a parsed Tree against data with text/template's semantics
/// (`missingkey=zero`), within MaxOutputSize and MaxExecutionSteps.
class TemplateExec
{
public:
    static Result<QByteArray> execute(const Tree &tree, const DataMap &data);
};

} // namespace Postrider::Template::detail
