#include "Notifier.h"

#include "DaemonConnection.h"

#include <QJsonObject>
#include <QTimer>

namespace Postrider {

Notifier::Notifier(DaemonConnection *connection, QObject *parent)
    : QObject(parent)
    , m_failureTimer(new QTimer(this))
    , m_everConnected(connection->isConnected())
{
    m_failureTimer->setSingleShot(true);
    m_failureTimer->setInterval(kFailureWindowMs);
    connect(m_failureTimer, &QTimer::timeout, this, &Notifier::reportFailures);
    connect(connection, &DaemonConnection::eventReceived, this, &Notifier::onEvent);
    connect(connection, &DaemonConnection::connectedChanged, this, &Notifier::onConnectedChanged);
}

void Notifier::onEvent(const QString &event, const QJsonObject &data)
{
    if (event == QLatin1String("submission.changed")) {
        if (data.value(QLatin1String("status")).toString() == QLatin1String("failed")) {
            ++m_failures;
            if (!m_failureTimer->isActive())
                m_failureTimer->start();
        }
        return;
    }
    if (event == QLatin1String("transport.changed")) {
        const QString name = data.value(QLatin1String("name")).toString();
        const QString breaker = data.value(QLatin1String("breaker")).toString();
        const QString before = m_breakers.value(name);
        if (data.value(QLatin1String("removed")).toBool()) {
            m_breakers.remove(name);
            return;
        }
        m_breakers.insert(name, breaker);
        if (breaker == QLatin1String("open") && before != QLatin1String("open"))
            Q_EMIT notify(tr("Transport %1 is failing").arg(name),
                          tr("Its circuit breaker opened after repeated failures; messages go to the next transport "
                             "of their route or wait."),
                          Severity::Warning);
        else if (breaker == QLatin1String("closed") && before == QLatin1String("open"))
            Q_EMIT notify(tr("Transport %1 works again").arg(name), tr("Its circuit breaker closed."),
                          Severity::Information);
        return;
    }
    if (event == QLatin1String("daemon.reloaded") && !data.value(QLatin1String("applied")).toBool())
        Q_EMIT notify(tr("Configuration not applied"),
                      tr("The new configuration has errors; the daemon keeps running the previous one."),
                      Severity::Warning);
}

void Notifier::onConnectedChanged(bool connected)
{
    if (connected) {
        if (m_everConnected)
            Q_EMIT notify(tr("Connected again"), tr("The admin app is connected to the daemon again."),
                          Severity::Information);
        m_everConnected = true;
        return;
    }
    if (m_everConnected)
        Q_EMIT notify(tr("Daemon unreachable"), tr("The connection to the Postrider daemon was lost."),
                      Severity::Critical);
}

void Notifier::reportFailures()
{
    const int n = std::exchange(m_failures, 0);
    if (n > 0)
        Q_EMIT notify(tr("%n message(s) failed", "", n),
                      tr("Open the Sends page to see why and to retry or resend them."), Severity::Warning);
}

} // namespace Postrider
