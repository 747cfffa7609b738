// The config methods of ControlService: get (redacted), validate, save (atomic, with .bak, then
// reload) and reload. The text the daemon holds with secrets never leaves this file.

#include "ConfigFile.h"
#include "ControlJson.h"
#include "ControlService.h"
#include "DaemonApp.h"

#include "core/Logging.h"

namespace Postrider {

namespace {
Error notEditable()
{
    return Error(QStringLiteral("config.not_editable"),
                 QStringLiteral("the daemon runs the built-in config; start it with --config FILE to edit one"));
}

Error invalid(const ConfigErrors &errors)
{
    return Error(QStringLiteral("config.invalid"), QStringLiteral("the config has %1 error(s)").arg(errors.size()),
                 {{QStringLiteral("errors"), ControlJson::configErrors(errors)}});
}
} // namespace

void ControlService::configGet(const QJsonObject &, Reply reply)
{
    const QString path = m_host->configPath();
    if (path.isEmpty())
        return reply(notEditable());
    const auto text = ConfigFile::readRedacted(path, m_host->config().secrets());
    if (!text)
        return reply(text.error());
    reply(QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("text"), *text}});
}

void ControlService::configValidate(const QJsonObject &params, Reply reply)
{
    const auto text = ControlJson::requiredString(params, QStringLiteral("text"));
    if (!text)
        return reply(text.error());
    const QString path = m_host->configPath();
    if (path.isEmpty())
        return reply(notEditable());
    const ConfigFile::Checked checked = ConfigFile::check(path, *text, &DaemonApp::checkBuild);
    reply(QJsonObject{{QStringLiteral("valid"), checked.ok()},
                      {QStringLiteral("errors"), ControlJson::configErrors(checked.errors)}});
}

void ControlService::configSave(const QJsonObject &params, Reply reply)
{
    const auto text = ControlJson::requiredString(params, QStringLiteral("text"));
    if (!text)
        return reply(text.error());
    const QString path = m_host->configPath();
    if (path.isEmpty())
        return reply(notEditable());
    const ConfigFile::Checked checked = ConfigFile::check(path, *text, &DaemonApp::checkBuild);
    if (!checked.ok())
        return reply(invalid(checked.errors));
    if (const Status s = ConfigFile::save(path, checked.text); !s)
        return reply(s.error());
    Log::info(lcControl, QStringLiteral("config saved from the control socket"), {{QStringLiteral("path"), path}});
    configReload({}, std::move(reply));
}

void ControlService::configReload(const QJsonObject &, Reply reply)
{
    const ReloadReport report = m_host->reload(QStringLiteral("control"));
    announceReload(report, QStringLiteral("control"));
    if (!report.applied)
        return reply(invalid(report.errors));
    reply(QJsonObject{{QStringLiteral("applied"), true},
                      {QStringLiteral("reloaded"), QJsonArray::fromStringList(report.reloaded)},
                      {QStringLiteral("restart_required"), QJsonArray::fromStringList(report.restartRequired)}});
}

} // namespace Postrider
