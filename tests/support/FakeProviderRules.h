#pragma once

#include "FakeHttpProvider.h"

#include <QString>
#include <QStringList>

namespace Postrider::Test {

/// \brief What Postmark, Resend, Mailgun and SES v2 accept, as request checkers and answer
/// shapes for FakeHttpProvider: exact auth header (SigV4 recomputed for SES), method, path,
/// content type, JSON field names and types with no unknown fields, multipart part names and
/// file names. A request that breaks a rule is answered the way the provider would (401/403
/// for auth, 422/400 otherwise) and the problem is recorded in FakeHttpProvider::problems().
class FakeProviderRules
{
public:
    enum class Provider { Postmark, Resend, Mailgun, Ses };

    struct Credentials
    {
        QString apiKey; ///< Postmark server token, Resend key, Mailgun key
        QString domain; ///< Mailgun sending domain
        QString accessKeyId; ///< SES
        QString secretAccessKey; ///< SES
        QString region = QStringLiteral("us-east-1"); ///< SES
        QString sessionToken; ///< SES, when the transport must send X-Amz-Security-Token
    };

    /// Sets `fake`'s checker and a handler answering success (with ids "<p>-<n>") or errors.
    static void install(FakeHttpProvider &fake, Provider provider, const Credentials &credentials);
    /// Problems with `request`; "auth: ..." entries are authentication failures.
    static QStringList check(Provider provider, const Credentials &credentials, const FakeHttpRequest &request);
    /// The provider's success answer; `n` numbers the message id.
    static FakeHttpResponse success(Provider provider, int n);
    /// The provider's error answer shape (Postmark ErrorCode/Message, Resend statusCode/message/
    /// name, Mailgun message, SES message + x-amzn-ErrorType).
    static FakeHttpResponse error(Provider provider, int status, const QString &message, const QString &code = {});
    /// The id success() puts in the answer for `n`.
    static QString messageId(Provider provider, int n);
};

} // namespace Postrider::Test
