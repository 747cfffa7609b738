#pragma once

#include <QLoggingCategory>

/// `postrider.transport.smtp`: the outbound SMTP relay client (commands, replies, TLS state).
/// AUTH payloads and message content are never written to it.
Q_DECLARE_LOGGING_CATEGORY(lcSmtpOut)
