#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace Postrider::Ipc {

/// Raw token bytes (before base64url).
inline constexpr qsizetype kTokenBytes = 32;
/// A token file larger than this is not ours.
inline constexpr qint64 kMaxTokenFileSize = 1024;

/// \brief The control token: 32 random bytes, base64url without padding, rewritten on every
/// daemon start. OS permissions on the socket are the first gate, the token the second.
class IpcToken
{
public:
    static QByteArray generate();
    /// Where the token lives when `[admin] token_file` is not set: next to the socket
    /// (`control.sock` → `control.token`), or in `stateDir` for a bare socket name.
    static QString defaultPath(const QString &socketPath, const QString &stateDir);
    /// Replaces `path` atomically with `token`. Unix: mode 0600, or 0640 with `group` as the
    /// file's group (the admin group), set before the token is written. Errors: `ipc.token_write`.
    static Status write(const QString &path, const QByteArray &token, const QString &group = {});
    /// Reads a token file (surrounding whitespace ignored). Errors: `client.token_unreadable`.
    static Result<QByteArray> read(const QString &path);
};

} // namespace Postrider::Ipc
