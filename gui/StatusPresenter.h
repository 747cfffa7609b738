#pragma once

#include "DaemonStatus.h"

#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace Postrider {

/// \brief Turns the overall state into what people see — a short title, a sentence with the
/// numbers, an icon — the same way in the tray, its menu and the main window.
class StatusPresenter
{
    Q_DECLARE_TR_FUNCTIONS(StatusPresenter)
public:
    /// "Idle", "Sending", "Needs attention"…
    static QString title(DaemonStatus status);
    /// One sentence with the details from the last `status` result.
    static QString description(const DaemonStatusInputs &inputs);
    /// Resource path of the SVG for `status` (resources/icons).
    static QString iconPath(DaemonStatus status);
    static QIcon icon(DaemonStatus status);
};

} // namespace Postrider
