#include "TestData.h"
#include "mime/MimeBuilder.h"
#include "mime/MimeParser.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Mime;

namespace {

QStringList describe(const AddressList &list)
{
    QStringList out;
    for (const Address &a : list)
        out << a.name + QStringLiteral(" | ") + a.email;
    return out;
}

Address addressFromJson(const QJsonValue &v)
{
    if (v.isString())
        return Address{QString(), v.toString()};
    const QJsonObject o = v.toObject();
    return Address{o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("email")).toString()};
}

AddressList addressesFromJson(const QJsonValue &v)
{
    AddressList out;
    for (const QJsonValue &a : v.toArray())
        out << addressFromJson(a);
    return out;
}

QStringList describe(const QList<Header> &headers)
{
    QStringList out;
    for (const Header &h : headers)
        out << QString::fromLatin1(h.name) + QStringLiteral(": ") + h.value;
    return out;
}

QStringList describe(const QList<Attachment> &attachments)
{
    QStringList out;
    for (const Attachment &a : attachments)
        out << QStringLiteral("%1 | %2 | cid=%3 | inline=%4 | %5 bytes | %6")
                   .arg(a.filename, a.contentType, a.contentId,
                        a.isInline ? QStringLiteral("yes") : QStringLiteral("no"))
                   .arg(a.data.size())
                   .arg(QString::fromLatin1(QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex()));
    return out;
}

QStringList expectedAttachments(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        out << QStringLiteral("%1 | %2 | cid=%3 | inline=%4 | %5 bytes | %6")
                   .arg(o.value(QStringLiteral("filename")).toString(),
                        o.value(QStringLiteral("content_type")).toString(),
                        o.value(QStringLiteral("content_id")).toString(),
                        o.value(QStringLiteral("inline")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"))
                   .arg(o.value(QStringLiteral("size")).toInt())
                   .arg(o.value(QStringLiteral("sha256")).toString());
    }
    return out;
}

QStringList expectedHeaders(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &v : array)
        out << v.toObject().value(QStringLiteral("name")).toString() + QStringLiteral(": ")
                + v.toObject().value(QStringLiteral("value")).toString();
    return out;
}

// A message with `depth` nested multipart/mixed entities around one text part.
QByteArray nested(int depth)
{
    QByteArray raw = "From: a@example.com\r\nTo: b@example.com\r\nSubject: nest\r\n";
    QByteArray close;
    for (int i = 0; i < depth; ++i) {
        // Fixed width, so that no boundary is a prefix of another (RFC 2046 §5.1.1).
        const QByteArray b = "level-" + QByteArray::number(i).rightJustified(3, '0');
        raw += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
        close.prepend("\r\n--" + b + "--\r\n");
    }
    return raw + "Content-Type: text/plain\r\n\r\ninnermost" + close;
}

// A multipart/mixed message with `parts` text parts (so parts + 1 entities in all).
QByteArray manyParts(int parts)
{
    QByteArray raw = "From: a@example.com\r\nTo: b@example.com\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n";
    for (int i = 0; i < parts; ++i)
        raw += "--m\r\nContent-Type: text/plain\r\n\r\np" + QByteArray::number(i) + "\r\n";
    return raw + "--m--\r\n";
}

} // namespace

/// \brief Tests parseMessage() against the MIME corpus in tests/data/mime and its limits.
class tst_MimeParser : public QObject
{
    Q_OBJECT

private slots:
    void corpus_data();
    void corpus();
    void lfLineEndingsParseLikeCrlf();
    void envelopeSenderFillsMissingFrom();
    void headerFromWinsOverEnvelopeSender();
    void headerRecipientsWithoutEnvelope();
    void depthLimit_data();
    void depthLimit();
    void partLimit_data();
    void partLimit();
    void headerLimit();
    void keptHeaders_data();
    void keptHeaders();
    void attachmentFilenameLosesDirectories();
    void textPartIsAttachmentByDispositionOrName_data();
    void textPartIsAttachmentByDispositionOrName();
};

void tst_MimeParser::corpus_data()
{
    QTest::addColumn<QString>("name");
    const QDir dir(Test::dataPath(QStringLiteral("mime")));
    const QStringList cases = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY2(cases.size() >= 20, "the MIME corpus is missing");
    for (const QString &json : cases) {
        const QString name = json.chopped(5);
        QTest::newRow(qPrintable(name)) << name;
    }
}

