#include "GoTemplateCases.h"
#include "TestData.h"

#include "ingress/template/GoTemplate.h"
#include "ingress/template/HeaderSafety.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Postrider;
using namespace Postrider::Template;

// Expected outputs are what Go 1.25's text/template writes for the same template and a
// map[string]string executed with Option("missingkey=zero"), as Posthorn does.
class tst_GoTemplate : public QObject
{
    Q_OBJECT

private slots:
    void render_data() { GoTemplateCases::addRenderRows(); }
    void render();
    void parseErrors_data() { GoTemplateCases::addParseErrorRows(); }
    void parseErrors();
    void runtimeErrors_data() { GoTemplateCases::addRuntimeErrorRows(); }
    void runtimeErrors();
    void referencedFields_data();
    void referencedFields();
    void warnings();
    void invalidUtf8Output();
    void executesRepeatedly();
    void concurrentExecution();
    void multiValueJoin();
    void templateSizeLimit();
    void nestingLimit_data();
    void nestingLimit();
    void elseIfChainLimit();
    void outputLimit();
    void executionStepLimit();
    void headerSafe_data();
    void headerSafe();
    void fuzzRandomFragments();
    void fuzzMutations();
    void fuzzCorpus();
};

void tst_GoTemplate::render()
{
    QFETCH(QString, source);
    QFETCH(QString, dataSet);
    QFETCH(QByteArray, expected);
    const auto t = GoTemplate::parse(source);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
    const auto out = t->executeUtf8(GoTemplateCases::dataSet(dataSet));
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().toString()));
    QCOMPARE(out.value(), expected);
}

void tst_GoTemplate::parseErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const auto t = GoTemplate::parse(source, QStringLiteral("body"));
    QVERIFY2(!t.ok(), "template parsed but Go (or the supported subset) rejects it");
    QCOMPARE(t.error().code, code);
    QVERIFY2(t.error().message.contains(message), qPrintable(t.error().message));
    QCOMPARE(t.error().details.value(QStringLiteral("template")).toString(), QStringLiteral("body"));
}

void tst_GoTemplate::runtimeErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, dataSet);
    QFETCH(QString, message);
    const auto t = GoTemplate::parse(source);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
    const auto out = t->execute(GoTemplateCases::dataSet(dataSet));
    QVERIFY2(!out.ok(), qPrintable(QStringLiteral("rendered: ") + (out.ok() ? out.value() : QString())));
    QCOMPARE(out.error().code, QString::fromLatin1(Codes::RenderFailed));
    QVERIFY2(out.error().message.contains(message), qPrintable(out.error().message));
}

void tst_GoTemplate::referencedFields_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("plain") << "{{.name}}" << QStringList{"name"};
    QTest::newRow("if") << "{{if .company}}x{{end}}" << QStringList{"company"};
    QTest::newRow("else if and else") << "{{if .x}}{{else if .y}}{{else}}{{.z}}{{end}}" << QStringList{"x", "y", "z"};
    QTest::newRow("range body") << "{{range .}}{{.inner}}{{end}}" << QStringList{"inner"};
    QTest::newRow("with") << "{{with .w}}{{.}}{{end}}" << QStringList{"w"};
    QTest::newRow("chain counts first") << "{{.a.b}}" << QStringList{"a"};
    QTest::newRow("sub-expression") << "{{printf \"%s\" (.inner)}}" << QStringList{"inner"};
    QTest::newRow("function args") << "{{eq .e1 (len .e2)}}" << QStringList{"e1", "e2"};
    QTest::newRow("pipeline") << "{{.sub | printf \"%s\"}}" << QStringList{"sub"};
    QTest::newRow("chain on parens") << "{{(.p).q}}" << QStringList{"p"};
    QTest::newRow("order and duplicates") << "{{.b}}{{.a}}{{.b}}" << QStringList{"b", "a"};
    QTest::newRow("case kept") << "{{.Name}}" << QStringList{"Name"};
    QTest::newRow("variable decl") << "{{$x := .v}}{{$x}}" << QStringList{"v"};
    QTest::newRow("index does not count") << "{{index . \"first-name\"}}" << QStringList{};
    QTest::newRow("dollar does not count") << "{{$.name}}" << QStringList{};
    QTest::newRow("range vars do not count") << "{{range $k, $v := .}}{{$v}}{{end}}" << QStringList{};
    QTest::newRow("comment does not count") << "{{/* .c */}}" << QStringList{};
    QTest::newRow("string does not count") << "{{`.d`}}" << QStringList{};
    QTest::newRow("text does not count") << ".e {.f}" << QStringList{};
}

