#include "ingress/template/BodyRenderer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Template;

using Fields = QMap<QString, QStringList>;
Q_DECLARE_METATYPE(Fields)

namespace {

BodyRenderer make(const QString &subject, const QString &body, const QStringList &required = {},
                  const QString &honeypot = {}, bool apiMode = false, bool csrf = false, const QString &html = {})
{
    BodyRenderer::Options o;
    o.subject = subject;
    o.body = body;
    o.html = html;
    o.required = required;
    o.honeypot = honeypot;
    o.apiMode = apiMode;
    o.csrfEnabled = csrf;
    auto r = BodyRenderer::create(o);
    if (!r.ok())
        qFatal("create failed: %s", qPrintable(r.error().toString()));
    return r.value();
}

} // namespace

// Mirrors Posthorn's core/template/template_test.go (reference §10.5) and the body rules of §2.15.
class tst_BodyRenderer : public QObject
{
    Q_OBJECT

private slots:
    // NewRenderer
    void inlineTemplates();
    void bodyFromFile();
    void bodyInlineDetection();
    void bodyFileNotFound();
    void bodyResolution_data();
    void bodyResolution();
    void bodyFileTooLarge();
    void subjectParseError();
    void bodyParseError();
    void htmlParseError();
    void emptyBody();
    // RenderSubject
    void renderSubject_data();
    void renderSubject();
    void renderedSubjectIsHeaderSafe();
    // RenderBody and the additional-fields block
    void renderBody_data();
    void renderBody();
    void namedFields();
    void additionalFieldsOrder();
    void renderErrors();
    void warnings();
    // HTML body
    void renderHtml_data();
    void renderHtml();
    void noHtmlTemplate();
};

void tst_BodyRenderer::inlineTemplates()
{
    const BodyRenderer r = make(QStringLiteral("Contact from {{.name}}"), QStringLiteral("Message: {{.message}}"));
    const auto out = r.render({{"name", {"craig"}}, {"message", {"hello there"}}});
    QVERIFY(out.ok());
    QCOMPARE(out->subject, QStringLiteral("Contact from craig"));
    QCOMPARE(out->text, QStringLiteral("Message: hello there"));
    QCOMPARE(out->html, QString());
}

void tst_BodyRenderer::bodyFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile f(dir.filePath(QStringLiteral("body.tmpl")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("From {{.name}}\n");
    f.close();
    // By absolute path and relative to the base directory.
    for (const QString &setting : {f.fileName(), QStringLiteral("body.tmpl")}) {
        const auto text = BodyRenderer::resolveBodyTemplate(setting, dir.path());
        QVERIFY2(text.ok(), qPrintable(text.ok() ? QString() : text.error().toString()));
        QCOMPARE(text.value(), QStringLiteral("From {{.name}}\n"));
        const BodyRenderer r = make(QStringLiteral("s"), text.value());
        QCOMPARE(r.renderBody({{"name", {"craig"}}}).value(), QStringLiteral("From craig\n"));
    }
}

void tst_BodyRenderer::bodyInlineDetection()
{
    QTemporaryDir dir;
    // Even when the text also names an existing file, "{{" makes it inline.
    QFile f(dir.filePath(QStringLiteral("{{.x}}")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("file contents");
    f.close();
    const auto text = BodyRenderer::resolveBodyTemplate(QStringLiteral("{{.x}}"), dir.path());
    QCOMPARE(text.value(), QStringLiteral("{{.x}}"));
}

void tst_BodyRenderer::bodyFileNotFound()
{
    const auto text = BodyRenderer::resolveBodyTemplate(QStringLiteral("/no/such/file.tmpl"), QDir::tempPath());
    QVERIFY(!text.ok());
    QCOMPARE(text.error().code, QString::fromLatin1(Codes::Invalid));
    QVERIFY2(text.error().message.contains(QStringLiteral("/no/such/file.tmpl")), qPrintable(text.error().message));
}

void tst_BodyRenderer::bodyResolution_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("result");
    // Posthorn's rule (reference §0.12), including its surprising corner.
    QTest::newRow("literal text") << "Thanks for writing." << true << "Thanks for writing.";
    QTest::newRow("url without actions fails") << "See https://example.com" << false << "not found";
    QTest::newRow("relative path missing") << "templates/body.tmpl" << false << "templates/body.tmpl";
    QTest::newRow("directory is not a file") << "sub" << true << "sub";
    QTest::newRow("empty") << "" << false << "empty";
}

void tst_BodyRenderer::bodyResolution()
{
    QFETCH(QString, setting);
    QFETCH(bool, ok);
    QFETCH(QString, result);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    const auto text = BodyRenderer::resolveBodyTemplate(setting, dir.path());
    QCOMPARE(text.ok(), ok);
    if (ok)
        QCOMPARE(text.value(), result);
    else
        QVERIFY2(text.error().message.contains(result), qPrintable(text.error().message));
}

void tst_BodyRenderer::bodyFileTooLarge()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("big.tmpl")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(MaxTemplateSize, 'x'));
    f.close();
    QVERIFY(BodyRenderer::resolveBodyTemplate(QStringLiteral("big.tmpl"), dir.path()).ok());
    QVERIFY(f.open(QIODevice::Append));
    f.write("x");
    f.close();
    const auto big = BodyRenderer::resolveBodyTemplate(QStringLiteral("big.tmpl"), dir.path());
    QVERIFY(!big.ok());
    QCOMPARE(big.error().code, QString::fromLatin1(Codes::LimitExceeded));
}

