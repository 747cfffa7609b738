// Every control method through the real IpcServer + ControlService over a real QLocalSocket, with
// a real Outbox (temporary SQLite) and fake transports. No reply or event may carry a secret.

#include "ControlTestKit.h"

#include "core/ConfigLoader.h"
#include "ipc/IpcErrors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

QString errorCode(const Result<QJsonObject> &r)
{
    return r ? QStringLiteral("<ok>") : r.error().code;
}

SendResult transient()
{
    return SendResult::failure(Outcome::Transient, QStringLiteral("provider server error"), 503);
}

} // namespace

class tst_ControlService : public QObject
{
    Q_OBJECT

    std::unique_ptr<ControlRig> m_rig;
    std::unique_ptr<Ipc::IpcClient> m_client;
    QList<QJsonObject> m_events;
    QByteArray m_wire; ///< every reply and event seen, for the secret check

    Result<QJsonObject> rpc(const QString &method, const QJsonObject &params = {}, int timeoutMs = 10'000)
    {
        const auto r = call(*m_client, method, params, timeoutMs);
        m_wire += QJsonDocument(r ? *r
                                  : QJsonObject{{QStringLiteral("e"), r.error().message},
                                                {QStringLiteral("d"), r.error().details}})
                      .toJson(QJsonDocument::Compact);
        return r;
    }

    bool sawEvent(const QString &name, const std::function<bool(const QJsonObject &)> &match) const
    {
        for (const QJsonObject &e : m_events)
            if (e.value(QStringLiteral("event")).toString() == name
                && match(e.value(QStringLiteral("data")).toObject()))
                return true;
        return false;
    }

    QString statusOf(const QString &id)
    {
        const auto r = rpc(QStringLiteral("journal.get"), {{QStringLiteral("id"), id}});
        return r ? r->value(QStringLiteral("entry")).toObject().value(QStringLiteral("status")).toString()
                 : r.error().code;
    }

private Q_SLOTS:
    void init()
    {
        m_rig = std::make_unique<ControlRig>();
        QVERIFY(m_rig->start());
        m_client = std::make_unique<Ipc::IpcClient>(m_rig->clientOptions());
        m_events.clear();
        m_wire.clear();
        connect(m_client.get(), &Ipc::IpcClient::eventReceived, this,
                [this](const QString &event, quint64 seq, const QJsonObject &data) {
                    const QJsonObject e{{QStringLiteral("event"), event},
                                        {QStringLiteral("seq"), qint64(seq)},
                                        {QStringLiteral("data"), data}};
                    m_events.append(e);
                    m_wire += QJsonDocument(e).toJson(QJsonDocument::Compact);
                });
        m_client->connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10'000);
    }

    void cleanup()
    {
        // House rule: no secret on the wire, whatever the test did.
        for (const QString &s : secretSentinels())
            QVERIFY2(!m_wire.contains(s.toUtf8()), qPrintable(QStringLiteral("secret %1 on the wire").arg(s)));
        m_client.reset();
        m_rig.reset();
    }

    void status()
    {
        const QString id = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("s1"));
        QTRY_COMPARE(statusOf(id), QStringLiteral("sent"));
        const auto r = rpc(QStringLiteral("status"));
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("version")).toString(), QStringLiteral(POSTRIDER_VERSION));
        QCOMPARE(r->value(QStringLiteral("config")).toObject().value(QStringLiteral("path")).toString(),
                 m_rig->configPath());
        QVERIFY(r->value(QStringLiteral("outbox")).toObject().value(QStringLiteral("healthy")).toBool());
        QCOMPARE(r->value(QStringLiteral("outbox")).toObject().value(QStringLiteral("sent")).toInt(), 1);
        QCOMPARE(r->value(QStringLiteral("counts")).toObject().value(QStringLiteral("queued")).toInt(), 0);
        QCOMPARE(r->value(QStringLiteral("transports")).toObject().value(QStringLiteral("total")).toInt(), 2);
        const QJsonObject listeners = r->value(QStringLiteral("listeners")).toObject();
        QCOMPARE(listeners.value(QStringLiteral("endpoints")).toArray(), QJsonArray{QStringLiteral("/api/send")});
        QVERIFY(r->value(QStringLiteral("uptime_ms")).toDouble() >= 0);
    }

    void unknownMethodAndBadParams()
    {
        QCOMPARE(errorCode(rpc(QStringLiteral("no.such"))), QString(Ipc::ErrorCode::kMethodUnknown));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.get"))), QString(Ipc::ErrorCode::kParamsInvalid));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.query"), {{QStringLiteral("status"), QStringLiteral("lost")}})),
                 QString(Ipc::ErrorCode::kParamsInvalid));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.query"), {{QStringLiteral("limit"), 0}})),
                 QString(Ipc::ErrorCode::kParamsInvalid));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.query"), {{QStringLiteral("sender"), QStringLiteral("x")}})),
                 QString(Ipc::ErrorCode::kParamsInvalid));
        QCOMPARE(errorCode(rpc(QStringLiteral("transports.pause"), {{QStringLiteral("name"), QStringLiteral("zeta")}})),
                 QStringLiteral("transport.unknown"));
        QVERIFY(m_client->isReady()); // per-request errors keep the connection
    }

    void transportsListPauseResume()
    {
        auto r = rpc(QStringLiteral("transports.list"));
        QVERIFY(r.ok());
        const QJsonArray list = r->value(QStringLiteral("transports")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("alpha"));
        QCOMPARE(list[0].toObject().value(QStringLiteral("breaker")).toString(), QStringLiteral("closed"));
        QCOMPARE(list[0].toObject().value(QStringLiteral("paused")).toBool(), false);

        r = rpc(QStringLiteral("transports.pause"), {{QStringLiteral("name"), QStringLiteral("alpha")}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("paused")).toBool(), true);
        QTRY_VERIFY(sawEvent(QStringLiteral("transport.changed"), [](const QJsonObject &d) {
            return d.value(QStringLiteral("name")).toString() == QLatin1String("alpha")
                && d.value(QStringLiteral("paused")).toBool();
        }));
        const QString id = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("held"));
        QCOMPARE(statusOf(id), QStringLiteral("queued"));
        QCOMPARE(m_rig->alpha->calls, 0);

        QVERIFY(rpc(QStringLiteral("transports.resume"), {{QStringLiteral("name"), QStringLiteral("alpha")}}).ok());
        QTRY_COMPARE(statusOf(id), QStringLiteral("sent"));
        QCOMPARE(m_rig->alpha->calls, 1);
    }

    void resetBreaker()
    {
        m_rig->alpha->behaviour = [](const Message &, const SendOptions &) { return transient(); };
        for (int i = 0; i < 5; ++i)
            m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("fail %1").arg(i));
        QTRY_VERIFY(sawEvent(QStringLiteral("transport.changed"), [](const QJsonObject &d) {
            return d.value(QStringLiteral("name")).toString() == QLatin1String("alpha")
                && d.value(QStringLiteral("breaker")).toString() == QLatin1String("open");
        }));
        const auto r =
            rpc(QStringLiteral("transports.reset_breaker"), {{QStringLiteral("name"), QStringLiteral("alpha")}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("breaker")).toString(), QStringLiteral("closed"));
        QCOMPARE(r->value(QStringLiteral("attempts")).toObject().value(QStringLiteral("transient")).toInt(), 5);
    }

    void transportsTest()
    {
        auto r = rpc(QStringLiteral("transports.test"),
                     {{QStringLiteral("name"), QStringLiteral("beta")},
                      {QStringLiteral("to"), QStringLiteral("you@example.org")},
                      {QStringLiteral("from"), QStringLiteral("ops@example.org")}});
        QVERIFY2(r.ok(), qPrintable(errorCode(r)));
        QCOMPARE(r->value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(r->value(QStringLiteral("outcome")).toString(), QStringLiteral("sent"));
        QCOMPARE(m_rig->beta->received.size(), 1);
        QCOMPARE(m_rig->beta->received[0].subject, QStringLiteral("Postrider test message"));
        QCOMPARE(m_rig->beta->received[0].from.email, QStringLiteral("ops@example.org"));

        // No "from": the sender of an endpoint routed through the transport.
        m_rig->alpha->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("sender not verified"), 422,
                                       QStringLiteral("E42"));
        };
        r = rpc(QStringLiteral("transports.test"),
                {{QStringLiteral("name"), QStringLiteral("alpha")},
                 {QStringLiteral("to"), QStringLiteral("you@example.org")}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(r->value(QStringLiteral("outcome")).toString(), QStringLiteral("terminal"));
        QCOMPARE(r->value(QStringLiteral("status")).toInt(), 422);
        QVERIFY(r->value(QStringLiteral("error")).toString().contains(QLatin1String("sender not verified")));
        QCOMPARE(m_rig->alpha->received.last().from.email, QStringLiteral("noreply@example.com"));

        QCOMPARE(errorCode(rpc(QStringLiteral("transports.test"),
                               {{QStringLiteral("name"), QStringLiteral("beta")},
                                {QStringLiteral("to"), QStringLiteral("not an address")}})),
                 QString(Ipc::ErrorCode::kParamsInvalid));
        QCOMPARE(m_rig->outbox()->liveCount(), 0); // tests never enter the outbox
    }

    void journalQueryFiltersAndIncremental()
    {
        const QString a = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("Invoice 1"));
        const QString b = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("Welcome"));
        QTRY_COMPARE(statusOf(b), QStringLiteral("sent"));
        auto r = rpc(QStringLiteral("journal.query"));
        QVERIFY(r.ok());
        QJsonArray entries = r->value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].toObject().value(QStringLiteral("id")).toString(), b); // newest first
        const qint64 lastSeq = qint64(r->value(QStringLiteral("last_seq")).toDouble());
        QCOMPARE(lastSeq, qint64(entries[0].toObject().value(QStringLiteral("seq")).toDouble()));

        r = rpc(QStringLiteral("journal.query"), {{QStringLiteral("subject"), QStringLiteral("invoice")}});
        QCOMPARE(r->value(QStringLiteral("entries")).toArray().size(), 1);
        QCOMPARE(r->value(QStringLiteral("entries")).toArray()[0].toObject().value(QStringLiteral("id")).toString(), a);
        r = rpc(QStringLiteral("journal.query"),
                {{QStringLiteral("recipient"), QStringLiteral("ANN@")},
                 {QStringLiteral("status"), QStringLiteral("sent")},
                 {QStringLiteral("ingress"), QStringLiteral("http_api")}});
        QCOMPARE(r->value(QStringLiteral("entries")).toArray().size(), 2);
        r = rpc(QStringLiteral("journal.query"), {{QStringLiteral("status"), QStringLiteral("failed")}});
        QCOMPARE(r->value(QStringLiteral("entries")).toArray().size(), 0);

        const QString c = m_rig->submit({QStringLiteral("beta")}, QStringLiteral("Later"));
        r = rpc(QStringLiteral("journal.query"), {{QStringLiteral("after_seq"), lastSeq}});
        entries = r->value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].toObject().value(QStringLiteral("id")).toString(), c);
    }

    void journalGetRetryCancelResend()
    {
        m_rig->alpha->behaviour = [](const Message &, const SendOptions &) {
            return SendResult::failure(Outcome::Terminal, QStringLiteral("mailbox unavailable"), 550);
        };
        const QString id = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("bounce"));
        QTRY_COMPARE(statusOf(id), QStringLiteral("failed"));
        auto r = rpc(QStringLiteral("journal.get"), {{QStringLiteral("id"), id}});
        QVERIFY(r.ok());
        const QJsonObject entry = r->value(QStringLiteral("entry")).toObject();
        QCOMPARE(entry.value(QStringLiteral("last_status")).toInt(), 550);
        const QJsonArray log = entry.value(QStringLiteral("attempt_log")).toArray();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log[0].toObject().value(QStringLiteral("transport")).toString(), QStringLiteral("alpha"));
        QCOMPARE(log[0].toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("terminal"));

        m_rig->alpha->behaviour = nullptr;
        QVERIFY(rpc(QStringLiteral("journal.retry"), {{QStringLiteral("id"), id}}).ok());
        QTRY_COMPARE(statusOf(id), QStringLiteral("sent"));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.retry"), {{QStringLiteral("id"), id}})),
                 QStringLiteral("outbox.already_sent"));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.get"), {{QStringLiteral("id"), QStringLiteral("nope")}})),
                 QStringLiteral("outbox.not_found"));

        r = rpc(QStringLiteral("journal.resend"),
                {{QStringLiteral("id"), id}, {QStringLiteral("transport"), QStringLiteral("beta")}});
        QVERIFY(r.ok());
        const QString copy = r->value(QStringLiteral("id")).toString();
        QVERIFY(copy != id);
        QCOMPARE(r->value(QStringLiteral("resent_from")).toString(), id);
        QTRY_COMPARE(statusOf(copy), QStringLiteral("sent"));
        QCOMPARE(m_rig->beta->received.last().subject, QStringLiteral("bounce"));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.resend"),
                               {{QStringLiteral("id"), id}, {QStringLiteral("transport"), QStringLiteral("zeta")}})),
                 QStringLiteral("outbox.route"));

        QVERIFY(rpc(QStringLiteral("transports.pause"), {{QStringLiteral("name"), QStringLiteral("alpha")}}).ok());
        const QString held = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("cancel me"));
        QVERIFY(rpc(QStringLiteral("journal.cancel"), {{QStringLiteral("id"), held}}).ok());
        QTRY_COMPARE(statusOf(held), QStringLiteral("cancelled"));
        QCOMPARE(errorCode(rpc(QStringLiteral("journal.cancel"), {{QStringLiteral("id"), held}})),
                 QStringLiteral("outbox.not_live"));
    }

    void submissionEvents()
    {
        const QString id = m_rig->submit({QStringLiteral("alpha")}, QStringLiteral("evented"));
        const auto saw = [&](const QString &status) {
            return sawEvent(QStringLiteral("submission.changed"), [&](const QJsonObject &d) {
                return d.value(QStringLiteral("id")).toString() == id
                    && d.value(QStringLiteral("status")).toString() == status;
            });
        };
        QTRY_VERIFY(saw(QStringLiteral("sent")));
        QVERIFY(saw(QStringLiteral("queued")));
        QVERIFY(saw(QStringLiteral("sending")));
        qint64 last = 0;
        for (const QJsonObject &e : std::as_const(m_events)) {
            QVERIFY(qint64(e.value(QStringLiteral("seq")).toDouble()) > last); // strictly increasing
            last = qint64(e.value(QStringLiteral("seq")).toDouble());
        }
    }

    void configGetValidate()
    {
        auto r = rpc(QStringLiteral("config.get"));
        QVERIFY(r.ok());
        const QString text = r->value(QStringLiteral("text")).toString();
        QVERIFY(text.contains(QLatin1String("api_key = \"set\"")));
        QVERIFY(text.contains(QLatin1String("api_keys = [\"set #1\"]")));
        QVERIFY(text.contains(QLatin1String("# Control rig config. Sentinels: [REDACTED]")));

        r = rpc(QStringLiteral("config.validate"), {{QStringLiteral("text"), text}});
        QVERIFY(r.ok());
        QVERIFY2(r->value(QStringLiteral("valid")).toBool(),
                 QJsonDocument(r->value(QStringLiteral("errors")).toArray()).toJson());

        QString broken = text;
        broken.replace(QLatin1String("auth = \"api-key\""), QLatin1String("auth = \"apikey\""));
        r = rpc(QStringLiteral("config.validate"), {{QStringLiteral("text"), broken}});
        QVERIFY(r.ok());
        QCOMPARE(r->value(QStringLiteral("valid")).toBool(), false);
        const QJsonObject err = r->value(QStringLiteral("errors")).toArray().first().toObject();
        QCOMPARE(err.value(QStringLiteral("line")).toInt(),
                 broken.left(broken.indexOf(QLatin1String("auth = "))).count(u'\n') + 1);
        QCOMPARE(err.value(QStringLiteral("key")).toString(), QStringLiteral("endpoints[0].auth"));

        QCOMPARE(errorCode(rpc(QStringLiteral("config.validate"))), QString(Ipc::ErrorCode::kParamsInvalid));
    }

    void configSaveKeepsBackupAndSecrets()
    {
        QFile original(m_rig->configPath());
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();
        QFile::setPermissions(m_rig->configPath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        int reloads = 0;
        m_rig->onReload = [&](const QString &) {
            ++reloads;
            ReloadReport rep;
            rep.applied = true;
            rep.reloaded = {QStringLiteral("logging")};
            return rep;
        };
        QString text = rpc(QStringLiteral("config.get"))->value(QStringLiteral("text")).toString();
        text.replace(QLatin1String("http://127.0.0.1:9"), QLatin1String("http://127.0.0.1:10"));
        auto r = rpc(QStringLiteral("config.save"), {{QStringLiteral("text"), text}});
        QVERIFY2(r.ok(), qPrintable(errorCode(r)));
        QCOMPARE(r->value(QStringLiteral("applied")).toBool(), true);
        QCOMPARE(reloads, 1);
        QFile saved(m_rig->configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray after = saved.readAll();
        QVERIFY(after.contains("http://127.0.0.1:10"));
        for (const QString &s : secretSentinels())
            QVERIFY2(after.contains(s.toUtf8()), "the saved file keeps the running secrets");
        // QSaveFile keeps the mode of the file it replaces (0640 here): User and Group bits only.
        QCOMPARE(saved.permissions() & 0x0fff, QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup);
        QFile backup(m_rig->configPath() + QStringLiteral(".bak"));
        QVERIFY(backup.open(QIODevice::ReadOnly));
        QCOMPARE(backup.readAll(), before);
        QVERIFY(!(backup.permissions() & (QFile::ReadOther | QFile::WriteGroup)));
        QTRY_VERIFY(sawEvent(QStringLiteral("daemon.reloaded"),
                             [](const QJsonObject &d) { return d.value(QStringLiteral("applied")).toBool(); }));

        // An invalid text is refused before anything is written.
        text.replace(QLatin1String("auth = \"api-key\""), QLatin1String("auth = \"nope\""));
        r = rpc(QStringLiteral("config.save"), {{QStringLiteral("text"), text}});
        QCOMPARE(errorCode(r), QStringLiteral("config.invalid"));
        QVERIFY(!r.error().details.value(QStringLiteral("errors")).toArray().isEmpty());
        QCOMPARE(reloads, 1);
        QVERIFY(saved.seek(0));
        QCOMPARE(saved.readAll(), after);
    }

    void configReloadRefused()
    {
        m_rig->onReload = [](const QString &) {
            ReloadReport rep;
            rep.errors.append(ConfigError{SourceLocation{QStringLiteral("config.toml"), 3, 1},
                                          QStringLiteral("http.listen"),
                                          QStringLiteral("bad address"),
                                          {}});
            return rep;
        };
        const auto r = rpc(QStringLiteral("config.reload"));
        QCOMPARE(errorCode(r), QStringLiteral("config.invalid"));
        QCOMPARE(r.error()
                     .details.value(QStringLiteral("errors"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("line"))
                     .toInt(),
                 3);
        QTRY_VERIFY(sawEvent(QStringLiteral("daemon.reloaded"),
                             [](const QJsonObject &d) { return !d.value(QStringLiteral("applied")).toBool(); }));
    }

    void notEditableWithoutFile()
    {
        m_rig->m_configPath.clear();
        QCOMPARE(errorCode(rpc(QStringLiteral("config.get"))), QStringLiteral("config.not_editable"));
        QCOMPARE(errorCode(rpc(QStringLiteral("config.save"), {{QStringLiteral("text"), QStringLiteral("x = 1")}})),
                 QStringLiteral("config.not_editable"));
    }
};

QTEST_GUILESS_MAIN(tst_ControlService)
#include "tst_controlservice.moc"
