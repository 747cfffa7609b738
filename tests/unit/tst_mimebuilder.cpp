#include "mime/MimeBuilder.h"
#include "mime/MimeParser.h"
#include "mime/MimeWire.h"

#include <QRandomGenerator>

#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace Postrider;
using namespace Postrider::Mime;

namespace {

Address addr(const QString &email, const QString &name = {})
{
    return Address{name, email};
}

Message basic()
{
    Message m;
    m.from = addr(QStringLiteral("sender@example.com"), QStringLiteral("Sender"));
    m.to = {addr(QStringLiteral("rcpt@example.org"))};
    m.subject = QStringLiteral("Hello");
    m.text = QStringLiteral("Plain body");
    return m;
}

Attachment file(const QString &name, const QString &type, const QByteArray &data, const QString &cid = {},
                bool isInline = false)
{
    Attachment a;
    a.filename = name;
    a.contentType = type;
    a.data = data;
    a.contentId = cid;
    a.isInline = isInline;
    return a;
}

QByteArray build(const Message &m, const BuildOptions &o = {})
{
    const Result<QByteArray> r = buildMessage(m, o);
    if (!r.ok()) {
        qWarning("build failed: %s", qPrintable(r.error().toString()));
        return {};
    }
    return r.value();
}

// Media types in the order the entities appear (pre-order, as the builder writes them).
QStringList mediaTypes(const QByteArray &raw)
{
    QStringList out;
    static const QRegularExpression re(QStringLiteral("^Content-Type: ([^;\\r\\n]+)"),
                                       QRegularExpression::MultilineOption);
    auto it = re.globalMatch(QString::fromLatin1(raw));
    while (it.hasNext())
        out << it.next().captured(1);
    return out;
}

QByteArray headerSection(const QByteArray &raw)
{
    return raw.left(raw.indexOf("\r\n\r\n") + 2);
}

// The Content-Transfer-Encoding of the first text/<subtype> part.
QByteArray transferEncodingOf(const QByteArray &raw, const QByteArray &subtype)
{
    const qsizetype at = raw.indexOf("Content-Type: text/" + subtype);
    if (at < 0)
        return {};
    const qsizetype cte = raw.indexOf("Content-Transfer-Encoding: ", at);
    return raw.mid(cte + 27, raw.indexOf("\r\n", cte) - cte - 27);
}

qsizetype longestLine(const QByteArray &raw)
{
    qsizetype longest = 0;
    for (const QByteArray &line : raw.split('\n'))
        longest = std::max(longest, line.endsWith('\r') ? line.size() - 1 : line.size());
    return longest;
}

bool hasBareLineFeed(const QByteArray &raw)
{
    for (qsizetype i = 0; i < raw.size(); ++i)
        if ((raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
            || (raw[i] == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n')))
            return true;
    return false;
}

QByteArray pngBytes()
{
    return QByteArray::fromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489");
}

} // namespace

/// \brief Tests buildMessage(): structure, encodings, line limits, injection defence and
/// round trips through parseMessage().
class tst_MimeBuilder : public QObject
{
    Q_OBJECT

private slots:
    // Quoted-printable (RFC 2045 §6.7) for random octets, CRLF runs and long lines: every encoded
    // line fits 76 columns, only CRLF line breaks appear, and decoding gives the input back.
    void quotedPrintableRoundTripsRandomInput()
    {
        QRandomGenerator rng(20261202); // fixed seed: the same inputs every run
        for (int round = 0; round < 400; ++round) {
            QByteArray in;
            const int size = int(rng.bounded(6000));
            for (int i = 0; i < size; ++i) {
                const quint32 pick = rng.bounded(100);
                if (pick < 5)
                    in += "\r\n";
                else if (pick < 15)
                    in += char(rng.bounded(256)); // any octet, escaped
                else if (pick < 20)
                    in += (rng.bounded(2) ? ' ' : '\t');
                else
                    in += char('a' + rng.bounded(26));
            }
            const QByteArray out = Mime::Wire::quotedPrintable(in);
            qsizetype start = 0;
            QByteArray decoded;
            while (start < out.size()) {
                qsizetype end = out.indexOf("\r\n", start);
                const bool terminated = end >= 0;
                if (!terminated)
                    end = out.size();
                QByteArray line = out.mid(start, end - start);
                QVERIFY2(line.size() <= 76, line.constData());
                QVERIFY(!line.contains('\n') && !line.contains('\r'));
                const bool soft = line.endsWith('=');
                if (soft)
                    line.chop(1);
                for (qsizetype i = 0; i < line.size(); ++i) {
                    if (line[i] == '=') {
                        decoded += char(line.mid(i + 1, 2).toInt(nullptr, 16));
                        i += 2;
                    } else {
                        decoded += line[i];
                    }
                }
                if (terminated && !soft)
                    decoded += "\r\n";
                start = end + 2;
            }
            QCOMPARE(decoded, in);
        }
    }

    void structure_data();
    void structure();
    void roundTrip_data();
    void roundTrip();
    void textTransferEncoding_data();
    void textTransferEncoding();
    void sevenBitOnlyWhenAsked();
    void headersEncodedWhenNotAscii();
    void attachmentFilenameBothForms();
    void headerInjectionRefused_data();
    void headerInjectionRefused();
    void invalidMessagesRefused_data();
    void invalidMessagesRefused();
    void linesStayUnder998_data();
    void linesStayUnder998();
    void unfoldableMessageIdRefused();
    void crlfLineEndingsOnly();
    void bccNeverOnTheWire();
    void messageIdChoice();
    void dateIsUtc();
};

void tst_MimeBuilder::structure_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QStringList>("types");
    const Attachment pdf = file(QStringLiteral("a.pdf"), QStringLiteral("application/pdf"), "%PDF-1.4");
    const Attachment logo =
        file(QStringLiteral("logo.png"), QStringLiteral("image/png"), pngBytes(), QStringLiteral("logo@x"), true);

    Message m = basic();
    QTest::newRow("text") << m << QStringList{"text/plain"};
    m.html = QStringLiteral("<p>x</p>");
    QTest::newRow("text+html") << m << QStringList{"multipart/alternative", "text/plain", "text/html"};
    m.attachments = {logo};
    QTest::newRow("text+html+inline") << m
                                      << QStringList{"multipart/alternative", "text/plain", "multipart/related",
                                                     "text/html", "image/png"};
    m.attachments = {logo, pdf};
    QTest::newRow("text+html+inline+file")
        << m << QStringList{"multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html",
                            "image/png",       "application/pdf"};
    m.text.clear();
    QTest::newRow("html+inline+file") << m
                                      << QStringList{"multipart/mixed", "multipart/related", "text/html", "image/png",
                                                     "application/pdf"};
    m.attachments.clear();
    QTest::newRow("html") << m << QStringList{"text/html"};
    m = basic();
    m.attachments = {pdf};
    QTest::newRow("text+file") << m << QStringList{"multipart/mixed", "text/plain", "application/pdf"};
    m.attachments = {logo};
    QTest::newRow("text+inline without html") << m << QStringList{"multipart/mixed", "text/plain", "image/png"};
    m.text.clear();
    m.attachments = {pdf};
    QTest::newRow("file only") << m << QStringList{"multipart/mixed", "application/pdf"};
    m.attachments.clear();
    QTest::newRow("empty body") << m << QStringList{"text/plain"};
}

void tst_MimeBuilder::structure()
{
    QFETCH(Message, message);
    QFETCH(QStringList, types);
    const QByteArray raw = build(message);
    QVERIFY(!raw.isEmpty());
    QCOMPARE(mediaTypes(raw), types);
    if (types.first().startsWith(QLatin1String("multipart/related"))
        || types.contains(QStringLiteral("multipart/related")))
        QVERIFY(raw.contains("type=\"text/html\"")); // RFC 2387 §3.1
}

void tst_MimeBuilder::roundTrip_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<bool>("allow8bit");

    Message m = basic();
    QTest::newRow("ascii text") << m << true;

    m = basic();
    m.from = addr(QStringLiteral("jurgen@example.de"), QStringLiteral("Jürgen Müller"));
    m.to = {addr(QStringLiteral("minjun@example.kr"), QStringLiteral("김민준")),
            addr(QStringLiteral("plain@example.com"), QStringLiteral("Doe, Jane \"JD\"")),
            addr(QStringLiteral("bare@example.com"))};
    m.cc = {addr(QStringLiteral("emoji@example.com"), QStringLiteral("Renée 😀"))};
    m.bcc = {addr(QStringLiteral("hidden@example.com"), QStringLiteral("Hidden"))};
    m.replyTo = {addr(QStringLiteral("reply@example.de"), QStringLiteral("Antwort an Jürgen"))};
    m.subject = QStringLiteral("Grüße 🎉 한국어 – =?not an encoded word?=");
    m.text = QStringLiteral("Hallo!\n\n.leading dot\nFrom the start\nTrailing space \nTab\tinside\n\n");
    m.html = QStringLiteral("<p>Hallo <b>Welt</b> 🌍</p>\n<img src=\"cid:logo@example.de\">");
    m.headers = {Header{"Message-ID", QStringLiteral("<roundtrip-1@example.de>")},
                 Header{"List-Unsubscribe", QStringLiteral("<https://example.de/u?x=1>, <mailto:u@example.de>")},
                 Header{"X-Kategorie", QStringLiteral("Straße ✓")}, Header{"In-Reply-To", QStringLiteral("<a@b.c>")}};
    m.attachments = {file(QStringLiteral("logo.png"), QStringLiteral("image/png"), pngBytes(),
                          QStringLiteral("logo@example.de"), true),
                     file(QStringLiteral("Lebenslauf Jürgen Müller – endgültige Fassung 2026 (überarbeitet).pdf"),
                          QStringLiteral("application/pdf"), QByteArray(3000, '\xA5')),
                     file(QStringLiteral("invite.ics"), QStringLiteral("text/calendar; charset=utf-8; method=REQUEST"),
                          "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"),
                     file(QStringLiteral("empty.bin"), QStringLiteral("application/octet-stream"), QByteArray())};
    QTest::newRow("utf-8 everywhere, 8bit") << m << true;
    QTest::newRow("utf-8 everywhere, 7bit") << m << false;

    m = basic();
    m.text = QString(400, QChar(0xD55C)) + QStringLiteral("\n") + QString(5000, u'x') + QStringLiteral("\n==3D=\n");
    QTest::newRow("long lines and CJK") << m << false;

    m = basic();
    m.text.clear();
    m.html = QStringLiteral("<html><body>only html</body></html>");
    QTest::newRow("html only") << m << true;

    m = basic();
    m.subject = QString(300, QChar(0x00E9)) + QString(2000, u'a');
    m.text = QStringLiteral("Line one\r\nline two\rline three\n");
    QTest::newRow("very long subject, mixed newlines") << m << true;
}

void tst_MimeBuilder::roundTrip()
{
    QFETCH(Message, message);
    QFETCH(bool, allow8bit);
    BuildOptions o;
    o.includeBcc = true;
    o.allow8bit = allow8bit;
    const QByteArray raw = build(message, o);
    QVERIFY(!raw.isEmpty());
    QVERIFY(longestLine(raw) <= 998);
    const Result<Message> parsed = parseMessage(raw);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));

    Message expected = message;
    // Line breaks come back as LF; a generated Message-ID comes back as a header.
    expected.text.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(u'\r', u'\n');
    Message actual = parsed.value();
    if (!std::any_of(message.headers.begin(), message.headers.end(),
                     [](const Header &h) { return h.name == "Message-ID"; })) {
        QVERIFY(!actual.headers.isEmpty());
        QCOMPARE(actual.headers.first().name, QByteArray("Message-ID"));
        actual.headers.removeFirst();
    }
    QCOMPARE(actual.from, expected.from);
    QCOMPARE(actual.to, expected.to);
    QCOMPARE(actual.cc, expected.cc);
    QCOMPARE(actual.bcc, expected.bcc);
    QCOMPARE(actual.replyTo, expected.replyTo);
    QCOMPARE(actual.subject, expected.subject);
    QCOMPARE(actual.text, expected.text);
    QCOMPARE(actual.html, expected.html);
    QCOMPARE(actual.headers, expected.headers);
    QCOMPARE(actual.attachments.size(), expected.attachments.size());
    for (qsizetype i = 0; i < expected.attachments.size(); ++i) {
        const Attachment &a = actual.attachments[i];
        const Attachment &e = expected.attachments[i];
        QCOMPARE(a.filename, e.filename);
        QCOMPARE(a.contentType, e.contentType);
        QCOMPARE(a.contentId, e.contentId);
        QCOMPARE(a.isInline, e.isInline);
        QCOMPARE(a.data, e.data);
    }
    QCOMPARE(actual, expected);
}

