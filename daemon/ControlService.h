#pragma once

#include "ControlHost.h"

#include "ipc/IpcHandler.h"
#include "outbox/OutboxTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>

class QTimer;

/// `postrider.daemon.control`: what the control socket's clients asked for.
Q_DECLARE_LOGGING_CATEGORY(lcControl)

namespace Postrider {

class Outbox;

/// \brief The daemon's side of the control protocol (common/ipc/PROTOCOL.md): status, transports,
/// the journal and the config, answered from the ControlHost, plus the events the admin app
/// follows (`submission.changed`, `transport.changed`, `daemon.reloaded`). Replies never carry a
/// secret: the config text is redacted and error texts pass through the log redactor.
class ControlService final : public QObject, public Ipc::IpcHandler
{
    Q_OBJECT
public:
    /// How often breaker states are compared for `transport.changed` (they also change with time).
    static constexpr int kTransportPollMs = 1'000;

    explicit ControlService(ControlHost *host, QObject *parent = nullptr);
    ~ControlService() override;

    void handleRequest(const QString &method, const QJsonObject &params, Reply reply) override;

    /// Follows the host's current outbox and transports; call after start and after a reload.
    void attach();
    /// Announces a reload (from SIGHUP or the control socket) as `daemon.reloaded`.
    void announceReload(const ReloadReport &report, const QString &reason);

Q_SIGNALS:
    /// An event for every connected client (IpcServer::publish).
    void eventReady(const QString &event, const QJsonObject &data);

private:
    using Handler = void (ControlService::*)(const QJsonObject &, Reply);

    void status(const QJsonObject &params, Reply reply);
    void transportsList(const QJsonObject &params, Reply reply);
    void transportsPause(const QJsonObject &params, Reply reply);
    void transportsResume(const QJsonObject &params, Reply reply);
    void transportsResetBreaker(const QJsonObject &params, Reply reply);
    void transportsTest(const QJsonObject &params, Reply reply);
    void journalQuery(const QJsonObject &params, Reply reply);
    void journalGet(const QJsonObject &params, Reply reply);
    void journalRetry(const QJsonObject &params, Reply reply);
    void journalCancel(const QJsonObject &params, Reply reply);
    void journalResend(const QJsonObject &params, Reply reply);
    void configGet(const QJsonObject &params, Reply reply);
    void configValidate(const QJsonObject &params, Reply reply);
    void configSave(const QJsonObject &params, Reply reply);
    void configReload(const QJsonObject &params, Reply reply);

    QJsonObject transportJson(const QString &name) const;
    /// The transport named by params.name, or an error reply (`transport.unknown`).
    bool findTransport(const QJsonObject &params, const Reply &reply, QString *name) const;
    void pollTransports();
    void onSubmissionChanged(const QString &id, SubmissionStatus status);
    Outbox *outbox() const;

    ControlHost *m_host;
    QHash<QString, Handler> m_handlers;
    QPointer<Outbox> m_followed;
    QTimer *m_pollTimer = nullptr;
    QHash<QString, QJsonObject> m_transportStates; ///< last announced state per transport
    bool m_primed = false; ///< the first snapshot is taken silently
};

} // namespace Postrider
