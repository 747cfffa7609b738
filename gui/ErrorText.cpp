#include "ErrorText.h"

#include <QHash>

namespace Postrider {

QString ErrorText::forCode(const QString &code)
{
    // Built on every call so that a language switch takes effect.
    const QHash<QString, QString> texts{
        {QStringLiteral("auth.failed"),
         tr("The daemon refused the access token. Is this the token file of the running daemon?")},
        {QStringLiteral("client.token_unreadable"),
         tr("The access token cannot be read. Only members of the postrider-admin group may use the daemon.")},
        {QStringLiteral("client.not_connected"), tr("Not connected to the Postrider daemon.")},
        {QStringLiteral("client.connection_lost"), tr("The connection to the daemon was lost.")},
        {QStringLiteral("client.timeout"), tr("The daemon did not answer in time.")},
        {QStringLiteral("client.socket_error"),
         tr("The Postrider daemon is not running or its socket cannot be reached.")},
        {QStringLiteral("protocol.unsupported"),
         tr("This admin app and the daemon speak different protocol versions.")},
        {QStringLiteral("limit.connections"), tr("Too many admin connections to the daemon.")},
        {QStringLiteral("limit.busy"), tr("The daemon is busy with earlier requests; try again.")},
        {QStringLiteral("method.unknown"),
         tr("The daemon does not support this action; it may be older than this app.")},
        {QStringLiteral("params.invalid"), tr("The request was not valid.")},
        {QStringLiteral("transport.unknown"), tr("There is no such transport (any more).")},
        {QStringLiteral("outbox.unavailable"), tr("The outbox is not open.")},
        {QStringLiteral("outbox.not_found"), tr("The message is no longer in the journal.")},
        {QStringLiteral("outbox.not_live"), tr("The message is no longer waiting to be sent.")},
        {QStringLiteral("outbox.busy"), tr("A delivery attempt for this message is in progress.")},
        {QStringLiteral("outbox.already_sent"), tr("The message was already sent; use Resend for a new copy.")},
        {QStringLiteral("outbox.no_body"), tr("The message body was not kept, so it cannot be sent again.")},
        {QStringLiteral("outbox.route"),
         tr("None of the message's transports is configured; resend it through another one.")},
        {QStringLiteral("config.invalid"), tr("The configuration has errors; nothing was changed.")},
        {QStringLiteral("config.not_editable"),
         tr("The daemon runs its built-in configuration, which cannot be edited here.")},
        {QStringLiteral("config.read_failed"), tr("The daemon cannot read its configuration file.")},
        {QStringLiteral("config.write_failed"),
         tr("The daemon cannot write its configuration file. See the admin app documentation for the service.")},
    };
    return texts.value(code);
}

QString ErrorText::describe(const Error &error)
{
    const QString text = forCode(error.code);
    if (!text.isEmpty())
        return text;
    return error.message.isEmpty() ? error.code : error.message;
}

} // namespace Postrider
