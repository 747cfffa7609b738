// AuthLockout: failures per address, lockout length on the injected clock, bounded memory.

#include "MockClock.h"

#include "ingress/smtp/AuthLockout.h"
#include "ingress/smtp/SmtpLimits.h"

#include <QTest>

using namespace Postrider;
using Postrider::Test::MockClock;

/// \brief Tests of the failed-AUTH lockout.
class tst_AuthLockout : public QObject
{
    Q_OBJECT

private slots:
    void locksAfterMaxFailures();
    void successForgetsFailures();
    void oldFailuresExpire();
    void addressesAreIndependent();
    void memoryIsBoundedAndLockedEntriesSurvive();
};

namespace {
const QHostAddress kA(QStringLiteral("192.0.2.1"));
const QHostAddress kB(QStringLiteral("2001:db8::1"));
} // namespace

void tst_AuthLockout::locksAfterMaxFailures()
{
    MockClock clock;
    AuthLockout l(&clock, 3, 60'000);
    QVERIFY(!l.recordFailure(kA));
    QVERIFY(!l.recordFailure(kA));
    QVERIFY(!l.isLocked(kA));
    QVERIFY(l.recordFailure(kA));
    QVERIFY(l.isLocked(kA));
    clock.advance(59'999);
    QVERIFY(l.isLocked(kA));
    clock.advance(1);
    QVERIFY(!l.isLocked(kA));
    // After a lockout the count starts again.
    QVERIFY(!l.recordFailure(kA));
    QVERIFY(!l.isLocked(kA));
}

void tst_AuthLockout::successForgetsFailures()
{
    MockClock clock;
    AuthLockout l(&clock, 2, 60'000);
    l.recordFailure(kA);
    l.recordSuccess(kA);
    QVERIFY(!l.recordFailure(kA));
    QVERIFY(!l.isLocked(kA));
}

void tst_AuthLockout::oldFailuresExpire()
{
    MockClock clock;
    AuthLockout l(&clock, 2, 60'000);
    l.recordFailure(kA);
    clock.advance(60'000);
    QVERIFY(!l.recordFailure(kA));
    QVERIFY(!l.isLocked(kA));
}

void tst_AuthLockout::addressesAreIndependent()
{
    MockClock clock;
    AuthLockout l(&clock, 1, 60'000);
    QVERIFY(l.recordFailure(kA));
    QVERIFY(l.isLocked(kA));
    QVERIFY(!l.isLocked(kB));
}

void tst_AuthLockout::memoryIsBoundedAndLockedEntriesSurvive()
{
    MockClock clock;
    AuthLockout l(&clock, 2, 600'000);
    l.recordFailure(kA);
    QVERIFY(l.recordFailure(kA));
    // A flood of single failures from fresh addresses (none reaches the lockout) fills the table;
    // the oldest unlocked entries go first, so the locked address is never freed by it.
    for (quint32 i = 0; i < quint32(SmtpLimits::kMaxLockoutEntries) * 2; ++i) {
        clock.advance(1);
        l.recordFailure(QHostAddress(0x0a000000u + i));
        QVERIFY(l.trackedAddresses() <= SmtpLimits::kMaxLockoutEntries);
    }
    QVERIFY(l.isLocked(kA));
}

QTEST_GUILESS_MAIN(tst_AuthLockout)
#include "tst_authlockout.moc"
