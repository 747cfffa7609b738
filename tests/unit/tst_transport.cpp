// The Transport value types (Posthorn transport_test.go: class labels and the error format).
#include "core/Logging.h"
#include "transport/Transport.h"

#include <QTest>

using namespace Postrider;

class tst_Transport : public QObject
{
    Q_OBJECT
private slots:
    void outcomeNames();
    void describeFormat();
    void describeOmitsZeroStatus();
    void failureRedactsSecrets();
};

void tst_Transport::outcomeNames()
{
    QCOMPARE(outcomeName(Outcome::Sent), QStringLiteral("sent"));
    QCOMPARE(outcomeName(Outcome::Transient), QStringLiteral("transient"));
    QCOMPARE(outcomeName(Outcome::RateLimited), QStringLiteral("rate_limited"));
    QCOMPARE(outcomeName(Outcome::Terminal), QStringLiteral("terminal"));
}

void tst_Transport::describeFormat()
{
    const SendResult r =
        SendResult::failure(Outcome::Terminal, QStringLiteral("bad address"), 422, QStringLiteral("300"));
    QCOMPARE(r.describe(), QStringLiteral("bad address (class=terminal status=422 code=300)"));
}

void tst_Transport::describeOmitsZeroStatus()
{
    const SendResult r = SendResult::failure(Outcome::Transient, QStringLiteral("postmark network error: refused"));
    QCOMPARE(r.describe(), QStringLiteral("postmark network error: refused (class=transient)"));
    QVERIFY(!r.describe().contains(QStringLiteral("status=")));
}

void tst_Transport::failureRedactsSecrets()
{
    Log::addSecret(QStringLiteral("sk_live_abcdef"));
    const SendResult r = SendResult::failure(Outcome::Terminal, QStringLiteral("key sk_live_abcdef rejected"), 401);
    QCOMPARE(r.message, QStringLiteral("key [REDACTED] rejected"));
    Log::clearSecrets();
}

QTEST_GUILESS_MAIN(tst_Transport)
#include "tst_transport.moc"