void tst_GoTemplate::referencedFields()
{
    QFETCH(QString, source);
    QFETCH(QStringList, fields);
    const auto t = GoTemplate::parse(source);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
    QCOMPARE(t->referencedFields(), fields);
}

void tst_GoTemplate::warnings()
{
    const auto chain = GoTemplate::parse(QStringLiteral("a\n  {{.name.first}}"));
    QVERIFY(chain.ok());
    QCOMPARE(chain->warnings().size(), 1);
    QVERIFY2(chain->warnings().front().contains(QStringLiteral(".name.first")), qPrintable(chain->warnings().front()));
    QVERIFY2(chain->warnings().front().contains(QStringLiteral("at 2:5")), qPrintable(chain->warnings().front()));

    const auto arity = GoTemplate::parse(QStringLiteral("{{ne 1 2 3}}{{.x | len}}{{len}}"));
    QVERIFY(arity.ok());
    QCOMPARE(arity->warnings().size(), 2); // `.x | len` has its one argument
    QVERIFY(arity->warnings().at(0).contains(QStringLiteral("ne called with 3 arguments")));
    QVERIFY(arity->warnings().at(1).contains(QStringLiteral("len called with 0 arguments")));

    const auto clean = GoTemplate::parse(QStringLiteral("{{.a}} {{index . \"b\" | len}} {{eq 1 1 2}}"));
    QVERIFY(clean.ok());
    QVERIFY(clean->warnings().isEmpty());
}

void tst_GoTemplate::invalidUtf8Output()
{
    const auto t = GoTemplate::parse(QStringLiteral("a{{\"\\xff\\x00\"}}b"));
    QVERIFY(t.ok());
    const auto bytes = t->executeUtf8({});
    QVERIFY(bytes.ok());
    QCOMPARE(bytes.value(),
             QByteArray("a\xff\x00"
                        "b",
                        4));
    const auto text = t->execute(TemplateData());
    QVERIFY(text.ok());
    QCOMPARE(text.value(), QString::fromUtf8("a\xEF\xBF\xBD") + QChar(0) + QLatin1Char('b'));
}

void tst_GoTemplate::executesRepeatedly()
{
    // Parse once, execute many times with different data: no state leaks between runs.
    const auto t = GoTemplate::parse(QStringLiteral("{{$n := .name}}{{range $k, $v := .}}{{$k}}{{end}}:{{$n}}"));
    QVERIFY(t.ok());
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(t->execute(QMap<QString, QStringList>{{"name", {"a"}}}).value(), QStringLiteral("name:a"));
        QCOMPARE(t->execute(QMap<QString, QStringList>{{"x", {"1"}}, {"name", {"b"}}}).value(),
                 QStringLiteral("namex:b"));
    }
    const GoTemplate empty;
    QVERIFY(empty.isEmpty());
    QCOMPARE(empty.execute(TemplateData()).value(), QString());
}