void tst_MimeBuilder::textTransferEncoding_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allow8bit");
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("ascii") << QStringLiteral("hello\nworld") << true << QByteArray("7bit");
    QTest::newRow("utf-8, 8bit allowed") << QStringLiteral("grüße") << true << QByteArray("8bit");
    QTest::newRow("utf-8, 7bit only") << QStringLiteral("grüße") << false << QByteArray("quoted-printable");
    QTest::newRow("long ascii line") << QString(200, u'a') << true << QByteArray("quoted-printable");
    QTest::newRow("mostly CJK, 7bit only") << QString(100, QChar(0x65E5)) << false << QByteArray("base64");
    QTest::newRow("boundary look-alike") << QStringLiteral("--=_pr_abc") << true << QByteArray("quoted-printable");
    QTest::newRow("NUL") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << true
                         << QByteArray("quoted-printable");
}

void tst_MimeBuilder::textTransferEncoding()
{
    QFETCH(QString, text);
    QFETCH(bool, allow8bit);
    QFETCH(QByteArray, encoding);
    Message m = basic();
    m.text = text;
    BuildOptions o;
    o.allow8bit = allow8bit;
    const QByteArray raw = build(m, o);
    QCOMPARE(transferEncodingOf(raw, "plain"), encoding);
    const auto back = parseMessage(raw);
    QVERIFY(back.ok());
    QCOMPARE(back->text, text);
}

