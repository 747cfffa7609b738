// The fake itself: HTTP/1.1 framing (Content-Length, chunked, keep-alive, pipelining), scripted
// answers, and that FakeProviderRules really rejects what the providers would reject (so the
// transport tests that rely on "no problems" can fail).
#include "FakeProviderRules.h"
#include "TransportTestKit.h"
#include "transport/SigV4Signer.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;
using P = FakeProviderRules::Provider;

namespace {

/// Writes raw bytes and collects what comes back until `responses` complete answers arrived.
QByteArray exchange(quint16 port, const QByteArray &raw, int responses)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    QByteArray in;
    QObject::connect(&s, &QTcpSocket::readyRead, [&] { in += s.readAll(); });
    s.write(raw);
    if (!QTest::qWaitFor([&] { return in.count("HTTP/1.1 ") >= responses && in.endsWith("}"); }, 5000))
        qWarning("no complete answer within 5 s");
    return in;
}

FakeHttpRequest jsonRequest(const QByteArray &path, const QByteArray &body, FakeHeaderList headers)
{
    FakeHttpRequest r;
    r.method = "POST";
    r.path = r.target = path;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return r;
}

bool mentions(const QStringList &problems, const QString &text)
{
    return problems.join(u'\n').contains(text);
}

} // namespace

class tst_FakeHttpProvider : public QObject
{
    Q_OBJECT
private slots:
    void contentLengthAndKeepAlive();
    void chunkedRequestBody();
    void pipelinedRequestsAnsweredInOrder();
    void queueThenHandlerThenDefault();
    void multipartParsing();
    void postmarkRulesReject();
    void resendRulesReject();
    void mailgunRulesReject();
    void sesRulesRecomputeSignature();
};

void tst_FakeHttpProvider::contentLengthAndKeepAlive()
{
    FakeHttpProvider f;
    QVERIFY(f.start());
    QSignalSpy spy(&f, &FakeHttpProvider::requestReceived);
    const QByteArray req = "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-Two: a\r\nX-Two: b\r\n\r\nhello";
    const QByteArray out = exchange(f.port(), req + req, 2);
    QCOMPARE(out.count("HTTP/1.1 200 OK"), 2);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(f.connectionCount(), 1);
    const FakeHttpRequest r = f.requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QByteArray("/a"));
    QCOMPARE(r.query, QByteArray("x=1"));
    QCOMPARE(r.body, QByteArray("hello"));
    QCOMPARE(r.headerValues("x-two"), (QList<QByteArray>{"a", "b"}));
    QVERIFY(!r.chunked);
}

void tst_FakeHttpProvider::chunkedRequestBody()
{
    FakeHttpProvider f;
    QVERIFY(f.start());
    const QByteArray req = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
    exchange(f.port(), req, 1);
    QCOMPARE(f.requestCount(), 1);
    QCOMPARE(f.lastRequest().body, QByteArray("hello, world"));
    QVERIFY(f.lastRequest().chunked);
}

void tst_FakeHttpProvider::pipelinedRequestsAnsweredInOrder()
{
    FakeHttpProvider f;
    QVERIFY(f.start());
    FakeHttpResponse slow = FakeHttpResponse::json(201, R"({"n":1})");
    slow.delayMs = 100;
    f.enqueue(slow);
    f.enqueue(FakeHttpResponse::json(202, R"({"n":2})"));
    const QByteArray req = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    const QByteArray out = exchange(f.port(), req + req, 2);
    QVERIFY(out.indexOf("201") < out.indexOf("202"));
    QVERIFY(out.indexOf("202") > 0);
}

void tst_FakeHttpProvider::queueThenHandlerThenDefault()
{
    FakeHttpProvider f;
    QVERIFY(f.start());
    f.enqueue(FakeHttpResponse::json(418, "{}"));
    QVERIFY(exchange(f.port(), "GET / HTTP/1.1\r\n\r\n", 1).startsWith("HTTP/1.1 418"));
    QVERIFY(exchange(f.port(), "GET / HTTP/1.1\r\n\r\n", 1).startsWith("HTTP/1.1 200"));
    f.setHandler([](const FakeHttpRequest &, const QStringList &) { return FakeHttpResponse::json(503, "{}"); });
    QVERIFY(exchange(f.port(), "GET / HTTP/1.1\r\n\r\n", 1).startsWith("HTTP/1.1 503"));
}

