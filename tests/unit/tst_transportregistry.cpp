// TransportRegistry builds every HTTP provider type from its settings and refuses bad ones
// (Posthorn registry_test.go and the *_RegisteredAtPackageLoad / BuildError cases).
#include "MockClock.h"
#include "TestData.h"
#include "core/TransportSchema.h"
#include "transport/MailgunTransport.h"
#include "transport/PostmarkTransport.h"
#include "transport/ResendTransport.h"
#include "transport/SesTransport.h"
#include "transport/TransportRegistry.h"

#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {
TransportConfig cfg(const QString &type, const QVariantMap &settings)
{
    TransportConfig c;
    c.name = QStringLiteral("t-") + type;
    c.type = type;
    c.settings = settings;
    return c;
}
const QVariantMap kPostmark = {{"api_key", "pm-key"}};
const QVariantMap kResend = {{"api_key", "re_key"}};
const QVariantMap kMailgun = {{"api_key", "mg-key"}, {"domain", "mg.example.com"}};
const QVariantMap kSes = {{"access_key_id", "AKID"}, {"secret_access_key", "SECRET"}, {"region", "eu-west-1"}};
} // namespace

class tst_TransportRegistry : public QObject
{
    Q_OBJECT
private slots:
    void buildsEachType_data();
    void buildsEachType();
    void rejectsBadSettings_data();
    void rejectsBadSettings();
    void unknownTypeNamesType();
    void knownTypesSortedAndIncludeProviders();
    void buildIsAllOrNothing();
    void caFileAccepted();

private:
    MockClock m_clock;
};

void tst_TransportRegistry::buildsEachType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QVariantMap>("settings");
    QTest::addColumn<QString>("className");
    QTest::newRow("postmark") << "postmark" << kPostmark << "Postrider::PostmarkTransport";
    QTest::newRow("resend") << "resend" << kResend << "Postrider::ResendTransport";
    QTest::newRow("mailgun") << "mailgun" << kMailgun << "Postrider::MailgunTransport";
    QTest::newRow("ses") << "ses" << kSes << "Postrider::SesTransport";
    QVariantMap sesToken = kSes;
    sesToken.insert("session_token", "tok");
    sesToken.insert("configuration_set", "cs");
    QTest::newRow("ses with token") << "ses" << sesToken << "Postrider::SesTransport";
    QVariantMap eu = kMailgun;
    eu.insert("region", "eu");
    QTest::newRow("mailgun eu") << "mailgun" << eu << "Postrider::MailgunTransport";
}

void tst_TransportRegistry::buildsEachType()
{
    QFETCH(QString, type);
    QFETCH(QVariantMap, settings);
    QFETCH(QString, className);
    auto t = TransportRegistry::create(cfg(type, settings), &m_clock, nullptr);
    QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().toString()));
    std::unique_ptr<Transport> owned(*t);
    QCOMPARE(QString::fromLatin1(owned->metaObject()->className()), className);
    QCOMPARE(owned->type(), type);
    QCOMPARE(owned->name(), QStringLiteral("t-") + type);
}