void tst_BodyRenderer::subjectParseError()
{
    BodyRenderer::Options o;
    o.subject = QStringLiteral("{{.x");
    o.body = QStringLiteral("ok");
    const auto r = BodyRenderer::create(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(Codes::SyntaxError));
    QVERIFY2(r.error().message.startsWith(QStringLiteral("parse subject template: ")), qPrintable(r.error().message));
}

void tst_BodyRenderer::bodyParseError()
{
    BodyRenderer::Options o;
    o.subject = QStringLiteral("ok");
    o.body = QStringLiteral("line\n{{define \"x\"}}{{end}}");
    const auto r = BodyRenderer::create(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(Codes::Unsupported));
    QCOMPARE(r.error().message, QStringLiteral("parse body template: unsupported action \"define\" at 2:3"));
    QCOMPARE(r.error().details.value(QStringLiteral("line")).toInt(), 2);
}

void tst_BodyRenderer::htmlParseError()
{
    BodyRenderer::Options o;
    o.subject = QStringLiteral("ok");
    o.body = QStringLiteral("ok");
    o.html = QStringLiteral("<p>{{.x}</p>");
    const auto r = BodyRenderer::create(o);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.startsWith(QStringLiteral("parse html template: ")));
}

void tst_BodyRenderer::emptyBody()
{
    BodyRenderer::Options o;
    o.subject = QStringLiteral("s");
    const auto r = BodyRenderer::create(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(Codes::Invalid));
    QVERIFY(r.error().message.contains(QStringLiteral("body")));
}

void tst_BodyRenderer::renderSubject_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("expected");
    QTest::newRow("success") << "Contact from {{.name}}" << Fields{{"name", {"craig"}}} << "Contact from craig";
    QTest::newRow("missing field renders empty") << "Hi {{.name}}!" << Fields{} << "Hi !";
    QTest::newRow("multi-value joined with comma")
        << "Tags: {{.tags}}" << Fields{{"tags", {"urgent", "support"}}} << "Tags: urgent, support";
    QTest::newRow("conditional") << "{{if .company}}[{{.company}}] {{end}}{{.name}}"
                                 << Fields{{"name", {"craig"}}, {"company", {"Acme"}}} << "[Acme] craig";
    // renderSubject() is Go's exact output; render() makes it header-safe.
    QTest::newRow("raw newline kept") << "{{.s}}" << Fields{{"s", {"a\r\nb"}}} << "a\r\nb";
}

void tst_BodyRenderer::renderSubject()
{
    QFETCH(QString, subject);
    QFETCH(Fields, fields);
    QFETCH(QString, expected);
    const BodyRenderer r = make(subject, QStringLiteral("body"));
    const auto out = r.renderSubject(fields);
    QVERIFY(out.ok());
    QCOMPARE(out.value(), expected);
}