void tst_FakeHttpProvider::multipartParsing()
{
    FakeHttpRequest r;
    r.headers = {{"Content-Type", "multipart/form-data; boundary=\"XyZ\""}};
    r.body = "--XyZ\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\na@b\r\n"
             "--XyZ\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a \\\"q\\\".txt\"\r\n"
             "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
    const auto parts = r.parts();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].name, QByteArray("to"));
    QCOMPARE(parts[0].body, QByteArray("a@b"));
    QVERIFY(!parts[0].hasFilename);
    QCOMPARE(parts[1].filename, QByteArray("a \"q\".txt"));
    QCOMPARE(parts[1].contentType, QByteArray("text/plain"));
    QCOMPARE(parts[1].body, QByteArray("line1\r\nline2"));
    r.body.chop(9); // no close delimiter: malformed
    QVERIFY(r.parts().isEmpty());
}

void tst_FakeHttpProvider::postmarkRulesReject()
{
    const auto cr = TransportTestKit::credentials();
    const FakeHeaderList auth = {{"X-Postmark-Server-Token", cr.apiKey.toUtf8()}};
    auto check = [&](const FakeHttpRequest &r) { return FakeProviderRules::check(P::Postmark, cr, r); };
    QVERIFY(check(jsonRequest("/email", R"({"From":"a@b","To":"c@d","TextBody":"x"})", auth)).isEmpty());
    QVERIFY(mentions(check(jsonRequest("/email", R"({"From":"a@b","To":"c@d","TextBody":"x"})", {})), "auth:"));
    QVERIFY(mentions(check(jsonRequest("/email", R"({"From":"a@b","To":"c@d","TextBody":"x","Bogus":1})", auth)),
                     "unknown field \"Bogus\""));
    QVERIFY(mentions(check(jsonRequest("/email", R"({"From":"a@b","To":["c@d"],"TextBody":"x"})", auth)),
                     "To: must be a string"));
    QVERIFY(mentions(check(jsonRequest("/email", R"({"From":"a@b","To":"c@d"})", auth)), "TextBody or HtmlBody"));
    QVERIFY(mentions(check(jsonRequest("/email",
                                       R"({"From":"a@b","To":"c@d","TextBody":"x","Attachments":[{"Name":"n",)"
                                       R"("Content":"***","ContentType":"t","ContentID":"x"}]})",
                                       auth)),
                     "not valid base64"));
    QVERIFY(mentions(check(jsonRequest("/emails", R"({"From":"a@b","To":"c@d","TextBody":"x"})", auth)), "path"));
}

void tst_FakeHttpProvider::resendRulesReject()
{
    const auto cr = TransportTestKit::credentials();
    const FakeHeaderList auth = {{"Authorization", "Bearer " + cr.apiKey.toUtf8()}};
    auto check = [&](const FakeHttpRequest &r) { return FakeProviderRules::check(P::Resend, cr, r); };
    QVERIFY(check(jsonRequest("/emails", R"({"from":"a@b","to":["c@d"],"subject":"s","text":"x"})", auth)).isEmpty());
    QVERIFY(mentions(check(jsonRequest("/emails", R"({"from":"a@b","to":"c@d","subject":"s"})",
                                       {{"Authorization", "Bearer wrong"}})),
                     "auth:"));
    QVERIFY(mentions(check(jsonRequest("/emails", R"({"from":"a@b","to":[1],"subject":"s"})", auth)), "strings"));
    QVERIFY(mentions(check(jsonRequest("/emails", R"({"from":"a@b","to":"c@d","subject":"s","replyTo":"x"})", auth)),
                     "unknown field \"replyTo\""));
    FakeHeaderList longKey = auth;
    longKey.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray(257, 'k')));
    QVERIFY(mentions(check(jsonRequest("/emails", R"({"from":"a@b","to":"c@d","subject":"s"})", longKey)),
                     "Idempotency-Key"));
}

