#pragma once

#include "core/Result.h"

#include <QSqlDatabase>

namespace Postrider::Schema {

/// The schema version this build writes. Older databases are migrated forward step by step;
/// a newer one (written by a later Postrider) is refused rather than damaged.
inline constexpr int kCurrentVersion = 2;

/// Brings `db` to kCurrentVersion inside one transaction per step; `version` receives the result.
/// The version lives in `PRAGMA user_version`.
Status migrate(QSqlDatabase &db, int *version);

} // namespace Postrider::Schema