void tst_BodyRenderer::renderedSubjectIsHeaderSafe()
{
    const BodyRenderer r = make(QStringLiteral("Contact: {{.name}}"), QStringLiteral("b"));
    const auto out = r.render({{"name", {"x\r\nBcc: victim@example.com\n"}}});
    QVERIFY(out.ok());
    QCOMPARE(out->subject, QStringLiteral("Contact: x Bcc: victim@example.com"));
    QVERIFY(!out->subject.contains(QLatin1Char('\n')));
}

void tst_BodyRenderer::renderBody_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QStringList>("required");
    QTest::addColumn<QString>("honeypot");
    QTest::addColumn<bool>("api");
    QTest::addColumn<bool>("csrf");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("expected");

    const QStringList none;
    QTest::newRow("success") << "s"
                             << "Message: {{.message}}" << none << "" << false << false
                             << Fields{{"message", {"hello there"}}} << "Message: hello there";
    QTest::newRow("no extras no block") << "s"
                                        << "From {{.name}}" << none << "" << false << false
                                        << Fields{{"name", {"craig"}}} << "From craig";
    QTest::newRow("extras block appended") << "s"
                                           << "From {{.name}}" << none << "" << false << false
                                           << Fields{{"name", {"craig"}}, {"company", {"Acme"}}, {"source", {"HN"}}}
                                           << "From craig\n\nAdditional fields:\n  company: Acme\n  source: HN\n";
    QTest::newRow("extras sorted") << "s"
                                   << "x" << none << "" << false << false
                                   << Fields{{"zeta", {"1"}}, {"alpha", {"2"}}, {"Mid", {"3"}}}
                                   << "x\n\nAdditional fields:\n  Mid: 3\n  alpha: 2\n  zeta: 1\n";
    QTest::newRow("reserved names excluded") << "s"
                                             << "x" << QStringList{"message"} << "website" << false << true
                                             << Fields{{"message", {"m"}},
                                                       {"email", {"a@b.c"}},
                                                       {"website", {"spam"}},
                                                       {"_csrf_token", {"t"}},
                                                       {"company", {"Acme"}}}
                                             << "x\n\nAdditional fields:\n  company: Acme\n";
    QTest::newRow("csrf off lists the token") << "s"
                                              << "x" << none << "" << false << false << Fields{{"_csrf_token", {"t"}}}
                                              << "x\n\nAdditional fields:\n  _csrf_token: t\n";
    QTest::newRow("to_override reserved in api mode")
        << "s"
        << "x" << none << "" << true << false << Fields{{"to_override", {"a@b.c"}}, {"k", {"v"}}}
        << "x\n\nAdditional fields:\n  k: v\n";
    QTest::newRow("to_override listed in form mode")
        << "s"
        << "x" << none << "" << false << false << Fields{{"to_override", {"a@b.c"}}}
        << "x\n\nAdditional fields:\n  to_override: a@b.c\n";
    QTest::newRow("template referenced fields excluded")
        << "s"
        << "{{.name}} {{.company}}" << none << "" << false << false
        << Fields{{"name", {"craig"}}, {"company", {"Acme"}}, {"extra", {"1"}}}
        << "craig Acme\n\nAdditional fields:\n  extra: 1\n";
    QTest::newRow("subject referenced fields excluded")
        << "About {{.topic}}"
        << "x" << none << "" << false << false << Fields{{"topic", {"billing"}}} << "x";
    QTest::newRow("index does not name a field")
        << "s"
        << "{{index . \"first-name\"}}" << none << "" << false << false << Fields{{"first-name", {"Ada"}}}
        << "Ada\n\nAdditional fields:\n  first-name: Ada\n";
    QTest::newRow("empty extra values skipped")
        << "s"
        << "x" << none << "" << false << false
        << Fields{{"blank", {"   "}}, {"empty", {""}}, {"nothing", {}}, {"tab", {"\t\n"}}, {"kept", {"k"}}}
        << "x\n\nAdditional fields:\n  kept: k\n";
    QTest::newRow("multi-value extras joined")
        << "s"
        << "x" << none << "" << false << false << Fields{{"tags", {"urgent", "support"}}, {"b", {"", " "}}}
        << "x\n\nAdditional fields:\n  b: ,  \n  tags: urgent, support\n";
    QTest::newRow("trailing newline normalized")
        << "s"
        << "Hello" << none << "" << false << false << Fields{{"k", {"v"}}} << "Hello\n\nAdditional fields:\n  k: v\n";
    QTest::newRow("template newline does not double up")
        << "s"
        << "Hello\n"
        << none << "" << false << false << Fields{{"k", {"v"}}} << "Hello\n\nAdditional fields:\n  k: v\n";
    QTest::newRow("empty rendering gets the block")
        << "s"
        << "{{.missing}}" << none << "" << false << false << Fields{{"k", {"v"}}} << "\n\nAdditional fields:\n  k: v\n";
    QTest::newRow("values written verbatim")
        << "s"
        << "x" << none << "" << false << false << Fields{{"note", {"line1\nline2"}}}
        << "x\n\nAdditional fields:\n  note: line1\nline2\n";
    QTest::newRow("conditional syntax parses") << "s"
                                               << "{{if .company}}Company: {{.company}}{{else}}No company{{end}}"
                                               << none << "" << false << false << Fields{} << "No company";
    QTest::newRow("conditional fields counted as named")
        << "s"
        << "{{if .company}}yes{{end}}" << none << "" << false << false << Fields{{"company", {"Acme"}}} << "yes";
    QTest::newRow("range fields counted as named")
        << "s"
        << "{{range $k, $v := .}}{{end}}{{with .w}}{{.}}{{end}}" << none << "" << false << false
        << Fields{{"w", {"W"}}, {"other", {"o"}}} << "W\n\nAdditional fields:\n  other: o\n";
    QTest::newRow("reply-to field listed unless referenced")
        << "s"
        << "x" << none << "" << false << false << Fields{{"reply_to", {"r@example.com"}}}
        << "x\n\nAdditional fields:\n  reply_to: r@example.com\n";
}

