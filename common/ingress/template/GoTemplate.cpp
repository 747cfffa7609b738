#include "GoTemplate.h"

#include "TemplateExec.h"
#include "TemplateParser.h"

namespace Postrider::Template {

Result<GoTemplate> GoTemplate::parse(const QString &source, const QString &name)
{
    auto tree = detail::TemplateParser::parse(name, source);
    if (!tree)
        return tree.error();
    GoTemplate t;
    t.m_tree = std::move(tree).value();
    return t;
}

Result<QString> GoTemplate::execute(const QMap<QString, QStringList> &fields) const
{
    return execute(TemplateData::fromFields(fields));
}

Result<QString> GoTemplate::execute(const TemplateData &data) const
{
    auto bytes = executeUtf8(data);
    if (!bytes)
        return bytes.error();
    return QString::fromUtf8(bytes.value());
}

Result<QByteArray> GoTemplate::executeUtf8(const TemplateData &data) const
{
    if (!m_tree)
        return QByteArray();
    return detail::TemplateExec::execute(*m_tree, data.map());
}

QStringList GoTemplate::referencedFields() const
{
    return m_tree ? m_tree->fields : QStringList();
}

QStringList GoTemplate::warnings() const
{
    return m_tree ? m_tree->warnings : QStringList();
}

QString GoTemplate::name() const
{
    return m_tree ? m_tree->name : QString();
}

QString GoTemplate::source() const
{
    return m_tree ? QString::fromUtf8(m_tree->source) : QString();
}

} // namespace Postrider::Template