void tst_MimeBuilder::sevenBitOnlyWhenAsked()
{
    Message m = basic();
    m.subject = QStringLiteral("Ünïcödé");
    m.text = QStringLiteral("ä");
    m.html = QStringLiteral("<p>ö</p>");
    m.attachments = {file(QStringLiteral("ü.txt"), QStringLiteral("text/plain"), "\xff\x00")};
    BuildOptions o;
    o.allow8bit = false;
    const QByteArray raw = build(m, o);
    QVERIFY(!raw.isEmpty());
    for (char c : raw)
        QVERIFY2(uchar(c) < 0x80, "8-bit octet in a 7-bit message");
    QVERIFY(!raw.contains("Content-Transfer-Encoding: 8bit"));
    o.allow8bit = true;
    const QByteArray eight = build(m, o);
    // RFC 2045 §6.4: the multipart around an 8bit part is labelled 8bit too.
    QVERIFY(headerSection(eight).contains("Content-Transfer-Encoding: 8bit"));
}

void tst_MimeBuilder::headersEncodedWhenNotAscii()
{
    Message m = basic();
    m.from = addr(QStringLiteral("a@example.com"), QStringLiteral("Zoë"));
    m.to = {addr(QStringLiteral("b@example.com"), QStringLiteral("Smith, John")),
            addr(QStringLiteral("c@example.com"), QStringLiteral("Ann Lee"))};
    m.subject = QStringLiteral("Café");
    m.headers = {Header{"X-Note", QStringLiteral("plain ascii")}, Header{"X-Tag", QStringLiteral("naïve")}};
    const QByteArray head = headerSection(build(m));
    QVERIFY(head.contains("From: =?UTF-8?B?Wm/Dqw==?= <a@example.com>\r\n"));
    QVERIFY(head.contains("To: \"Smith, John\" <b@example.com>, Ann Lee <c@example.com>\r\n"));
    QVERIFY(head.contains("Subject: =?UTF-8?B?Q2Fmw6k=?=\r\n"));
    QVERIFY(head.contains("X-Note: plain ascii\r\n"));
    QVERIFY(head.contains("X-Tag: =?UTF-8?B?bmHDr3Zl?=\r\n"));
    QVERIFY(head.contains("MIME-Version: 1.0\r\n"));
}

