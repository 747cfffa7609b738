#pragma once

#include "TemplateData.h"
#include "TemplateLimits.h"

#include "core/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace Postrider::Template {

namespace detail {
struct Tree;
}

/// \brief A Go `text/template` (the subset Posthorn configs use), parsed once and executed any
/// number of times, concurrently if need be, with Posthorn's options: the dot is a flat string
/// map and a missing key renders as empty (`missingkey=zero`).
///
/// Output is byte-identical to Go's for the supported subset. Constructs outside it (`define`,
/// `template`, `block`, `break`, `continue`, `call`, `slice`, method calls, complex numbers,
/// printf verbs such as %x) fail to parse with code `template.unsupported`, naming the construct
/// and its line:column, so a template never renders differently from Go without saying so.
class GoTemplate
{
public:
    /// An empty template: renders nothing.
    GoTemplate() = default;

    /// Parses `source` (at most MaxTemplateSize bytes of UTF-8). `name` appears in error details.
    /// Error codes: template.syntax_error, template.unsupported, template.limit_exceeded; the
    /// message ends in "at <line>:<column>" (1-based, columns in characters).
    static Result<GoTemplate> parse(const QString &source, const QString &name = QStringLiteral("template"));

    /// Renders with submitted fields; multi-value fields are joined with ", " first.
    Result<QString> execute(const QMap<QString, QStringList> &fields) const;
    Result<QString> execute(const TemplateData &data) const;
    /// The exact bytes Go would write (may hold invalid UTF-8, e.g. from "\xff" literals, which
    /// the QString overloads turn into U+FFFD).
    Result<QByteArray> executeUtf8(const TemplateData &data) const;

    /// The first identifier of every `.field` reference anywhere in the template (`.name` and
    /// `.name.first` give `name`), in order of first appearance. References made only through
    /// `index`, `$.x` or a range variable do not count: Posthorn's named-field rule.
    QStringList referencedFields() const;

    /// Constructs that parse but always fail when executed (a field chain such as `.name.first`
    /// on string values, a builtin called with the wrong number of arguments). Go accepts them,
    /// so they are not parse errors; `validate` shows them to the operator.
    QStringList warnings() const;

    QString name() const;
    QString source() const;
    bool isEmpty() const { return !m_tree; }

private:
    std::shared_ptr<const detail::Tree> m_tree;
};

} // namespace Postrider::Template
