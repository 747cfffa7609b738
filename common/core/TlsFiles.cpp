#include "TlsFiles.h"

#include <QFile>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace Postrider::TlsFiles {

namespace {
// PEM bundles and keys are a few kilobytes; a CA bundle of the whole web is about 250 KiB.
constexpr qint64 kMaxPemFileSize = 4 << 20;

Result<QByteArray> readPem(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("tls.file"), QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    if (f.size() > kMaxPemFileSize)
        return Error(QStringLiteral("tls.file"), QStringLiteral("%1 is too large for a PEM file").arg(path));
    return f.readAll();
}

// Refuses to prompt for a passphrase: OpenSSL's default callback would read the terminal.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}
} // namespace

Result<QList<QSslCertificate>> loadCertificates(const QString &path)
{
    const Result<QByteArray> pem = readPem(path);
    if (!pem)
        return pem.error();
    const QList<QSslCertificate> certs = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return Error(QStringLiteral("tls.file"), QStringLiteral("no PEM certificate found in %1").arg(path));
    return certs;
}

Result<QSslKey> loadPrivateKey(const QString &path)
{
    const Result<QByteArray> pem = readPem(path);
    if (!pem)
        return pem.error();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(*pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return Error(QStringLiteral("tls.file"),
                 QStringLiteral("no unencrypted RSA or EC private key found in %1").arg(path));
}

bool keyMatchesCertificate(const QSslCertificate &certificate, const QString &keyPath)
{
    const Result<QByteArray> keyPem = readPem(keyPath);
    if (!keyPem)
        return false;
    const QByteArray certPem = certificate.toPem();
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())),
                                                      &BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new_mem_buf(keyPem->constData(), int(keyPem->size())),
                                                     &BIO_free);
    if (!certBio || !keyBio)
        return false;
    std::unique_ptr<X509, decltype(&X509_free)> x509(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr),
                                                     &X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &noPassphrase, nullptr), &EVP_PKEY_free);
    return x509 && key && X509_check_private_key(x509.get(), key.get()) == 1;
}

} // namespace Postrider::TlsFiles
