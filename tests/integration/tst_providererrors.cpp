// The shared HTTP behaviour of all four provider transports against FakeHttpProvider: the error
// taxonomy (Posthorn §4.1 + decisions §18), Retry-After, fallback messages, network failures,
// deadlines, TLS, keep-alive, the manager pool and secrets. Data-driven over the providers.
#include "MockClock.h"
#include "TransportTestKit.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "transport/HttpTransport.h"
#include "transport/RetryAfter.h"
#include "transport/TransportRegistry.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

Q_DECLARE_METATYPE(Postrider::Test::FakeProviderRules::Provider)
Q_DECLARE_METATYPE(Postrider::Outcome)

namespace {

const QList<P> kProviders = {P::Postmark, P::Resend, P::Mailgun, P::Ses};

std::unique_ptr<HttpTransport> build(const TransportConfig &config, Clock *clock)
{
    auto t = TransportRegistry::create(config, clock, nullptr);
    if (!t)
        qWarning("%s", qPrintable(t.error().toString()));
    return std::unique_ptr<HttpTransport>(t ? qobject_cast<HttpTransport *>(*t) : nullptr);
}

QString label(P p)
{
    return TransportTestKit::typeName(p);
}

} // namespace

class tst_ProviderErrors : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void status_data();
    void status();
    void fallbackMessages_data();
    void fallbackMessages();
    void retryAfter_data();
    void retryAfter();
    void connectionRefused_data() { providers(); }
    void connectionRefused();
    void hangingServerHitsDeadline_data() { providers(); }
    void hangingServerHitsDeadline();
    void slowAnswerPastDeadline_data() { providers(); }
    void slowAnswerPastDeadline();
    void closeWithoutAnswer_data() { providers(); }
    void closeWithoutAnswer();
    void connectionReset_data() { providers(); }
    void connectionReset();
    void tlsUntrustedCertificateFails_data() { providers(); }
    void tlsUntrustedCertificateFails();
    void tlsWithCaFileSucceeds_data() { providers(); }
    void tlsWithCaFileSucceeds();
    void responseBodyCapped_data() { providers(); }
    void responseBodyCapped();
    void responseCapIsExact();
    void keepAliveReusesConnection_data() { providers(); }
    void keepAliveReusesConnection();
    void secretsNeverInUrlBodyOrResult_data() { providers(); }
    void secretsNeverInUrlBodyOrResult();
    void poolPassesSixConnectionsPerHost();
    void destroyedTransportNeverCalls();
    void retryAfterParsing_data();
    void retryAfterParsing();
    void informationalStatusIsUnexpected_data() { providers(); }
    void informationalStatusIsUnexpected();

private:
    void providers();
    std::unique_ptr<FakeHttpProvider> fake(P provider, FakeHttpProvider::Mode mode = FakeHttpProvider::Mode::Http);
    MockClock m_clock;
};

void tst_ProviderErrors::initTestCase()
{
    qRegisterMetaType<P>();
}

void tst_ProviderErrors::providers()
{
    QTest::addColumn<P>("provider");
    for (P p : kProviders)
        QTest::newRow(qPrintable(label(p))) << p;
}

std::unique_ptr<FakeHttpProvider> tst_ProviderErrors::fake(P provider, FakeHttpProvider::Mode mode)
{
    auto f = std::make_unique<FakeHttpProvider>();
    if (!f->start(mode))
        return nullptr;
    FakeProviderRules::install(*f, provider, TransportTestKit::credentials());
    return f;
}

