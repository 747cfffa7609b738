#include "ConfigLoader.h"

#include "ConfigBuilder.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

// toml++ is used header-only and only in this file; everything after parsing works on ConfigNode.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

namespace Postrider {

namespace {
// A config file is a few kilobytes; anything this large is the wrong file.
constexpr qint64 kMaxConfigFileSize = 4 << 20;
const QLatin1String kPlaceholderStart("${env.");

QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

/// True when `line` has `${env.` outside any TOML string and before a comment: Posthorn users
/// wrote `port = ${env.SMTP_PORT}`, which only worked with raw-text substitution.
bool hasUnquotedPlaceholder(QStringView line)
{
    enum class State { Plain, Basic, Literal } state = State::Plain;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        switch (state) {
        case State::Plain:
            if (c == u'#')
                return false;
            if (c == u'"')
                state = State::Basic;
            else if (c == u'\'')
                state = State::Literal;
            else if (line.mid(i).startsWith(kPlaceholderStart))
                return true;
            break;
        case State::Basic:
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                state = State::Plain;
            break;
        case State::Literal:
            if (c == u'\'')
                state = State::Plain;
            break;
        }
    }
    return false;
}

/// \brief Converts toml++'s tree into ConfigNodes and substitutes `${env.NAME}` inside every
/// string value (decisions §19): after parsing, so values are inserted verbatim, comments are
/// inert, and only strings ever change.
class TreeConverter
{
public:
    TreeConverter(ConfigReader &reader, const EnvLookup &env, QString file, QStringList lines)
        : m_reader(reader)
        , m_env(env)
        , m_file(std::move(file))
        , m_lines(std::move(lines))
    { }

    ConfigNode convert(const toml::node &node, const QString &path)
    {
        ConfigNode out;
        out.where = locate(node.source().begin);
        switch (node.type()) {
        case toml::node_type::table:
            out.type = ConfigNode::Type::Table;
            for (auto &&[key, value] : *node.as_table()) {
                ConfigMember m;
                m.key = fromUtf8(key.str());
                m.keyWhere = locate(key.source().begin);
                m.node = convert(value, path.isEmpty() ? m.key : path + u'.' + m.key);
                out.members.push_back(std::move(m));
            }
            break;
        case toml::node_type::array: {
            out.type = ConfigNode::Type::Array;
            const toml::array &array = *node.as_array();
            for (size_t i = 0; i < array.size(); ++i)
                out.items.push_back(convert(array[i], path + QStringLiteral("[%1]").arg(i)));
            break;
        }
        case toml::node_type::string:
            out.type = ConfigNode::Type::String;
            out.value = fromUtf8(node.as_string()->get());
            substitute(out, node.source(), path);
            break;
        case toml::node_type::integer:
            out.type = ConfigNode::Type::Integer;
            out.value = qint64(node.as_integer()->get());
            break;
        case toml::node_type::floating_point:
            out.type = ConfigNode::Type::Float;
            out.value = node.as_floating_point()->get();
            break;
        case toml::node_type::boolean:
            out.type = ConfigNode::Type::Boolean;
            out.value = node.as_boolean()->get();
            break;
        default:
            out.type = ConfigNode::Type::DateTime;
            break;
        }
        return out;
    }

private:
    SourceLocation locate(const toml::source_position &p) const
    {
        return SourceLocation{m_file, int(p.line), int(p.column)};
    }

    /// Where each `${env.` between the region's ends sits in the raw text, so an unset variable
    /// inside a multi-line string is reported on its own line.
    QList<SourceLocation> rawPlaceholders(const toml::source_region &region) const
    {
        QList<SourceLocation> out;
        for (int line = int(region.begin.line); line <= int(region.end.line) && line <= m_lines.size(); ++line) {
            const QString &text = m_lines[line - 1];
            const qsizetype from = line == int(region.begin.line) ? region.begin.column - 1 : 0;
            const qsizetype to =
                line == int(region.end.line) ? qMin<qsizetype>(region.end.column - 1, text.size()) : text.size();
            for (qsizetype i = text.indexOf(kPlaceholderStart, from); i >= 0 && i < to;
                 i = text.indexOf(kPlaceholderStart, i + 1))
                out.append(SourceLocation{m_file, line, int(i + 1)});
        }
        return out;
    }

    void substitute(ConfigNode &node, const toml::source_region &region, const QString &path)
    {
        const QString in = node.value.toString();
        if (!in.contains(kPlaceholderStart))
            return;
        static const QRegularExpression placeholder(QStringLiteral(R"(\$\{env\.([^}$]*)\})"));
        static const QRegularExpression validName(QStringLiteral("^[A-Z_][A-Z0-9_]*$"));
        const QList<SourceLocation> raw = rawPlaceholders(region);
        const bool rawMatches = raw.size() == in.count(kPlaceholderStart);
        QString out;
        qsizetype last = 0;
        for (auto it = placeholder.globalMatch(in); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out += QStringView(in).mid(last, m.capturedStart() - last);
            last = m.capturedEnd();
            const QString name = m.captured(1);
            // Posthorn leaves names outside [A-Z_][A-Z0-9_]* alone (reference §0.1).
            if (!validName.match(name).hasMatch()) {
                out += m.captured(0);
                continue;
            }
            node.envSubstituted = true;
            if (const std::optional<QString> value = m_env(name)) {
                out += *value;
                continue;
            }
            node.envUnset = true;
            out += m.captured(0);
            const qsizetype index = in.left(m.capturedStart()).count(kPlaceholderStart);
            m_reader.error(rawMatches ? raw[index] : node.where, path,
                           QStringLiteral("environment variable %1 is not set").arg(name),
                           QStringLiteral("set it in the daemon's environment; an empty value counts as set"));
        }
        out += QStringView(in).mid(last);
        node.value = out;
    }

