#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace Postrider::Ipc {

/// \brief What a server asks of the program behind it: answer one authenticated request. The
/// daemon's ControlService implements it; tests implement it to drive IpcServer/IpcSession.
class IpcHandler
{
public:
    /// Called at most once, now or later, on the handler's thread. A reply for a connection that
    /// has closed meanwhile is dropped.
    using Reply = std::function<void(const Result<QJsonObject> &)>;

    virtual ~IpcHandler() = default;
    /// Handles `method`; unknown methods answer `method.unknown`, bad params `params.invalid`.
    virtual void handleRequest(const QString &method, const QJsonObject &params, Reply reply) = 0;
};

} // namespace Postrider::Ipc