void tst_ProviderErrors::status_data()
{
    QTest::addColumn<P>("provider");
    QTest::addColumn<int>("status");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<bool>("unexpected");
    for (P p : kProviders) {
        const QString n = label(p);
        for (int s : {400, 401, 403, 404, 409, 413, 422})
            QTest::addRow("%s %d", qPrintable(n), s) << p << s << Outcome::Terminal << false;
        QTest::addRow("%s 429", qPrintable(n)) << p << 429 << Outcome::RateLimited << false;
        for (int s : {500, 502, 503, 504})
            QTest::addRow("%s %d", qPrintable(n), s) << p << s << Outcome::Transient << false;
        for (int s : {300, 301, 302, 304})
            QTest::addRow("%s %d", qPrintable(n), s) << p << s << Outcome::Terminal << true;
        // Unlisted 2xx: terminal everywhere but Resend, where any 2xx is success (decisions §18).
        for (int s : {201, 204}) {
            const bool resend = p == P::Resend;
            QTest::addRow("%s %d", qPrintable(n), s)
                << p << s << (resend ? Outcome::Sent : Outcome::Terminal) << !resend;
        }
        if (p != P::Postmark)
            QTest::addRow("%s 202", qPrintable(n))
                << p << 202 << (p == P::Resend ? Outcome::Sent : Outcome::Terminal) << (p != P::Resend);
    }
}

void tst_ProviderErrors::status()
{
    QFETCH(P, provider);
    QFETCH(int, status);
    QFETCH(Outcome, outcome);
    QFETCH(bool, unexpected);
    auto f = fake(provider);
    QVERIFY(f);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    QVERIFY(t);
    FakeHttpResponse answer = FakeProviderRules::error(provider, status, QStringLiteral("upstream says no"), {});
    if (status == 301 || status == 302)
        answer.headers.append({"Location", f->baseUrl().toString().toLatin1() + "/elsewhere"});
    f->enqueue(answer);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, outcome);
    QCOMPARE(r.status, status);
    QCOMPARE(f->requestCount(), 1); // redirects are never followed
    QVERIFY2(f->problems().isEmpty(), qPrintable(f->problems().join(u'\n')));
    if (unexpected)
        QCOMPARE(r.message, QStringLiteral("unexpected %1 status %2").arg(label(provider)).arg(status));
    else if (outcome != Outcome::Sent)
        QCOMPARE(r.message, QStringLiteral("upstream says no"));
    if (provider == P::Ses && outcome != Outcome::Sent && !unexpected)
        QCOMPARE(r.errorCode, QStringLiteral("BadRequestException"));
    if (provider == P::Resend && outcome != Outcome::Sent && !unexpected)
        QCOMPARE(r.errorCode, QStringLiteral("validation_error"));
}

void tst_ProviderErrors::fallbackMessages_data()
{
    QTest::addColumn<P>("provider");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("suffix");
    for (P p : kProviders) {
        for (const QByteArray &body : {QByteArray("<html>oops</html>"), QByteArray("{}"), QByteArray()}) {
            QTest::addRow("%s 429 %s", qPrintable(label(p)), body.constData()) << p << 429 << body << " rate limit";
            QTest::addRow("%s 503 %s", qPrintable(label(p)), body.constData()) << p << 503 << body << " server error";
            QTest::addRow("%s 400 %s", qPrintable(label(p)), body.constData())
                << p << 400 << body << " rejected request";
        }
    }
}

void tst_ProviderErrors::fallbackMessages()
{
    QFETCH(P, provider);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, suffix);
    auto f = fake(provider);
    QVERIFY(f);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    f->enqueue(FakeHttpResponse::text(status, body));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, label(provider) + suffix);
    QCOMPARE(r.status, status);
}

void tst_ProviderErrors::retryAfter_data()
{
    QTest::addColumn<P>("provider");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expectedMs");
    const QDateTime now = MockClock().now();
    for (P p : kProviders) {
        const QByteArray name = label(p).toUtf8();
        const char *n = name.constData();
        QTest::addRow("%s 429 none", n) << p << 429 << QByteArray() << qint64(-1);
        QTest::addRow("%s 429 seconds", n) << p << 429 << QByteArray("7") << qint64(7000);
        QTest::addRow("%s 429 zero", n) << p << 429 << QByteArray("0") << qint64(0);
        QTest::addRow("%s 429 http-date", n) << p << 429 << formatHttpDate(now.addSecs(30)) << qint64(30000);
        QTest::addRow("%s 429 past date", n) << p << 429 << formatHttpDate(now.addSecs(-30)) << qint64(0);
        QTest::addRow("%s 429 garbage", n) << p << 429 << QByteArray("soon") << qint64(-1);
        QTest::addRow("%s 503 seconds", n) << p << 503 << QByteArray("120") << qint64(120000);
    }
}