void tst_MimeBuilder::attachmentFilenameBothForms()
{
    Message m = basic();
    m.attachments = {file(QStringLiteral("Résumé.pdf"), QStringLiteral("application/pdf"), "x"),
                     file(QStringLiteral("plain.txt"), QStringLiteral("text/plain"), "y")};
    const QByteArray raw = build(m);
    // RFC 2231 for Content-Disposition, RFC 2047 for the Content-Type name old clients read.
    QVERIFY(raw.contains("filename*=utf-8''R%C3%A9sum%C3%A9.pdf"));
    QVERIFY(raw.contains("name=\"=?UTF-8?B?UsOpc3Vtw6kucGRm?=\""));
    QVERIFY(raw.contains("Content-Disposition: attachment; filename=\"plain.txt\""));
    QVERIFY(raw.contains("Content-Type: text/plain; name=\"plain.txt\""));
}

void tst_MimeBuilder::headerInjectionRefused_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<BuildOptions>("options");
    const QString evil = QStringLiteral("x\r\nBcc: victim@example.net");
    Message m = basic();
    m.subject = evil;
    QTest::newRow("subject CRLF") << m << BuildOptions{};
    m = basic();
    m.subject = QStringLiteral("lone\nLF");
    QTest::newRow("subject LF") << m << BuildOptions{};
    m = basic();
    m.subject = QStringLiteral("nul") + QChar(0);
    QTest::newRow("subject NUL") << m << BuildOptions{};
    m = basic();
    m.from.name = evil;
    QTest::newRow("from name") << m << BuildOptions{};
    m = basic();
    m.to.first().email = QStringLiteral("a@b.c\r\nX: y");
    QTest::newRow("to address") << m << BuildOptions{};
    m = basic();
    m.replyTo = {addr(QStringLiteral("r@example.com"), evil)};
    QTest::newRow("reply-to name") << m << BuildOptions{};
    m = basic();
    m.headers = {Header{"X-Custom", evil}};
    QTest::newRow("custom header value") << m << BuildOptions{};
    m = basic();
    m.headers = {Header{"X-Bad\r\nBcc", QStringLiteral("v")}};
    QTest::newRow("custom header name") << m << BuildOptions{};
    m = basic();
    m.attachments = {file(QStringLiteral("a\r\n.pdf"), QStringLiteral("application/pdf"), "x")};
    QTest::newRow("attachment filename") << m << BuildOptions{};
    m = basic();
    m.attachments = {file(QStringLiteral("a.pdf"), QStringLiteral("application/pdf\r\nX-Evil: 1"), "x")};
    QTest::newRow("attachment content type") << m << BuildOptions{};
    BuildOptions o;
    o.messageId = QStringLiteral("id@x\r\nBcc: v@x");
    QTest::newRow("message id option") << basic() << o;
}

