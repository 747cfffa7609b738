#include "GoTemplateCases.h"

#include "ingress/template/TemplateLimits.h"

#include <QTest>

using Postrider::Template::TemplateData;
namespace Codes = Postrider::Template::Codes;

namespace GoTemplateCases {

namespace {

void r(const char *name, const char *source, const char *set, const QByteArray &expected)
{
    QTest::newRow(name) << QString::fromUtf8(source) << QString::fromLatin1(set) << expected;
}

void p(const char *name, const char *source, const char *code, const char *message)
{
    QTest::newRow(name) << QString::fromUtf8(source) << QString::fromLatin1(code) << QString::fromUtf8(message);
}

void e(const char *name, const char *source, const char *set, const char *message)
{
    QTest::newRow(name) << QString::fromUtf8(source) << QString::fromLatin1(set) << QString::fromUtf8(message);
}

} // namespace

TemplateData dataSet(const QString &name)
{
    TemplateData d;
    if (name == QLatin1String("std")) {
        d = TemplateData::fromFields({{"name", {"craig"}},
                                      {"email", {"c@example.com"}},
                                      {"company", {"Acme"}},
                                      {"tags", {"urgent", "support"}},
                                      {"empty", {""}},
                                      {"blank", {"  "}},
                                      {"count", {"3"}},
                                      {"first-name", {"Ada"}},
                                      {"markup", {"<b>&</b>"}},
                                      {QString::fromUtf8("prénom"), {QString::fromUtf8("Zoé")}},
                                      {"fmt", {"<%s>"}},
                                      {"hexfmt", {"%x"}}});
    } else if (name == QLatin1String("abc")) {
        d = TemplateData::fromFields({{"a", {"1"}}, {"b", {"2"}}, {"c", {"3"}}});
    } else if (name == QLatin1String("keys")) {
        d = TemplateData::fromFields({{"b", {"1"}}, {"B", {"2"}}, {"a", {"3"}}, {QString::fromUtf8("é"), {"4"}}});
    } else if (name == QLatin1String("one")) {
        d = TemplateData::fromFields({{"a", {"x"}}});
    }
    return d;
}

void addRenderRows()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("dataSet");
    QTest::addColumn<QByteArray>("expected");

