// ConfigSecrets: the config text the admin app sees never holds a secret, and markers it sends
// back restore the running values by table identity, not by position.

#include "TestData.h"

#include "core/ConfigLoader.h"
#include "core/ConfigSecrets.h"

#include <QTest>

using namespace Postrider;

namespace {

// Sentinels: any of these in redacted output is a leak.
const QString kPostmarkKey = QStringLiteral("SENTINEL-postmark-7f3a");
const QString kSesSecret = QStringLiteral("SENTINEL-ses-secret-91b2");
const QString kApiKey1 = QStringLiteral("SENTINEL-apikey-one");
const QString kApiKey2 = QStringLiteral("SENTINEL-apikey-two");
const QString kSmtpPassword = QStringLiteral("SENTINEL-smtp-pass \"quoted\"");
const QString kCsrf = QStringLiteral("SENTINEL-csrf-secret-xyz");

// A config with a secret of every kind (tests/data/ipc/secrets.toml; kept out of this file because
// moc cannot parse a raw string literal holding quotes).
QString config()
{
    return QString::fromUtf8(Test::readData(QStringLiteral("ipc/secrets.toml")));
}

QString valueOf(const QString &text, const QString &key)
{
    const auto literals = ConfigLoader::stringLiterals(text);
    if (!literals)
        return QStringLiteral("<parse error>");
    for (const ConfigStringLiteral &l : *literals)
        if (l.key == key)
            return l.value;
    return QStringLiteral("<missing>");
}

} // namespace

class tst_ConfigSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void literalsCarryKeysAndSpans()
    {
        const QString text = QStringLiteral("a = \"äö😀\"\n[t]\nz = { q = '€' }\nxs = [\"1\", \"2\"]\n");
        const auto literals = ConfigLoader::stringLiterals(text);
        QVERIFY(literals.ok());
        QCOMPARE(literals->size(), 4);
        QCOMPARE(literals->at(0).key, QStringLiteral("a"));
        QCOMPARE(text.mid(literals->at(0).begin, literals->at(0).end - literals->at(0).begin),
                 QStringLiteral("\"äö😀\""));
        QCOMPARE(literals->at(1).key, QStringLiteral("t.z.q"));
        QCOMPARE(text.mid(literals->at(1).begin, literals->at(1).end - literals->at(1).begin), QStringLiteral("'€'"));
        QCOMPARE(literals->at(3).key, QStringLiteral("t.xs[1]"));
        QCOMPARE(literals->at(3).line, 4);
    }

    void redactHidesEverySecret()
    {
        const auto redacted = ConfigSecrets::redact(config(), {kPostmarkKey});
        QVERIFY(redacted.ok());
        for (const QString &s : {kPostmarkKey, kSesSecret, kApiKey1, kApiKey2, kSmtpPassword, kCsrf})
            QVERIFY2(!redacted->contains(s), qPrintable(s));
        QVERIFY(!redacted->contains(QLatin1String("SENTINEL")));
        QCOMPARE(valueOf(*redacted, QStringLiteral("transports[0].settings.api_key")), QStringLiteral("set"));
        QCOMPARE(valueOf(*redacted, QStringLiteral("transports[1].settings.secret_access_key")), QStringLiteral("set"));
        QCOMPARE(valueOf(*redacted, QStringLiteral("transports[1].settings.session_token")),
                 QStringLiteral("${env.AWS_SESSION_TOKEN}"));
        QCOMPARE(valueOf(*redacted, QStringLiteral("transports[1].settings.access_key_id")),
                 QStringLiteral("AKIDEXAMPLE"));
        QCOMPARE(valueOf(*redacted, QStringLiteral("endpoints[0].api_keys[1]")), QStringLiteral("set #2"));
        QCOMPARE(valueOf(*redacted, QStringLiteral("smtp_listener.smtp_users[1].password")), QStringLiteral("not set"));
        QVERIFY(redacted->contains(QLatin1String("# old key, kept for reference: [REDACTED]")));
        // Everything else is unchanged, comments and layout included.
        QVERIFY(redacted->contains(QLatin1String("[transports.settings]\nregion = \"eu-west-1\"")));
    }

    void restoreRoundTrip()
    {
        const QString redacted = *ConfigSecrets::redact(config());
        const auto restored = ConfigSecrets::restore(redacted, config());
        QVERIFY(restored.ok());
        QCOMPARE(*restored, config());
    }

    void restoreFollowsTablesNotPositions()
    {
        QString edited = *ConfigSecrets::redact(config());
        // Swap the two transports and drop the first API key.
        const qsizetype first = edited.indexOf(QLatin1String("[[transports]]"));
        const qsizetype second = edited.indexOf(QLatin1String("[[transports]]"), first + 1);
        const qsizetype endpoints = edited.indexOf(QLatin1String("[[endpoints]]"));
        edited = edited.left(first) + edited.mid(second, endpoints - second) + edited.mid(first, second - first)
            + edited.mid(endpoints);
        edited.replace(QLatin1String("[\"set #1\", \"set #2\"]"), QLatin1String("[\"set #2\", \"new-key\"]"));
        const auto restored = ConfigSecrets::restore(edited, config());
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().message));
        QCOMPARE(valueOf(*restored, QStringLiteral("transports[1].settings.api_key")), kPostmarkKey);
        QCOMPARE(valueOf(*restored, QStringLiteral("transports[0].settings.secret_access_key")), kSesSecret);
        QCOMPARE(valueOf(*restored, QStringLiteral("endpoints[0].api_keys[0]")), kApiKey2);
        QCOMPARE(valueOf(*restored, QStringLiteral("endpoints[0].api_keys[1]")), QStringLiteral("new-key"));
        QCOMPARE(valueOf(*restored, QStringLiteral("smtp_listener.smtp_users[0].password")), kSmtpPassword);
    }

    void markerWithoutValueIsAnError()
    {
        QString edited = *ConfigSecrets::redact(config());
        edited +=
            QStringLiteral("\n[[transports]]\nname = \"new\"\ntype = \"resend\"\nsettings = { api_key = \"set\" }\n");
        const auto restored = ConfigSecrets::restore(edited, config());
        QVERIFY(!restored.ok());
        QCOMPARE(restored.error().code, QStringLiteral("config.invalid"));
        QCOMPARE(restored.error().details.value(QStringLiteral("key")).toString(),
                 QStringLiteral("transports[2].settings.api_key"));
        const qsizetype at = edited.lastIndexOf(QLatin1String("settings = { api_key"));
        QCOMPARE(restored.error().details.value(QStringLiteral("line")).toInt(), edited.left(at).count(u'\n') + 1);
    }

    void notTomlIsRefusedOrPassedThrough()
    {
        QVERIFY(!ConfigSecrets::redact(QStringLiteral("a = \"SENTINEL")).ok());
        QCOMPARE(*ConfigSecrets::restore(QStringLiteral("a = ["), config()), QStringLiteral("a = ["));
    }
};

QTEST_GUILESS_MAIN(tst_ConfigSecrets)
#include "tst_configsecrets.moc"