void tst_BodyRenderer::renderBody()
{
    QFETCH(QString, subject);
    QFETCH(QString, body);
    QFETCH(QStringList, required);
    QFETCH(QString, honeypot);
    QFETCH(bool, api);
    QFETCH(bool, csrf);
    QFETCH(Fields, fields);
    QFETCH(QString, expected);
    const BodyRenderer r = make(subject, body, required, honeypot, api, csrf);
    const auto out = r.renderBody(fields);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().toString()));
    QCOMPARE(out.value(), expected);
    QVERIFY(!out.value().contains(QStringLiteral("\n\n\n")));
    QCOMPARE(r.render(fields)->text, expected);
}

void tst_BodyRenderer::namedFields()
{
    BodyRenderer::Options o;
    o.subject = QStringLiteral("{{.topic}}");
    o.body = QStringLiteral("{{if .company}}{{.name}}{{end}} {{index . \"x\"}} {{$.y}}");
    o.required = {QStringLiteral("message")};
    o.emailField = QStringLiteral("contact");
    o.honeypot = QStringLiteral("website");
    o.apiMode = true;
    o.csrfEnabled = true;
    const auto r = BodyRenderer::create(o);
    QVERIFY(r.ok());
    QCOMPARE(r->namedFields(),
             (QStringList{"_csrf_token", "company", "contact", "message", "name", "to_override", "topic", "website"}));
}

void tst_BodyRenderer::additionalFieldsOrder()
{
    // Go sorts keys by their UTF-8 bytes: upper case before lower case, non-ASCII last.
    const BodyRenderer r = make(QStringLiteral("s"), QStringLiteral("x"));
    const Fields fields{{QString::fromUtf8("é"), {"1"}},
                        {"b", {"1"}},
                        {"B", {"1"}},
                        {"a", {"1"}},
                        {QString::fromUtf8("\xEF\xBC\xA1"), {"1"}},
                        {QString::fromUtf8("\xF0\x9F\x98\x80"), {"1"}}};
    QCOMPARE(r.additionalFields(fields),
             (QStringList{"B", "a", "b", QString::fromUtf8("é"), QString::fromUtf8("\xEF\xBC\xA1"),
                          QString::fromUtf8("\xF0\x9F\x98\x80")}));
}

