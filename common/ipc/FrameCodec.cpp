#include "FrameCodec.h"

#include "IpcErrors.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QtEndian>

namespace Postrider::Ipc {

Result<QByteArray> encodeFrame(const QJsonObject &message)
{
    const QByteArray json = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (json.size() > kMaxFrameSize)
        return Error(
            QString(ErrorCode::kFrameTooLarge),
            QStringLiteral("message of %1 bytes exceeds the %2-byte frame limit").arg(json.size()).arg(kMaxFrameSize));
    QByteArray frame(kFrameHeaderSize, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(json.size()), frame.data());
    frame.append(json);
    return frame;
}

bool FrameDecoder::fail(const QLatin1String &code, const QString &message)
{
    m_failed = true;
    m_error = Error(QString(code), message);
    m_buffer.clear();
    m_buffer.squeeze();
    return false;
}

bool FrameDecoder::feed(QByteArrayView data)
{
    if (m_failed)
        return false;
    m_buffer.append(data);
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= kFrameHeaderSize) {
        const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + pos);
        if (length == 0)
            return fail(ErrorCode::kBadFrame, QStringLiteral("zero-length frame"));
        // Checked as soon as the prefix arrives, so an oversized frame is never buffered.
        if (qint64(length) > kMaxFrameSize)
            return fail(ErrorCode::kFrameTooLarge,
                        QStringLiteral("frame of %1 bytes exceeds the %2-byte limit").arg(length).arg(kMaxFrameSize));
        if (m_buffer.size() - pos - kFrameHeaderSize < qsizetype(length))
            break;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray::fromRawData(m_buffer.constData() + pos + kFrameHeaderSize, qsizetype(length)), &error);
        if (error.error != QJsonParseError::NoError)
            return fail(ErrorCode::kBadJson,
                        QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
        if (!doc.isObject())
            return fail(ErrorCode::kBadJson, QStringLiteral("a frame must hold one JSON object"));
        m_ready.append(doc.object());
        pos += kFrameHeaderSize + qsizetype(length);
    }
    m_buffer.remove(0, pos);
    return true;
}

std::optional<QJsonObject> FrameDecoder::next()
{
    if (m_ready.isEmpty())
        return std::nullopt;
    return m_ready.takeFirst();
}

} // namespace Postrider::Ipc