    // Text, fields, the data map
    r("plain text", "hello, world", "std", "hello, world");
    r("empty template", "", "std", "");
    r("field", "Hi {{.name}}!", "std", "Hi craig!");
    r("missing key renders empty", "Hi {{.nobody}}!", "std", "Hi !");
    r("missing key without data", "[{{.x}}]", "none", "[]");
    r("multi-value joined", "{{.tags}}", "std", "urgent, support");
    r("white space kept exactly", "  {{.name}}  \n\t{{.company}}\n", "std", "  craig  \n\tAcme\n");
    r("unicode field name", "{{.prénom}}", "std", "Zoé");
    r("dot prints the map", "{{.}}", "abc", "map[a:1 b:2 c:3]");
    r("dollar prints the map", "{{$}}", "abc", "map[a:1 b:2 c:3]");
    r("empty map", "{{.}}", "none", "map[]");
    r("dollar field", "{{$.name}}", "std", "craig");
    r("braces without action", "a } b }} { c", "std", "a } b }} { c");
    r("delimiters inside strings", R"({{"}}"}} {{"{{"}} {{`}}`}} {{/* }} */}})", "none", "}} {{ }} ");
    r("spaces inside action", "{{ .name }}", "std", "craig");
    r("newlines inside action", "{{\n.name\n}}", "std", "craig");
    r("parenthesised field", "{{(.name)}}", "std", "craig");
    r("field of parenthesised map", "{{($).name}}", "std", "craig");
    r("variable field", "{{$m := .}}{{$m.company}}", "std", "Acme");

    // Trim markers: a minus and one white-space character; trims all adjacent white space
    r("go doc example", "{{23 -}} < {{- 45}}", "none", "23<45");
    r("trim left", "x \r\n\t{{- 3}}", "none", "x3");
    r("trim right", "{{3 -}}\n\n\ty", "none", "3y");
    r("trim both with extra spaces", "x\n{{-  3   -}}\ny", "none", "x3y");
    r("trim marker with tab", "a\t{{-\t.name\t-}}\tb", "std", "acraigb");
    r("trim marker with newline", "a\n{{-\n.name\n-}}\nb", "std", "acraigb");
    r("trim only white space", "a.{{- .name -}}.b", "std", "a.craig.b");
    r("trim at start and end", "{{- .name -}}", "std", "craig");
    r("minus without space is a number", "a {{-3}} b", "none", "a -3 b");
    r("trim comment left", "x \r\n\t{{- /* hi */}}", "none", "x");
    r("trim comment right", "{{/* hi */ -}}\n\n\ty", "none", "y");
    r("trim comment both", "x \r\n\t{{- /* */ -}}\n\n\ty", "none", "xy");
    r("trim comment with newlines", "a {{-\n/*\nhello\n*/\n-}} b", "none", "ab");
    r("trim lines of a body", "Name: {{.name}}\n{{- if .company}}\nCompany: {{.company}}\n{{- end}}\n", "std",
      "Name: craig\nCompany: Acme\n");

    // Comments
    r("comment", "a{{/* c */}}b", "none", "ab");
    r("multi-line comment", "a{{/* one\ntwo */}}b", "none", "ab");
    r("comment keeps spaces", "a {{/* c */}} b", "none", "a  b");

    // Variables
    r("declare", "{{$x := .name}}{{$x}}", "std", "craig");
    r("declaration prints nothing", "[{{$x := 1}}]", "none", "[]");
    r("assign", "{{$x := .name}}{{$x = .company}}{{$x}}", "std", "Acme");
    r("assign in block changes outer", "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "none", "2");
    r("shadow in block", "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "none", "21");
    r("if declares", "{{if $x := .name}}{{$x}}{{end}}", "std", "craig");
    r("with declares", "{{with $x := .company}}{{$x}}/{{.}}{{end}}", "std", "Acme/Acme");
    r("variable of variable", "{{$x := \"a\"}}{{$y := $x}}{{$y}}", "none", "a");
    r("dollar inside range", "{{range .}}{{$.a}}{{end}}", "abc", "111");
    r("declare in parentheses", "{{print ($x := 5) $x}}", "none", "5 5");

    // if / else if / else
    r("if true", "{{if .name}}yes{{else}}no{{end}}", "std", "yes");
    r("if empty string", "{{if .empty}}yes{{else}}no{{end}}", "std", "no");
    r("if missing", "{{if .missing}}yes{{else}}no{{end}}", "std", "no");
    r("if blank is true", "{{if .blank}}yes{{end}}", "std", "yes");
    r("else if", "{{if .a}}A{{else if .name}}N{{else}}X{{end}}", "std", "N");
    r("else if falls to else", "{{if false}}1{{else if false}}2{{else}}3{{end}}", "none", "3");
    r("if zero", "{{if 0}}a{{else}}b{{end}}", "none", "b");
    r("if float", "{{if 1.5}}a{{else}}b{{end}}", "none", "a");
    r("if map", "{{if .}}full{{else}}empty{{end}}", "abc", "full");
    r("if empty map", "{{if .}}full{{else}}empty{{end}}", "none", "empty");
    r("if not", "{{if not .missing}}none{{end}}", "std", "none");
    r("if and", "{{if and .name .company}}both{{end}}", "std", "both");
    r("dot unchanged in if", "{{if .name}}{{.company}}{{end}}", "std", "Acme");
    r("nested if", "{{if .name}}{{if .empty}}x{{else}}y{{end}}{{end}}", "std", "y");

    // with / else / else with
    r("with", "{{with .name}}[{{.}}]{{end}}", "std", "[craig]");
    r("with else", "{{with .empty}}x{{else}}none{{end}}", "std", "none");
    r("else with", "{{with .a}}A{{else with .name}}N={{.}}{{end}}", "std", "N=craig");
    r("else with chain", "{{with .a}}A{{else with .b}}B{{else}}none{{end}}", "none", "none");
    r("with keeps dollar", "{{with .company}}{{$.name}} at {{.}}{{end}}", "std", "craig at Acme");

    // range
    r("range map values", "{{range .}}[{{.}}]{{end}}", "abc", "[1][2][3]");
    r("range key value", "{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", "abc", "a=1;b=2;c=3;");
    r("range one variable is the value", "{{range $v := .}}{{$v}}{{end}}", "abc", "123");
    r("range empty else", "{{range .}}x{{else}}empty{{end}}", "none", "empty");
    r("range sorts keys by byte", "{{range $k, $v := .}}{{$k}} {{end}}", "keys", "B a b é ");
    r("range integer", "{{range 3}}{{.}}{{end}}", "none", "012");
    r("range integer variable", "{{range $i := 3}}<{{$i}}>{{end}}", "none", "<0><1><2>");
    r("range zero else", "{{range 0}}x{{else}}none{{end}}", "none", "none");
    r("range negative else", "{{range -2}}x{{else}}none{{end}}", "none", "none");
    r("range len", "{{range len .}}.{{end}}", "abc", "...");
    r("range assign", "{{$v := \"\"}}{{range $v = .}}{{end}}{{$v}}", "abc", "3");
    r("range key compare", "{{range $k, $v := .}}{{if eq $k \"b\"}}{{$.a}}{{$v}}{{end}}{{end}}", "abc", "12");
    r("variables scoped to iteration", "{{range .}}{{$x := .}}{{$x}}{{end}}", "abc", "123");
    r("range over dollar in range", "{{range .}}{{range $}}x{{end}}{{end}}", "abc", "xxxxxxxxx");
    r("range trims", "{{range $k, $v := .}}\n  {{$k}}: {{$v}}\n{{- end}}\n", "abc", "\n  a: 1\n  b: 2\n  c: 3\n");

    // Pipelines and parentheses
    r("pipe into printf", "{{.name | printf \"%s!\"}}", "std", "craig!");
    r("go doc chain", R"({{"put" | printf "%s%s" "out" | printf "%q"}})", "none", "\"output\"");
    r("go doc parens", R"({{printf "%q" (print "out" "put")}})", "none", "\"output\"");
    r("go doc with pipe", R"({{with $x := "output" | printf "%q"}}{{$x}}{{end}})", "none", "\"output\"");
    r("final argument is last", R"({{.name | printf "%s/%s" "a"}})", "std", "a/craig");
    r("nested parens", "{{print (print (.name))}}", "std", "craig");

    // Literals
    r("string escapes", R"({{"a\tb\n\"q\"\\"}})", "none", "a\tb\n\"q\"\\");
    r("string hex octal unicode", R"({{"\x41\101\u00e9\U0001F600"}})", "none", "AA\xC3\xA9\xF0\x9F\x98\x80");
    r("raw string", R"({{`raw\n "x"`}})", "none", R"(raw\n "x")");
    r("raw string drops CR", "{{`a\r\nb`}}", "none", "a\nb");
    r("raw string spans lines", "{{`a\nb`}}", "none", "a\nb");
    r("bool", "{{true}} {{false}}", "none", "true false");
    r("integers", "{{42}} {{-7}} {{+7}} {{0}}", "none", "42 -7 7 0");
    r("integer bases", "{{0x1F}} {{0X1f}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{0x_FF}}", "none",
      "31 31 15 15 5 1000 255");
    r("0xEF is an int", "{{0xEF}} {{printf \"%T\" 0xEF}}", "none", "239 int");
    r("floats", "{{1.5}} {{1.0}} {{-2.5}} {{.5}} {{0.1}} {{3.14159}} {{2.}}", "none", "1.5 1 -2.5 0.5 0.1 3.14159 2");
    r("float exponent form", "{{1e6}} {{1e5}} {{123456.7}} {{1234567.0}} {{1e21}} {{1E3}}", "none",
      "1e+06 100000 123456.7 1.234567e+06 1e+21 1000");
    r("small floats", "{{0.0001}} {{0.00001}} {{1.5e-7}} {{-0.0}}", "none", "0.0001 1e-05 1.5e-07 -0");
    r("float type", "{{printf \"%T %T %T\" 1.5 1e3 1}}", "none", "float64 float64 int");
    r("character constants", R"({{'a'}} {{'\n'}} {{'é'}} {{'\x41'}} {{'\''}} {{printf "%T" 'a'}})", "none",
      "97 10 233 65 39 int");

    // and / or / not (Go 1.18+: short-circuit, return the deciding argument)
    r("and", "{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", "none", "false 0 0 1");
    r("or", "{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", "none", "0 1 true 1");
    r("or default", "{{or .empty \"default\"}} {{or .name \"default\"}}", "std", "default craig");
    r("or short-circuits", "{{or .name (index 1 0)}}", "std", "craig");
    r("and short-circuits", "[{{and .empty (index 1 0)}}]", "std", "[]");
    r("and returns the last", "{{and .name .company}}", "std", "Acme");
    r("and nil prints no value", "{{and nil 1}}", "none", "<no value>");
    r("and with final", "{{.name | and true}}", "std", "craig");
    r("or with final", "{{.empty | or \"x\"}}", "std", "x");
    r("or final only", "{{.name | or}}", "std", "craig");
    r("not", "{{not true}} {{not false}} {{not .empty}} {{not .name}} {{not nil}} {{not 0}}", "std",
      "false true true false true true");

    // Comparisons
    r("eq strings", "{{eq .name \"craig\"}} {{eq .name \"bob\"}}", "std", "true false");
    r("eq several", "{{eq 3 4 5 6 3}} {{eq 3 4 5 6 7}} {{eq .name \"a\" \"b\" \"craig\"}}", "std", "true false true");
    r("eq other kinds", "{{eq 1.5 1.5}} {{eq true false}} {{eq nil nil}} {{eq .name nil}}", "std",
      "true false true false");
    r("eq byte and rune", "{{eq (index .name 0) 'c'}} {{eq (index .name 0) 99}}", "std", "true true");
    r("eq missing is empty", "{{eq .missing \"\"}}", "std", "true");
    r("ne", "{{ne .name \"bob\"}} {{ne 1 1}}", "std", "true false");
    r("lt strings by byte", "{{lt \"a\" \"b\"}} {{lt \"B\" \"a\"}} {{lt \"é\" \"z\"}} {{lt \"xy\" \"xyz\"}}", "none",
      "true true false true");
    r("ordering", "{{le 2 2}} {{le 3 2}} {{gt 2.5 1.5}} {{ge \"xy\" \"xyz\"}} {{ge 2 2}} {{gt \"b\" \"a\"}}", "none",
      "true false true false true true");
    r("signed and unsigned", "{{lt -1 (index \"a\" 0)}} {{gt (index \"a\" 0) 96}}", "none", "true true");
    r("numbers in fields compare as strings", "{{lt .count \"10\"}}", "std", "false");

    // len and index
    r("len", "{{len .name}} {{len \"héllo\"}} {{len .}} {{len .missing}}", "std", "5 6 12 0");
    r("index map", R"({{index . "name"}} {{index . "first-name"}} [{{index . "nope"}}])", "std", "craig Ada []");
    r("index string gives a byte", "{{index .name 0}} {{index . \"name\" 1}}", "std", "99 114");
    r("index without keys", "{{index .}}", "abc", "map[a:1 b:2 c:3]");

    // print / println
    r("print spacing", R"({{print "a" 1 2 "b"}} {{print 1 2}} {{print .name .company}} {{print true false}})", "std",
      "a1 2b 1 2 craigAcme true false");
    r("print nil and floats", R"({{print nil}} {{print 1.5 "x" nil 2}} [{{print}}])", "none", "<nil> 1.5x<nil> 2 []");
    r("println", R"({{println 1 2 3}}{{println "a" "b"}}{{println}})", "none", "1 2 3\na b\n\n");
    r("print map", "{{print .}}", "abc", "map[a:1 b:2 c:3]");

    // printf
    r("printf basics", R"({{printf "%s-%d" .name 42}})", "std", "craig-42");
    r("printf v map", R"({{printf "%v" .}})", "abc", "map[a:1 b:2 c:3]");
    r("printf quoted", R"({{printf "%q" .name}} {{printf "%q" "a\"b\n"}})", "std", R"("craig" "a\"b\n")");
    r("printf quote unicode", R"({{printf "%q" "é\u00a0\u200b\x01\x7f"}})", "none",
      "\"\xC3\xA9\\u00a0\\u200b\\x01\\x7f\"");
    r("printf plus q", R"({{printf "%+q" "é"}})", "none", R"("\u00e9")");
    r("printf q invalid utf8", R"({{printf "%q" "\xff"}})", "none", R"("\xff")");
    r("printf q rune", R"({{printf "%q" 65}} {{printf "%q" '\n'}} {{printf "%q" '\''}} {{printf "%q" -1}})", "none",
      "'A' '\\n' '\\'' '\xEF\xBF\xBD'");
    r("printf wrong types",
      R"({{printf "%d" .name}} {{printf "%s" 42}} {{printf "%d" true}} {{printf "%d" nil}} {{printf "%t" "x"}})", "std",
      "%!d(string=craig) %!s(int=42) %!d(bool=true) %!d(<nil>) %!t(string=x)");
    r("printf nil", R"({{printf "%v" nil}} {{printf "%s" nil}})", "none", "<nil> %!s(<nil>)");
    r("printf missing and extra",
      R"({{printf "%d"}} {{printf "%d" 1 2}} {{printf "x" .name}} {{printf "%d %s" 1 "a" nil}})", "std",
      "%!d(MISSING) 1%!(EXTRA int=2) x%!(EXTRA string=craig) 1 a%!(EXTRA <nil>)");
    r("printf percent", R"({{printf "100%%"}} {{printf "%5%"}})", "none", "100% %");
    r("printf widths", R"({{printf "%5s|%-5s|" "ab" "cd"}})", "none", "   ab|cd   |");
    r("printf integer flags",
      R"({{printf "%05d" 42}} {{printf "%05d" -42}} {{printf "%+d" 5}} {{printf "% d" 5}} {{printf "%.3d" 7}} {{printf "%8.3d" 7}} {{printf "%-5d|" 3}} {{printf "%-05d|" 3}})",
      "none", "00042 -0042 +5  5 007      007 3    | 3    |");
    r("printf zero precision", R"([{{printf "%.0d" 0}}] [{{printf "%3.0d" 0}}])", "none", "[] [   ]");
    r("printf string precision", R"({{printf "%.2s" "héllo"}} {{printf "%5.1s|" "xyz"}} {{printf "%.10s" "ab"}})",
      "none", "h\xC3\xA9     x| ab");
    r("printf zero-padded string", R"({{printf "%05s" "ab"}} {{printf "%-05s|" "ab"}})", "none", "000ab ab   |");
    r("printf width counts runes", R"({{printf "%4s|" "é"}})", "none", "   \xC3\xA9|");
    r("printf bool", R"({{printf "%t %v %5t|" true false true}})", "none", "true false  true|");
    r("printf v ignores plus", R"({{printf "%+v %+d %v" 5 5 -5}})", "none", "5 +5 -5");
    r("printf unknown verb", R"({{printf "%z" .name}} {{printf "%5d" "ab"}} {{printf "%é" 1}})", "std",
      "%!z(string=craig) %!d(string=   ab) %!\xC3\xA9(int=1)");
    r("printf no verb", R"({{printf "%"}} {{printf "%-"}} {{printf "%99999999d" 1}})", "none",
      "%!(NOVERB) %!(NOVERB) %!(NOVERB)%!(EXTRA int=1)");
    r("printf byte", R"({{printf "%d %v" (index .name 0) (index .name 1)}})", "std", "99 114");
    r("printf float",
      R"({{printf "%v" 1.5}} {{printf "%6v|" 1.5}} {{printf "%06v" -1.5}} {{printf "%-6v|" 2.0}} {{printf "% v" 1.5}})",
      "none", "1.5    1.5| -001.5 2     |  1.5");
    r("printf map verbs", R"({{printf "%s" .}} {{printf "%d" .}} {{printf "%q" .}} {{printf "%3v" .}})", "one",
      "map[a:x] map[%!d(string=a):%!d(string=x)] map[\"a\":\"x\"] map[  a:  x]");
    r("printf types", R"({{printf "%T %T %T %T %T" .name . nil true (index .name 0)}})", "std",
      "string map[string]string <nil> bool uint8");
    r("printf format from pipeline", R"({{"%s" | printf}})", "none", "%!s(MISSING)");
    r("printf format from data", "{{printf .fmt .name}}", "std", "<craig>");

    // html, js, urlquery (text/template never escapes on its own)
    r("html", R"({{html "<a href='x'>\"&\"</a>"}})", "none", "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;");
    r("html field and pipe", "{{html .markup}} {{.markup | html}}", "std",
      "&lt;b&gt;&amp;&lt;/b&gt; &lt;b&gt;&amp;&lt;/b&gt;");
    r("html nul", R"({{html "a\x00b"}})", "none",
      "a\xEF\xBF\xBD"
      "b");
    r("html several arguments", R"({{html 1 "<"}} {{html nil}})", "none", "1&lt; &lt;no value&gt;");
    r("no escaping without html", "{{.markup}}", "std", "<b>&</b>");
    r("js", R"({{js "It'd be \"nice\" <b> & a=b\\c"}})", "none",
      R"(It\'d be \"nice\" \u003Cb\u003E \u0026 a\u003Db\\c)");
    r("js controls and unicode", R"({{js "a\tb\u2028é"}})", "none", "a\\u0009b\\u2028\xC3\xA9");
    r("urlquery",
      R"({{urlquery "a b&c=d/é"}} {{"http://www.example.org/"|urlquery}} {{urlquery "-_.~"}} {{urlquery 1 2}})", "none",
      "a+b%26c%3Dd%2F%C3%A9 http%3A%2F%2Fwww.example.org%2F -_.~ 1+2");
}