void tst_MimeBuilder::headerInjectionRefused()
{
    QFETCH(Message, message);
    QFETCH(BuildOptions, options);
    const Result<QByteArray> r = buildMessage(message, options);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(kErrorHeaderInjection));
}

void tst_MimeBuilder::invalidMessagesRefused_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QString>("code");
    Message m = basic();
    m.to.clear();
    QTest::newRow("no recipients (validate)") << m << QStringLiteral("message.invalid");
    m = basic();
    m.headers = {Header{"Content-Language", QStringLiteral("de")}};
    QTest::newRow("Content-* header") << m << QString::fromLatin1(kErrorInvalid);
    m = basic();
    m.attachments = {file(QStringLiteral("a"), QStringLiteral("not a type"), "x")};
    QTest::newRow("bad content type") << m << QString::fromLatin1(kErrorInvalid);
    m.attachments = {file(QStringLiteral("a"), QStringLiteral("multipart/mixed"), "x")};
    QTest::newRow("multipart attachment") << m << QString::fromLatin1(kErrorInvalid);
    m.attachments = {file(QStringLiteral("a"), QStringLiteral("image/png"), "x", QStringLiteral("<bad id>"), true)};
    QTest::newRow("bad content id") << m << QString::fromLatin1(kErrorInvalid);
    m = basic();
    m.headers = {Header{"References", QStringLiteral("<ünïcode@x>")}};
    QTest::newRow("non-ASCII References") << m << QString::fromLatin1(kErrorInvalid);
}