void tst_ProviderErrors::retryAfter()
{
    QFETCH(P, provider);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(qint64, expectedMs);
    auto f = fake(provider);
    QVERIFY(f);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    FakeHttpResponse answer = FakeProviderRules::error(provider, status, QStringLiteral("slow down"));
    if (!header.isEmpty())
        answer.headers.append({"Retry-After", header});
    f->enqueue(answer);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, status == 429 ? Outcome::RateLimited : Outcome::Transient);
    QCOMPARE(r.retryAfterMs, expectedMs);
}

void tst_ProviderErrors::connectionRefused()
{
    QFETCH(P, provider);
    QUrl dead;
    {
        FakeHttpProvider f; // bind a port, then free it: nothing listens there any more
        QVERIFY(f.start());
        dead = f.baseUrl();
    }
    auto t = build(TransportTestKit::config(provider, dead), &m_clock);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.status, 0);
    QCOMPARE(r.errorCode, QStringLiteral("connection_refused"));
    QVERIFY(r.message.startsWith(label(provider) + QStringLiteral(" network error: ")));
}

void tst_ProviderErrors::hangingServerHitsDeadline()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    f->enqueue(FakeHttpResponse::withAction(FakeHttpResponse::Action::Hang));
    auto t = build(TransportTestKit::config(provider, f->baseUrl(), {}, 200), &m_clock);
    QElapsedTimer timer;
    timer.start();
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage(), {}, 5000);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("timeout"));
    QCOMPARE(r.message, QStringLiteral("%1 request timed out after 200 ms").arg(label(provider)));
    QVERIFY2(timer.elapsed() >= 190 && timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void tst_ProviderErrors::slowAnswerPastDeadline()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    FakeHttpResponse late = FakeProviderRules::success(provider, 1);
    late.delayMs = 1500;
    f->enqueue(late);
    auto t = build(TransportTestKit::config(provider, f->baseUrl(), {}, 200), &m_clock);
    int callbacks = 0;
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage(), {}, 5000, &callbacks);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("timeout"));
    QCOMPARE(callbacks, 1);
}

void tst_ProviderErrors::closeWithoutAnswer()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    // Qt retries a request once by itself when a connection closes before any answer; make
    // every try close so the attempt has to fail.
    f->setHandler([](const FakeHttpRequest &, const QStringList &) {
        return FakeHttpResponse::withAction(FakeHttpResponse::Action::CloseWithoutAnswer);
    });
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    SendOptions opts;
    opts.idempotencyKey = QStringLiteral("submission-1");
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage(), opts);
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.status, 0);
    QCOMPARE(r.errorCode, QStringLiteral("connection_closed"));
    // Qt 6.4 silently re-sends a request once when the connection closes before any answer
    // (QHttpNetworkConnectionChannel's reconnect attempt), even a POST: a provider that processed
    // the first copy may send twice. Only Resend's Idempotency-Key makes that harmless.
    QVERIFY2(f->requestCount() >= 1 && f->requestCount() <= 2, qPrintable(QString::number(f->requestCount())));
    if (provider == P::Resend && f->requestCount() == 2)
        QCOMPARE(f->requests()[0].header("Idempotency-Key"), f->requests()[1].header("Idempotency-Key"));
}

void tst_ProviderErrors::connectionReset()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    f->setHandler([](const FakeHttpRequest &, const QStringList &) {
        return FakeHttpResponse::withAction(FakeHttpResponse::Action::Reset);
    });
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.status, 0);
    QVERIFY(r.message.startsWith(label(provider) + QStringLiteral(" network error: ")));
}

void tst_ProviderErrors::tlsUntrustedCertificateFails()
{
    QFETCH(P, provider);
    auto f = fake(provider, FakeHttpProvider::Mode::Https);
    QVERIFY(f);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.errorCode, QStringLiteral("tls_handshake_failed"));
    QVERIFY2(r.message.startsWith(label(provider) + QStringLiteral(" TLS handshake failed: ")), qPrintable(r.message));
    QCOMPARE(f->requestCount(), 0); // nothing was sent over the untrusted connection
}