void addParseErrorRows()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    const char *U = Codes::Unsupported;
    const char *S = Codes::SyntaxError;

    // Valid Go, outside the subset: refused with the construct and its position
    p("define", R"({{define "x"}}a{{end}})", U, R"(unsupported action "define" at 1:3)");
    p("template", R"(a {{template "x"}})", U, R"(unsupported action "template" at 1:5)");
    p("block", R"({{block "x" .}}b{{end}})", U, R"(unsupported action "block" at 1:3)");
    p("break", "{{range .}}{{break}}{{end}}", U, R"(unsupported action "break" at 1:14)");
    p("continue", "{{range .}}{{ continue }}{{end}}", U, R"(unsupported action "continue" at 1:15)");
    p("call", "{{call .f 1}}", U, R"(unsupported function "call" at 1:3)");
    p("slice", "{{slice .name 1 2}}", U, R"(unsupported function "slice" at 1:3)");
    p("method call with argument", R"({{.name "x"}})", U, "unsupported method call .name at 1:3");
    p("method call in pipeline", R"({{"x" | .name}})", U, "unsupported method call .name at 1:9");
    p("variable method call", "{{$.name 1}}", U, "unsupported method call $.name at 1:3");
    p("chain method call", R"({{(index . "a").b 1}})", U, "unsupported method call");
    p("complex", "{{1+2i}}", U, "unsupported complex constant");
    p("imaginary", "{{4i}}", U, "unsupported complex constant");
    p("hex float", "{{0x1p4}}", U, "unsupported hexadecimal floating-point constant");
    p("printf hex verb", R"({{printf "%x" .name}})", U, "unsupported printf verb %x at 1:10");
    p("printf float verb", R"({{printf "%.2f" 1.5}})", U, "unsupported printf verb %f");
    p("printf sharp flag", R"({{printf "%#v" .}})", U, "unsupported printf flag '#'");
    p("printf argument index", R"({{printf "%[1]d" 1}})", U, "unsupported printf argument index");
    p("printf star width", R"({{printf "%*d" 1 2}})", U, "unsupported printf width '*'");
    p("printf format from pipeline", R"({{"%c" | printf}})", U, "unsupported printf verb %c");
    p("unsupported on a later line", "line1\n  {{define \"x\"}}{{end}}", U, "at 2:5");

    // Go's own parse errors
    p("unclosed action", "{{.name", S, "unclosed action");
    p("unclosed action later line", "line1\n{{", S, "unclosed action at 2:3");
    p("undefined function", "hello{{undefined}}", S, R"(function "undefined" not defined at 1:8)");
    p("undefined variable", "{{$x}}", S, R"(undefined variable "$x" at 1:3)");
    p("variable out of scope", "{{with $x := 4}}{{end}}{{$x}}", S, R"(undefined variable "$x")");
    p("unmatched end", "{{end}}", S, "unexpected {{end}} at 1:3");
    p("unmatched else", "{{else}}", S, "unexpected {{else}}");
    p("else if at top", "{{else if .x}}", S, "unexpected {{else}}");
    p("else if in range", "{{range .}}{{else if .x}}{{end}}", S, "unexpected <if> in input");
    p("else with in if", "{{if .a}}{{else with .x}}{{end}}", S, "unexpected <with> in input");
    p("missing end", "hello{{range .x}}", S, "unexpected EOF");
    p("multiple else", "{{if .X}}1{{else}}2{{else}}3{{end}}", S, "expected end; found {{else}}");
    p("extra end after else if", "{{if .X}}a{{else if .Y}}b{{end}}{{end}}", S, "unexpected {{end}}");
    p("empty action", "{{}}", S, "missing value for command");
    p("empty if", "{{if}}{{end}}", S, "missing value for if");
    p("empty parentheses", "{{ ( ) }}", S, "missing value for parenthesized pipeline");
    p("unterminated string", R"({{"a}})", S, "unterminated quoted string");
    p("newline in string", "{{\"a\nb\"}}", S, "unterminated quoted string");
    p("unterminated raw string", "{{`a}}", S, "unterminated raw quoted string");
    p("unterminated char", "{{'a}}", S, "unterminated character constant");
    p("malformed char", "{{'ab'}}", S, "malformed character constant");
    p("bad escape", R"({{"\q"}})", S, "invalid syntax");
    p("unclosed comment", "{{/* c }}", S, "unclosed comment");
    p("comment before delimiter", "{{/* c */ x}}", S, "comment ends before closing delimiter");
    p("comment needs no space", "{{ /* c */ }}", S, R"(unexpected "/" in command)");
    p("dash in field name", "{{.first-name}}", S, "bad character U+002D '-'");
    p("minus glued to field", "{{-.name}}", S, "bad number syntax");
    p("plus after variable", "{{$x := 1}}{{$x+2}}", S, "bad character U+002B '+'");
    p("brace after field", "{{.a}b}}", S, "bad character U+007D '}'");
    p("non executable stage", "{{.name | 12}}", S, "non executable command in pipeline stage 2");
    p("punctuation", "{{printf 3, 4}}", S, R"(unexpected "," in operand)");
    p("adjacent arguments", "{{printf 3`x`}}", S, "in operand");
    p("too many declarations", "{{$a,$b := 1}}", S, "too many declarations in command");
    p("too many range declarations", "{{range $a, $b, $c := .}}{{end}}", S, "too many declarations in range");
    p("range declares non variable", "{{range $k, 1 := .}}{{end}}", S, "range can only initialize variables");
    p("range missing value", "{{range $k, $v := }}{{end}}", S, "missing value for range");
    p("dot after literal", "{{true.x}}", S, R"(unexpected . after term "true")");
    p("dot after string", R"({{"a".b}})", S, "unexpected . after term");
    p("bad number", "{{0xi}}", S, R"(illegal number syntax: "0xi")");
    p("bad number in lexer", "{{3k}}", S, R"(bad number syntax: "3k")");
    p("octal digit 8", "{{089}}", S, R"(integer overflow: "089")");
    p("integer too large", "{{99999999999999999999}}", S, "integer overflow");
    p("compound assignment", "{{$x := 0}}{{$x += 1}}", S, "illegal number syntax");
    p("unclosed paren", "{{(.a}}", S, "unclosed left paren");
    p("unexpected right paren", "{{.a)}}", S, "unexpected right paren U+0029 ')'");
    p("unrecognized character", "{{.a €}}", S, "unrecognized character in action: U+20AC '€'");
}

