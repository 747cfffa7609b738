#pragma once

#include <QByteArray>
#include <QString>

namespace Postrider::Test {

/// Absolute path of a file under tests/data.
QString dataPath(const QString &relative);
/// Contents of a file under tests/data (fails the current test when missing).
QByteArray readData(const QString &relative);
/// The source tree root and the build tree root.
QString sourceDir();
QString binaryDir();
/// build/bin/<name> — the product executables (postriderd).
QString productBinary(const QString &name);

} // namespace Postrider::Test
