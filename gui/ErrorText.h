#pragma once

#include "core/Result.h"

#include <QCoreApplication>
#include <QString>

namespace Postrider {

/// \brief The only place that turns stable error codes from the daemon (PROTOCOL.md) into
/// translated sentences (house rule 5). Unknown codes fall back to the daemon's English message.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    /// A sentence for `code`, or an empty string when the code has none.
    static QString forCode(const QString &code);
    /// forCode(), else the error's own message, else the code.
    static QString describe(const Error &error);
};

} // namespace Postrider
