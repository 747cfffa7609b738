#include "SmtpLogging.h"

Q_LOGGING_CATEGORY(lcSmtpOut, "postrider.transport.smtp")