void tst_BodyRenderer::renderErrors()
{
    const BodyRenderer bad = make(QStringLiteral("ok"), QStringLiteral("{{.name.first}}"));
    const auto out = bad.render({{"name", {"craig"}}});
    QVERIFY(!out.ok());
    QCOMPARE(out.error().code, QString::fromLatin1(Codes::RenderFailed));
    QVERIFY2(out.error().message.startsWith(QStringLiteral("render body template: can't evaluate field first")),
             qPrintable(out.error().message));

    const BodyRenderer badSubject = make(QStringLiteral("{{eq .n 1}}"), QStringLiteral("b"));
    const auto s = badSubject.render({{"n", {"1"}}});
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.startsWith(QStringLiteral("render subject template: ")));

    const BodyRenderer badHtml =
        make(QStringLiteral("s"), QStringLiteral("b"), {}, {}, false, false, QStringLiteral("{{range .x}}{{end}}"));
    const auto h = badHtml.render({{"x", {"y"}}});
    QVERIFY(!h.ok());
    QVERIFY(h.error().message.startsWith(QStringLiteral("render html template: range can't iterate over y")));
}

void tst_BodyRenderer::warnings()
{
    const BodyRenderer r = make(QStringLiteral("{{.a.b}}"), QStringLiteral("{{len}}"));
    const QStringList w = r.warnings();
    QCOMPARE(w.size(), 2);
    QVERIFY(w.at(0).startsWith(QStringLiteral("subject: field chain .a.b")));
    QVERIFY(w.at(1).startsWith(QStringLiteral("body: len called with 0 arguments")));
}

void tst_BodyRenderer::renderHtml_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<Fields>("fields");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no extras") << "<p>{{.name}}</p>" << Fields{{"name", {"craig"}}} << "<p>craig</p>";
    QTest::newRow("values are not escaped")
        << "<p>{{.name}}</p>" << Fields{{"name", {"<b>x</b>"}}} << "<p><b>x</b></p>";
    QTest::newRow("html function escapes")
        << "<p>{{html .name}}</p>" << Fields{{"name", {"<b>'x'</b>"}}} << "<p>&lt;b&gt;&#39;x&#39;&lt;/b&gt;</p>";
    QTest::newRow("block before body end")
        << "<html><body><p>{{.name}}</p></body></html>" << Fields{{"name", {"n"}}, {"company", {"A&B <co>"}}}
        << "<html><body><p>n</p><p>Additional fields:</p>\n<ul>\n<li>company: A&amp;B &lt;co&gt;</li>\n</ul>\n"
           "</body></html>";
    QTest::newRow("body end found case-insensitively")
        << "<BODY>x</BODY>" << Fields{{"k", {"v"}}}
        << "<BODY>x<p>Additional fields:</p>\n<ul>\n<li>k: v</li>\n</ul>\n</BODY>";
    QTest::newRow("block appended without body")
        << "<p>x</p>" << Fields{{"k", {"v"}}} << "<p>x</p>\n<p>Additional fields:</p>\n<ul>\n<li>k: v</li>\n</ul>\n";
    QTest::newRow("keys escaped and newlines kept")
        << "x\n"
        << Fields{{"<k>", {"a\nb"}}} << "x\n<p>Additional fields:</p>\n<ul>\n<li>&lt;k&gt;: a<br>\nb</li>\n</ul>\n";
    QTest::newRow("html references are named") << "{{.company}}" << Fields{{"company", {"Acme"}}} << "Acme";
    QTest::newRow("body references are not")
        << "x" << Fields{{"name", {"craig"}}} << "x\n<p>Additional fields:</p>\n<ul>\n<li>name: craig</li>\n</ul>\n";
    QTest::newRow("subject references are") << "x" << Fields{{"topic", {"t"}}} << "x";
}

void tst_BodyRenderer::renderHtml()
{
    QFETCH(QString, html);
    QFETCH(Fields, fields);
    QFETCH(QString, expected);
    const BodyRenderer r = make(QStringLiteral("{{.topic}}"), QStringLiteral("{{.name}}"), {}, {}, false, false, html);
    QVERIFY(r.hasHtml());
    const auto out = r.renderHtml(fields);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().toString()));
    QCOMPARE(out.value(), expected);
    QCOMPARE(r.render(fields)->html, expected);
}

void tst_BodyRenderer::noHtmlTemplate()
{
    const BodyRenderer r = make(QStringLiteral("s"), QStringLiteral("b"));
    QVERIFY(!r.hasHtml());
    QCOMPARE(r.renderHtml({{"k", {"v"}}}).value(), QString());
}

QTEST_GUILESS_MAIN(tst_BodyRenderer)
#include "tst_bodyrenderer.moc"
