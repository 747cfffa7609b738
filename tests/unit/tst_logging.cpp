// JSON-lines logging: Posthorn's shape, field order, redaction, level filtering.

#include "core/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;

Q_LOGGING_CATEGORY(lcTest, "postrider.test")

class tst_Logging : public QObject
{
    Q_OBJECT
    QList<QByteArray> m_lines;

private Q_SLOTS:
    void initTestCase()
    {
        Log::install(Log::Format::Json, Log::Level::Info);
        Log::setStdoutEnabled(false);
        Log::setSink([this](const QByteArray &l) { m_lines.append(l); });
    }
    void init()
    {
        m_lines.clear();
        Log::clearSecrets();
        Log::setFormat(Log::Format::Json);
        Log::setMinimumLevel(Log::Level::Info);
    }

    void eventShapeAndOrder()
    {
        Log::info(lcTest, QStringLiteral("submission_sent"),
                  {{QStringLiteral("submission_id"), QStringLiteral("abc")},
                   {QStringLiteral("latency_ms"), 12},
                   {QStringLiteral("ratio"), 0.5},
                   {QStringLiteral("ok"), true}});
        QCOMPARE(m_lines.size(), 1);
        const QByteArray line = m_lines[0];
        QVERIFY2(line.startsWith("{\"time\":\""), line.constData());
        QVERIFY(line.contains("\",\"level\":\"INFO\",\"msg\":\"submission_sent\",\"submission_id\":\"abc\","
                              "\"latency_ms\":12,\"ratio\":0.5,\"ok\":true}"));
        const auto doc = QJsonDocument::fromJson(line);
        QVERIFY(doc.isObject());
        const QDateTime t =
            QDateTime::fromString(doc.object().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        QVERIFY(t.isValid());
    }

    void levelsAndFiltering()
    {
        Log::warn(lcTest, QStringLiteral("w"));
        Log::error(lcTest, QStringLiteral("e"));
        Log::debug(lcTest, QStringLiteral("d")); // below the minimum
        QCOMPARE(m_lines.size(), 2);
        QVERIFY(m_lines[0].contains("\"level\":\"WARN\""));
        QVERIFY(m_lines[1].contains("\"level\":\"ERROR\""));
        Log::setMinimumLevel(Log::Level::Error);
        Log::warn(lcTest, QStringLiteral("w2"));
        QCOMPARE(m_lines.size(), 2);
    }

    void plainQtMessagesBecomeJson()
    {
        qCWarning(lcTest) << "plain text with \"quotes\"";
        QCOMPARE(m_lines.size(), 1);
        const QJsonObject o = QJsonDocument::fromJson(m_lines[0]).object();
        QCOMPARE(o.value(QStringLiteral("level")).toString(), QStringLiteral("WARN"));
        QCOMPARE(o.value(QStringLiteral("msg")).toString(), QStringLiteral("plain text with \"quotes\""));
        QCOMPARE(o.value(QStringLiteral("category")).toString(), QStringLiteral("postrider.test"));
    }

    void secretsAreRedactedEverywhere()
    {
        const QString secret = QStringLiteral("pm-SENTINEL-7f3a9");
        Log::addSecret(secret);
        Log::info(lcTest, QStringLiteral("event with ") + secret,
                  {{QStringLiteral("error"), QStringLiteral("401 for key ") + secret},
                   {QStringLiteral("nested"), QJsonObject{{QStringLiteral("x"), secret}}},
                   {QStringLiteral("password"), QStringLiteral("not registered but secret by name")},
                   {QStringLiteral("api_key"), QStringLiteral("also by name")}});
        qCWarning(lcTest) << "plain" << secret;
        QCOMPARE(m_lines.size(), 2);
        for (const QByteArray &l : std::as_const(m_lines)) {
            QVERIFY2(!l.contains(secret.toUtf8()), l.constData());
            QVERIFY(l.contains("[REDACTED]"));
        }
        QVERIFY(!m_lines[0].contains("not registered"));
        QVERIFY(!m_lines[0].contains("also by name"));
        QCOMPARE(Log::redact(QStringLiteral("x") + secret), QStringLiteral("x[REDACTED]"));
        Log::addSecret(QStringLiteral("abc")); // too short to redact safely: ignored
        QCOMPARE(Log::redact(QStringLiteral("abc")), QStringLiteral("abc"));
    }

    void controlCharactersAreEscaped()
    {
        Log::info(lcTest, QStringLiteral("x"), {{QStringLiteral("v"), QStringLiteral("a\nb\r\x01\"\\")}});
        QVERIFY(m_lines[0].contains("\"v\":\"a\\nb\\r\\u0001\\\"\\\\\""));
        QVERIFY(QJsonDocument::fromJson(m_lines[0]).isObject());
    }

    void textFormat()
    {
        Log::setFormat(Log::Format::Text);
        Log::info(
            lcTest, QStringLiteral("smtp_auth_ok"),
            {{QStringLiteral("user"), QStringLiteral("ghost")}, {QStringLiteral("note"), QStringLiteral("two words")}});
        QVERIFY2(m_lines[0].contains(" INFO smtp_auth_ok user=ghost note=\"two words\""), m_lines[0].constData());
    }
};

QTEST_GUILESS_MAIN(tst_Logging)
#include "tst_logging.moc"
