// Form endpoints (auth = "form") against a live ingress: Posthorn's handler test inventory
// (reference §10.2) row by row, each named after the Posthorn test it reproduces, adjusted where
// Postrider deliberately differs (the decision is cited on the row).

#include "HttpInventory.h"

#include "core/Crypto.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

const QByteArrayList kForm = {"Content-Type: application/x-www-form-urlencoded"};
const QByteArray kBrowserAccept = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

QByteArrayList formWith(const QByteArrayList &more)
{
    return kForm + more;
}

void row(const char *name, const QStringList &ep, const QByteArray &body, int status, int sends,
         const QStringList &expect = {}, const QByteArrayList &headers = kForm, const QString &script = {})
{
    addInventoryRow(name, ep, "POST", "/contact", headers, body, script, status, sends, expect);
}

QByteArray pad(int n)
{
    return "message=" + QByteArray(n - 8, 'x');
}

} // namespace

class tst_HttpForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inventory_data()
    {
        addInventoryColumns();
        const QByteArray ok = "name=craig&message=hello";

        // Method and content type
        addInventoryRow("TestHandler_GET_MethodNotAllowed", {}, "GET", "/contact", {}, {}, {}, 405, 0,
                        {"json:error=method not allowed", "json:code=method_not_allowed"});
        addInventoryRow("TestHandler_PUT_MethodNotAllowed", {}, "PUT", "/contact", kForm, ok, {}, 405, 0, {});
        addInventoryRow("TestHandler_NonPOST_DoesNotCallTransport", {}, "GET", "/contact?name=x", {}, {}, {}, 405, 0,
                        {"event!=submission_received"});
        addInventoryRow("TestHandler_NoContentType_BadRequest", {}, "POST", "/contact", {}, ok, {}, 400, 0,
                        {"json:code=unsupported_content_type",
                         "json:error=form-encoded body required (application/x-www-form-urlencoded or "
                         "multipart/form-data)"},
                        true);
        row("TestHandler_JSONContentType_BadRequest", {}, "{\"name\":\"x\"}", 400, 0, {},
            {"Content-Type: application/json"});
        row("TestHandler_FormEncodedWithCharset_OK", {}, ok, 200, 1, {},
            {"Content-Type: application/x-www-form-urlencoded; charset=UTF-8"});
        row("TestHandler_ContentTypeCaseInsensitive", {}, ok, 200, 1, {},
            {"Content-Type: Application/X-WWW-Form-URLEncoded"});
        // decisions §8: multipart fields are parsed (Posthorn read only the URL query)
        row("TestHandler_MultipartFormData_OK", {}, multipartBody("XyZ", {{"name", "craig"}, {"message", "hi there"}}),
            200, 1, {"sent.subject=Contact from craig", "sent.text^Message: hi there"},
            {"Content-Type: multipart/form-data; boundary=XyZ"});
        row("MultipartRequiredFieldsAreRead_Decision8", {"required = [\"name\", \"message\"]"},
            multipartBody("b1", {{"name", "ada"}, {"message", "m"}}), 200, 1, {},
            {"Content-Type: multipart/form-data; boundary=b1"});
        row("MultipartFileDroppedWithoutAttachments_Decision8", {},
            multipartBody("b2", {{"message", "m"}}, "upload", "notes.txt", "file body"), 200, 1,
            {"event=attachments_dropped", "sent.attachments="}, {"Content-Type: multipart/form-data; boundary=b2"});
        row("MultipartFileBecomesAttachment_Decision8", {"attachments = true"},
            multipartBody("b3", {{"message", "m"}}, "upload", "C:\\dir\\notes.txt", "file body"), 200, 1,
            {"sent.attachments=notes.txt:file body", "sent.text!~upload"},
            {"Content-Type: multipart/form-data; boundary=b3"});
        row("MultipartAttachmentOverItsCap_Decision8", {"attachments = true", "max_attachment_size = \"4B\""},
            multipartBody("b4", {{"message", "m"}}, "upload", "big.txt", "12345"), 413, 0,
            {"json:code=attachment_too_large"}, {"Content-Type: multipart/form-data; boundary=b4"});

        // Success path and templating
        row("TestHandler_POST_Success", {}, ok, 200, 1, {"json:status=ok"});
        row("TestHandler_POST_TransportReceivesConfiguredFields", {"subject = \"Hello\"", "body = \"Static body\""}, ok,
            200, 1,
            {"sent.from=Site <noreply@example.com>", "sent.to=owner@example.com", "sent.subject=Hello",
             "sent.text~  name: craig\n", "sent.text~  message: hello\n"});
        row("TestHandler_TemplateInterpolation", {}, "name=craig&message=hello+there", 200, 1,
            {"sent.subject=Contact from craig", "sent.text^Message: hello there"});
        // Reference §5: submitted text never starts a header line (CR/LF runs become one space)
        row("SubjectCannotInjectHeader", {}, "name=x%0D%0ABcc%3A+victim%40example.net&message=m", 200, 1,
            {"sent.subject=Contact from x Bcc: victim@example.net", "sent.to=owner@example.com"});
        // decisions §2: the success body keeps Posthorn's members and adds "delivery"
        row("TestHandler_Success_JSONResponse", {}, ok, 200, 1,
            {"ctype=application/json; charset=utf-8", "json:status=ok", "json:delivery=sent",
             "json:transport_message_id=pm-msg-abc-123"});
        row("QueueModeAnswersOncePersisted_Decision2", {"delivery = \"queue\""}, ok, 200, 1,
            {"json:delivery=queued", "json!:transport_message_id", "event=submission_queued"});

        // Transport failure (delivery = "sync": Posthorn's model; decisions §2)
        row("TestHandler_TransportError_BadGateway", {}, ok, 502, 1,
            {"json:code=delivery_failed", "json:error=submission could not be delivered"}, kForm, "terminal401");
        row("TestHandler_TransportError_BodyDoesNotLeakDetails", {}, ok, 502, 1,
            {"body!~upstream", "body!~secret-detail", "body!~401", "body!~API key"}, kForm, "terminal401");

        // Body parsing
        row("TestHandler_ParseFormError_BadRequest", {}, "name=%ZZ", 400, 0,
            {"json:error=parse form: invalid URL escape \"%ZZ\"", "json:code=invalid_form"});
        addInventoryRow("ParseFormError_Semicolon", {}, "POST", "/contact?a=1;b=2", kForm, ok, {}, 400, 0,
                        {"json:error=parse form: invalid semicolon separator in query"});
        row("TestHandler_EmptyBody_OK", {}, {}, 200, 1);

        // Validation
        const QStringList nameMsg = {"required = [\"name\", \"message\"]"};
        row("TestHandler_RequiredFieldMissing_422", nameMsg, "name=craig", 422, 0,
            {"json:code=validation_failed", "json:error=validation failed", "json:fields.message=required",
             "json!:fields.name", "event=validation_failed"});
        row("TestHandler_RequiredFieldEmpty_422", nameMsg, "name=&message=hi", 422, 0, {"json:fields.name=required"});
        row("TestHandler_MultipleMissing_AllReported", {"required = [\"name\", \"email\", \"message\"]"}, "other=1",
            422, 0,
            {"json:fields.name=required", "json:fields.email=required", "json:fields.message=required",
             "event:validation_failed.fields.0=name", "event:validation_failed.fields.2=message"});
        row("TestHandler_ValidationFailure_DoesNotCallTransport", nameMsg, {}, 422, 0, {"event!=submission_received"});
        row("TestHandler_InvalidEmailFormat_422", {}, "email=not-a-valid-email", 422, 0,
            {"json:fields.email=invalid email format"});
        row("TestHandler_ValidEmail_OK", {}, "email=craig%40example.com", 200, 1);
        row("TestHandler_EmailFieldOverride", {"email_field = \"contact_address\""}, "email=junk", 200, 1);
        row("TestHandler_EmailFieldOverride_InvalidFormat", {"email_field = \"contact_address\""},
            "contact_address=junk", 422, 0, {"json:fields.contact_address=invalid email format"});
        row("TestHandler_EmailFieldEmpty_NoEmailValidation", {}, "name=craig", 200, 1);
        row("TestHandler_RequiredAndFormatErrorTogether", {"required = [\"email\"]"}, "email=", 422, 0,
            {"json:fields.email=required"});

        // Spam defences
        const QStringList honeypot = {"honeypot = \"website\""};
        row("TestHandler_Honeypot_Triggered_Silent200", honeypot, "name=bot&website=http%3A%2F%2Fspam", 200, 0,
            {"json:status=ok", "event:spam_blocked.kind=honeypot", "event!=submission_received"});
        row("TestHandler_Honeypot_NotTriggered_Pass", honeypot, "name=human&website=+", 200, 1);
        const QStringList origins = {"allowed_origins = [\"https://example.com\"]"};
        row("TestHandler_OriginAllowed", origins, ok, 200, 1, {}, formWith({"Origin: https://example.com"}));
        row("TestHandler_OriginDenied_403", origins, ok, 403, 0,
            {"json:code=forbidden", "event:spam_blocked.kind=origin", "event:spam_blocked.reason~https://evil.example"},
            formWith({"Origin: https://evil.example"}));
        row("TestHandler_OriginBothMissing_403_FailClosed", origins, ok, 403, 0,
            {"event:spam_blocked.reason=Origin and Referer both missing"});
        row("TestHandler_OriginUnconfigured_NoCheck", {}, ok, 200, 1);
        // decisions §26: a foreign Origin is refused even when the Referer matches (Posthorn let it pass)
        row("OriginIsAuthoritative_Decision26", origins, ok, 403, 0, {},
            formWith({"Origin: https://evil.example", "Referer: https://example.com/contact"}));
        row("RefererUsedWhenOriginNull_Decision26", origins, ok, 200, 1, {},
            formWith({"Origin: null", "Referer: https://example.com/contact"}));

        // Body size
        row("TestHandler_BodySize_Exceeded_413", {"max_body_size = \"100B\""}, pad(250), 413, 0,
            {"json:error=request body too large (limit: 100 bytes)", "json:code=body_too_large",
             "event:body_too_large.limit_bytes=100"});
        row("TestHandler_BodySize_Within_OK", {"max_body_size = \"1KB\""}, pad(200), 200, 1);
        row("TestHandler_BodySize_Unset_Defaults1MB(10KB)", {}, pad(10 * 1024), 200, 1);
        row("TestHandler_BodySize_Unset_Defaults1MB(2MB)", {}, pad(2 * 1024 * 1024), 413, 0,
            {"json:error=request body too large (limit: 1048576 bytes)"});
        row("BodySizeAtTheCapExactly", {"max_body_size = \"100B\""}, pad(100), 200, 1);
        row("BodySizeOneOverTheCap", {"max_body_size = \"100B\""}, pad(101), 413, 0);
        // Posthorn's order: the origin check runs before the body is looked at
        row("OriginCheckedBeforeBodySize", {"max_body_size = \"100B\"", origins.first()}, pad(250), 403, 0);

        // Retry policy (delivery = "sync" keeps Posthorn's: one retry after 1 s or 5 s)
        row("TestHandler_TransientError_RetriesOnce", {}, ok, 200, 2, {"event=send_retry_scheduled"}, kForm,
            "transient,ok");
        row("TestHandler_RateLimitedError_RetriesOnce", {}, ok, 200, 2, {}, kForm, "ratelimited,ok");
        row("TestHandler_TerminalError_NoRetry", {}, ok, 502, 1, {"event!=send_retry_scheduled"}, kForm, "terminal");
        row("TestHandler_BothAttemptsFail_502", {}, ok, 502, 2, {"event:submission_failed.level=ERROR"}, kForm,
            "transient,transient");

        // Logging
        row("TestHandler_LogsSubmissionID", {}, ok, 200, 1,
            {"event=submission_received", "event=submission_sent", "event:submission_sent.endpoint=/contact",
             "event:submission_sent.submission_id~-", "event:submission_sent.transport=postmark"});
        row("TestHandler_LogsTransportMessageID", {}, ok, 200, 1,
            {"event:submission_sent.transport_message_id=pm-msg-abc-123"});
        row("TestHandler_OmitsEmptyTransportMessageID", {}, ok, 200, 1,
            {"event:submission_sent!transport_message_id", "json!:transport_message_id"}, kForm, "okNoId");
        row("TestHandler_LogsTerminalFailure_WithPayload", honeypot, "name=craig&message=hello&website=", 502, 1,
            {"event:submission_failed.form.name.0=craig", "event:submission_failed.form.website.0=<redacted>",
             "event:submission_failed.level=ERROR"},
            kForm, "terminal");
        row("TestHandler_LogsTerminalFailure_RedactedPayload", {"log_failed_submissions = false"}, ok, 502, 1,
            {"event:submission_failed!form", "event:submission_failed.form_fields~name", "log!~craig"}, kForm,
            "terminal");

        // Reply-To
        row("TestHandler_ReplyTo_DefaultsToEmailField", {}, "email=alice%40example.com", 200, 1,
            {"sent.replyTo=alice@example.com"});
        row("TestHandler_ReplyTo_HonorsExplicitField", {"reply_to_email_field = \"contact_address\""},
            "email=a%40example.com&contact_address=bob%40example.com", 200, 1, {"sent.replyTo=bob@example.com"});
        row("TestHandler_ReplyTo_SkipsInvalidEmail", {"reply_to_email_field = \"reply\""}, "reply=not+valid", 200, 1,
            {"sent.replyTo="});
        row("TestHandler_ReplyTo_SkipsEmptyField", {}, "name=x", 200, 1, {"sent.replyTo="});

        // to_override is an API feature: on a form it is just another field
        row("TestToOverride_FormModeIgnoresField", {}, "message=m&to_override=evil%40example.net", 200, 1,
            {"sent.to=owner@example.com", "sent.text~to_override: evil@example.net"});

        // Dry run
        row("TestDryRun_FormMode_ReturnsPreparedMessage", {"dry_run = true"}, "name=craig&message=hi", 200, 0,
            {"json:status=dry_run", "json:submission_id~-", "json:prepared_message.from=Site <noreply@example.com>",
             "json:prepared_message.to.0=owner@example.com", "json:prepared_message.subject=Contact from craig",
             "json:prepared_message.body_text=Message: hi", "json!:prepared_message.reply_to",
             "event=submission_dry_run"});
        row("TestDryRun_ValidationStillFires", {"dry_run = true", "required = [\"name\"]"}, "message=x", 422, 0);
        row("TestDryRun_DefaultOff_DeliversNormally", {}, ok, 200, 1, {"json:status=ok"});

        // CSRF
        const QStringList csrf = {QStringLiteral("csrf_secret = \"%1\"").arg(QLatin1String(HttpTestRig::kCsrfSecret))};
        const QByteArray token = csrfToken(HttpTestRig::kCsrfSecret);
        QByteArray tampered = token;
        tampered.back() = tampered.back() == '0' ? '1' : '0';
        row("TestCSRF_ValidToken_Succeeds", csrf, "message=hi&_csrf_token=" + token, 200, 1);
        row("TestCSRF_MissingToken_403", csrf, "message=hi", 403, 0,
            {"json:code=forbidden", "event:csrf_rejected.reason=csrf: token missing"});
        row("TestCSRF_TamperedToken_403", csrf, "message=hi&_csrf_token=" + tampered, 403, 0,
            {"event:csrf_rejected.reason=csrf: signature invalid"});
        row("TestCSRF_ExpiredToken_403", csrf + QStringList{"csrf_token_ttl = \"1s\""},
            "message=hi&_csrf_token=" + csrfToken(HttpTestRig::kCsrfSecret, -10), 403, 0,
            {"event:csrf_rejected.reason=csrf: token expired"});
        row("TestCSRF_WrongSecret_403", csrf, "message=hi&_csrf_token=" + csrfToken("another-secret-of-16+bytes"), 403,
            0, {"event:csrf_rejected.reason=csrf: signature invalid"});
        row("TestCSRF_MalformedToken_403", csrf, "message=hi&_csrf_token=12345", 403, 0,
            {"event:csrf_rejected.reason=csrf: token malformed"});
        row("TestCSRF_NotInCustomFieldsBlock", csrf, "message=hi&extra=1&_csrf_token=" + token, 200, 1,
            {"sent.text~extra: 1", "sent.text!~_csrf_token", "sent.text!~" + QString::fromLatin1(token)});
        row("TestCSRF_SecretNotInLogs", csrf, "message=hi&_csrf_token=bad.token", 403, 0,
            {"log!~" + QLatin1String(HttpTestRig::kCsrfSecret),
             "log!~" + QLatin1String(HttpTestRig::kTransportSecret)});
        row("TestCSRF_FormModeUnconfigured_NoCheck", {}, "message=hi", 200, 1);

        // Redirects and content negotiation (decisions §24)
        const QStringList redirects = {"redirect_success = \"/thank-you\"", "redirect_error = \"/oops\""};
        row("TestHandler_Redirect_SuccessOnHTMLAccept", redirects, ok, 303, 1, {"location=/thank-you", "body="},
            formWith({kBrowserAccept}));
        row("TestHandler_Redirect_JSONAcceptOverridesRedirect", redirects, ok, 200, 1, {"json:status=ok"},
            formWith({"Accept: application/json"}));
        row("TestHandler_NoRedirectConfigured_AlwaysJSON", {}, ok, 200, 1, {"json:status=ok"},
            formWith({kBrowserAccept}));
        row("TestHandler_Redirect_ValidationFailureGoesToRedirectError", redirects + QStringList{"required = [\"x\"]"},
            ok, 303, 0, {"location=/oops"}, formWith({kBrowserAccept}));
        row("TestHandler_Redirect_HoneypotMatchesSuccessShape", redirects + honeypot, "website=spam", 303, 0,
            {"location=/thank-you"}, formWith({kBrowserAccept}));
        // decisions §24: no Accept, */* and a tie between JSON and HTML give JSON; q-values count
        row("NoAcceptGivesJSON_Decision24", redirects, ok, 200, 1, {"json:status=ok"});
        row("StarAcceptGivesJSON_Decision24", redirects, ok, 200, 1, {"json:status=ok"}, formWith({"Accept: */*"}));
        row("JsonAndHtmlTieGivesJSON_Decision24", redirects, ok, 200, 1, {},
            formWith({"Accept: application/json, text/html"}));
        row("QValuesPreferHtml_Decision24", redirects, ok, 303, 1, {"location=/thank-you"},
            formWith({"Accept: application/json;q=0.5, text/html"}));
        row("QValuesPreferJson_Decision24", redirects, ok, 200, 1, {}, formWith({"Accept: text/html;q=0.4, */*"}));
        row("TextErrorOnlyWhenAsked_Decision24", {"required = [\"x\"]", "max_body_size = \"10B\""}, pad(50), 413, 0,
            {"ctype=text/plain; charset=utf-8", "body=request body too large (limit: 10 bytes)\n",
             "header.X-Content-Type-Options=nosniff"},
            formWith({"Accept: text/plain"}));
        row("ErrorRedirectForForbidden", redirects + origins, ok, 303, 0, {"location=/oops"},
            formWith({kBrowserAccept}));
        row("RelativeRedirectResolvedLikeGo", {"redirect_success = \"thanks.html\""}, ok, 303, 1,
            {"location=/thanks.html"}, formWith({kBrowserAccept}));
        row("BadGatewayNeverRedirects", redirects, ok, 502, 1, {"json:code=delivery_failed"},
            formWith({kBrowserAccept}), "terminal");
    }
    void inventory() { runInventoryRow(); }

    void honeypotBodyMatchesSuccessShape()
    {
        // TestHandler_HoneypotBodyMatchesSuccessShape (both delivery modes)
        for (const QString &mode : {QStringLiteral("sync"), QStringLiteral("queue")}) {
            HttpTestRig rig;
            QVERIFY(rig.start({{"honeypot = \"website\"", QStringLiteral("delivery = \"%1\"").arg(mode)}}));
            const HttpResult real = rig.request("POST", "/contact", "name=a", kForm);
            const HttpResult trap = rig.request("POST", "/contact", "name=a&website=x", kForm);
            QCOMPARE(real.status, 200);
            QCOMPARE(trap.status, 200);
            const QJsonObject a = QJsonDocument::fromJson(real.body).object();
            const QJsonObject b = QJsonDocument::fromJson(trap.body).object();
            QCOMPARE(a.keys(), b.keys());
            QCOMPARE(b.value("status").toString(), QStringLiteral("ok"));
            QCOMPARE(a.value("delivery"), b.value("delivery"));
            QVERIFY(!b.value("submission_id").toString().isEmpty());
            QVERIFY(a.value("submission_id") != b.value("submission_id"));
            QCOMPARE(real.contentType, trap.contentType);
            rig.settle();
            QCOMPARE(rig.sends(), 1);
        }
    }

    void rateLimit()
    {
        // TestHandler_RateLimit_BurstThenDenied
        HttpTestRig rig;
        QVERIFY(rig.start({{"rate_limit = { count = 2, interval = \"1m\" }"}}));
        QCOMPARE(rig.request("POST", "/contact", "m=1", kForm).status, 200);
        QCOMPARE(rig.request("POST", "/contact", "m=2", kForm).status, 200);
        const HttpResult denied = rig.request("POST", "/contact", "m=3", kForm);
        QCOMPARE(denied.status, 429);
        QCOMPARE(denied.body, QByteArray("{\"error\":\"rate limit exceeded\",\"code\":\"rate_limited\"}\n"));
        QCOMPARE(rig.sends(), 2);
        QCOMPARE(rig.logEvents("rate_limited").first().value("client_ip").toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(rig.metricsText().contains("postrider_rate_limited_total{endpoint=\"/contact\"} 1"));

        // TestHandler_RateLimit_DifferentIPsIndependent: a second client address has its own bucket
        RawHttpClient other;
        QVERIFY(other.connectTo(rig.port(), RawHttpClient::kDefaultWaitMs, QHostAddress("127.0.0.2")));
        other.send(
            RawHttpClient::request("POST", "/contact", "m=4", {"Content-Type: application/x-www-form-urlencoded"}));
        const auto r = other.readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);

        // A token comes back after interval/count (30 s)
        rig.clock.advance(30'000);
        QCOMPARE(rig.request("POST", "/contact", "m=5", kForm).status, 200);
    }

    void rateLimitTrustedProxy()
    {
        // TestHandler_RateLimit_TrustedProxy: behind a trusted proxy, buckets follow X-Forwarded-For
        HttpTestRig rig;
        QVERIFY(rig.start({{"rate_limit = { count = 1, interval = \"1h\" }",
                            "trusted_proxies = [\"127.0.0.0/8\", \"10.0.0.0/8\"]"}}));
        QCOMPARE(rig.request("POST", "/contact", "m", formWith({"X-Forwarded-For: 203.0.113.5, 10.0.0.2"})).status,
                 200);
        QCOMPARE(rig.request("POST", "/contact", "m", formWith({"X-Forwarded-For: 203.0.113.5"})).status, 429);
        QCOMPARE(rig.request("POST", "/contact", "m", formWith({"X-Forwarded-For: 198.51.100.7"})).status, 200);
        // A forged left part does not pick the bucket: the rightmost untrusted entry does
        QCOMPARE(rig.request("POST", "/contact", "m", formWith({"X-Forwarded-For: 1.1.1.1, 198.51.100.7"})).status,
                 429);
        QCOMPARE(rig.logEvents("rate_limited").last().value("client_ip").toString(), QStringLiteral("198.51.100.7"));
    }

    void stripClientIp_data()
    {
        QTest::addColumn<bool>("strip");
        // TestStripClientIP_OmitsFromRateLimitLog / TestStripClientIP_DefaultOff_LogsClientIP
        QTest::newRow("TestStripClientIP_OmitsFromRateLimitLog") << true;
        QTest::newRow("TestStripClientIP_DefaultOff_LogsClientIP") << false;
    }
    void stripClientIp()
    {
        QFETCH(bool, strip);
        HttpTestRig rig;
        QStringList ep = {"rate_limit = { count = 1, interval = \"1h\" }"};
        if (strip)
            ep.append("strip_client_ip = true");
        QVERIFY(rig.start({ep}));
        QCOMPARE(rig.request("POST", "/contact", "m", kForm).status, 200);
        QCOMPARE(rig.request("POST", "/contact", "m", kForm).status, 429);
        const QJsonObject e = rig.logEvents("rate_limited").first();
        QCOMPARE(e.contains("client_ip"), !strip);
        QCOMPARE(rig.logText().contains("127.0.0.1"), !strip);
    }

    void requestTimeoutHardCutoff()
    {
        // TestHandler_RequestTimeout_HardCutoff: Posthorn bounds a send and its retry by 10 s. The
        // outbox's sync policy does the same: a transient failure that arrives when the retry delay
        // would cross the budget is final, so the answer is 502 after one attempt.
        HttpTestRig rig;
        QVERIFY(rig.start({{}}));
        rig.fake->manual = true;
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/contact").arg(rig.port())));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QNetworkReply *reply = nam.post(req, QByteArray("m=1"));
        QTRY_COMPARE(rig.fake->inFlight, 1);
        rig.clock.advance(9'500);
        rig.fake->completeNext(SendResult::failure(Outcome::Transient, QStringLiteral("timeout"), 0));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 502);
        QCOMPARE(rig.fake->calls, 1);
        delete reply;
    }

    void csrfTokenIssuer()
    {
        // Postrider: GET <path>/csrf-token issues what Posthorn left to the page renderer (§2.9)
        HttpTestRig rig;
        QVERIFY(rig.start({{QStringLiteral("csrf_secret = \"%1\"").arg(QLatin1String(HttpTestRig::kCsrfSecret)),
                            "csrf_token_ttl = \"30m\""}}));
        const HttpResult issued = rig.request("GET", "/contact/csrf-token");
        QCOMPARE(issued.status, 200);
        QCOMPARE(issued.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject o = QJsonDocument::fromJson(issued.body).object();
        QCOMPARE(o.value("field").toString(), QStringLiteral("_csrf_token"));
        QCOMPARE(o.value("expires_in").toInt(), 1800);
        QCOMPARE(o.value("expires_at").toString(), QStringLiteral("2024-01-15T12:30:00Z"));
        const QByteArray token = o.value("token").toString().toLatin1();
        QCOMPARE(token, csrfToken(HttpTestRig::kCsrfSecret));
        QCOMPARE(rig.request("POST", "/contact", "m=1&_csrf_token=" + token, kForm).status, 200);
        QCOMPARE(rig.request("POST", "/contact/csrf-token", "", kForm).status, 405);
        rig.clock.advance(31 * 60 * 1000);
        QCOMPARE(rig.request("POST", "/contact", "m=1&_csrf_token=" + token, kForm).status, 403);
        // Endpoints without CSRF have no issuer
        HttpTestRig plain;
        QVERIFY(plain.start({{}}));
        QCOMPARE(plain.request("GET", "/contact/csrf-token").status, 404);
    }
};

QTEST_GUILESS_MAIN(tst_HttpForm)
#include "tst_httpform.moc"
