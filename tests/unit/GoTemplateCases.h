#pragma once

#include "ingress/template/TemplateData.h"

#include <QString>

// The data tables of tst_gotemplate, kept apart from the test logic because they are long.
namespace GoTemplateCases {

/// Named data sets: "std" (a contact form), "abc" (a=1 b=2 c=3), "keys" (mixed-case and
/// non-ASCII keys), "none" (no fields).
Postrider::Template::TemplateData dataSet(const QString &name);

/// Columns: source, dataSet, expected (QByteArray, Go's exact output).
void addRenderRows();
/// Columns: source, code, message (a substring of the error message).
void addParseErrorRows();
/// Columns: source, dataSet, message.
void addRuntimeErrorRows();

} // namespace GoTemplateCases