void tst_TransportRegistry::rejectsBadSettings_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QVariantMap>("settings");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("postmark empty") << "postmark" << QVariantMap() << "settings.api_key";
    QTest::newRow("postmark blank key") << "postmark" << QVariantMap{{"api_key", "  "}} << "settings.api_key";
    QTest::newRow("resend empty") << "resend" << QVariantMap() << "settings.api_key";
    QTest::newRow("mailgun no domain") << "mailgun" << QVariantMap{{"api_key", "k"}} << "settings.domain";
    QTest::newRow("mailgun no key") << "mailgun" << QVariantMap{{"domain", "d"}} << "settings.api_key";
    QVariantMap badRegion = kMailgun;
    badRegion.insert("region", "ap");
    QTest::newRow("mailgun region") << "mailgun" << badRegion << "settings.region";
    for (const char *k : {"access_key_id", "secret_access_key", "region"}) {
        QVariantMap s = kSes;
        s.remove(QLatin1String(k));
        QTest::addRow("ses no %s", k) << "ses" << s << QStringLiteral("settings.") + QLatin1String(k);
    }
    QVariantMap sesRegion = kSes;
    sesRegion.insert("region", "eu-west-1.evil.example/");
    QTest::newRow("ses region host injection") << "ses" << sesRegion << "settings.region";
    QVariantMap relative = kPostmark;
    relative.insert("base_url", "api.postmarkapp.com");
    QTest::newRow("base_url not absolute") << "postmark" << relative << "settings.base_url";
    QVariantMap ftp = kResend;
    ftp.insert("base_url", "ftp://example.com");
    QTest::newRow("base_url scheme") << "resend" << ftp << "settings.base_url";
    QVariantMap creds = kResend;
    creds.insert("base_url", "https://user:pw@example.com");
    QTest::newRow("base_url userinfo") << "resend" << creds << "settings.base_url";
    QVariantMap ca = kPostmark;
    ca.insert("ca_file", "/nonexistent/ca.pem");
    QTest::newRow("ca_file missing") << "postmark" << ca << "settings.ca_file";
    QVariantMap notPem = kPostmark;
    notPem.insert("ca_file", dataPath("tls/README.md"));
    QTest::newRow("ca_file not pem") << "postmark" << notPem << "settings.ca_file";
}

void tst_TransportRegistry::rejectsBadSettings()
{
    QFETCH(QString, type);
    QFETCH(QVariantMap, settings);
    QFETCH(QString, mentions);
    auto t = TransportRegistry::create(cfg(type, settings), &m_clock, nullptr);
    QVERIFY(!t.ok());
    QCOMPARE(t.error().code, QStringLiteral("transport.invalid"));
    QVERIFY2(t.error().message.contains(mentions), qPrintable(t.error().message));
    QVERIFY(t.error().message.contains(QStringLiteral("t-") + type));
}

void tst_TransportRegistry::unknownTypeNamesType()
{
    auto t = TransportRegistry::create(cfg("sendgrid", {}), &m_clock, nullptr);
    QVERIFY(!t.ok());
    QVERIFY(t.error().message.contains(QStringLiteral("\"sendgrid\"")));
}

void tst_TransportRegistry::knownTypesSortedAndIncludeProviders()
{
    const QStringList names = transportTypeNames();
    QStringList sorted = names;
    sorted.sort();
    QCOMPARE(names, sorted);
    for (const char *p : {"postmark", "resend", "mailgun", "ses"}) {
        QVERIFY(names.contains(QLatin1String(p)));
        // Every key a transport reads is in the schema, so the config loader accepts it.
        QVERIFY(transportTypeSpec(QString::fromLatin1(p))->setting(QStringLiteral("base_url")));
        QVERIFY(transportTypeSpec(QString::fromLatin1(p))->setting(QStringLiteral("ca_file")));
    }
}

void tst_TransportRegistry::buildIsAllOrNothing()
{
    Config config;
    config.transports = {cfg("postmark", kPostmark), cfg("resend", {})};
    config.transports[1].name = QStringLiteral("broken");
    TransportRegistry registry(&m_clock);
    QVERIFY(!registry.build(config).ok());
    QVERIFY(registry.transports().isEmpty());
    config.transports[1].settings = kResend;
    QVERIFY(registry.build(config).ok());
    QCOMPARE(registry.transports().size(), 2);
    QVERIFY(qobject_cast<ResendTransport *>(registry.transport(QStringLiteral("broken"))));
}

void tst_TransportRegistry::caFileAccepted()
{
    QVariantMap s = kSes;
    s.insert("ca_file", dataPath("tls/ca.pem"));
    auto t = TransportRegistry::create(cfg("ses", s), &m_clock, nullptr);
    QVERIFY(t.ok());
    delete *t;
}

QTEST_GUILESS_MAIN(tst_TransportRegistry)
#include "tst_transportregistry.moc"
