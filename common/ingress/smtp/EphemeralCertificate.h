#pragma once

#include "core/Result.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace Postrider {

/// \brief A self-signed certificate made at startup when TLS is required and none is configured
/// (decisions §15): an EC P-256 key and an X.509 v3 certificate for `hostname`, generated with
/// OpenSSL's libcrypto (Qt's TLS backend). Clients must be told to skip verification, so the
/// listener logs a loud warning.
struct EphemeralCertificate
{
    /// Validity of the certificate; it is regenerated on every start.
    static constexpr int kValidityDays = 365;

    QSslCertificate certificate;
    QSslKey key;

    /// Error code `tls.generate`.
    static Result<EphemeralCertificate> generate(const QString &hostname);
};

} // namespace Postrider
