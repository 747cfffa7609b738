// The MIME corpus (tests/data/mime) submitted over SMTP with STARTTLS + AUTH: every accepted
// mail arrives at the transport exactly as its .json describes; every malformed one gets 554.

#include "SmtpTestClient.h"
#include "SmtpTestRig.h"
#include "TestData.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

QStringList describe(const AddressList &list)
{
    QStringList out;
    for (const Address &a : list)
        out << a.name + QStringLiteral(" | ") + a.email;
    return out;
}

QStringList expectedAddresses(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray array = v.isArray() ? v.toArray() : QJsonArray{v};
    for (const QJsonValue &a : array)
        out << a.toObject().value(QStringLiteral("name")).toString() + QStringLiteral(" | ")
                + a.toObject().value(QStringLiteral("email")).toString();
    return out;
}

QStringList emails(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &a : v.toArray())
        out << (a.isString() ? a.toString() : a.toObject().value(QStringLiteral("email")).toString());
    return out;
}

QStringList describeAttachments(const QList<Attachment> &list)
{
    QStringList out;
    for (const Attachment &a : list)
        out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6")
                   .arg(a.filename, a.contentType, a.contentId)
                   .arg(a.isInline)
                   .arg(a.data.size())
                   .arg(QString::fromLatin1(QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex()));
    return out;
}

QStringList expectedAttachments(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6")
                   .arg(o.value(QStringLiteral("filename")).toString(),
                        o.value(QStringLiteral("content_type")).toString(),
                        o.value(QStringLiteral("content_id")).toString())
                   .arg(o.value(QStringLiteral("inline")).toBool())
                   .arg(o.value(QStringLiteral("size")).toInt())
                   .arg(o.value(QStringLiteral("sha256")).toString());
    }
    return out;
}

/// RFC 5321 §4.5.2: a client doubles a leading dot.
QByteArray dotStuffed(QByteArray raw)
{
    if (!raw.endsWith("\r\n"))
        raw += "\r\n";
    if (raw.startsWith('.'))
        raw.prepend('.');
    raw.replace("\r\n.", "\r\n..");
    return raw;
}

} // namespace

/// \brief End-to-end MIME corpus over the SMTP listener.
class tst_SmtpCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase() { m_rig.reset(); }
    void corpus_data();
    void corpus();

private:
    std::unique_ptr<SmtpTestRig> m_rig;
};

void tst_SmtpCorpus::initTestCase()
{
    SmtpListenerConfig config = SmtpTestRig::tlsAuthConfig();
    config.allowedSenders = {QStringLiteral("*")};
    config.maxRecipients = 100;
    m_rig = std::make_unique<SmtpTestRig>(config);
    QVERIFY(m_rig->start());
}

void tst_SmtpCorpus::corpus_data()
{
    QTest::addColumn<QString>("name");
    const QStringList cases =
        QDir(dataPath(QStringLiteral("mime"))).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(cases.size() >= 20);
    for (const QString &json : cases)
        QTest::newRow(qPrintable(json.chopped(5))) << json.chopped(5);
}