void tst_GoTemplate::concurrentExecution()
{
    // One parsed template serves every request thread: execution state is per call.
    const auto t = GoTemplate::parse(QStringLiteral("{{range $k, $v := .}}{{$k}}={{$v | printf \"%q\"}};{{end}}"));
    QVERIFY(t.ok());
    const GoTemplate &shared = t.value();
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int n = 0; n < 4; ++n) {
        threads.emplace_back([&shared, &mismatches, n] {
            TemplateData data;
            data.insert(QStringLiteral("id"), QString::number(n));
            const QString expected = QStringLiteral("id=\"%1\";").arg(n);
            for (int i = 0; i < 500; ++i) {
                if (shared.execute(data).valueOr(QString()) != expected)
                    ++mismatches;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(mismatches.load(), 0);
}

void tst_GoTemplate::multiValueJoin()
{
    const auto t = GoTemplate::parse(QStringLiteral("[{{.tags}}] [{{.one}}] [{{.none}}] [{{len .tags}}]"));
    QVERIFY(t.ok());
    const QMap<QString, QStringList> fields{{"tags", {"urgent", "support"}}, {"one", {"x"}}, {"none", {}}};
    QCOMPARE(t->execute(fields).value(), QStringLiteral("[urgent, support] [x] [] [15]"));
    QCOMPARE(TemplateData::joinValues({"a", "", "b"}), QStringLiteral("a, , b"));
}

void tst_GoTemplate::templateSizeLimit()
{
    QVERIFY(GoTemplate::parse(QString(MaxTemplateSize, QLatin1Char('a'))).ok());
    // The limit counts UTF-8 bytes, not characters.
    QVERIFY(GoTemplate::parse(QString(MaxTemplateSize / 2, QChar(0xE9))).ok());
    const auto tooBig = GoTemplate::parse(QString(MaxTemplateSize / 2 + 1, QChar(0xE9)));
    QVERIFY(!tooBig.ok());
    QCOMPARE(tooBig.error().code, QString::fromLatin1(Codes::LimitExceeded));
    QVERIFY(!GoTemplate::parse(QString(MaxTemplateSize + 1, QLatin1Char('a'))).ok());
}

void tst_GoTemplate::nestingLimit_data()
{
    QTest::addColumn<QString>("open");
    QTest::addColumn<QString>("middle");
    QTest::addColumn<QString>("close");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("if") << "{{if true}}"
                        << "x"
                        << "{{end}}"
                        << ""
                        << "";
    QTest::newRow("range") << "{{range 1}}"
                           << "x"
                           << "{{end}}"
                           << ""
                           << "";
    QTest::newRow("with") << "{{with 1}}"
                          << "x"
                          << "{{end}}"
                          << ""
                          << "";
    QTest::newRow("parentheses") << "("
                                 << "\"x\""
                                 << ")"
                                 << "{{"
                                 << "}}";
}

void tst_GoTemplate::nestingLimit()
{
    QFETCH(QString, open);
    QFETCH(QString, middle);
    QFETCH(QString, close);
    QFETCH(QString, prefix);
    QFETCH(QString, suffix);
    const QString atLimit = prefix + open.repeated(MaxNestingDepth) + middle + close.repeated(MaxNestingDepth) + suffix;
    const auto ok = GoTemplate::parse(atLimit);
    QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().toString()));
    QCOMPARE(ok->execute(TemplateData()).value(), QStringLiteral("x"));
    const QString over =
        prefix + open.repeated(MaxNestingDepth + 1) + middle + close.repeated(MaxNestingDepth + 1) + suffix;
    const auto deep = GoTemplate::parse(over);
    QVERIFY(!deep.ok());
    QCOMPARE(deep.error().code, QString::fromLatin1(Codes::LimitExceeded));
}

void tst_GoTemplate::elseIfChainLimit()
{
    // {{else if}} nests one level per link, as in Go's parse tree.
    auto chain = [](int links) {
        return QStringLiteral("{{if false}}") + QStringLiteral("{{else if false}}").repeated(links - 1)
            + QStringLiteral("{{else}}x{{end}}");
    };
    const auto ok = GoTemplate::parse(chain(MaxNestingDepth));
    QVERIFY(ok.ok());
    QCOMPARE(ok->execute(TemplateData()).value(), QStringLiteral("x"));
    const auto deep = GoTemplate::parse(chain(MaxNestingDepth + 1));
    QVERIFY(!deep.ok());
    QCOMPARE(deep.error().code, QString::fromLatin1(Codes::LimitExceeded));
}

void tst_GoTemplate::outputLimit()
{
    TemplateData data;
    data.insert(QStringLiteral("x"), QString(MaxOutputSize / 4, QLatin1Char('y')));
    const auto four = GoTemplate::parse(QStringLiteral("{{.x}}{{.x}}{{.x}}{{.x}}"));
    QVERIFY(four.ok());
    const auto exactly = four->executeUtf8(data);
    QVERIFY(exactly.ok());
    QCOMPARE(exactly.value().size(), MaxOutputSize);
    const auto five = GoTemplate::parse(QStringLiteral("{{.x}}{{.x}}{{.x}}{{.x}}-"));
    const auto over = five->executeUtf8(data);
    QVERIFY(!over.ok());
    QCOMPARE(over.error().code, QString::fromLatin1(Codes::LimitExceeded));
    // Function results are bounded before they are built: a huge printf width, a huge print.
    for (const char *source : {"{{printf \"%5000000d\" 1}}", "{{print . . . . . . .}}", "{{html . . . . . . .}}"}) {
        const auto t = GoTemplate::parse(QString::fromLatin1(source));
        QVERIFY(t.ok());
        const auto r = t->executeUtf8(data);
        QVERIFY2(!r.ok(), source);
        QCOMPARE(r.error().code, QString::fromLatin1(Codes::LimitExceeded));
    }
}

void tst_GoTemplate::executionStepLimit()
{
    const auto fine = GoTemplate::parse(QStringLiteral("{{range 100000}}{{end}}done"));
    QCOMPARE(fine->execute(TemplateData()).value(), QStringLiteral("done"));
    const auto loop = GoTemplate::parse(QStringLiteral("{{range 2000000}}{{end}}"));
    const auto r = loop->execute(TemplateData());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QString::fromLatin1(Codes::LimitExceeded));
    // Nested ranges over the data multiply without printing anything.
    TemplateData data;
    for (int i = 0; i < 200; ++i)
        data.insert(QString::number(i), QStringLiteral("v"));
    const auto nested = GoTemplate::parse(QStringLiteral("{{range $}}{{range $}}{{range $}}{{end}}{{end}}{{end}}"));
    QCOMPARE(nested->execute(data).error().code, QString::fromLatin1(Codes::LimitExceeded));
}

