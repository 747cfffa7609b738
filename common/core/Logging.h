#pragma once

#include <QJsonValue>
#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcCore)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)

namespace Postrider::Log {

/// \brief Severity, named as Posthorn's JSON lines name it (`INFO`, `WARN`, `ERROR`).
enum class Level { Debug, Info, Warn, Error };

/// \brief One attribute of a structured event; kept in insertion order on the line.
struct Field
{
    QString key;
    QJsonValue value;
};
using Fields = QList<Field>;

enum class Format { Json, Text };

/// Installs the process-wide Qt message handler. Structured events (below) become one JSON
/// object per line with `time`, `level`, `msg` first and then the fields in order, as Posthorn
/// writes them; plain qC*() messages become the same shape with `msg` set to the text and a
/// `category` field. Secrets registered with addSecret() are replaced everywhere.
void install(Format format = Format::Json, Level minimum = Level::Info);
void setMinimumLevel(Level level);
Level minimumLevel();
void setFormat(Format format);

/// Emits a structured event through `category` (so QT_LOGGING_RULES still filter it).
void event(const QLoggingCategory &category, Level level, const QString &name, const Fields &fields = {});
/// Q_LOGGING_CATEGORY declares a function returning the category; these take it directly:
/// `Log::info(lcDaemon, "postrider starting", {...})`.
using CategoryFn = const QLoggingCategory &(*)();
inline void info(CategoryFn c, const QString &name, const Fields &f = {})
{
    event(c(), Level::Info, name, f);
}
inline void warn(CategoryFn c, const QString &name, const Fields &f = {})
{
    event(c(), Level::Warn, name, f);
}
inline void error(CategoryFn c, const QString &name, const Fields &f = {})
{
    event(c(), Level::Error, name, f);
}
inline void debug(CategoryFn c, const QString &name, const Fields &f = {})
{
    event(c(), Level::Debug, name, f);
}

/// Registers a secret value (API key, password, CSRF secret...) that must never be printed.
/// Values shorter than 4 characters are ignored (they would mangle ordinary text).
void addSecret(const QString &secret);
void clearSecrets();
/// Replaces every registered secret in `text` with `[REDACTED]`.
QString redact(QString text);
/// True when a field of this name always holds a secret (`password`, `api_key`, `token`...).
bool isSecretFieldName(QStringView key);

/// Formats one event exactly as the handler writes it (without the trailing newline).
QByteArray formatEvent(Level level, const QString &name, const Fields &fields, const QString &category = {});

/// Tests and the IPC event stream can observe every line written; pass {} to remove.
void setSink(std::function<void(const QByteArray &line)> sink);
/// When true (the default) lines also go to stdout.
void setStdoutEnabled(bool enabled);

} // namespace Postrider::Log
