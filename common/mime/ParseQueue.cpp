#include "ParseQueue.h"

#include <QPointer>
#include <QThreadPool>

namespace Postrider::Mime {

ParseQueue::ParseQueue()
    : m_pool(new QThreadPool)
{
    // One worker: parses are serialised anyway (see parseMessage), and one thread keeps its caches warm.
    m_pool->setMaxThreadCount(1);
    m_pool->setExpiryTimeout(-1);
    m_pool->setObjectName(QStringLiteral("mime-parse"));
}

ParseQueue::~ParseQueue()
{
    m_pool->waitForDone();
    delete m_pool;
}

ParseQueue &ParseQueue::instance()
{
    static ParseQueue queue;
    return queue;
}

void ParseQueue::parse(QByteArray raw, ParseOptions options, QObject *context, Callback done)
{
    QPointer<QObject> guard(context);
    m_pool->start([raw = std::move(raw), options = std::move(options), guard, done = std::move(done)]() mutable {
        Result<Message> result = parseMessage(raw, options);
        raw.clear();
        QObject *target = guard.data();
        if (!target)
            return;
        // The context may die before the queued call runs; the guard is checked again there.
        QMetaObject::invokeMethod(
            target,
            [guard, done = std::move(done), result = std::move(result)] {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace Postrider::Mime