void tst_MimeBuilder::invalidMessagesRefused()
{
    QFETCH(Message, message);
    QFETCH(QString, code);
    const Result<QByteArray> r = buildMessage(message);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
}

void tst_MimeBuilder::linesStayUnder998_data()
{
    QTest::addColumn<Message>("message");
    // Folding targets 78 columns wherever the content allows it (RFC 5322 §2.1.1 SHOULD).
    QTest::addColumn<int>("longestHeaderLine");
    Message m = basic();
    m.subject = QString(5000, u'a');
    QTest::newRow("unbroken ASCII subject") << m << 78;
    m = basic();
    m.subject = QString(3000, QChar(0x00FC));
    QTest::newRow("long non-ASCII subject") << m << 78;
    m = basic();
    m.headers = {Header{"X-Long", (QStringLiteral("word ").repeated(800))}, Header{"X-Run", QString(2000, u'z')}};
    QTest::newRow("long custom headers") << m << 78;
    m = basic();
    for (int i = 0; i < 200; ++i)
        m.to << addr(QStringLiteral("user%1@example.com").arg(i), QStringLiteral("User Number %1").arg(i));
    QTest::newRow("200 recipients") << m << 78;
    m = basic();
    m.text = QString(20000, u'x');
    m.html = QStringLiteral("<p>") + QString(20000, u'y') + QStringLiteral("</p>");
    QTest::newRow("long body lines") << m << 78;
    m = basic();
    m.attachments = {file(QString(400, QChar(0x00E9)) + QStringLiteral(".pdf"), QStringLiteral("application/pdf"),
                          QByteArray(100000, 'p'))};
    // At most ten RFC 2231 segments (KMime receivers sort more as strings), so longer lines.
    QTest::newRow("long filename") << m << 998;
}

void tst_MimeBuilder::linesStayUnder998()
{
    QFETCH(Message, message);
    QFETCH(int, longestHeaderLine);
    const QByteArray raw = build(message);
    QVERIFY(!raw.isEmpty());
    QVERIFY2(longestLine(raw) <= 998, qPrintable(QString::number(longestLine(raw))));
    qsizetype longestInHeaders = 0;
    for (qsizetype at = 0; at >= 0; at = raw.indexOf("\r\nContent-", at + 1))
        longestInHeaders = std::max(longestInHeaders, longestLine(headerSection(raw.mid(at))));
    QVERIFY2(longestInHeaders <= longestHeaderLine, qPrintable(QString::number(longestInHeaders)));
    const auto back = parseMessage(raw);
    QVERIFY(back.ok());
    QCOMPARE(back->subject, message.subject);
    QCOMPARE(back->text, message.text);
    QCOMPARE(back->to.size(), message.to.size());
    if (!message.attachments.isEmpty()) {
        QCOMPARE(back->attachments.first().filename, message.attachments.first().filename);
    }
}

