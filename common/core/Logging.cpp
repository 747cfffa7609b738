#include "Logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QReadWriteLock>
#include <QSet>

#include <atomic>
#include <cstdio>

Q_LOGGING_CATEGORY(lcCore, "postrider.core")
Q_LOGGING_CATEGORY(lcConfig, "postrider.config")

namespace Postrider::Log {

namespace {

// A structured event travels through Qt's logger as this marker followed by the formatted line,
// so category filtering (QT_LOGGING_RULES) applies and foreign handlers still see readable text.
constexpr QChar kMarker = QChar(0x1e);

std::atomic<int> g_minimum{int(Level::Info)};
std::atomic<int> g_format{int(Format::Json)};
std::atomic<bool> g_stdout{true};
QReadWriteLock g_secretsLock;
QSet<QString> g_secrets;
QMutex g_outLock;
std::function<void(const QByteArray &)> g_sink;

const char *levelName(Level l)
{
    switch (l) {
    case Level::Debug:
        return "DEBUG";
    case Level::Info:
        return "INFO";
    case Level::Warn:
        return "WARN";
    case Level::Error:
        return "ERROR";
    }
    return "INFO";
}

Level fromQt(QtMsgType t)
{
    switch (t) {
    case QtDebugMsg:
        return Level::Debug;
    case QtInfoMsg:
        return Level::Info;
    case QtWarningMsg:
        return Level::Warn;
    case QtCriticalMsg:
    case QtFatalMsg:
        return Level::Error;
    }
    return Level::Info;
}

void appendJsonString(QByteArray &out, const QString &s)
{
    out += '"';
    for (QChar qc : s) {
        const char16_t c = qc.unicode();
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x7f) {
                out += QByteArray("\\u") + QByteArray::number(int(c), 16).rightJustified(4, '0');
            } else if (c < 0x80) {
                out += char(c);
            } else {
                out += QString(qc).toUtf8();
            }
        }
    }
    out += '"';
}

QJsonValue redactValue(const QJsonValue &v);

QJsonValue redactValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return redact(v.toString());
    case QJsonValue::Array: {
        QJsonArray a;
        for (const QJsonValue &e : v.toArray())
            a.append(redactValue(e));
        return a;
    }
    case QJsonValue::Object: {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            o.insert(it.key(),
                     isSecretFieldName(it.key()) ? QJsonValue(QStringLiteral("[REDACTED]")) : redactValue(it.value()));
        return o;
    }
    default:
        return v;
    }
}

void appendJsonValue(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 9e15)
            out += QByteArray::number(qint64(d));
        else
            out += QByteArray::number(d, 'g', 17);
        break;
    }
    case QJsonValue::String:
        appendJsonString(out, v.toString());
        break;
    case QJsonValue::Array:
        out += QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
        break;
    case QJsonValue::Object:
        out += QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        break;
    }
}

QString textValue(const QJsonValue &v)
{
    if (v.isString()) {
        const QString s = v.toString();
        return (s.contains(u' ') || s.contains(u'"') || s.isEmpty()) ? u'"' + s + u'"' : s;
    }
    QByteArray b;
    appendJsonValue(b, v);
    return QString::fromUtf8(b);
}

void write(const QByteArray &line)
{
    QMutexLocker lock(&g_outLock);
    if (g_stdout.load()) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }
    if (g_sink)
        g_sink(line);
}

void handler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    const Level level = fromQt(type);
    if (int(level) < g_minimum.load() && type != QtFatalMsg)
        return;
    if (!msg.isEmpty() && msg.front() == kMarker) {
        write(msg.mid(1).toUtf8());
    } else {
        const QString category = ctx.category ? QString::fromLatin1(ctx.category) : QString();
        write(formatEvent(level, msg, {}, category == QLatin1String("default") ? QString() : category));
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

void install(Format format, Level minimum)
{
    g_format = int(format);
    g_minimum = int(minimum);
    qInstallMessageHandler(handler);
}

void setMinimumLevel(Level level)
{
    g_minimum = int(level);
}
Level minimumLevel()
{
    return Level(g_minimum.load());
}
void setFormat(Format format)
{
    g_format = int(format);
}

bool isSecretFieldName(QStringView key)
{
    static const char *const names[] = {"password",      "passwd",      "secret",        "api_key",
                                        "apikey",        "token",       "authorization", "secret_access_key",
                                        "session_token", "csrf_secret", "api_keys"};
    for (const char *n : names)
        if (key.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

void addSecret(const QString &secret)
{
    if (secret.size() < 4)
        return;
    QWriteLocker lock(&g_secretsLock);
    g_secrets.insert(secret);
}

void clearSecrets()
{
    QWriteLocker lock(&g_secretsLock);
    g_secrets.clear();
}

QString redact(QString text)
{
    QReadLocker lock(&g_secretsLock);
    for (const QString &s : std::as_const(g_secrets))
        if (text.contains(s))
            text.replace(s, QStringLiteral("[REDACTED]"));
    return text;
}

QByteArray formatEvent(Level level, const QString &name, const Fields &fields, const QString &category)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QByteArray out;
    out.reserve(128 + fields.size() * 32);
    if (Format(g_format.load()) == Format::Text) {
        QString line = time + u' ' + QLatin1String(levelName(level)) + u' ' + redact(name);
        if (!category.isEmpty())
            line += QStringLiteral(" category=") + category;
        for (const Field &f : fields)
            line += u' ' + f.key + u'='
                + (isSecretFieldName(f.key) ? QStringLiteral("[REDACTED]") : textValue(redactValue(f.value)));
        return line.toUtf8();
    }
    out += "{\"time\":\"";
    out += time.toLatin1();
    out += "\",\"level\":\"";
    out += levelName(level);
    out += "\",\"msg\":";
    appendJsonString(out, redact(name));
    if (!category.isEmpty()) {
        out += ",\"category\":";
        appendJsonString(out, category);
    }
    for (const Field &f : fields) {
        out += ',';
        appendJsonString(out, f.key);
        out += ':';
        if (isSecretFieldName(f.key))
            out += "\"[REDACTED]\"";
        else
            appendJsonValue(out, redactValue(f.value));
    }
    out += '}';
    return out;
}

void event(const QLoggingCategory &category, Level level, const QString &name, const Fields &fields)
{
    if (int(level) < g_minimum.load())
        return;
    const QString line = kMarker + QString::fromUtf8(formatEvent(level, name, fields));
    switch (level) {
    case Level::Debug:
        if (category.isDebugEnabled())
            QMessageLogger(nullptr, 0, nullptr, category.categoryName()).debug().noquote() << line;
        break;
    case Level::Info:
        if (category.isInfoEnabled())
            QMessageLogger(nullptr, 0, nullptr, category.categoryName()).info().noquote() << line;
        break;
    case Level::Warn:
        if (category.isWarningEnabled())
            QMessageLogger(nullptr, 0, nullptr, category.categoryName()).warning().noquote() << line;
        break;
    case Level::Error:
        if (category.isCriticalEnabled())
            QMessageLogger(nullptr, 0, nullptr, category.categoryName()).critical().noquote() << line;
        break;
    }
}

void setSink(std::function<void(const QByteArray &line)> sink)
{
    QMutexLocker lock(&g_outLock);
    g_sink = std::move(sink);
}

void setStdoutEnabled(bool enabled)
{
    g_stdout = enabled;
}

} // namespace Postrider::Log
