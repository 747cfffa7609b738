#include "EphemeralCertificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace Postrider {

namespace {

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

Error failure(const char *step)
{
    return Error(QStringLiteral("tls.generate"),
                 QStringLiteral("ephemeral certificate: %1 failed").arg(QLatin1String(step)));
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    const ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? QByteArray(data, n) : QByteArray();
}

} // namespace

Result<EphemeralCertificate> EphemeralCertificate::generate(const QString &hostname)
{
    const KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return failure("EC key generation");
    const CertPtr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return failure("X509_new");

    // RFC 5280 §4.1.2.2: a positive serial of up to 20 octets; 16 random octets, top bit clear.
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return failure("RAND_bytes");
    serial[0] &= 0x7f;
    const BnPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        return failure("serial number");

    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(kValidityDays) * 24 * 3600);
    if (X509_set_pubkey(cert.get(), key.get()) != 1)
        return failure("X509_set_pubkey");

    const QByteArray cn = (hostname.isEmpty() ? QStringLiteral("localhost") : hostname).toUtf8();
    X509_NAME *name = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Postrider"), -1,
                                   -1, 0)
            != 1
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0)
            != 1
        || X509_set_issuer_name(cert.get(), name) != 1)
        return failure("subject name");
    // RFC 6125 §6.4.4: clients match the SAN, not the CN.
    if (!addExtension(cert.get(), NID_subject_alt_name, "DNS:" + cn)
        || !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth"))
        return failure("extensions");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return failure("X509_sign");

    const BioPtr certBio(BIO_new(BIO_s_mem()));
    const BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return failure("PEM encoding");

    EphemeralCertificate out;
    out.certificate = QSslCertificate(drain(certBio.get()), QSsl::Pem);
    out.key = QSslKey(drain(keyBio.get()), QSsl::Ec, QSsl::Pem);
    if (out.certificate.isNull() || out.key.isNull())
        return failure("loading into Qt");
    return out;
}

} // namespace Postrider
