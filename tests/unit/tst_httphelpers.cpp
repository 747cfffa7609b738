// The HTTP ingress's pure pieces, without sockets: content negotiation, the origin check, CSRF
// tokens, client IP resolution, field validation, the Bearer and Idempotency-Key rules, the JSON,
// urlencoded and multipart readers, Go-compatible JSON output, routing and request framing.
// Rows named Test… reproduce Posthorn's supporting-package tests (reference §10.5).

#include "ingress/http/ApiCredentials.h"
#include "ingress/http/ClientIp.h"
#include "ingress/http/ContentNegotiation.h"
#include "ingress/http/CsrfTokens.h"
#include "ingress/http/FieldValidation.h"
#include "ingress/http/HttpRouter.h"
#include "ingress/http/JsonFields.h"
#include "ingress/http/JsonWriter.h"
#include "ingress/http/MultipartParser.h"
#include "ingress/http/OriginCheck.h"
#include "ingress/http/RequestFramer.h"
#include "ingress/http/ResponseBodies.h"
#include "ingress/http/UrlEncodedForm.h"

#include "core/Crypto.h"

#include <QTest>

using namespace Postrider;
using namespace Postrider::Http;

Q_DECLARE_METATYPE(Postrider::Http::Representation)

class tst_HttpHelpers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void negotiation_data()
    {
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<bool>("redirect");
        QTest::addColumn<Representation>("error");
        QTest::addColumn<Representation>("success");
        const auto J = Representation::Json;
        const auto R = Representation::Redirect;
        const auto T = Representation::Text;
        QTest::newRow("TestNegotiate_NoRedirectsConfigured_JSON") << QByteArray("text/html") << false << J << J;
        QTest::newRow("TestNegotiate_BrowserDefault_Redirect")
            << QByteArray("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8") << true << R
            << R;
        QTest::newRow("TestNegotiate_FetchAPIDefault_JSON") << QByteArray("application/json") << true << J << J;
        // decisions §24: a tie between JSON and HTML is not a preference for HTML (Posthorn: redirect)
        QTest::newRow("TestNegotiate_BothJSONAndHTML_Redirect (§24: JSON)")
            << QByteArray("application/json, text/html") << true << J << J;
        // decisions §24: no Accept means JSON (Posthorn: redirect)
        QTest::newRow("TestNegotiate_EmptyAccept_Redirect (§24: JSON)") << QByteArray() << true << J << J;
        QTest::newRow("TestNegotiate_CaseInsensitive") << QByteArray("APPLICATION/JSON") << true << J << J;
        QTest::newRow("star (§24)") << QByteArray("*/*") << true << J << J;
        QTest::newRow("q prefers html") << QByteArray("application/json;q=0.5, text/html") << true << R << R;
        QTest::newRow("q prefers json") << QByteArray("text/html;q=0.5, application/json") << true << J << J;
        QTest::newRow("text/* wildcard") << QByteArray("text/*") << true << R << R;
        QTest::newRow("text wanted, no redirect") << QByteArray("text/plain") << false << T << J;
        QTest::newRow("text over html") << QByteArray("text/plain, text/html;q=0.2") << true << T << R;
        QTest::newRow("nothing acceptable: JSON") << QByteArray("application/json;q=0, text/html") << false << J << J;
        QTest::newRow("nothing matches") << QByteArray("image/png") << true << J << J;
        QTest::newRow("q=0 html") << QByteArray("text/html;q=0") << true << J << J;
    }
    void negotiation()
    {
        QFETCH(QByteArray, accept);
        QFETCH(bool, redirect);
        QFETCH(Representation, error);
        QFETCH(Representation, success);
        QCOMPARE(ContentNegotiation::forError(accept, redirect), error);
        QCOMPARE(ContentNegotiation::forSuccess(accept, redirect), success);
    }

    void origin_data()
    {
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("referer");
        QTest::addColumn<bool>("pass");
        QTest::addColumn<QString>("reason");
        const QStringList ex = {QStringLiteral("https://example.com")};
        QTest::newRow("TestOrigin_BothHeadersMissing_FailClosed")
            << ex << QByteArray() << QByteArray() << false << QStringLiteral("Origin and Referer both missing");
        QTest::newRow("TestOrigin_OriginAllowed_Pass")
            << ex << QByteArray("https://example.com") << QByteArray() << true << QString();
        QTest::newRow("TestOrigin_OriginAllowed_CaseInsensitiveHost")
            << ex << QByteArray("HTTPS://EXAMPLE.COM") << QByteArray() << true << QString();
        QTest::newRow("TestOrigin_OriginDenied_HardReject")
            << ex << QByteArray("https://evil.example") << QByteArray() << false
            << QStringLiteral("origin not in allow-list: origin=\"https://evil.example\" referer=\"\"");
        QTest::newRow("TestOrigin_RefererFallback_Allowed")
            << ex << QByteArray() << QByteArray("https://example.com/contact-form") << true << QString();
        QTest::newRow("TestOrigin_RefererFallback_Denied")
            << ex << QByteArray() << QByteArray("https://evil.example/x") << false
            << QStringLiteral("origin not in allow-list: origin=\"\" referer=\"https://evil.example/x\"");
        // decisions §26: Origin is authoritative (Posthorn let the Referer win)
        QTest::newRow("TestOrigin_OriginWinsOverReferer (§26: refused)")
            << ex << QByteArray("https://evil.example") << QByteArray("https://example.com/") << false
            << QStringLiteral(
                   "origin not in allow-list: origin=\"https://evil.example\" referer=\"https://example.com/\"");
        QTest::newRow("null origin falls to referer")
            << ex << QByteArray("null") << QByteArray("https://example.com/a") << true << QString();
        QTest::newRow("TestOrigin_TrailingSlashStripped")
            << QStringList{normalizeOrigin(u"https://example.com/")} << QByteArray("https://example.com")
            << QByteArray() << true << QString();
        QTest::newRow("TestOrigin_PortMustMatch")
            << ex << QByteArray("https://example.com:8443") << QByteArray() << false
            << QStringLiteral("origin not in allow-list: origin=\"https://example.com:8443\" referer=\"\"");
    }
    void origin()
    {
        QFETCH(QStringList, allowed);
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, referer);
        QFETCH(bool, pass);
        QFETCH(QString, reason);
        const OriginCheck::Verdict v = OriginCheck::check(allowed, origin, referer);
        QCOMPARE(v.allowed, pass);
        QCOMPARE(v.reason, reason);
    }

    void csrf()
    {
        const QByteArray secret = "0123456789abcdef-secret";
        const CsrfTokens t(secret, 60'000);
        const qint64 now = 1'700'000'000'000;
        const QByteArray token = t.issue(now);
        // TestIssueAndVerify_RoundTrip
        QVERIFY(token.contains('.'));
        QCOMPARE(token, "1700000000." + hmacSha256Hex(secret, "1700000000"));
        QCOMPARE(t.verify(token, now + 59'000), CsrfTokens::Verdict::Valid);
        // TestVerify_Missing / TestVerify_Malformed
        QCOMPARE(t.verify("", now), CsrfTokens::Verdict::Missing);
        for (const char *bad : {"nodot", "abc.def0", "123.xyz", ".", "12 3.00", "123.abc"})
            QCOMPARE(t.verify(bad, now), CsrfTokens::Verdict::Malformed);
        // TestVerify_InvalidSignature / Tampered / TamperedTimestamp
        QCOMPARE(CsrfTokens("another-secret-1234", 60'000).verify(token, now), CsrfTokens::Verdict::BadSignature);
        QByteArray tampered = token;
        tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
        QCOMPARE(t.verify(tampered, now), CsrfTokens::Verdict::BadSignature);
        QCOMPARE(t.verify("1700000001" + token.mid(10), now), CsrfTokens::Verdict::BadSignature);
        QCOMPARE(t.verify(token.toUpper().replace("1700000000", "1700000000"), now), CsrfTokens::Verdict::Valid);
        // TestVerify_Expired / TestVerify_FutureToken
        QCOMPARE(t.verify(token, now + 60'001), CsrfTokens::Verdict::Expired);
        QCOMPARE(t.verify(t.issue(now + 5000), now), CsrfTokens::Verdict::Valid);
        // TestVerify_SecretNotInError
        for (auto v : {CsrfTokens::Verdict::Missing, CsrfTokens::Verdict::Malformed, CsrfTokens::Verdict::BadSignature,
                       CsrfTokens::Verdict::Expired})
            QVERIFY(!CsrfTokens::reason(v).contains(QString::fromLatin1(secret)));
        QCOMPARE(CsrfTokens::reason(CsrfTokens::Verdict::Expired), QStringLiteral("csrf: token expired"));
    }

    void clientIp_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("xff");
        QTest::addColumn<QStringList>("trusted");
        QTest::addColumn<QString>("expected");
        const QStringList ten = {QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.0.0/16")};
        QTest::newRow("TestClientIP_NoTrustedProxies_ReturnsRemoteAddr")
            << "10.0.0.1" << QByteArray("1.2.3.4") << QStringList() << "10.0.0.1";
        QTest::newRow("TestClientIP_RemoteAddrNotTrusted_IgnoresXFF")
            << "8.8.8.8" << QByteArray("1.2.3.4") << ten << "8.8.8.8";
        QTest::newRow("TestClientIP_TrustedProxy_UsesXFF") << "10.0.0.1" << QByteArray("1.2.3.4") << ten << "1.2.3.4";
        QTest::newRow("TestClientIP_TrustedProxy_RightmostUntrusted")
            << "10.0.0.1" << QByteArray("203.0.113.5, 192.168.1.10, 10.0.0.2") << ten << "203.0.113.5";
        QTest::newRow("TestClientIP_TrustedProxy_ForgedXFF_Defended")
            << "10.0.0.1" << QByteArray("1.1.1.1, 203.0.113.5") << ten << "203.0.113.5";
        QTest::newRow("TestClientIP_TrustedProxy_NoXFF") << "10.0.0.1" << QByteArray() << ten << "10.0.0.1";
        QTest::newRow("TestClientIP_AllXFFEntriesTrusted")
            << "10.0.0.1" << QByteArray("10.1.1.1, ,10.2.2.2") << ten << "10.1.1.1";
        QTest::newRow("cloudflare preset") << "173.245.48.1" << QByteArray("198.51.100.9")
                                           << QStringList{QStringLiteral("cloudflare")} << "198.51.100.9";
        QTest::newRow("v4-mapped does not match v4 range")
            << "10.0.0.1" << QByteArray("::ffff:10.0.0.5") << ten << "::ffff:10.0.0.5";
        QTest::newRow("IPv6 peer") << "::1" << QByteArray("1.2.3.4") << QStringList() << "::1";
    }
    void clientIp()
    {
        QFETCH(QString, peer);
        QFETCH(QByteArray, xff);
        QFETCH(QStringList, trusted);
        QFETCH(QString, expected);
        QList<IpRange> ranges;
        for (const QString &t : trusted) {
            if (isTrustedProxyPreset(t))
                ranges += trustedProxyPreset(t);
            else
                ranges.append(*parseCidr(t));
        }
        QCOMPARE(ClientIp::resolve(QHostAddress(peer), xff, ranges), expected);
    }

    void validation()
    {
        const QStringList req = {QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("message")};
        FormFields f;
        // TestRequiredFields_AllPresent / OneMissing / MultipleMissing / PreservesConfigOrder
        f = {{"name", {"a"}}, {"email", {"a@b.co"}}, {"message", {"m"}}};
        QVERIFY(FieldValidation::check(f, req, QStringLiteral("email")).ok());
        f.remove("message");
        QCOMPARE(FieldValidation::check(f, req, QStringLiteral("email")).missing, QStringList{"message"});
        QCOMPARE(FieldValidation::check({}, req, QStringLiteral("email")).missing, req);
        // TestRequiredFields_EmptyValueCountsAsMissing / WhitespaceOnly / MultiValueAtLeastOneNonEmpty
        f = {{"name", {""}}, {"email", {"  "}}, {"message", {"", " x "}}};
        QCOMPARE(FieldValidation::check(f, req, QStringLiteral("email")).missing, (QStringList{"name", "email"}));
        // TestRequiredFields_NoRequiredList
        QVERIFY(FieldValidation::check(f, {}, QStringLiteral("other")).ok());
        // TestEmail_Valid / TestEmail_Invalid (only checked when non-empty)
        for (const char *good : {"craig@example.com", "craig+tag@example.com", "first.last@example.co.uk",
                                 "Craig <craig@example.com>", "a@b"})
            QVERIFY2(FieldValidation::check({{"email", {good}}}, {}, QStringLiteral("email")).ok(), good);
        for (const char *bad : {"no-at", "@example.com", "craig@", "@", "craig @example.com", "not an email"})
            QCOMPARE(FieldValidation::check({{"email", {bad}}}, {}, QStringLiteral("email")).invalid,
                     QStringList{"email"});
        // TestValidation_RequiredTakesPrecedenceOverFormat
        FieldValidation::Result both;
        both.missing = {QStringLiteral("email")};
        both.invalid = {QStringLiteral("email"), QStringLiteral("contact")};
        QCOMPARE(both.fieldErrors().value("email"), QStringLiteral("required"));
        QCOMPARE(both.fieldErrors().value("contact"), QStringLiteral("invalid email format"));
        // TestBareEmail_RejectsCRLFInjection (applies to to_override)
        const auto o = FieldValidation::toOverride({{"to_override", {"a@b.com\r\nBcc: x@y.com", "ok@b.com"}}});
        QCOMPARE(o.problem, QStringLiteral("invalid email address(es): [a@b.com\r\nBcc: x@y.com]"));
    }

    void apiCredentials()
    {
        QCOMPARE(ApiCredentials::bearerToken("Bearer abc"), QByteArray("abc"));
        QCOMPARE(ApiCredentials::bearerToken("bEaReR abc"), QByteArray("abc"));
        QCOMPARE(ApiCredentials::bearerToken("Bearer "), QByteArray());
        QCOMPARE(ApiCredentials::bearerToken("Bearer"), QByteArray());
        QCOMPARE(ApiCredentials::bearerToken("Basic abc"), QByteArray());
        QCOMPARE(ApiCredentials::bearerToken("Bearer  two"), QByteArray(" two"));
        const QList<QByteArray> keys = {"k-one", "k-two", "k-three"};
        QCOMPARE(ApiCredentials::matchKey("k-two", keys), 1);
        QCOMPARE(ApiCredentials::matchKey("k-tw", keys), -1);
        QCOMPARE(ApiCredentials::matchKey("", keys), -1);
        // TestValidateKey_Valid / Empty / TooLong / NonPrintable
        for (const QByteArray &k : {QByteArray("a"), QByteArray("550e8400-e29b-41d4-a716-446655440000"),
                                    QByteArray("key:with:colons"), QByteArray(255, 'x')})
            QVERIFY(ApiCredentials::idempotencyKeyProblem(k).isEmpty());
        QVERIFY(!ApiCredentials::idempotencyKeyProblem(QByteArray(256, 'x')).isEmpty());
        for (const QByteArray &k : {QByteArray("a\nb"), QByteArray("a\tb"), QByteArray("a\0b", 3), QByteArray("a\x7f"),
                                    QByteArray("\xc3\xa9")})
            QVERIFY(!ApiCredentials::idempotencyKeyProblem(k).isEmpty());
    }

    void jsonFields_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("fields"); ///< k=v|v;k2=... in key order
        QTest::newRow("object") << QByteArray("{\"a\":\"x\",\"b\":true,\"c\":42,\"d\":19.99,\"e\":null}") << QString()
                                << "a=x;b=true;c=42;d=19.99";
        QTest::newRow("array") << QByteArray("{\"t\":[\"u\",\"s\",null,false,1.5]}") << QString() << "t=u|s||false|1.5";
        QTest::newRow("empty array") << QByteArray("{\"t\":[]}") << QString() << "t=";
        QTest::newRow("big number") << QByteArray("{\"n\":12345678901234567890}") << QString()
                                    << "n=12345678901234567000";
        QTest::newRow("exponent") << QByteArray("{\"n\":1e-7}") << QString() << "n=0.0000001";
        QTest::newRow("unicode escapes") << QByteArray("{\"s\":\"\\u00e9\\ud83d\\ude00\\n\"}") << QString()
                                         << QString::fromUtf8("s=\xc3\xa9\xf0\x9f\x98\x80\n");
        QTest::newRow("null top") << QByteArray("null") << QString() << QString();
        QTest::newRow("whitespace") << QByteArray(" \n{ } \t") << QString() << QString();
        QTest::newRow("EOF") << QByteArray("  ") << "EOF" << QString();
        QTest::newRow("unexpected EOF") << QByteArray("{\"a\":\"x") << "unexpected EOF" << QString();
        QTest::newRow("bad start") << QByteArray("x") << "invalid character 'x' looking for beginning of value"
                                   << QString();
        QTest::newRow("after value") << QByteArray("{\"a\":1 \"b\":2}")
                                     << "invalid character '\"' after object key:value pair" << QString();
        QTest::newRow("bad literal") << QByteArray("{\"a\":tru}")
                                     << "invalid character '}' in literal true (expecting 'e')" << QString();
        QTest::newRow("control char") << QByteArray("{\"a\":\"x\ty\"}") << "invalid character '\\t' in string literal"
                                      << QString();
        QTest::newRow("leading zero") << QByteArray("{\"a\":01}") << "invalid character '1' after object key:value pair"
                                      << QString();
        QTest::newRow("string top") << QByteArray("\"s\"")
                                    << "json: cannot unmarshal string into Go value of type map[string]interface {}"
                                    << QString();
        QTest::newRow("number top") << QByteArray("3")
                                    << "json: cannot unmarshal number into Go value of type map[string]interface {}"
                                    << QString();
        QTest::newRow("trailing") << QByteArray("{} x") << "unexpected trailing content after top-level JSON object"
                                  << QString();
        QTest::newRow("nested") << QByteArray("{\"o\":{}}")
                                << "nested objects are not supported in v1.1 (field \"o\" is an object)" << QString();
        QTest::newRow("nested array") << QByteArray("{\"a\":[[1]]}")
                                      << "field \"a\"[0]: nested arrays and objects are not supported in v1.1"
                                      << QString();
        QTest::newRow("overridden nested is fine") << QByteArray("{\"a\":{},\"a\":\"x\"}") << QString() << "a=x";
        QTest::newRow("too deep") << QByteArray(200, '[') << "exceeded max depth" << QString();
        QTest::newRow("huge number") << QByteArray("{\"n\":1e400}")
                                     << "json: cannot unmarshal number 1e400 into Go value of type float64"
                                     << QString();
    }
    void jsonFields()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QFETCH(QString, fields);
        const auto r = JsonFields::parse(json);
        if (!error.isEmpty()) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().message, error);
            return;
        }
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QStringList parts;
        for (auto it = r->cbegin(); it != r->cend(); ++it)
            parts.append(it.key() + u'=' + it->join(u'|'));
        QCOMPARE(parts.join(u';'), fields);
    }

    void urlEncoded()
    {
        FormFields f;
        QCOMPARE(parseUrlEncoded("a=1&b=x+y&a=2&&c&d=%41%zz&e=%", f), QStringLiteral("invalid URL escape \"%zz\""));
        QCOMPARE(f.value("a"), (QStringList{"1", "2"}));
        QCOMPARE(f.value("b"), QStringList{"x y"});
        QCOMPARE(f.value("c"), QStringList{""});
        QVERIFY(!f.contains("d"));
        QVERIFY(!f.contains("e"));
        FormFields g;
        QCOMPARE(parseUrlEncoded("a=1;b=2&c=3", g), QStringLiteral("invalid semicolon separator in query"));
        QCOMPARE(g.value("c"), QStringList{"3"});
        FormFields h;
        QCOMPARE(parseUrlEncoded("x=%E2%82%AC&y=%Z", h), QStringLiteral("invalid URL escape \"%Z\""));
        QCOMPARE(h.value("x"), QStringList{QString::fromUtf8("\xe2\x82\xac")});
    }

    void multipart()
    {
        const QByteArray body = "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n"
                                "--B\r\ncontent-disposition: form-data; name=\"f\"; filename=\"../x/report.pdf\"\r\n"
                                "Content-Type: application/pdf\r\n\r\n%PDF\r\n--B--\r\n"
                                "--B\r\nContent-Disposition: form-data\r\n\r\nnoname\r\n"
                                "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ntwo\r\n--B--\r\nepilogue";
        const auto r = MultipartParser::parse(body, "multipart/form-data; boundary=\"B\"");
        QVERIFY(r.ok());
        QCOMPARE(r->fields.value("a"), QStringList{"one"});
        QCOMPARE(r->files.size(), 1);
        QCOMPARE(r->files.first().filename, QStringLiteral("report.pdf"));
        QCOMPARE(r->files.first().contentType, QStringLiteral("application/pdf"));
        QCOMPARE(r->files.first().data, QByteArray("%PDF"));
        const auto ext = MultipartParser::parameters("form-data; name=\"f\"; filename=\"a.txt\"; "
                                                     "filename*=UTF-8''%E2%82%AC%20rates.txt");
        QCOMPARE(ext.last().second, QString::fromUtf8("\xe2\x82\xac rates.txt"));
        QCOMPARE(MultipartParser::parse(body, "multipart/form-data").error().message,
                 QStringLiteral("no multipart boundary param in Content-Type"));
        QCOMPARE(MultipartParser::parse("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                                        "multipart/form-data; boundary=B")
                     .error()
                     .message,
                 QStringLiteral("multipart: NextPart: EOF"));
        QByteArray many;
        for (int i = 0; i < 1001; ++i)
            many += "--B\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nx\r\n";
        QCOMPARE(MultipartParser::parse(many + "--B--", "multipart/form-data; boundary=B").error().message,
                 QStringLiteral("multipart: message too large"));
        // An empty file input (no file chosen) is an empty value, as in Go
        const auto empty =
            MultipartParser::parse("--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--B--",
                                   "multipart/form-data; boundary=B");
        QCOMPARE(empty->fields.value("f"), QStringList{""});
        QVERIFY(empty->files.isEmpty());
    }

    void goJson()
    {
        QCOMPARE(goJsonString(u"<a href=\"x\">&</a>\n\t\u2028\x01\\"),
                 QByteArray("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\n\\t\\u2028\\u0001\\\\\""));
        QCOMPARE(successBody(QStringLiteral("id"), DeliveryOutcome::Queued),
                 QByteArray("{\"status\":\"ok\",\"submission_id\":\"id\",\"delivery\":\"queued\"}\n"));
        QCOMPARE(
            validationBody({{QStringLiteral("b"), QStringLiteral("required")},
                            {QStringLiteral("a"), QStringLiteral("invalid email format")}}),
            QByteArray("{\"error\":\"validation failed\",\"code\":\"validation_failed\",\"fields\":{\"a\":\"invalid "
                       "email format\",\"b\":\"required\"}}\n"));
        PreparedMessage p;
        p.from = QStringLiteral("F <f@x.y>");
        p.to = {QStringLiteral("t@x.y")};
        p.subject = QStringLiteral("S");
        p.bodyText = QStringLiteral("B");
        QCOMPARE(dryRunBody(QStringLiteral("id"), p),
                 QByteArray("{\"status\":\"dry_run\",\"submission_id\":\"id\",\"prepared_message\":{\"from\":\"F "
                            "\\u003cf@x.y\\u003e\",\"to\":[\"t@x.y\"],\"subject\":\"S\",\"body_text\":\"B\"}}\n"));
    }

    void routing_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("endpoint");
        QTest::addColumn<QByteArray>("location");
        using K = RouteMatch::Kind;
        QTest::newRow("exact") << QByteArray("/contact") << int(K::Endpoint) << 0 << QByteArray();
        QTest::newRow("no subtree for exact") << QByteArray("/contact/x") << int(K::NotFound) << -1 << QByteArray();
        QTest::newRow("trailing slash differs") << QByteArray("/contact/") << int(K::NotFound) << -1 << QByteArray();
        QTest::newRow("subtree") << QByteArray("/forms/a/b") << int(K::Endpoint) << 1 << QByteArray();
        QTest::newRow("longest subtree") << QByteArray("/forms/special/x") << int(K::Endpoint) << 2 << QByteArray();
        QTest::newRow("subtree root redirect")
            << QByteArray("/forms") << int(K::Redirect) << -1 << QByteArray("/forms/");
        QTest::newRow("double slash") << QByteArray("//contact") << int(K::Redirect) << -1 << QByteArray("/contact");
        QTest::newRow("dot dot") << QByteArray("/a/../contact") << int(K::Redirect) << -1 << QByteArray("/contact");
        QTest::newRow("healthz") << QByteArray("/healthz") << int(K::Healthz) << -1 << QByteArray();
        QTest::newRow("metrics") << QByteArray("/metrics") << int(K::Metrics) << -1 << QByteArray();
        QTest::newRow("csrf issuer") << QByteArray("/contact/csrf-token") << int(K::CsrfToken) << 0 << QByteArray();
        QTest::newRow("escaped") << QByteArray("/cont%61ct") << int(K::Endpoint) << 0 << QByteArray();
        QTest::newRow("bad escape") << QByteArray("/%zz") << int(K::BadRequest) << -1 << QByteArray();
        QTest::newRow("absolute form") << QByteArray("http://h:1/contact") << int(K::Endpoint) << 0 << QByteArray();
        QTest::newRow("unknown") << QByteArray("/nope") << int(K::NotFound) << -1 << QByteArray();
    }
    void routing()
    {
        QFETCH(QByteArray, path);
        QFETCH(int, kind);
        QFETCH(int, endpoint);
        QFETCH(QByteArray, location);
        HttpRouter r;
        r.addEndpoint(QStringLiteral("/contact"), 0, true);
        r.addEndpoint(QStringLiteral("/forms/"), 1, false);
        r.addEndpoint(QStringLiteral("/forms/special/"), 2, false);
        const RouteMatch m = r.match(path);
        QCOMPARE(int(m.kind), kind);
        QCOMPARE(m.endpoint, endpoint);
        QCOMPARE(m.location, location);
    }

    void framer_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("handedOn");
        using K = RequestFramer::Kind;
        QTest::newRow("get") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << qint64(10) << int(K::Complete) << 0
                             << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        QTest::newRow("leading blank lines")
            << QByteArray("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n") << qint64(10) << int(K::Complete) << 0
            << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.0\n\n") << qint64(10) << int(K::Complete) << 0
                                 << QByteArray("GET / HTTP/1.0\n\n");
        QTest::newRow("chunked reframed") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                                                        "chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n")
                                          << qint64(10) << int(K::Complete) << 0
                                          << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde");
        QTest::newRow("chunk over limit")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n") << qint64(10)
            << int(K::BodyTooLarge) << 0 << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("length over limit")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n") << qint64(10)
            << int(K::BodyTooLarge) << 0 << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("same lengths twice")
            << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nab") << qint64(10)
            << int(K::Complete) << 0 << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab");
        QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << qint64(10)
                                   << int(K::Error) << 400 << QByteArray();
        QTest::newRow("1.0 chunked") << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")
                                     << qint64(10) << int(K::Error) << 400 << QByteArray();
        QTest::newRow("nul in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 37) << qint64(10)
                                      << int(K::Error) << 400 << QByteArray();
        QTest::newRow("header too large") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(200, 'x'))
                                          << qint64(10) << int(K::Error) << 431 << QByteArray();
        QTest::newRow("trailers too large") << QByteArray(
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: " + QByteArray(200, 't'))
                                            << qint64(10) << int(K::Error) << 431 << QByteArray();
    }
    void framer()
    {
        QFETCH(QByteArray, input);
        QFETCH(qint64, limit);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QByteArray, handedOn);
        // Fed one byte at a time: framing must not depend on how the bytes arrive.
        RequestFramer f(128);
        QByteArray buffer;
        RequestFramer::Step step;
        for (qsizetype i = 0; i < input.size(); ++i) {
            buffer.append(input.at(i));
            step = f.advance(buffer);
            if (step.kind == RequestFramer::Kind::HeadComplete) {
                f.setBodyLimit(limit);
                step = f.advance(buffer);
            }
            if (step.kind != RequestFramer::Kind::NeedMore)
                break;
        }
        QCOMPARE(int(step.kind), kind);
        QCOMPARE(step.status, status);
        if (!handedOn.isEmpty())
            QCOMPARE(f.takeRequest(), handedOn);
    }
};

QTEST_GUILESS_MAIN(tst_HttpHelpers)
#include "tst_httphelpers.moc"