void tst_MimeBuilder::unfoldableMessageIdRefused()
{
    Message m = basic();
    m.headers = {Header{"References", QStringLiteral("<") + QString(1200, u'r') + QStringLiteral("@x>")}};
    const Result<QByteArray> r = buildMessage(m);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(kErrorLineTooLong));
}

void tst_MimeBuilder::crlfLineEndingsOnly()
{
    Message m = basic();
    m.text = QStringLiteral("unix\nmac\rwindows\r\nend");
    m.html = QStringLiteral("<p>\n</p>");
    m.attachments = {file(QStringLiteral("raw.bin"), QStringLiteral("application/octet-stream"), "\n\r\n\r")};
    const QByteArray raw = build(m);
    QVERIFY(!raw.isEmpty());
    QVERIFY(!hasBareLineFeed(raw));
    QVERIFY(raw.endsWith("\r\n"));
}

void tst_MimeBuilder::bccNeverOnTheWire()
{
    Message m = basic();
    m.bcc = {addr(QStringLiteral("secret@example.net"))};
    const QByteArray wire = build(m);
    QVERIFY(!wire.contains("secret@example.net"));
    QVERIFY(!wire.contains("Bcc:"));
    // The envelope brings the blind copy back on the receiving side (decisions §7).
    ParseOptions o;
    o.envelopeRecipients = {m.to.first(), m.bcc.first()};
    const auto back = parseMessage(wire, o);
    QVERIFY(back.ok());
    QCOMPARE(back->bcc, m.bcc);
    BuildOptions capture;
    capture.includeBcc = true;
    QVERIFY(headerSection(build(m, capture)).contains("Bcc: secret@example.net\r\n"));
}

void tst_MimeBuilder::messageIdChoice()
{
    Message m = basic();
    QVERIFY(QRegularExpression(QStringLiteral("\r\nMessage-ID: <[0-9a-f-]{36}@example\\.com>\r\n"))
                .match(QString::fromLatin1(build(m)))
                .hasMatch());
    BuildOptions o;
    o.messageIdDomain = QStringLiteral("mail.postrider.example");
    QVERIFY(build(m, o).contains("@mail.postrider.example>\r\n"));
    m.headers = {Header{"Message-ID", QStringLiteral("<from-header@x>")}};
    const QByteArray fromHeader = build(m, o);
    QCOMPARE(fromHeader.count("Message-ID:"), 1);
    QVERIFY(fromHeader.contains("Message-ID: <from-header@x>\r\n"));
    o.messageId = QStringLiteral("explicit@y");
    const QByteArray explicitId = build(m, o);
    QCOMPARE(explicitId.count("Message-ID:"), 1);
    QVERIFY(explicitId.contains("Message-ID: <explicit@y>\r\n"));
    o.messageId = QStringLiteral("no at sign");
    QCOMPARE(buildMessage(m, o).error().code, QString::fromLatin1(kErrorInvalid));
    // A relayed message's unusable Message-ID is replaced rather than failing the send.
    o.messageId.clear();
    m.headers = {Header{"Message-ID", QStringLiteral("<no-at-sign>")}};
    const QByteArray replaced = build(m, o);
    QCOMPARE(replaced.count("Message-ID:"), 1);
    QVERIFY(replaced.contains("@mail.postrider.example>\r\n"));
}

void tst_MimeBuilder::dateIsUtc()
{
    BuildOptions o;
    o.date = QDateTime(QDate(2026, 12, 1), QTime(10, 30, 5), QTimeZone(3600));
    QVERIFY(build(basic(), o).startsWith("Date: Tue, 01 Dec 2026 09:30:05 +0000\r\n"));
}

QTEST_GUILESS_MAIN(tst_MimeBuilder)
#include "tst_mimebuilder.moc"
