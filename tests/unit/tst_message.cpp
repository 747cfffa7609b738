// The Message model: validation, recipients, serialization.

#include "core/Message.h"
#include "core/Rfc2047.h"

#include <QJsonArray>
#include <QTest>

using namespace Postrider;

namespace {
Message full()
{
    Message m;
    m.from = *Address::parse(u"Zoë <zoe@example.com>");
    m.to = *Address::parseList(u"Ann <ann@example.org>, bob@example.org");
    m.cc = *Address::parseList(u"carol@example.org");
    m.bcc = *Address::parseList(u"ANN@example.org, dave@example.org");
    m.replyTo = *Address::parseList(u"support@example.com");
    m.subject = QStringLiteral("Grüße — 안녕하세요 ✉");
    m.text = QStringLiteral("plain\nlines");
    m.html = QStringLiteral("<p>html <img src=\"cid:logo\"></p>");
    m.headers = {{"List-Unsubscribe", QStringLiteral("<https://example.com/u>")}, {"X-Entity-Ref-ID", "42"}};
    Attachment a;
    a.filename = QStringLiteral("Résumé.pdf");
    a.contentType = QStringLiteral("application/pdf");
    a.data = QByteArray("%PDF-1.4\0binary\xff", 17);
    Attachment logo;
    logo.filename = QStringLiteral("logo.png");
    logo.contentType = QStringLiteral("image/png");
    logo.contentId = QStringLiteral("logo");
    logo.isInline = true;
    logo.data = QByteArray(300, '\x89');
    m.attachments = {a, logo};
    m.ingress = Ingress::Smtp;
    m.submissionId = newSubmissionId();
    m.createdAt = QDateTime(QDate(2024, 1, 15), QTime(12, 0, 0, 250), Qt::UTC);
    m.metadata = {{QStringLiteral("endpoint"), QStringLiteral("/contact")}};
    return m;
}
} // namespace

class tst_Message : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serializationRoundTrip()
    {
        const Message m = full();
        const QByteArray bytes = m.serialize();
        const auto back = Message::deserialize(bytes);
        QVERIFY(back.ok());
        QCOMPARE(*back, m);
        QVERIFY(!Message::deserialize(bytes.left(bytes.size() / 2)).ok());
        QVERIFY(!Message::deserialize(QByteArray("garbage")).ok());
    }

    void allRecipientsDeduplicates()
    {
        const AddressList all = full().allRecipients();
        QCOMPARE(bareAddresses(all),
                 (QStringList{"ann@example.org", "bob@example.org", "carol@example.org", "dave@example.org"}));
    }

    void validation_data()
    {
        QTest::addColumn<int>("breakage");
        QTest::addColumn<bool>("valid");
        QTest::newRow("complete") << 0 << true;
        QTest::newRow("no sender") << 1 << false;
        QTest::newRow("no recipients") << 2 << false;
        QTest::newRow("bcc only is fine") << 3 << true;
        QTest::newRow("CRLF in subject") << 4 << false;
        QTest::newRow("LF in header value") << 5 << false;
        QTest::newRow("header name with colon") << 6 << false;
        QTest::newRow("reserved header Bcc") << 7 << false;
        QTest::newRow("reserved header content-type") << 8 << false;
        QTest::newRow("inline without content id") << 9 << false;
        QTest::newRow("CR in display name") << 10 << false;
    }
    void validation()
    {
        QFETCH(int, breakage);
        QFETCH(bool, valid);
        Message m = full();
        switch (breakage) {
        case 1:
            m.from = {};
            break;
        case 2:
            m.to.clear();
            m.cc.clear();
            m.bcc.clear();
            break;
        case 3:
            m.to.clear();
            m.cc.clear();
            break;
        case 4:
            m.subject = QStringLiteral("hi\r\nBcc: evil@example.com");
            break;
        case 5:
            m.headers.append({"X-Test", QStringLiteral("a\nb")});
            break;
        case 6:
            m.headers.append({"X:Bad", QStringLiteral("v")});
            break;
        case 7:
            m.headers.append({"BCC", QStringLiteral("evil@example.com")});
            break;
        case 8:
            m.headers.append({"content-type", QStringLiteral("text/html")});
            break;
        case 9:
            m.attachments[1].contentId.clear();
            break;
        case 10:
            m.to[0].name = QStringLiteral("Ann\rBcc: x");
            break;
        }
        const Status s = m.validate();
        QCOMPARE(s.ok(), valid);
        if (!valid)
            QCOMPARE(s.error().code, QStringLiteral("message.invalid"));
    }

    void jsonViewHidesBodiesOnRequest()
    {
        const Message m = full();
        const QJsonObject with = m.toJson(true);
        const QJsonObject without = m.toJson(false);
        QCOMPARE(with.value(QStringLiteral("subject")).toString(), m.subject);
        QVERIFY(with.contains(QStringLiteral("text")));
        QVERIFY(!without.contains(QStringLiteral("text")));
        QVERIFY(
            !without.value(QStringLiteral("attachments")).toArray().at(0).toObject().contains(QStringLiteral("data")));
        QCOMPARE(without.value(QStringLiteral("attachments"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("content_id"))
                     .toString(),
                 QStringLiteral("logo"));
        QCOMPARE(with.value(QStringLiteral("ingress")).toString(), QStringLiteral("smtp"));
    }

    void submissionIdsAreUuidV4()
    {
        const QString a = newSubmissionId();
        const QString b = newSubmissionId();
        QVERIFY(a != b);
        QCOMPARE(a.size(), 36);
        QCOMPARE(a.at(14), QLatin1Char('4'));
        QVERIFY(QStringLiteral("89ab").contains(a.at(19)));
    }

    void ingressNames()
    {
        for (Ingress i : {Ingress::HttpForm, Ingress::HttpApi, Ingress::Smtp, Ingress::Cli, Ingress::Admin})
            QCOMPARE(ingressFromName(ingressName(i)), i);
        QCOMPARE(ingressFromName(u"nonsense"), Ingress::Unknown);
    }

    void rfc2047()
    {
        QCOMPARE(*Rfc2047::decodeWord(u"=?UTF-8?B?Y2Fmw6k=?="), QStringLiteral("café"));
        QCOMPARE(*Rfc2047::decodeWord(u"=?iso-8859-1?q?caf=E9_au_lait?="), QStringLiteral("café au lait"));
        QVERIFY(!Rfc2047::decodeWord(u"=?bogus-charset?B?Y2Fmw6k=?=").has_value());
        QVERIFY(!Rfc2047::decodeWord(u"=?UTF-8?X?abc?=").has_value());
        QCOMPARE(Rfc2047::decodeText(u"Re: =?UTF-8?Q?a?= =?UTF-8?Q?b?= c"), QStringLiteral("Re: ab c"));
        QCOMPARE(Rfc2047::encodeText(QStringLiteral("plain ascii")), QByteArray("plain ascii"));
        const QString korean = QStringLiteral("안녕하세요 세계, 이것은 긴 제목입니다 ✉ 😀");
        const QByteArray enc = Rfc2047::encodeText(korean);
        for (const QByteArray &line : enc.split('\n'))
            QVERIFY2(line.trimmed().size() <= 75, line.constData());
        QCOMPARE(Rfc2047::decodeText(QString::fromLatin1(enc)), korean);
    }
};

QTEST_GUILESS_MAIN(tst_Message)
#include "tst_message.moc"