void tst_SmtpCorpus::corpus()
{
    QFETCH(QString, name);
    const QByteArray raw = readData(QStringLiteral("mime/%1.eml").arg(name));
    const QJsonObject expect = QJsonDocument::fromJson(readData(QStringLiteral("mime/%1.json").arg(name))).object();
    const bool malformed = expect.contains(QStringLiteral("error"));

    // The envelope: the case's own, or what a client would derive from the headers.
    const QJsonObject envelope = expect.value(QStringLiteral("envelope")).toObject();
    QString from = envelope.value(QStringLiteral("from")).toString();
    QStringList to = emails(envelope.value(QStringLiteral("to")));
    if (envelope.isEmpty() && !malformed) {
        from = expect.value(QStringLiteral("from")).toObject().value(QStringLiteral("email")).toString();
        to = emails(expect.value(QStringLiteral("to"))) + emails(expect.value(QStringLiteral("cc")))
            + emails(expect.value(QStringLiteral("bcc")));
    }
    if (from.isEmpty())
        from = QStringLiteral("sender@example.com");
    if (to.isEmpty())
        to = {QStringLiteral("rcpt@example.org")};
    bool utf8 = false;
    for (const QString &a : to + QStringList{from})
        for (QChar ch : a)
            utf8 = utf8 || ch.unicode() > 0x7f;

    SmtpTestClient c;
    c.setTls(dataPath(QStringLiteral("tls/smtp-listener-ca.pem")));
    QVERIFY(c.connectTo(m_rig->port()));
    QVERIFY(c.readReply().startsWith("220"));
    QVERIFY(c.command("EHLO corpus.test").startsWith("250"));
    QVERIFY(c.startTls());
    QVERIFY(c.command("EHLO corpus.test").startsWith("250"));
    QVERIFY(c.command("AUTH PLAIN " + plainResponse("ghost", SmtpTestRig::kPassword)).startsWith("235"));
    const QByteArray mailReply =
        c.command("MAIL FROM:<" + from.toUtf8() + ">" + (utf8 ? " SMTPUTF8 BODY=8BITMIME" : " BODY=8BITMIME"));
    QVERIFY2(mailReply.startsWith("250"), mailReply.constData());
    for (const QString &r : std::as_const(to))
        QVERIFY(c.command("RCPT TO:<" + r.toUtf8() + ">").startsWith("250"));
    QVERIFY(c.command("DATA").startsWith("354"));
    const qsizetype before = m_rig->fake->received.size();
    const QByteArray reply = c.command(dotStuffed(raw) + ".", 15000);
    c.command("QUIT");

    if (name == u"malformed-no-sender") {
        // Parsed alone it has no sender at all; over SMTP the envelope sender fills the gap
        // (reference §3.4), so the listener accepts it.
        QVERIFY2(reply.startsWith("250 2.0.0 Ok: queued as "), reply.constData());
        QVERIFY(pumpUntil([&] { return m_rig->fake->received.size() > before; }, 10000));
        QCOMPARE(m_rig->fake->received.last().from.email, from);
        return;
    }
    if (malformed) {
        QVERIFY2(reply.startsWith("554 5.6.0 Malformed message: "), reply.constData());
        QCOMPARE(m_rig->fake->received.size(), before);
        return;
    }
    QVERIFY2(reply.startsWith("250 2.0.0 Ok: queued as "), reply.constData());
    const QString id = QString::fromLatin1(reply.mid(reply.lastIndexOf(' ') + 1));
    QVERIFY(pumpUntil(
        [&] {
            for (const Message &m : std::as_const(m_rig->fake->received))
                if (m.submissionId == id)
                    return true;
            return false;
        },
        10000));
    Message m;
    for (const Message &candidate : std::as_const(m_rig->fake->received))
        if (candidate.submissionId == id)
            m = candidate;
    QCOMPARE(describe({m.from}), expectedAddresses(expect.value(QStringLiteral("from"))));
    QCOMPARE(describe(m.to), expectedAddresses(expect.value(QStringLiteral("to"))));
    QCOMPARE(describe(m.cc), expectedAddresses(expect.value(QStringLiteral("cc"))));
    QCOMPARE(describe(m.bcc), expectedAddresses(expect.value(QStringLiteral("bcc"))));
    QCOMPARE(describe(m.replyTo), expectedAddresses(expect.value(QStringLiteral("reply_to"))));
    QCOMPARE(m.subject, expect.value(QStringLiteral("subject")).toString());
    QCOMPARE(m.text, expect.value(QStringLiteral("text")).toString());
    QCOMPARE(m.html, expect.value(QStringLiteral("html")).toString());
    QStringList headers;
    for (const Header &h : std::as_const(m.headers))
        headers << QString::fromLatin1(h.name) + QStringLiteral(": ") + h.value;
    QStringList expectedHeaders;
    for (const QJsonValue &h : expect.value(QStringLiteral("headers")).toArray())
        expectedHeaders << h.toObject().value(QStringLiteral("name")).toString() + QStringLiteral(": ")
                + h.toObject().value(QStringLiteral("value")).toString();
    QCOMPARE(headers, expectedHeaders);
    QCOMPARE(describeAttachments(m.attachments),
             expectedAttachments(expect.value(QStringLiteral("attachments")).toArray()));
    QCOMPARE(m.ingress, Ingress::Smtp);
}

QTEST_GUILESS_MAIN(tst_SmtpCorpus)
#include "tst_smtpcorpus.moc"
