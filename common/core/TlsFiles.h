#pragma once

#include "Result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace Postrider::TlsFiles {

/// Every PEM certificate in `path`; an error (code `tls.file`) when the file cannot be read or
/// holds none.
Result<QList<QSslCertificate>> loadCertificates(const QString &path);
/// The unencrypted RSA or EC private key in PEM file `path`; error code `tls.file`.
Result<QSslKey> loadPrivateKey(const QString &path);
/// Whether the private key in PEM file `keyPath` belongs to `certificate`. A listener configured
/// with a mismatched pair would only fail later, during every client's handshake.
bool keyMatchesCertificate(const QSslCertificate &certificate, const QString &keyPath);

} // namespace Postrider::TlsFiles