void tst_ProviderErrors::tlsWithCaFileSucceeds()
{
    QFETCH(P, provider);
    auto f = fake(provider, FakeHttpProvider::Mode::Https);
    QVERIFY(f);
    auto t = build(
        TransportTestKit::config(provider, f->baseUrl(), {{QStringLiteral("ca_file"), FakeHttpProvider::caFile()}}),
        &m_clock);
    QVERIFY(t);
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::fullMessage());
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.messageId, FakeProviderRules::messageId(provider, 1));
    QVERIFY2(f->problems().isEmpty(), qPrintable(f->problems().join(u'\n')));
}

void tst_ProviderErrors::responseBodyCapped()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    // A JSON error larger than the cap cannot be parsed once cut: the fallback text is used.
    const QByteArray huge = R"({"message":")" + QByteArray(1 << 20, 'x') + R"(","Message":"x"})";
    f->enqueue(FakeHttpResponse::json(500, huge));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.outcome, Outcome::Transient);
    QCOMPARE(r.message, label(provider) + QStringLiteral(" server error"));
    QVERIFY(r.message.size() < 100);
    // The oversized body was drained, so the same connection carries the next request.
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QVERIFY(r.ok());
    QCOMPARE(f->connectionCount(), 1);
}

void tst_ProviderErrors::responseCapIsExact()
{
    // An error body of exactly kMaxResponseBytes is read whole (its message parses); one byte
    // more is cut, so the JSON no longer parses and the fallback text is used.
    auto f = fake(P::Mailgun);
    auto t = build(TransportTestKit::config(P::Mailgun, f->baseUrl()), &m_clock);
    const QByteArray head = R"({"message":")";
    const QByteArray tail = R"("})";
    const QByteArray atLimit =
        head + QByteArray(HttpTransport::kMaxResponseBytes - head.size() - tail.size(), 'm') + tail;
    QCOMPARE(atLimit.size(), HttpTransport::kMaxResponseBytes);
    f->enqueue(FakeHttpResponse::json(400, atLimit));
    SendResult r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    // Parsed, then cut to the message limit.
    QCOMPARE(r.message, QString(HttpTransport::kMaxErrorMessageChars, u'm') + QChar(0x2026));
    const QByteArray overLimit =
        head + QByteArray(HttpTransport::kMaxResponseBytes - head.size() - tail.size() + 1, 'm') + tail;
    f->enqueue(FakeHttpResponse::json(400, overLimit));
    r = TransportTestKit::send(*t, TransportTestKit::minimalMessage());
    QCOMPARE(r.message, QStringLiteral("mailgun rejected request"));
}

void tst_ProviderErrors::keepAliveReusesConnection()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    for (int i = 0; i < 5; ++i)
        QVERIFY(TransportTestKit::send(*t, TransportTestKit::minimalMessage()).ok());
    QCOMPARE(f->requestCount(), 5);
    QCOMPARE(f->connectionCount(), 1);
    QVERIFY(f->problems().isEmpty());
}

void tst_ProviderErrors::secretsNeverInUrlBodyOrResult()
{
    QFETCH(P, provider);
    auto f = fake(provider);
    auto t = build(TransportTestKit::config(provider, f->baseUrl()), &m_clock);
    const auto cr = TransportTestKit::credentials();
    const QByteArray secret = (provider == P::Ses ? cr.secretAccessKey : cr.apiKey).toUtf8();
    // An upstream error that echoes the secret back.
    f->enqueue(FakeProviderRules::error(provider, 400, QStringLiteral("bad credential ") + QString::fromUtf8(secret)));
    const SendResult r = TransportTestKit::send(*t, TransportTestKit::fullMessage());
    QCOMPARE(r.outcome, Outcome::Terminal);
    QVERIFY2(!r.describe().contains(QString::fromUtf8(secret)), qPrintable(r.describe()));
    QVERIFY(r.message.contains(QStringLiteral("[REDACTED]")));
    const FakeHttpRequest req = f->lastRequest();
    QVERIFY(!req.target.contains(secret));
    QVERIFY(!req.body.contains(secret));
    QVERIFY(!req.body.contains(secret.toBase64()));
    for (const auto &h : req.headers) {
        if (provider == P::Ses)
            QVERIFY2(!h.second.contains(secret), h.first.constData()); // SigV4 sends only a signature
        else if (h.second.contains(secret) || h.second.contains(("api:" + secret).toBase64()))
            QVERIFY2(h.first == "X-Postmark-Server-Token" || h.first == "Authorization", h.first.constData());
    }
}

