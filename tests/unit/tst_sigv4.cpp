// SigV4Signer against every case of the AWS SigV4 test suite (tests/data/aws-sigv4) plus
// Posthorn's awssigv4_test.go cases (reference §10.4).
#include "TestData.h"
#include "transport/SigV4Signer.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace Postrider;

namespace {

const QString kKeyId = QStringLiteral("AKIDEXAMPLE");
const QString kSecret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const QDateTime kSuiteTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A .req/.sreq file: request line (the target may hold a raw space), headers with obsolete line
/// folding (continuation lines start with whitespace), blank line, body.
struct RawRequest
{
    SigV4Signer::Request request;
    bool ok = false;
};

RawRequest parseRequest(const QByteArray &raw)
{
    RawRequest out;
    const QList<QByteArray> lines = raw.split('\n');
    if (lines.isEmpty())
        return out;
    const QByteArray &first = lines.first();
    const qsizetype sp1 = first.indexOf(' ');
    const qsizetype sp2 = first.lastIndexOf(' ');
    if (sp1 < 0 || sp2 <= sp1)
        return out;
    out.request.method = first.left(sp1);
    const QByteArray target = first.mid(sp1 + 1, sp2 - sp1 - 1);
    const qsizetype q = target.indexOf('?');
    out.request.path = q < 0 ? target : target.left(q);
    out.request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    qsizetype i = 1;
    for (; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !out.request.headers.isEmpty()) {
            out.request.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return out;
        out.request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    if (i < lines.size())
        out.request.body = lines.mid(i + 1).join('\n');
    out.ok = true;
    return out;
}

QByteArray headerValue(const SigV4Signer::HeaderList &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return {};
}

} // namespace

class tst_SigV4 : public QObject
{
    Q_OBJECT
private slots:
    void suite_data();
    void suite();
    void suiteIsComplete();
    void signingKeyKnownVector();
    void sha256OfEmpty();
    void uriEncode_data();
    void uriEncode();
    void sesStyleSigningAddsHeaders();
    void deterministicForFixedInput();
    void differentTimeChangesSignature();
    void differentBodyChangesSignature();
    void secretNeverInOutput();
    void sessionTokenSignedWhenRequested();
};

void tst_SigV4::suite_data()
{
    QTest::addColumn<QString>("dir");
    const QString root = Test::dataPath(QStringLiteral("aws-sigv4"));
    QDirIterator it(root, {QStringLiteral("*.req")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList cases;
    while (it.hasNext())
        cases.append(QFileInfo(it.next()).absolutePath());
    cases.sort();
    for (const QString &dir : std::as_const(cases))
        QTest::newRow(qPrintable(QDir(root).relativeFilePath(dir))) << dir;
}

void tst_SigV4::suite()
{
    QFETCH(QString, dir);
    const QString base = dir + u'/' + QFileInfo(dir).fileName();
    const RawRequest req = parseRequest(readFile(base + QStringLiteral(".req")));
    QVERIFY(req.ok);
    const QByteArray creq = readFile(base + QStringLiteral(".creq"));
    const QByteArray sts = readFile(base + QStringLiteral(".sts"));
    const QByteArray authz = readFile(base + QStringLiteral(".authz"));
    QVERIFY(!creq.isEmpty() && !sts.isEmpty() && !authz.isEmpty());

    // A token that only the signed request carries was added by the signer: signed when the
    // expected canonical request lists it (get-vanilla-with-session-token), after signing when
    // it does not (post-sts-header-after).
    const RawRequest sreq = parseRequest(readFile(base + QStringLiteral(".sreq")));
    QVERIFY(sreq.ok);
    const QByteArray token = headerValue(sreq.request.headers, "X-Amz-Security-Token");
    const bool signerAddsToken = !token.isEmpty() && headerValue(req.request.headers, "X-Amz-Security-Token").isEmpty();
    SigV4Signer::Options options;
    options.tokenPlacement = creq.contains("x-amz-security-token") ? SigV4Signer::TokenPlacement::Signed
                                                                   : SigV4Signer::TokenPlacement::AfterSigning;
    SigV4Signer signer(kKeyId, kSecret, QStringLiteral("us-east-1"), QStringLiteral("service"),
                       signerAddsToken ? QString::fromLatin1(token) : QString());
    const SigV4Signer::Signed s = signer.sign(req.request, kSuiteTime, options);

    QCOMPARE(s.canonicalRequest, creq);
    QCOMPARE(s.stringToSign, sts);
    QCOMPARE(s.authorization, authz);
    QCOMPARE(headerValue(s.addedHeaders, "Authorization"), authz);
    if (signerAddsToken) {
        QCOMPARE(headerValue(s.addedHeaders, "X-Amz-Security-Token"), token);
        const bool tokenAfterAuthorization = s.addedHeaders.constLast().first == "X-Amz-Security-Token";
        QCOMPARE(tokenAfterAuthorization, options.tokenPlacement == SigV4Signer::TokenPlacement::AfterSigning);
    }
}

void tst_SigV4::suiteIsComplete()
{
    // Guards against the walk silently finding nothing (a moved folder would pass vacuously).
    QDirIterator it(Test::dataPath(QStringLiteral("aws-sigv4")), {QStringLiteral("*.req")}, QDir::Files,
                    QDirIterator::Subdirectories);
    int n = 0;
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    QCOMPARE(n, 34);
}

void tst_SigV4::signingKeyKnownVector()
{
    // Posthorn §4.5 / AWS General Reference example (service iam).
    const QByteArray key = SigV4Signer::deriveSigningKey(kSecret.toUtf8(), "20150830", "us-east-1", "iam").toHex();
    QCOMPARE(key, QByteArray("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"));
}

void tst_SigV4::sha256OfEmpty()
{
    SigV4Signer signer(kKeyId, kSecret, QStringLiteral("us-east-1"), QStringLiteral("ses"));
    SigV4Signer::Request r;
    r.method = "POST";
    QCOMPARE(signer.sign(r, kSuiteTime).payloadHash,
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void tst_SigV4::uriEncode_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<bool>("keepSlash");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("unreserved") << QByteArray("AZaz09-_.~") << false << QByteArray("AZaz09-_.~");
    QTest::newRow("space") << QByteArray("a b") << false << QByteArray("a%20b");
    QTest::newRow("slash in path") << QByteArray("/a/b") << true << QByteArray("/a/b");
    QTest::newRow("slash in query") << QByteArray("a/b") << false << QByteArray("a%2Fb");
    QTest::newRow("plus equals amp") << QByteArray("+=&") << false << QByteArray("%2B%3D%26");
    QTest::newRow("uppercase hex utf8") << QByteArray("\xe1\x88\xb4") << false << QByteArray("%E1%88%B4");
}

void tst_SigV4::uriEncode()
{
    QFETCH(QByteArray, in);
    QFETCH(bool, keepSlash);
    QFETCH(QByteArray, out);
    QCOMPARE(SigV4Signer::uriEncode(in, keepSlash), out);
}

namespace {
SigV4Signer::Request sesRequest(QByteArray body = R"({"FromEmailAddress":"a@example.com"})")
{
    SigV4Signer::Request r;
    r.method = "POST";
    r.path = "/v2/email/outbound-emails";
    r.headers = {{"Host", "email.us-east-1.amazonaws.com"},
                 {"Content-Type", "application/json"},
                 {"Accept", "application/json"}};
    r.body = std::move(body);
    return r;
}
SigV4Signer::Options sesOptions()
{
    SigV4Signer::Options o;
    o.addContentSha256 = true;
    return o;
}
const QDateTime kPosthornTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC);
} // namespace

void tst_SigV4::sesStyleSigningAddsHeaders()
{
    SigV4Signer signer(QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("us-east-1"),
                       QStringLiteral("ses"));
    const auto req = sesRequest();
    const auto s = signer.sign(req, kPosthornTime, sesOptions());
    QCOMPARE(headerValue(s.addedHeaders, "X-Amz-Date"), QByteArray("20240115T120000Z"));
    QCOMPARE(headerValue(s.addedHeaders, "X-Amz-Content-Sha256"),
             QCryptographicHash::hash(req.body, QCryptographicHash::Sha256).toHex());
    QVERIFY(s.authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKID/20240115/us-east-1/ses/aws4_request, "));
    QCOMPARE(s.signedHeaders, QByteArray("accept;content-type;host;x-amz-content-sha256;x-amz-date"));
    QVERIFY(s.authorization.contains("SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, "));
    QVERIFY(s.authorization.contains("Signature=" + s.signature));
    QCOMPARE(s.signature.size(), 64);
}

void tst_SigV4::deterministicForFixedInput()
{
    SigV4Signer signer(QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("us-east-1"),
                       QStringLiteral("ses"));
    QCOMPARE(signer.sign(sesRequest(), kPosthornTime, sesOptions()).authorization,
             signer.sign(sesRequest(), kPosthornTime, sesOptions()).authorization);
}

void tst_SigV4::differentTimeChangesSignature()
{
    SigV4Signer signer(QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("us-east-1"),
                       QStringLiteral("ses"));
    QVERIFY(signer.sign(sesRequest(), kPosthornTime, sesOptions()).signature
            != signer.sign(sesRequest(), kPosthornTime.addSecs(1), sesOptions()).signature);
}

void tst_SigV4::differentBodyChangesSignature()
{
    SigV4Signer signer(QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("us-east-1"),
                       QStringLiteral("ses"));
    QVERIFY(signer.sign(sesRequest("{}"), kPosthornTime, sesOptions()).signature
            != signer.sign(sesRequest("{ }"), kPosthornTime, sesOptions()).signature);
}

void tst_SigV4::secretNeverInOutput()
{
    const QString secret = QStringLiteral("SUPERSECRETKEYVALUE123");
    SigV4Signer signer(QStringLiteral("AKID"), secret, QStringLiteral("us-east-1"), QStringLiteral("ses"),
                       QStringLiteral("TOKEN"));
    const auto s = signer.sign(sesRequest(), kPosthornTime, sesOptions());
    for (const auto &h : s.addedHeaders)
        QVERIFY2(!h.second.contains(secret.toUtf8()), h.first.constData());
    QVERIFY(!s.canonicalRequest.contains(secret.toUtf8()));
    QVERIFY(!s.stringToSign.contains(secret.toUtf8()));
}

void tst_SigV4::sessionTokenSignedWhenRequested()
{
    SigV4Signer signer(QStringLiteral("AKID"), QStringLiteral("SECRET"), QStringLiteral("eu-west-1"),
                       QStringLiteral("ses"), QStringLiteral("SESSIONTOKEN"));
    const auto s = signer.sign(sesRequest(), kPosthornTime, sesOptions());
    QVERIFY(s.signedHeaders.contains("x-amz-security-token"));
    QVERIFY(s.canonicalRequest.contains("x-amz-security-token:SESSIONTOKEN\n"));
    QCOMPARE(headerValue(s.addedHeaders, "X-Amz-Security-Token"), QByteArray("SESSIONTOKEN"));
}

QTEST_GUILESS_MAIN(tst_SigV4)
#include "tst_sigv4.moc"
