// The capture transport writes a complete .eml that a MIME parser reads back unchanged.

#include "MockClock.h"

#include "mime/MimeParser.h"
#include "transport/CaptureTransport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;

class tst_CaptureTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesParseableEml()
    {
        QTemporaryDir dir;
        TransportConfig c;
        c.name = QStringLiteral("capture");
        c.type = QStringLiteral("capture");
        c.settings.insert(QStringLiteral("path"), dir.filePath(QStringLiteral("out/nested")));
        Test::MockClock clock;
        CaptureTransport t(c, &clock);

        Message m;
        m.from = *Address::parse(u"Zoë Ünal <zoe@example.com>");
        m.to = *Address::parseList(u"김민준 <minjun@example.kr>, bob@example.org");
        m.cc = *Address::parseList(u"carol@example.org");
        m.bcc = *Address::parseList(u"audit@example.org");
        m.replyTo = *Address::parseList(u"support@example.com");
        m.subject = QStringLiteral("Grüße 👋 — 안녕하세요");
        m.text = QStringLiteral("Hallo,\n.dot at line start\nend\n");
        m.html = QStringLiteral("<p>Hallo <b>Welt</b> <img src=\"cid:logo\"></p>\n");
        m.headers = {{"List-Unsubscribe", QStringLiteral("<mailto:u@example.com>")}};
        Attachment pdf;
        pdf.filename = QStringLiteral("Résumé.pdf");
        pdf.contentType = QStringLiteral("application/pdf");
        for (int i = 0; i < 2000; ++i)
            pdf.data.append(char(i * 7));
        Attachment logo;
        logo.filename = QStringLiteral("logo.png");
        logo.contentType = QStringLiteral("image/png");
        logo.contentId = QStringLiteral("logo");
        logo.isInline = true;
        logo.data = QByteArray("\x89PNG\r\n\x1a\n-fake", 13);
        m.attachments = {pdf, logo};
        m.submissionId = QStringLiteral("3b1f7c2e-0000-4000-8000-000000000abc");

        std::optional<SendResult> result;
        t.send(m, {}, [&](const SendResult &r) { result = r; });
        QVERIFY(!result); // never synchronously
        QTRY_VERIFY(result.has_value());
        QVERIFY2(result->ok(), qPrintable(result->describe()));
        const QString file = QDir(t.directory()).filePath(result->messageId);
        QVERIFY(file.endsWith(QStringLiteral("-3b1f7c2e-0000-4000-8000-000000000abc.eml")));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        for (const QByteArray &line : raw.split('\n'))
            QVERIFY(line.size() <= 1000);
        QVERIFY(!raw.contains("Grüße")); // headers are encoded, not raw 8-bit

        const auto parsed = Mime::parseMessage(raw);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->from, m.from);
        QCOMPARE(parsed->to, m.to);
        QCOMPARE(parsed->cc, m.cc);
        QCOMPARE(parsed->bcc, m.bcc); // kept in the local file so it shows every recipient
        QCOMPARE(parsed->replyTo, m.replyTo);
        QCOMPARE(parsed->subject, m.subject);
        QCOMPARE(parsed->text, m.text);
        QCOMPARE(parsed->html, m.html);
        QCOMPARE(parsed->attachments.size(), 2);
        // Order follows the MIME tree (the inline image sits in multipart/related); match by name.
        const auto find = [&](const QString &name) {
            for (const Attachment &a : parsed->attachments)
                if (a.filename == name)
                    return a;
            return Attachment{};
        };
        QCOMPARE(find(pdf.filename).data, pdf.data);
        QCOMPARE(find(pdf.filename).contentType, pdf.contentType);
        QVERIFY(!find(pdf.filename).isInline);
        QCOMPARE(find(logo.filename).contentId, QStringLiteral("logo"));
        QVERIFY(find(logo.filename).isInline);
        QCOMPARE(find(logo.filename).data, logo.data);
        bool unsubscribe = false;
        for (const Header &h : parsed->headers)
            unsubscribe = unsubscribe
                || (h.name.compare("List-Unsubscribe", Qt::CaseInsensitive) == 0
                    && h.value == QStringLiteral("<mailto:u@example.com>"));
        QVERIFY(unsubscribe);
    }

    void invalidMessageIsTerminal()
    {
        QTemporaryDir dir;
        TransportConfig c;
        c.name = c.type = QStringLiteral("capture");
        c.settings.insert(QStringLiteral("path"), dir.path());
        Test::MockClock clock;
        CaptureTransport t(c, &clock);
        Message m;
        m.from = *Address::parse(u"a@example.com");
        m.to = {*Address::parse(u"b@example.com")};
        m.subject = QStringLiteral("x\r\nBcc: evil@example.com");
        std::optional<SendResult> result;
        t.send(m, {}, [&](const SendResult &r) { result = r; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->outcome, Outcome::Terminal);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_CaptureTransport)
#include "tst_capturetransport.moc"
