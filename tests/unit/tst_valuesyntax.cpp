// Durations, sizes, CIDRs, trusted-proxy presets and origins.

#include "core/ValueSyntax.h"

#include <QTest>

using namespace Postrider;
using namespace std::chrono_literals;

class tst_ValueSyntax : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns"); // -1 = error
        QTest::newRow("0") << "0" << qint64(0);
        QTest::newRow("300ms") << "300ms" << qint64(300'000'000);
        QTest::newRow("30s") << "30s" << qint64(30'000'000'000);
        QTest::newRow("1m") << "1m" << qint64(60'000'000'000);
        QTest::newRow("1h30m") << "1h30m" << qint64(5400'000'000'000);
        QTest::newRow("1.5s") << "1.5s" << qint64(1'500'000'000);
        QTest::newRow("us") << "250us" << qint64(250'000);
        QTest::newRow("µs") << "250µs" << qint64(250'000);
        QTest::newRow("ns") << "7ns" << qint64(7);
        QTest::newRow("negative") << "-1m" << qint64(-60'000'000'000);
        QTest::newRow("days (Postrider)") << "30d" << qint64(30LL * 86400 * 1'000'000'000);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("bad unit") << "3w" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("garbage") << "soon" << qint64(-1);
        QTest::newRow("lone dot") << ".s" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto r = parseDuration(text);
        if (ns == -1 && text != QLatin1String("-1ns")) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("value.duration"));
            return;
        }
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->count(), ns);
    }
    void formatDurations()
    {
        QCOMPARE(formatDuration(1h + 30min), QStringLiteral("1h30m0s"));
        QCOMPARE(formatDuration(300ms), QStringLiteral("300ms"));
        QCOMPARE(formatDuration(0s), QStringLiteral("0s"));
        QCOMPARE(formatDuration(90s), QStringLiteral("1m30s"));
    }

    // Posthorn's TestParseSize / TestParseSize_Invalid
    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes"); // -1 = error
        QTest::newRow("empty = default") << "" << qint64(1 << 20);
        QTest::newRow("500") << "500" << qint64(500);
        QTest::newRow("500B") << "500B" << qint64(500);
        QTest::newRow("32KB") << "32KB" << qint64(32 << 10);
        QTest::newRow("1MB") << "1MB" << qint64(1 << 20);
        QTest::newRow("2GB") << "2GB" << (qint64(2) << 30);
        QTest::newRow("spaces") << "  10MB " << qint64(10 << 20);
        QTest::newRow("lowercase") << "10mb" << qint64(10 << 20);
        QTest::newRow("mixed case") << "10Kb" << qint64(10 << 10);
        QTest::newRow("0") << "0" << qint64(0);
        QTest::newRow("0KB") << "0KB" << qint64(0);
        QTest::newRow("abc") << "abc" << qint64(-1);
        QTest::newRow("5XB") << "5XB" << qint64(-1);
        QTest::newRow("K") << "K" << qint64(-1);
        QTest::newRow("-100") << "-100" << qint64(-1);
        QTest::newRow("-100KB") << "-100KB" << qint64(-1);
        QTest::newRow("decimal") << "1.5MB" << qint64(-1);
    }
    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto r = parseSize(text, 1 << 20);
        QCOMPARE(r.ok(), bytes >= 0);
        if (bytes >= 0)
            QCOMPARE(*r, bytes);
    }

    void cidrsAndPresets()
    {
        QVERIFY(parseCidr(u"10.0.0.0/8").ok());
        QVERIFY(parseCidr(u"2001:db8::/32").ok());
        QVERIFY(!parseCidr(u"10.0.0.1").ok()); // a prefix length is required
        QVERIFY(!parseCidr(u"not-a-cidr").ok());
        QVERIFY(parseCidr(u"10.0.0.0/8")->contains(QHostAddress(QStringLiteral("10.1.2.3"))));
        QVERIFY(!parseCidr(u"10.0.0.0/8")->contains(QHostAddress(QStringLiteral("11.1.2.3"))));
        const auto cf = trustedProxyPreset(u"cloudflare");
        QCOMPARE(cf.size(), 22);
        bool found = false;
        for (const IpRange &r : cf)
            found = found || r.contains(QHostAddress(QStringLiteral("173.245.48.1")));
        QVERIFY(found);
        QVERIFY(trustedProxyPreset(u"aws-elb").isEmpty());
        QVERIFY(isTrustedProxyPreset(u"gcp-lb"));
        QVERIFY(!isTrustedProxyPreset(u"Cloudflare")); // case-sensitive, as Posthorn
    }

    void origins_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "https://example.com"
                               << "https://example.com";
        QTest::newRow("case") << "HTTPS://EXAMPLE.COM"
                              << "https://example.com";
        QTest::newRow("trailing slash") << "https://example.com/"
                                        << "https://example.com";
        QTest::newRow("path") << "https://example.com/contact-form?x=1"
                              << "https://example.com";
        QTest::newRow("port kept") << "https://example.com:8443"
                                   << "https://example.com:8443";
        QTest::newRow("default port kept") << "https://x:443"
                                           << "https://x:443";
        QTest::newRow("null") << "null"
                              << "";
        QTest::newRow("no scheme") << "example.com"
                                   << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void origins()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(normalizeOrigin(in), out);
    }
};

QTEST_GUILESS_MAIN(tst_ValueSyntax)
#include "tst_valuesyntax.moc"