void tst_GoTemplate::headerSafe_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "Contact from craig"
                           << "Contact from craig";
    QTest::newRow("crlf injection") << "Hi\r\nBcc: victim@example.com"
                                    << "Hi Bcc: victim@example.com";
    QTest::newRow("lone lf") << "a\nb"
                             << "a b";
    QTest::newRow("lone cr") << "a\rb"
                             << "a b";
    QTest::newRow("run collapses") << "a\r\n\r\n\x01\x7f"
                                      "b"
                                   << "a b";
    QTest::newRow("spaces kept") << "a \n b"
                                 << "a   b";
    QTest::newRow("tab kept") << "a\tb"
                              << "a\tb";
    QTest::newRow("nul") << QString(QStringLiteral("a")) + QChar(0) + QStringLiteral("b") << "a b";
    QTest::newRow("c1 nel") << QStringLiteral("a") + QChar(0x85) + QStringLiteral("b") << "a b";
    QTest::newRow("line separator") << QStringLiteral("a") + QChar(0x2028) + QChar(0x2029) + QStringLiteral("b")
                                    << "a b";
    QTest::newRow("trimmed") << "\r\n  Subject \t\n"
                             << "Subject";
    QTest::newRow("only controls") << "\r\n"
                                   << "";
    QTest::newRow("unicode kept") << "Grüße 👋"
                                  << "Grüße 👋";
}

void tst_GoTemplate::headerSafe()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Template::headerSafe(input), expected);
}