    ConfigReader &m_reader;
    const EnvLookup &m_env;
    QString m_file;
    QStringList m_lines;
};
} // namespace

QString ConfigLoadResult::errorText() const
{
    QStringList lines;
    for (const ConfigError &e : errors)
        lines.append(e.toString());
    return lines.join(u'\n');
}

EnvLookup processEnvironment()
{
    return [](const QString &name) -> std::optional<QString> {
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    };
}

ConfigLoadResult ConfigLoader::loadFile(const QString &path, const EnvLookup &env)
{
    const QFileInfo info(path);
    QFile file(path);
    ConfigLoadResult result;
    auto fail = [&](const QString &why) {
        result.errors.append(
            ConfigError{SourceLocation{path, 0, 0}, QString(), QStringLiteral("read config: ") + why, QString()});
        return result;
    };
    if (info.isDir())
        return fail(QStringLiteral("%1 is a directory").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    if (file.size() > kMaxConfigFileSize)
        return fail(QStringLiteral("file is larger than %1 bytes").arg(kMaxConfigFileSize));
    result = loadText(file.readAll(), path, info.absolutePath(), env);
    result.config.sourcePath = info.absoluteFilePath();
    return result;
}

ConfigLoadResult ConfigLoader::loadText(const QByteArray &text, const QString &displayName, const QString &baseDir,
                                        const EnvLookup &env)
{
    ConfigLoadResult result;
    result.config.baseDir = baseDir;
    ConfigReader reader(displayName, baseDir);
    const QString source = QString::fromUtf8(text);
    QStringList lines = source.split(u'\n');
    for (QString &line : lines)
        if (line.endsWith(u'\r'))
            line.chop(1);

    toml::parse_result parsed =
        toml::parse(std::string_view(text.constData(), size_t(text.size())), std::string(displayName.toStdString()));
    if (!parsed) {
        const toml::parse_error &err = parsed.error();
        const int line = int(err.source().begin.line);
        const bool unquoted = line >= 1 && line <= lines.size() && hasUnquotedPlaceholder(lines[line - 1]);
        reader.error(SourceLocation{displayName, line, int(err.source().begin.column)}, QString(),
                     QStringLiteral("parse TOML: ") + fromUtf8(err.description()),
                     unquoted ? QStringLiteral("quote it: \"${env.NAME}\" — Postrider substitutes inside strings")
                              : QString());
        result.errors = reader.sortedErrors();
        return result;
    }

    const EnvLookup lookup = env ? env : processEnvironment();
    TreeConverter converter(reader, lookup, displayName, lines);
    ConfigNode root = converter.convert(parsed.table(), QString());
    root.where = SourceLocation{displayName, 1, 1};
    ConfigBuilder(reader, result.config).build(root);

    result.errors = reader.sortedErrors();
    if (!result.errors.isEmpty()) {
        // A half-read config must not be used by accident; callers get the errors only.
        result.config = Config{};
        result.config.baseDir = baseDir;
    }
    return result;
}

namespace {
/// Offsets of each line start, and a (line, column in code points) → QString offset mapping.
class TextPositions
{
public:
    explicit TextPositions(const QString &text)
        : m_text(text)
    {
        m_starts.append(0);
        for (qsizetype i = 0; i < text.size(); ++i)
            if (text[i] == u'\n')
                m_starts.append(i + 1);
    }
    qsizetype offset(const toml::source_position &p) const
    {
        if (p.line < 1 || qsizetype(p.line) > m_starts.size())
            return m_text.size();
        qsizetype i = m_starts[qsizetype(p.line) - 1];
        for (quint32 c = 1; c < p.column && i < m_text.size(); ++c)
            i += m_text[i].isHighSurrogate() && i + 1 < m_text.size() ? 2 : 1;
        return i;
    }

private:
    const QString &m_text;
    QList<qsizetype> m_starts;
};

void collectLiterals(const toml::node &node, const QString &path, const TextPositions &pos,
                     QList<ConfigStringLiteral> &out)
{
    if (const toml::table *t = node.as_table()) {
        for (auto &&[key, value] : *t) {
            const QString k = fromUtf8(key.str());
            collectLiterals(value, path.isEmpty() ? k : path + u'.' + k, pos, out);
        }
    } else if (const toml::array *a = node.as_array()) {
        for (size_t i = 0; i < a->size(); ++i)
            collectLiterals(*a->get(i), path + QStringLiteral("[%1]").arg(i), pos, out);
    } else if (const toml::value<std::string> *s = node.as_string()) {
        ConfigStringLiteral l;
        l.key = path;
        l.begin = pos.offset(node.source().begin);
        l.end = pos.offset(node.source().end);
        l.value = fromUtf8(s->get());
        l.line = int(node.source().begin.line);
        l.column = int(node.source().begin.column);
        out.append(l);
    }
}
} // namespace

Result<QList<ConfigStringLiteral>> ConfigLoader::stringLiterals(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    toml::parse_result parsed = toml::parse(std::string_view(utf8.constData(), size_t(utf8.size())), std::string());
    if (!parsed) {
        const toml::parse_error &err = parsed.error();
        return Error(QStringLiteral("config.invalid"), QStringLiteral("parse TOML: ") + fromUtf8(err.description()),
                     {{QStringLiteral("line"), int(err.source().begin.line)},
                      {QStringLiteral("column"), int(err.source().begin.column)}});
    }
    QList<ConfigStringLiteral> out;
    collectLiterals(parsed.table(), QString(), TextPositions(text), out);
    std::sort(out.begin(), out.end(),
              [](const ConfigStringLiteral &a, const ConfigStringLiteral &b) { return a.begin < b.begin; });
    return out;
}

} // namespace Postrider
