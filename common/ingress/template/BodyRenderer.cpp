#include "BodyRenderer.h"

#include "GoText.h"
#include "HeaderSafety.h"
#include "TemplateLimits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace Postrider::Template {

namespace {

Error wrap(const Error &e, const QString &prefix)
{
    return Error(e.code, prefix + e.message, e.details);
}

QString htmlEscaped(const QString &s)
{
    return QString::fromUtf8(detail::htmlEscape(s.toUtf8()));
}

} // namespace

Result<BodyRenderer> BodyRenderer::create(const Options &options)
{
    BodyRenderer r;
    auto subject = GoTemplate::parse(options.subject, QStringLiteral("subject"));
    if (!subject)
        return wrap(subject.error(), QStringLiteral("parse subject template: "));
    if (options.body.isEmpty())
        return Error(QString::fromLatin1(Codes::Invalid), QStringLiteral("body template is empty"));
    auto body = GoTemplate::parse(options.body, QStringLiteral("body"));
    if (!body)
        return wrap(body.error(), QStringLiteral("parse body template: "));
    r.m_subject = subject.value();
    r.m_body = body.value();
    if (!options.html.isEmpty()) {
        auto html = GoTemplate::parse(options.html, QStringLiteral("html"));
        if (!html)
            return wrap(html.error(), QStringLiteral("parse html template: "));
        r.m_html = html.value();
    }

    QSet<QString> reserved(options.required.cbegin(), options.required.cend());
    reserved.insert(options.emailField);
    if (!options.honeypot.isEmpty())
        reserved.insert(options.honeypot);
    if (options.apiMode)
        reserved.insert(QStringLiteral("to_override"));
    if (options.csrfEnabled)
        reserved.insert(QStringLiteral("_csrf_token"));
    const QStringList subjectFields = r.m_subject.referencedFields();
    r.m_named = reserved;
    r.m_htmlNamed = reserved;
    for (const QString &f : subjectFields) {
        r.m_named.insert(f);
        r.m_htmlNamed.insert(f);
    }
    for (const QString &f : r.m_body.referencedFields())
        r.m_named.insert(f);
    for (const QString &f : r.m_html.referencedFields())
        r.m_htmlNamed.insert(f);
    return r;
}

Result<QString> BodyRenderer::resolveBodyTemplate(const QString &setting, const QString &baseDir)
{
    if (setting.isEmpty())
        return Error(QString::fromLatin1(Codes::Invalid), QStringLiteral("body template is empty"));
    if (setting.contains(QLatin1String("{{")))
        return setting;
    const QString path = QDir(baseDir).absoluteFilePath(setting);
    const QFileInfo info(path);
    if (info.exists() && info.isFile()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error(QString::fromLatin1(Codes::Invalid),
                         QStringLiteral("read body template %1: %2").arg(path, file.errorString()));
        const QByteArray bytes = file.read(MaxTemplateSize + 1);
        if (bytes.size() > MaxTemplateSize)
            return Error(
                QString::fromLatin1(Codes::LimitExceeded),
                QStringLiteral("body template %1 is larger than %2 bytes").arg(path, QString::number(MaxTemplateSize)));
        return QString::fromUtf8(bytes);
    }
    if (setting.contains(QLatin1Char('/')))
        return Error(QString::fromLatin1(Codes::Invalid), QStringLiteral("body template file %1 not found").arg(path));
    return setting; // literal text without actions
}

QList<BodyRenderer::Extra> BodyRenderer::extras(const QMap<QString, QStringList> &fields, const QSet<QString> &named)
{
    QList<Extra> out;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (named.contains(it.key()))
            continue;
        const QString value = TemplateData::joinValues(it.value());
        if (value.trimmed().isEmpty())
            continue;
        out.append({it.key(), value});
    }
    // Go sorts the keys as strings, which compares their UTF-8 bytes.
    std::sort(out.begin(), out.end(), [](const Extra &a, const Extra &b) { return a.key.toUtf8() < b.key.toUtf8(); });
    return out;
}

