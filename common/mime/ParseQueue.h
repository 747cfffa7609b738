#pragma once

#include "MimeParser.h"

#include <QObject>

#include <functional>

class QThreadPool;

namespace Postrider::Mime {

/// \brief Runs parseMessage() off the caller's thread, one parse at a time (KMime/KCodecs may not
/// parse concurrently), so an ingress's event loop keeps serving sockets while a message is
/// decoded. Results come back on the context object's thread, in submission order per context.
class ParseQueue final
{
public:
    using Callback = std::function<void(const Result<Message> &)>;

    static ParseQueue &instance();
    /// Parses `raw`; `done` runs later on `context`'s thread, unless `context` was destroyed.
    void parse(QByteArray raw, ParseOptions options, QObject *context, Callback done);

private:
    ParseQueue();
    ~ParseQueue();
    QThreadPool *m_pool;
};

} // namespace Postrider::Mime
