#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace Postrider::Http {

/// \brief The form-mode Origin/Referer allow-list (reference §2.8), fail-closed, with Origin
/// authoritative (decisions §26).
///
/// Both headers missing or empty: refused. An Origin other than `null` must be in the list (a
/// matching Referer no longer rescues a foreign Origin, as it did in Posthorn). With no Origin, or
/// `null`, the Referer reduced to scheme://host[:port] must be in the list. Comparison is on
/// normalised origins: scheme and host lower-cased, port kept, path dropped.
class OriginCheck
{
public:
    struct Verdict
    {
        bool allowed = false;
        QString reason; ///< the `spam_blocked` log reason when refused
    };
    /// `allowed` entries are already normalised (the config loader does it).
    static Verdict check(const QStringList &allowed, QByteArrayView origin, QByteArrayView referer);
};

} // namespace Postrider::Http
