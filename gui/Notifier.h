#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QTimer;

namespace Postrider {

class DaemonConnection;

/// \brief Turns the daemon's low-level events into the few notifications a person wants: a
/// transport's circuit opening (once per opening), failed messages (counted over a short window
/// so a burst is one notification), and losing or regaining the daemon.
class Notifier final : public QObject
{
    Q_OBJECT
public:
    /// Failures within this window are reported together.
    static constexpr int kFailureWindowMs = 3'000;

    enum class Severity { Information, Warning, Critical };
    Q_ENUM(Severity)

    explicit Notifier(DaemonConnection *connection, QObject *parent = nullptr);

Q_SIGNALS:
    void notify(const QString &title, const QString &message, Postrider::Notifier::Severity severity);

private:
    void onEvent(const QString &event, const QJsonObject &data);
    void onConnectedChanged(bool connected);
    void reportFailures();

    QTimer *m_failureTimer;
    int m_failures = 0;
    QHash<QString, QString> m_breakers; ///< transport → last breaker state seen
    bool m_everConnected = false;
};

} // namespace Postrider
