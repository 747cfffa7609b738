#include "TestData.h"

#include <QFile>
#include <QTest>

namespace Postrider::Test {

QString dataPath(const QString &relative)
{
    return QStringLiteral(POSTRIDER_TEST_DATA_DIR "/") + relative;
}

QByteArray readData(const QString &relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly)) {
        qWarning("test data missing: %s", qPrintable(f.fileName()));
        return {};
    }
    return f.readAll();
}

QString sourceDir()
{
    return QStringLiteral(POSTRIDER_SOURCE_DIR);
}

QString binaryDir()
{
    return QStringLiteral(POSTRIDER_BINARY_DIR);
}

QString productBinary(const QString &name)
{
    return binaryDir() + QStringLiteral("/bin/") + name;
}

} // namespace Postrider::Test