Result<BodyRenderer::Rendered> BodyRenderer::render(const QMap<QString, QStringList> &fields) const
{
    const TemplateData data = TemplateData::fromFields(fields);
    auto subject = renderSubjectPart(data);
    if (!subject)
        return subject.error();
    auto text = renderText(data, fields);
    if (!text)
        return text.error();
    auto html = renderHtmlPart(data, fields);
    if (!html)
        return html.error();
    return Rendered{headerSafe(subject.value()), text.value(), html.value()};
}

Result<QString> BodyRenderer::renderSubject(const QMap<QString, QStringList> &fields) const
{
    return renderSubjectPart(TemplateData::fromFields(fields));
}

Result<QString> BodyRenderer::renderBody(const QMap<QString, QStringList> &fields) const
{
    return renderText(TemplateData::fromFields(fields), fields);
}

Result<QString> BodyRenderer::renderHtml(const QMap<QString, QStringList> &fields) const
{
    return renderHtmlPart(TemplateData::fromFields(fields), fields);
}

Result<QString> BodyRenderer::renderSubjectPart(const TemplateData &data) const
{
    auto subject = m_subject.execute(data);
    if (!subject)
        return wrap(subject.error(), QStringLiteral("render subject template: "));
    return subject;
}

Result<QString> BodyRenderer::renderText(const TemplateData &data, const QMap<QString, QStringList> &fields) const
{
    auto rendered = m_body.execute(data);
    if (!rendered)
        return wrap(rendered.error(), QStringLiteral("render body template: "));
    QString body = rendered.value();
    const QList<Extra> block = extras(fields, m_named);
    if (block.isEmpty())
        return body;
    if (!body.endsWith(QLatin1Char('\n')))
        body += QLatin1Char('\n');
    body += QStringLiteral("\nAdditional fields:\n");
    for (const Extra &e : block)
        body += QStringLiteral("  %1: %2\n").arg(e.key, e.value);
    return body;
}

Result<QString> BodyRenderer::renderHtmlPart(const TemplateData &data, const QMap<QString, QStringList> &fields) const
{
    if (m_html.isEmpty())
        return QString();
    auto rendered = m_html.execute(data);
    if (!rendered)
        return wrap(rendered.error(), QStringLiteral("render html template: "));
    QString html = rendered.value();
    const QList<Extra> block = extras(fields, m_htmlNamed);
    if (block.isEmpty())
        return html;
    QString list = QStringLiteral("<p>Additional fields:</p>\n<ul>\n");
    for (const Extra &e : block) {
        QString value = htmlEscaped(e.value);
        value.replace(QLatin1Char('\n'), QStringLiteral("<br>\n"));
        list += QStringLiteral("<li>%1: %2</li>\n").arg(htmlEscaped(e.key), value);
    }
    list += QStringLiteral("</ul>\n");
    const qsizetype bodyEnd = html.lastIndexOf(QLatin1String("</body>"), -1, Qt::CaseInsensitive);
    if (bodyEnd >= 0) {
        html.insert(bodyEnd, list);
    } else {
        if (!html.isEmpty() && !html.endsWith(QLatin1Char('\n')))
            html += QLatin1Char('\n');
        html += list;
    }
    return html;
}

QStringList BodyRenderer::namedFields() const
{
    QStringList out(m_named.cbegin(), m_named.cend());
    out.sort();
    return out;
}

QStringList BodyRenderer::additionalFields(const QMap<QString, QStringList> &fields) const
{
    QStringList out;
    for (const Extra &e : extras(fields, m_named))
        out.append(e.key);
    return out;
}

QStringList BodyRenderer::warnings() const
{
    QStringList out;
    for (const GoTemplate *t : {&m_subject, &m_body, &m_html}) {
        for (const QString &w : t->warnings())
            out.append(t->name() + QStringLiteral(": ") + w);
    }
    return out;
}

} // namespace Postrider::Template