void tst_MimeParser::corpus()
{
    QFETCH(QString, name);
    const QByteArray raw = Test::readData(QStringLiteral("mime/%1.eml").arg(name));
    QVERIFY2(!raw.isEmpty(), "missing .eml for this case");
    QJsonParseError jsonError;
    const QJsonObject expect =
        QJsonDocument::fromJson(Test::readData(QStringLiteral("mime/%1.json").arg(name)), &jsonError).object();
    QCOMPARE(jsonError.error, QJsonParseError::NoError);

    ParseOptions options;
    const QJsonObject envelope = expect.value(QStringLiteral("envelope")).toObject();
    if (!envelope.isEmpty()) {
        options.envelopeFrom = addressFromJson(envelope.value(QStringLiteral("from")));
        options.envelopeRecipients = addressesFromJson(envelope.value(QStringLiteral("to")));
    }
    const Result<Message> parsed = parseMessage(raw, options);

    if (expect.contains(QStringLiteral("error"))) {
        QVERIFY2(!parsed.ok(), "a malformed case parsed");
        QCOMPARE(parsed.error().code, expect.value(QStringLiteral("error")).toString());
        QVERIFY(!parsed.error().message.isEmpty());
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    const Message &m = parsed.value();
    QCOMPARE(describe({m.from}), describe({addressFromJson(expect.value(QStringLiteral("from")))}));
    QCOMPARE(describe(m.to), describe(addressesFromJson(expect.value(QStringLiteral("to")))));
    QCOMPARE(describe(m.cc), describe(addressesFromJson(expect.value(QStringLiteral("cc")))));
    QCOMPARE(describe(m.bcc), describe(addressesFromJson(expect.value(QStringLiteral("bcc")))));
    QCOMPARE(describe(m.replyTo), describe(addressesFromJson(expect.value(QStringLiteral("reply_to")))));
    QCOMPARE(m.subject, expect.value(QStringLiteral("subject")).toString());
    QCOMPARE(m.text, expect.value(QStringLiteral("text")).toString());
    QCOMPARE(m.html, expect.value(QStringLiteral("html")).toString());
    QCOMPARE(describe(m.headers), expectedHeaders(expect.value(QStringLiteral("headers")).toArray()));
    QCOMPARE(describe(m.attachments), expectedAttachments(expect.value(QStringLiteral("attachments")).toArray()));

    // What the listener accepts, the transports can send: the result is a valid Message, and
    // our own builder carries it through a second parse unchanged.
    const Status valid = m.validate();
    QVERIFY2(valid.ok(), qPrintable(valid.ok() ? QString() : valid.error().toString()));
    BuildOptions build;
    build.includeBcc = true;
    const Result<QByteArray> rebuilt = buildMessage(m, build);
    QVERIFY2(rebuilt.ok(), qPrintable(rebuilt.ok() ? QString() : rebuilt.error().toString()));
    const Result<Message> again = parseMessage(rebuilt.value());
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
    QCOMPARE(again->text, m.text);
    QCOMPARE(again->html, m.html);
    QCOMPARE(describe(again->attachments), describe(m.attachments));
    QCOMPARE(describe(again->bcc), describe(m.bcc));
}

void tst_MimeParser::lfLineEndingsParseLikeCrlf()
{
    const QByteArray crlf = Test::readData(QStringLiteral("mime/gitea-issue-notification.eml"));
    QByteArray lf = crlf;
    lf.replace("\r\n", "\n");
    QVERIFY(lf.size() < crlf.size());
    const auto a = parseMessage(crlf);
    const auto b = parseMessage(lf);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(b.value(), a.value());
}

void tst_MimeParser::envelopeSenderFillsMissingFrom()
{
    ParseOptions o;
    o.envelopeFrom = Address{QString(), QStringLiteral("app@example.com")};
    const auto m = parseMessage("To: x@example.com\r\nSubject: s\r\n\r\nbody\r\n", o);
    QVERIFY(m.ok());
    QCOMPARE(m->from.email, QStringLiteral("app@example.com"));
}

void tst_MimeParser::headerFromWinsOverEnvelopeSender()
{
    ParseOptions o;
    o.envelopeFrom = Address{QString(), QStringLiteral("bounce@example.com")};
    const auto m = parseMessage("From: Shop <shop@example.com>\r\nTo: x@example.com\r\n\r\nbody\r\n", o);
    QVERIFY(m.ok());
    QCOMPARE(m->from, (Address{QStringLiteral("Shop"), QStringLiteral("shop@example.com")}));
}

void tst_MimeParser::headerRecipientsWithoutEnvelope()
{
    const auto m =
        parseMessage("From: a@example.com\r\nTo: b@example.com, c@example.com\r\nCc: C@example.com, d@example.com\r\n"
                     "Bcc: e@example.com\r\n\r\nbody\r\n");
    QVERIFY(m.ok());
    QCOMPARE(bareAddresses(m->to), QStringList({QStringLiteral("b@example.com"), QStringLiteral("c@example.com")}));
    QCOMPARE(bareAddresses(m->cc), QStringList({QStringLiteral("d@example.com")})); // C@ duplicates To
    QCOMPARE(bareAddresses(m->bcc), QStringList({QStringLiteral("e@example.com")}));
}

void tst_MimeParser::depthLimit_data()
{
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("ok");
    QTest::newRow("default limit") << ParseOptions::kDefaultMaxDepth << ParseOptions::kDefaultMaxDepth << true;
    QTest::newRow("one over default") << ParseOptions::kDefaultMaxDepth + 1 << ParseOptions::kDefaultMaxDepth << false;
    QTest::newRow("custom limit") << 3 << 3 << true;
    QTest::newRow("one over custom") << 4 << 3 << false;
}

void tst_MimeParser::depthLimit()
{
    QFETCH(int, depth);
    QFETCH(int, limit);
    QFETCH(bool, ok);
    ParseOptions o;
    o.maxDepth = limit;
    const auto m = parseMessage(nested(depth), o);
    QCOMPARE(m.ok(), ok);
    if (ok)
        QCOMPARE(m->text, QStringLiteral("innermost"));
    else
        QCOMPARE(m.error().code, QString::fromLatin1(kErrorTooComplex));
}

void tst_MimeParser::partLimit_data()
{
    QTest::addColumn<int>("parts");
    QTest::addColumn<bool>("ok");
    // The multipart itself counts as an entity.
    QTest::newRow("at the limit") << ParseOptions::kDefaultMaxParts - 1 << true;
    QTest::newRow("one over") << ParseOptions::kDefaultMaxParts << false;
}

void tst_MimeParser::partLimit()
{
    QFETCH(int, parts);
    QFETCH(bool, ok);
    const auto m = parseMessage(manyParts(parts));
    QCOMPARE(m.ok(), ok);
    if (!ok)
        QCOMPARE(m.error().code, QString::fromLatin1(kErrorTooComplex));
}

void tst_MimeParser::headerLimit()
{
    ParseOptions o;
    o.maxHeaders = 10;
    QByteArray raw = "From: a@example.com\r\nTo: b@example.com\r\n";
    for (int i = 0; i < 8; ++i)
        raw += "X-N: " + QByteArray::number(i) + "\r\n";
    const auto at = parseMessage(raw + "\r\nbody\r\n", o);
    QVERIFY2(at.ok(), qPrintable(at.ok() ? QString() : at.error().toString()));
    const auto over = parseMessage(raw + "X-N: 8\r\n\r\nbody\r\n", o);
    QVERIFY(!over.ok());
    QCOMPARE(over.error().code, QString::fromLatin1(kErrorTooComplex));
}

void tst_MimeParser::keptHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("kept");
    for (const char *n : {"Message-ID", "In-Reply-To", "References", "List-Unsubscribe", "List-Id", "X-Gitea-Reason",
                          "Auto-Submitted", "Precedence", "Importance", "Priority", "X-Mailer"})
        QTest::newRow(n) << QByteArray(n) << true;
    for (const char *n : {"Received", "Return-Path", "DKIM-Signature", "ARC-Seal", "ARC-Message-Signature",
                          "Authentication-Results", "Delivered-To", "X-Original-To", "Bcc", "Date", "MIME-Version",
                          "Content-Type", "Content-Language", "Sender", "From", "Subject", "Resent-From"})
        QTest::newRow(n) << QByteArray(n) << false;
}