void addRuntimeErrorRows()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("dataSet");
    QTest::addColumn<QString>("message");

    e("field of a string", "{{.name.first}}", "std",
      "can't evaluate field first in type string at 1:3 in <.name.first>");
    e("error position", "line one\n  {{.name.first}}", "std", "at 2:5");
    e("field in with", "{{with .name}}{{.x}}{{end}}", "std", "can't evaluate field x in type string");
    e("field of range value", "{{range .}}{{.x}}{{end}}", "abc", "can't evaluate field x in type string");
    e("field on a number", "{{with 3}}{{.x}}{{end}}", "none", "can't evaluate field x in type int");
    e("field of parentheses", R"({{(index . "name").x}})", "std", "can't evaluate field x in type string");
    e("chain on function", "{{len.x}}", "none", "wrong number of args for len: want 1 got 0");
    e("index string by string", R"({{index .name "a"}})", "std",
      "error calling index: cannot index slice/array with type string");
    e("index out of range", "{{index .name 10}}", "std", "error calling index: index out of range: 10");
    e("index at length", "{{index .name 5}}", "std", "error calling index");
    e("index negative", "{{index .name -1}}", "std", "index out of range: -1");
    e("index map by number", "{{index . 1}}", "std", "error calling index: value has type int; should be string");
    e("index map by nil", "{{index . nil}}", "std", "value is nil; should be of type string");
    e("index a number", "{{index 1 0}}", "none", "error calling index: can't index item of type int");
    e("index nil", "{{index nil 1}}", "none", "index of untyped nil");
    e("index a byte", "{{index .name 0 0}}", "std", "can't index item of type uint8");
    e("eq incompatible", R"({{eq 1 "a"}})", "none",
      "error calling eq: incompatible types for comparison: int and string");
    e("eq int float", "{{eq 2 2.0}}", "none", "incompatible types for comparison: int and float64");
    e("eq maps", "{{eq . .}}", "abc", "non-comparable type");
    e("eq missing argument", "{{eq .name}}", "std", "error calling eq: missing argument for comparison");
    e("lt bool", "{{lt true false}}", "none", "error calling lt: invalid type for comparison");
    e("lt map", "{{lt . 1}}", "abc", "invalid type for comparison");
    e("lt mixed", R"({{lt 1 "a"}})", "none", "incompatible types for comparison");
    e("ge nil", "{{ge nil 1}}", "none", "invalid type for comparison");
    e("ne arity", "{{ne 1 2 3}}", "none", "wrong number of args for ne: want 2 got 3");
    e("not arity", "{{not}}", "none", "wrong number of args for not: want 1 got 0");
    e("and arity", "{{and}}", "none", "wrong number of args for and: want at least 1 got 0");
    e("len arity via pipe", "{{1 | len 2}}", "none", "wrong number of args for len: want 1 got 2");
    e("len of int", "{{len 3}}", "none", "error calling len: len of type int");
    e("len of nil", "{{len nil}}", "none", "error calling len");
    e("and evaluates until decided", "{{and .name (index 1 0)}}", "std", "can't index item of type int");
    e("range over a string", "{{range .name}}{{end}}", "std", "range can't iterate over craig");
    e("range over bool", "{{range true}}{{end}}", "none", "range can't iterate over true");
    e("range integer two variables", "{{range $k, $v := 3}}{{end}}", "none",
      "can't use 3 to iterate over more than one variable");
    e("nil command", "{{nil}}", "none", "nil is not a command");
    e("if nil", "{{if nil}}x{{end}}", "none", "nil is not a command");
    e("argument to a number", "{{3 2}}", "none", "can't give argument to non-function 3");
    e("argument to a variable", "{{$x := 1}}{{$x 2}}", "none", "can't give argument to non-function $x");
    e("pipe into a variable", "{{$x := 1}}{{3 | $x}}", "none", "can't give argument to non-function $x");
    e("pipe into parentheses", "{{1 | (print)}}", "none", "can't give argument to non-function");
    e("printf number format", "{{printf 1}}", "none", "expected string; found 1");
    e("printf bool from pipeline", "{{true | printf}}", "none", "wrong type for value; expected string; got bool");
    e("printf map format", "{{printf .}}", "abc", "wrong type for value; expected string; got map[string]string");
    e("printf nil format", "{{printf nil}}", "none", "cannot assign nil to string");
    e("printf byte format", "{{printf (index .name 0)}}", "std", "expected string; got uint8");
    e("printf unsupported verb from data", "{{printf .hexfmt 1}}", "std", "unsupported printf verb %x");
    e("printf float precision", R"({{printf "%.2v" 1.5}})", "none", "unsupported printf precision");
    e("uint overflows int", "{{18446744073709551615}}", "none", "18446744073709551615 overflows int");
    e("assign undeclared", "{{$x = 1}}", "none", "undefined variable: $x");
    e("variable from the other branch", "{{if .missing}}{{$x := 1}}{{else}}{{$x}}{{end}}", "std",
      "undefined variable: $x");
    e("declared from itself", "{{$x := $x}}", "none", "undefined variable: $x");
}

} // namespace GoTemplateCases
