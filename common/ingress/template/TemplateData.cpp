#include "TemplateData.h"

namespace Postrider::Template {

TemplateData TemplateData::fromFields(const QMap<QString, QStringList> &fields)
{
    TemplateData data;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        data.insert(it.key(), joinValues(it.value()));
    return data;
}

QString TemplateData::joinValues(const QStringList &values)
{
    return values.join(QStringLiteral(", "));
}

void TemplateData::insert(const QString &key, const QString &value)
{
    m_map[key.toUtf8()] = value.toUtf8();
}

bool TemplateData::contains(const QString &key) const
{
    return m_map.count(key.toUtf8()) > 0;
}

QString TemplateData::value(const QString &key) const
{
    const auto it = m_map.find(key.toUtf8());
    return it == m_map.end() ? QString() : QString::fromUtf8(it->second);
}

QStringList TemplateData::keys() const
{
    QStringList out;
    out.reserve(qsizetype(m_map.size()));
    for (const auto &entry : m_map)
        out.append(QString::fromUtf8(entry.first));
    return out;
}

} // namespace Postrider::Template