void tst_MimeParser::keptHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, kept);
    QCOMPARE(isKeptHeaderName(name), kept);
    QCOMPARE(isKeptHeaderName(name.toLower()), kept);
}

void tst_MimeParser::attachmentFilenameLosesDirectories()
{
    const QByteArray raw =
        "From: a@example.com\r\nTo: b@example.com\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        "--z\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        "--z\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=\"../../etc/cron.d/evil\"\r\n\r\nx\r\n--z--\r\n";
    const auto m = parseMessage(raw);
    QVERIFY(m.ok());
    QCOMPARE(m->attachments.size(), 1);
    QCOMPARE(m->attachments.first().filename, QStringLiteral("evil"));
}

void tst_MimeParser::textPartIsAttachmentByDispositionOrName_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<bool>("attachment");
    QTest::newRow("no disposition") << QByteArray("Content-Type: text/plain\r\n") << false;
    QTest::newRow("inline, no name") << QByteArray("Content-Type: text/plain\r\nContent-Disposition: inline\r\n")
                                     << false;
    QTest::newRow("attachment disposition")
        << QByteArray("Content-Type: text/plain\r\nContent-Disposition: attachment\r\n") << true;
    QTest::newRow("inline with filename")
        << QByteArray("Content-Type: text/plain\r\nContent-Disposition: inline; filename=notes.txt\r\n") << true;
    QTest::newRow("name parameter") << QByteArray("Content-Type: text/plain; name=notes.txt\r\n") << true;
    QTest::newRow("html attachment") << QByteArray(
        "Content-Type: text/html\r\nContent-Disposition: attachment; filename=page.html\r\n")
                                     << true;
}

void tst_MimeParser::textPartIsAttachmentByDispositionOrName()
{
    QFETCH(QByteArray, headers);
    QFETCH(bool, attachment);
    const QByteArray raw =
        "From: a@example.com\r\nTo: b@example.com\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        "--z\r\nContent-Type: text/plain\r\n\r\nbody\r\n--z\r\n"
        + headers + "\r\nsecond line\r\n--z--\r\n";
    const auto m = parseMessage(raw);
    QVERIFY(m.ok());
    QCOMPARE(m->attachments.size(), attachment ? 1 : 0);
    if (attachment) {
        QCOMPARE(m->text, QStringLiteral("body"));
        QCOMPARE(m->attachments.first().data, QByteArray("second line")); // the CRLF is the delimiter's
    } else {
        QCOMPARE(m->text, QStringLiteral("body\nsecond line"));
    }
}

QTEST_GUILESS_MAIN(tst_MimeParser)
#include "tst_mimeparser.moc"
