#pragma once

#include <QStringList>
#include <QTextStream>

namespace Postrider {

/// \brief `postriderd send-test`: one real message through one configured transport (no retry,
/// no outbox), printing the outcome class, provider status, message id and latency — what an
/// operator runs after editing credentials. Exit 0 only when the provider accepted the message.
class SendTestCommand
{
public:
    struct Options
    {
        QString configPath;
        QString endpoint;
        QString transport;
        bool smtpListener = false;
        QString to;
        QString from;
        bool html = false;
        QStringList attachments;
    };
    static int run(const Options &options, QTextStream &out, QTextStream &err);
};

} // namespace Postrider