void tst_ProviderErrors::poolPassesSixConnectionsPerHost()
{
    // Qt 6.4 opens at most 6 HTTP/1.1 connections per host and manager; with max_concurrency 24
    // the transport keeps 4 managers, so 24 slow requests run at once on more than 6 connections.
    auto f = fake(P::Postmark);
    f->setHandler([](const FakeHttpRequest &, const QStringList &) {
        FakeHttpResponse r = FakeProviderRules::success(P::Postmark, 1);
        r.delayMs = 300;
        return r;
    });
    TransportConfig c = TransportTestKit::config(P::Postmark, f->baseUrl());
    c.maxConcurrency = 24;
    auto t = build(c, Clock::system());
    QCOMPARE(t->managerCount(), 4);
    int done = 0;
    for (int i = 0; i < 24; ++i)
        t->send(TransportTestKit::minimalMessage(), {}, [&done](const SendResult &r) { done += r.ok() ? 1 : 1000; });
    QCOMPARE(t->inFlight(), 24);
    QTRY_COMPARE_WITH_TIMEOUT(done, 24, 5000);
    QVERIFY2(f->connectionCount() > 6, qPrintable(QString::number(f->connectionCount())));
    QCOMPARE(t->inFlight(), 0);
}

void tst_ProviderErrors::destroyedTransportNeverCalls()
{
    auto f = fake(P::Resend);
    f->enqueue(FakeHttpResponse::withAction(FakeHttpResponse::Action::Hang));
    auto t = build(TransportTestKit::config(P::Resend, f->baseUrl(), {}, 300), &m_clock);
    bool called = false;
    t->send(TransportTestKit::minimalMessage(), {}, [&called](const SendResult &) { called = true; });
    QTRY_COMPARE_WITH_TIMEOUT(f->requestCount(), 1, 5000);
    t.reset();
    QTest::qWait(500); // past the transport's own deadline: nothing may fire
    QVERIFY(!called);
}

void tst_ProviderErrors::retryAfterParsing_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("seconds padded") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("imf-fixdate") << QByteArray("Mon, 15 Jan 2024 12:00:10 GMT") << qint64(10000);
    QTest::newRow("rfc850") << QByteArray("Monday, 15-Jan-24 12:01:00 GMT") << qint64(60000);
    QTest::newRow("asctime") << QByteArray("Mon Jan 15 12:00:05 2024") << qint64(5000);
    QTest::newRow("past") << QByteArray("Sun, 14 Jan 2024 12:00:00 GMT") << qint64(0);
    QTest::newRow("capped") << QByteArray("99999999999") << kMaxRetryAfterMs;
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("bad month") << QByteArray("Mon, 15 Foo 2024 12:00:10 GMT") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void tst_ProviderErrors::retryAfterParsing()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, ms);
    QCOMPARE(parseRetryAfterMs(value, MockClock().now()), ms);
}

void tst_ProviderErrors::informationalStatusIsUnexpected()
{
    // A final 1xx cannot arrive through Qt (it consumes interim answers), so the classifier is
    // driven directly: any status outside the provider's success set below 400 is terminal.
    QFETCH(P, provider);
    auto t = build(TransportTestKit::config(provider, QUrl(QStringLiteral("http://127.0.0.1:9"))), &m_clock);
    for (int status : {100, 101, 103, 199}) {
        const SendResult r = t->classifyResponse(status, {}, QByteArray("{}"));
        QCOMPARE(r.outcome, Outcome::Terminal);
        QCOMPARE(r.status, status);
        QCOMPARE(r.message, QStringLiteral("unexpected %1 status %2").arg(label(provider)).arg(status));
    }
}

QTEST_GUILESS_MAIN(tst_ProviderErrors)
#include "tst_providererrors.moc"
