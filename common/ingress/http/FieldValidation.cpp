#include "FieldValidation.h"

#include "core/Address.h"

namespace Postrider::Http {

QMap<QString, QString> FieldValidation::Result::fieldErrors() const
{
    QMap<QString, QString> out;
    for (const QString &f : invalid)
        out.insert(f, QStringLiteral("invalid email format"));
    for (const QString &f : missing)
        out.insert(f, QStringLiteral("required"));
    return out;
}

QStringList FieldValidation::Result::logFields() const
{
    return missing + invalid;
}

FieldValidation::Result FieldValidation::check(const FormFields &fields, const QStringList &required,
                                               const QString &emailField)
{
    Result r;
    for (const QString &name : required)
        if (allBlank(fields.value(name)) && !r.missing.contains(name))
            r.missing.append(name);
    const QString email = firstValue(fields, emailField).trimmed();
    if (!email.isEmpty() && !Address::isValid(email))
        r.invalid.append(emailField);
    return r;
}

QString FieldValidation::replyTo(const FormFields &fields, const QString &field)
{
    const QString v = firstValue(fields, field).trimmed();
    return !v.isEmpty() && Address::isValid(v) ? v : QString();
}

FieldValidation::Override FieldValidation::toOverride(const FormFields &fields)
{
    Override o;
    const auto it = fields.constFind(QStringLiteral("to_override"));
    if (it == fields.constEnd())
        return o;
    o.present = true;
    if (it->isEmpty()) {
        o.problem = QStringLiteral("must contain at least one address");
        return o;
    }
    QStringList bad;
    for (const QString &raw : *it) {
        const QString t = raw.trimmed();
        if (t.isEmpty() || !Address::isValid(t))
            bad.append(raw);
        else
            o.recipients.append(t);
    }
    if (!bad.isEmpty()) // Go's %v of a []string: [a b]
        o.problem = QStringLiteral("invalid email address(es): [%1]").arg(bad.join(u' '));
    return o;
}

} // namespace Postrider::Http
