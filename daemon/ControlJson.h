#pragma once

#include "core/Config.h"
#include "core/Result.h"
#include "outbox/OutboxTypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Postrider::ControlJson {

/// Rows one `journal.query` returns at most; the frame limit bounds the reply.
inline constexpr int kMaxJournalLimit = 500;
inline constexpr int kDefaultJournalLimit = 100;

/// One journal row as PROTOCOL.md describes it; `attempts` only when the entry carries them.
QJsonObject entry(const JournalEntry &e, bool withAttempts);
QJsonObject attempt(const AttemptRecord &a);
QJsonObject sendResult(const QString &transport, const SendResult &r);
/// `{line, column, key, message, hint, text}` for each error.
QJsonArray configErrors(const ConfigErrors &errors);
/// The `journal.query` params. Errors: `params.invalid`.
Result<JournalQuery> journalQuery(const QJsonObject &params);
/// A required, non-empty string parameter. Errors: `params.invalid`.
Result<QString> requiredString(const QJsonObject &params, const QString &key);

} // namespace Postrider::ControlJson
