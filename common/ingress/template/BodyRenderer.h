#pragma once

#include "GoTemplate.h"
#include "TemplateData.h"

#include "core/Result.h"

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Postrider::Template {

/// \brief Renders an endpoint's subject, text body and optional HTML body as Posthorn does:
/// subject and body are Go templates over the submitted fields, and fields no template mentions
/// are listed in an "Additional fields" block so no submitted data is silently dropped.
///
/// Named fields (left out of the block): `required`, the email field, the honeypot, `to_override`
/// in API mode, `_csrf_token` with CSRF on, and every field the subject or that body references
/// (GoTemplate::referencedFields). Blank values are skipped; keys are sorted.
///
/// HTML body (Postrider extension): the same engine, so values are NOT escaped — Go's
/// text/template never escapes; operators must write `{{html .x}}`. Its additional-fields block is
/// an HTML-escaped `<p>`/`<ul>` list, inserted before the last `</body>` (or appended), and uses
/// the named set of the subject and the HTML template, so each part lists what it does not show.
class BodyRenderer
{
public:
    /// \brief An endpoint's template configuration (template texts already resolved).
    struct Options
    {
        QString subject;
        QString body; ///< template text; see resolveBodyTemplate()
        QString html; ///< optional HTML template text; empty = no HTML part
        QStringList required;
        QString emailField = QStringLiteral("email");
        QString honeypot;
        bool apiMode = false; ///< reserves `to_override`
        bool csrfEnabled = false; ///< reserves `_csrf_token`
    };

    /// \brief One rendered message. `subject` has been through headerSafe().
    struct Rendered
    {
        QString subject;
        QString text;
        QString html;
    };

    BodyRenderer() = default;

    /// Parses the templates. Errors: the template's own code with "parse subject template: ",
    /// "parse body template: " or "parse html template: " before its message; template.invalid
    /// for an empty body.
    static Result<BodyRenderer> create(const Options &options);

    /// Posthorn's body rule (reference §0.12): text containing "{{" is an inline template;
    /// otherwise the name of an existing regular file (relative names resolved against `baseDir`)
    /// is read; otherwise text containing '/' is an error naming the missing file; otherwise it
    /// is literal text. Posthorn resolves against its working directory, Postrider against the
    /// config file's directory (decision 22); the caller chooses `baseDir`.
    static Result<QString> resolveBodyTemplate(const QString &setting, const QString &baseDir);

    /// Subject, text and HTML for one submission; template.render_failed (or
    /// template.limit_exceeded) when any of them fails to execute.
    Result<Rendered> render(const QMap<QString, QStringList> &fields) const;

    /// The subject exactly as Go renders it (before headerSafe()).
    Result<QString> renderSubject(const QMap<QString, QStringList> &fields) const;
    /// The text body with its additional-fields block.
    Result<QString> renderBody(const QMap<QString, QStringList> &fields) const;
    /// The HTML body with its block; an empty string when there is no HTML template.
    Result<QString> renderHtml(const QMap<QString, QStringList> &fields) const;

    bool hasHtml() const { return !m_html.isEmpty(); }
    /// Named fields of the text body, sorted.
    QStringList namedFields() const;
    /// Keys of the text body's additional-fields block for these fields, in output order.
    QStringList additionalFields(const QMap<QString, QStringList> &fields) const;
    /// Parse-time warnings of all templates, each prefixed with the template name.
    QStringList warnings() const;

private:
    struct Extra
    {
        QString key;
        QString value;
    };
    static QList<Extra> extras(const QMap<QString, QStringList> &fields, const QSet<QString> &named);
    Result<QString> renderText(const TemplateData &data, const QMap<QString, QStringList> &fields) const;
    Result<QString> renderHtmlPart(const TemplateData &data, const QMap<QString, QStringList> &fields) const;
    Result<QString> renderSubjectPart(const TemplateData &data) const;

    GoTemplate m_subject;
    GoTemplate m_body;
    GoTemplate m_html;
    QSet<QString> m_named;
    QSet<QString> m_htmlNamed;
};

} // namespace Postrider::Template