namespace {

const QStringList fuzzFragments = {
    "{{",
    "}}",
    "{{- ",
    " -}}",
    " ",
    "\n",
    "\t",
    ".",
    ".name",
    ".tags",
    ".a.b",
    "$",
    "$x",
    "$k",
    ":=",
    "=",
    "|",
    "(",
    ")",
    ",",
    "if",
    "else",
    "end",
    "range",
    "with",
    "printf",
    "print",
    "println",
    "\"%d\"",
    "\"%s %q %v\"",
    "\"%5.2s\"",
    "'a'",
    "`raw`",
    "1",
    "-2.5",
    "0x1F",
    "1e9",
    "nil",
    "true",
    "false",
    "eq",
    "ne",
    "lt",
    "index",
    "len",
    "and",
    "or",
    "not",
    "html",
    "js",
    "urlquery",
    "/*",
    "*/",
    "é",
    "\\",
    "\"",
    "define",
    "break",
    "call",
    "{{/* c */}}",
    "text",
    "{{end}}",
    "{{else}}",
    "{{range .}}",
    "{{if .name}}",
    "{{with $}}",
    "{{$x := .name}}",
    "999999999999999999999",
};

// Every failure must be one of the documented codes; nothing may crash, hang or throw.
void checkOne(const QString &source, const TemplateData &data)
{
    const auto t = GoTemplate::parse(source);
    if (!t.ok()) {
        const QString code = t.error().code;
        QVERIFY2(code == QLatin1String(Codes::SyntaxError) || code == QLatin1String(Codes::Unsupported)
                     || code == QLatin1String(Codes::LimitExceeded),
                 qPrintable(code));
        QVERIFY(t.error().message.contains(QLatin1String(" at ")));
        return;
    }
    const auto first = t->executeUtf8(data);
    const auto second = t->executeUtf8(data);
    QCOMPARE(first.ok(), second.ok());
    if (first.ok()) {
        QCOMPARE(first.value(), second.value());
        QVERIFY(first.value().size() <= MaxOutputSize);
    } else {
        const QString code = first.error().code;
        QVERIFY2(code == QLatin1String(Codes::RenderFailed) || code == QLatin1String(Codes::LimitExceeded),
                 qPrintable(code));
    }
}

TemplateData fuzzData()
{
    TemplateData data;
    data.insert(QStringLiteral("name"), QStringLiteral("craig"));
    data.insert(QStringLiteral("tags"), QStringLiteral("urgent, support"));
    data.insert(QStringLiteral("a"), QString());
    return data;
}

} // namespace

void tst_GoTemplate::fuzzRandomFragments()
{
    QRandomGenerator rng(20240115); // fixed seed: a failure reproduces
    const TemplateData data = fuzzData();
    int parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        QString source;
        const int n = int(rng.bounded(1, 24));
        for (int j = 0; j < n; ++j)
            source += fuzzFragments.at(int(rng.bounded(qsizetype(fuzzFragments.size()))));
        checkOne(source, data);
        if (QTest::currentTestFailed()) {
            qWarning() << "fuzz input:" << source;
            return;
        }
        parsed += GoTemplate::parse(source).ok() ? 1 : 0;
    }
    QVERIFY2(parsed > 100, "the generator should produce some valid templates too");
}

void tst_GoTemplate::fuzzMutations()
{
    const QByteArray seed =
        "Hi {{.name}}{{- if and .tags (ne .a \"x\") }}\n{{range $k, $v := .}}{{$k}}={{printf \"%q\" "
        "$v}};{{else}}none{{end}}{{end -}} {{/* c */}}{{with .name}}{{. | html | urlquery}}{{end}}";
    QVERIFY(GoTemplate::parse(QString::fromUtf8(seed)).ok());
    QRandomGenerator rng(7);
    const TemplateData data = fuzzData();
    for (int i = 0; i < 4000; ++i) {
        QByteArray bytes = seed;
        const int edits = int(rng.bounded(1, 6));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = qsizetype(rng.bounded(quint32(bytes.size())));
            switch (rng.bounded(3)) {
            case 0:
                bytes[at] = char(rng.bounded(256));
                break;
            case 1:
                bytes.insert(at, char(rng.bounded(256)));
                break;
            default:
                bytes.remove(at, 1 + qsizetype(rng.bounded(4)));
            }
        }
        const QString source = QString::fromUtf8(bytes);
        checkOne(source, data);
        if (QTest::currentTestFailed()) {
            qWarning() << "fuzz input:" << source;
            return;
        }
    }
}

void tst_GoTemplate::fuzzCorpus()
{
    // The libFuzzer corpus doubles as a regression corpus, named after what each file exercises.
    const QDir dir(Postrider::Test::sourceDir() + QStringLiteral("/tests/fuzz/corpus/gotemplate"));
    const QStringList files = dir.entryList(QDir::Files);
    QVERIFY(files.size() >= 10);
    const TemplateData data = fuzzData();
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        checkOne(QString::fromUtf8(f.readAll()), data);
        if (QTest::currentTestFailed()) {
            qWarning() << "corpus file:" << name;
            return;
        }
    }
}

QTEST_GUILESS_MAIN(tst_GoTemplate)
#include "tst_gotemplate.moc"
