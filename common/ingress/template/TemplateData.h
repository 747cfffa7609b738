#pragma once

#include "TemplateValue.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace Postrider::Template {

/// \brief The data a template renders: Posthorn's flat `map[string]string`, built once per
/// submission and shared by the subject, text and HTML templates.
class TemplateData
{
public:
    TemplateData() = default;

    /// Submitted fields: multi-value fields are joined with ", " (Posthorn renders
    /// `{{.tags}}` as `urgent, support`).
    static TemplateData fromFields(const QMap<QString, QStringList> &fields);
    static QString joinValues(const QStringList &values);

    void insert(const QString &key, const QString &value);
    bool contains(const QString &key) const;
    QString value(const QString &key) const;
    /// Keys in Go's order (byte order of their UTF-8).
    QStringList keys() const;
    qsizetype size() const { return qsizetype(m_map.size()); }

    const detail::DataMap &map() const { return m_map; }

private:
    detail::DataMap m_map;
};

} // namespace Postrider::Template
