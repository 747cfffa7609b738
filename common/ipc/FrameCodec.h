#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace Postrider::Ipc {

/// Largest frame payload (the JSON bytes after the length prefix) either side accepts. A longer
/// frame, announced or sent, closes the connection.
inline constexpr qsizetype kMaxFrameSize = 1 << 20;
/// The big-endian unsigned length prefix.
inline constexpr qsizetype kFrameHeaderSize = 4;

/// Encodes one message as a frame: 4-byte big-endian length, then compact UTF-8 JSON.
/// Errors: `protocol.frame_too_large`.
Result<QByteArray> encodeFrame(const QJsonObject &message);

/// \brief Splits a byte stream into JSON objects. Any broken frame (zero or oversized length,
/// invalid JSON or UTF-8, a value that is not an object) makes the decoder fail for good: the
/// stream cannot be resynchronised, so the connection must be closed.
class FrameDecoder
{
public:
    /// Appends bytes and decodes every complete frame. Returns false once the stream is broken.
    bool feed(QByteArrayView data);
    /// The next decoded message, oldest first.
    std::optional<QJsonObject> next();
    bool hasMessage() const { return !m_ready.isEmpty(); }
    bool failed() const { return m_failed; }
    /// Why the stream broke: `protocol.bad_frame`, `protocol.frame_too_large` or `protocol.bad_json`.
    const Error &error() const { return m_error; }
    /// Bytes held for an incomplete frame (never more than one frame plus one fed chunk).
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    bool fail(const QLatin1String &code, const QString &message);

    QByteArray m_buffer;
    QList<QJsonObject> m_ready;
    bool m_failed = false;
    Error m_error;
};

} // namespace Postrider::Ipc
