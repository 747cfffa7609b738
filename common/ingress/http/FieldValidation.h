#pragma once

#include "FormFields.h"

#include <QMap>

namespace Postrider::Http {

/// \brief Posthorn's submission checks (reference §2.11, §2.14, §2.16).
class FieldValidation
{
public:
    /// \brief The outcome of the required and email checks.
    struct Result
    {
        QStringList missing; ///< required fields absent or blank, in config order
        QStringList invalid; ///< fields failing the email format check
        bool ok() const { return missing.isEmpty() && invalid.isEmpty(); }
        /// The 422 `fields` object: "required" wins over "invalid email format".
        QMap<QString, QString> fieldErrors() const;
        /// The `validation_failed` log list: missing names, then format-error names.
        QStringList logFields() const;
    };

    /// Required fields, then the trimmed first value of `emailField`, checked only when non-empty
    /// with Go's net/mail rules (Address::parse).
    static Result check(const FormFields &fields, const QStringList &required, const QString &emailField);

    /// The Reply-To address text: the trimmed first value of `field` when it is a valid address
    /// (display names allowed), else empty.
    static QString replyTo(const FormFields &fields, const QString &field);

    /// \brief A checked `to_override` (API mode).
    struct Override
    {
        bool present = false;
        QStringList recipients; ///< trimmed
        QString problem; ///< the 422 message for field `to_override`, empty when valid
    };
    static Override toOverride(const FormFields &fields);
};

} // namespace Postrider::Http