void tst_FakeHttpProvider::mailgunRulesReject()
{
    const auto cr = TransportTestKit::credentials();
    FakeHttpRequest r;
    r.method = "POST";
    r.path = r.target = "/v3/mg.example.com/messages";
    r.headers = {{"Authorization", "Basic " + ("api:" + cr.apiKey.toUtf8()).toBase64()},
                 {"Accept", "application/json"},
                 {"Content-Type", "multipart/form-data; boundary=B"}};
    auto body = [](const QByteArray &parts) { return parts + "--B--\r\n"; };
    auto field = [](const QByteArray &name, const QByteArray &v, const QByteArray &extra = {}) {
        return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"" + extra + "\r\n\r\n" + v + "\r\n";
    };
    r.body = body(field("from", "a@b") + field("to", "c@d") + field("text", "x"));
    QVERIFY(FakeProviderRules::check(P::Mailgun, cr, r).isEmpty());
    r.body = body(field("from", "a@b") + field("to", "c@d") + field("text", "x") + field("reply_to", "r@x"));
    QVERIFY(mentions(FakeProviderRules::check(P::Mailgun, cr, r), "unknown form field \"reply_to\""));
    r.body = body(field("from", "a@b") + field("to", "c@d") + field("text", "x") + field("attachment", "data"));
    QVERIFY(mentions(FakeProviderRules::check(P::Mailgun, cr, r), "attachment part without a filename"));
    r.body = body(field("from", "a@b") + field("to", "c@d") + field("text", "x", "; filename=\"t.txt\""));
    QVERIFY(mentions(FakeProviderRules::check(P::Mailgun, cr, r), "sent as a file"));
    r.body = body(field("from", "a@b") + field("text", "x"));
    QVERIFY(mentions(FakeProviderRules::check(P::Mailgun, cr, r), "at least one to"));
    r.path = "/v3/other.example/messages";
    QVERIFY(mentions(FakeProviderRules::check(P::Mailgun, cr, r), "path"));
}

void tst_FakeHttpProvider::sesRulesRecomputeSignature()
{
    const auto cr = TransportTestKit::credentials();
    const QByteArray body = R"({"FromEmailAddress":"a@b.example","Destination":{"ToAddresses":["c@d.example"]},)"
                            R"("Content":{"Simple":{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"x"}}}}})";
    SigV4Signer::Request sreq;
    sreq.method = "POST";
    sreq.path = "/v2/email/outbound-emails";
    sreq.headers = {{"Host", "127.0.0.1:1"}, {"Content-Type", "application/json"}, {"Accept", "application/json"}};
    sreq.body = body;
    SigV4Signer::Options o;
    o.addContentSha256 = true;
    const auto s = SigV4Signer(cr.accessKeyId, cr.secretAccessKey, cr.region, QStringLiteral("ses"))
                       .sign(sreq, QDateTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC), o);
    FakeHttpRequest r;
    r.method = "POST";
    r.path = r.target = sreq.path;
    r.headers = sreq.headers + s.addedHeaders;
    r.body = body;
    QVERIFY2(FakeProviderRules::check(P::Ses, cr, r).isEmpty(),
             qPrintable(FakeProviderRules::check(P::Ses, cr, r).join(u'\n')));
    FakeHttpRequest tampered = r;
    tampered.body.replace("c@d.example", "x@d.example");
    const QStringList p = FakeProviderRules::check(P::Ses, cr, tampered);
    QVERIFY(mentions(p, "SignatureDoesNotMatch"));
    QVERIFY(mentions(p, "X-Amz-Content-Sha256"));
    FakeHttpRequest hostChanged = r;
    hostChanged.headers[0].second = "127.0.0.1:2";
    QVERIFY(mentions(FakeProviderRules::check(P::Ses, cr, hostChanged), "SignatureDoesNotMatch"));
    FakeHttpRequest utf8 = r;
    utf8.body.replace("a@b.example", "Zoë <a@b.example>");
    QVERIFY(mentions(FakeProviderRules::check(P::Ses, cr, utf8), "not 7-bit"));
}

QTEST_GUILESS_MAIN(tst_FakeHttpProvider)
#include "tst_fakehttpprovider.moc"
