#pragma once

#include <QString>

namespace Postrider::Paths {

/// Default config file: /etc/postrider/config.toml (Linux), %ProgramData%\Postrider\config.toml.
QString defaultConfigFile();
/// Directory for daemon state (outbox database, control token) when the config names none:
/// $STATE_DIRECTORY (systemd) or the platform's app-data location.
QString defaultStateDir();
/// Default local control socket name/path.
QString defaultControlSocket();
/// Resolves `path` against `baseDir` unless it is absolute (or a Qt resource path).
QString resolve(const QString &baseDir, const QString &path);

} // namespace Postrider::Paths
