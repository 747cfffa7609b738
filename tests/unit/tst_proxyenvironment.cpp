// ProxyEnvironment: HTTPS_PROXY / HTTP_PROXY / NO_PROXY read as Go's net/http read them for
// Posthorn (golang.org/x/net/http/httpproxy), so deployments that relied on them keep working.

#include "transport/ProxyEnvironment.h"

#include <QTest>

using namespace Postrider;

namespace {

ProxyEnvironment envOf(std::initializer_list<std::pair<const char *, const char *>> vars)
{
    QProcessEnvironment env;
    for (const auto &v : vars)
        env.insert(QString::fromLatin1(v.first), QString::fromLatin1(v.second));
    return ProxyEnvironment(env);
}

QString proxied(const ProxyEnvironment &env, const char *url)
{
    const QNetworkProxy p = env.proxyFor(QUrl(QString::fromLatin1(url)));
    if (p.type() == QNetworkProxy::NoProxy)
        return QStringLiteral("direct");
    const QString kind = p.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http");
    return QStringLiteral("%1 %2:%3").arg(kind, p.hostName()).arg(p.port());
}

} // namespace

class tst_ProxyEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nothingSetMeansDirect()
    {
        const ProxyEnvironment env = envOf({});
        QVERIFY(!env.isActive());
        QVERIFY(env.validate());
        QCOMPARE(proxied(env, "https://api.postmarkapp.com/email"), QStringLiteral("direct"));
    }

    void schemeSelectsTheVariable()
    {
        const ProxyEnvironment env =
            envOf({{"HTTPS_PROXY", "http://secure.lan:3128"}, {"HTTP_PROXY", "http://plain.lan:8080"}});
        QCOMPARE(proxied(env, "https://api.resend.com/emails"), QStringLiteral("http secure.lan:3128"));
        QCOMPARE(proxied(env, "http://mail.example.net/v3"), QStringLiteral("http plain.lan:8080"));
        // Only HTTP_PROXY: https requests go direct, as in Go.
        QCOMPARE(proxied(envOf({{"HTTP_PROXY", "plain.lan:8080"}}), "https://api.resend.com/emails"),
                 QStringLiteral("direct"));
    }

    void upperCaseWinsAndLowerCaseWorks()
    {
        QCOMPARE(
            proxied(envOf({{"HTTPS_PROXY", "http://upper:1"}, {"https_proxy", "http://lower:2"}}), "https://x.io/"),
            QStringLiteral("http upper:1"));
        QCOMPARE(proxied(envOf({{"https_proxy", "http://lower:2"}}), "https://x.io/"), QStringLiteral("http lower:2"));
    }

    void valueForms()
    {
        QCOMPARE(proxied(envOf({{"HTTPS_PROXY", "proxy.lan:3128"}}), "https://x.io/"),
                 QStringLiteral("http proxy.lan:3128"));
        QCOMPARE(proxied(envOf({{"HTTPS_PROXY", "10.0.0.5:3128"}}), "https://x.io/"),
                 QStringLiteral("http 10.0.0.5:3128"));
        QCOMPARE(proxied(envOf({{"HTTPS_PROXY", "http://proxy.lan"}}), "https://x.io/"),
                 QStringLiteral("http proxy.lan:80"));
        QCOMPARE(proxied(envOf({{"HTTPS_PROXY", "socks5://gw.lan"}}), "https://x.io/"),
                 QStringLiteral("socks5 gw.lan:1080"));
        QCOMPARE(proxied(envOf({{"HTTPS_PROXY", "socks5h://gw.lan:9050"}}), "https://x.io/"),
                 QStringLiteral("socks5 gw.lan:9050"));
        const ProxyEnvironment local = envOf({{"HTTPS_PROXY", "socks5://gw.lan"}});
        QVERIFY(!(local.proxyFor(QUrl(QStringLiteral("https://x.io/"))).capabilities()
                  & QNetworkProxy::HostNameLookupCapability));
        const ProxyEnvironment remote = envOf({{"HTTPS_PROXY", "socks5h://gw.lan"}});
        QVERIFY(remote.proxyFor(QUrl(QStringLiteral("https://x.io/"))).capabilities()
                & QNetworkProxy::HostNameLookupCapability);
    }

    void credentialsGoToTheProxyAndAreSecrets()
    {
        const ProxyEnvironment env = envOf({{"HTTPS_PROXY", "http://ops:s%3Acret-Pass@proxy.lan:3128"}});
        const QNetworkProxy p = env.proxyFor(QUrl(QStringLiteral("https://x.io/")));
        QCOMPARE(p.user(), QStringLiteral("ops"));
        QCOMPARE(p.password(), QStringLiteral("s:cret-Pass"));
        QCOMPARE(env.secrets(), QStringList{QStringLiteral("s:cret-Pass")});
        const QString shown = env.describeFor(QStringLiteral("https"));
        QCOMPARE(shown, QStringLiteral("http://proxy.lan:3128 (from HTTPS_PROXY)"));
        QVERIFY(!shown.contains(QStringLiteral("cret")));
    }

    void unusableValuesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("https proxy") << QByteArray("https://proxy.lan:443") << QStringLiteral("https:// proxy");
        QTest::newRow("ftp scheme") << QByteArray("ftp://proxy.lan") << QStringLiteral("unsupported proxy scheme");
        QTest::newRow("garbage") << QByteArray("http://[bad") << QStringLiteral("not a proxy address");
    }
    void unusableValuesAreErrors()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, expected);
        QProcessEnvironment e;
        e.insert(QStringLiteral("HTTPS_PROXY"), QString::fromLatin1(value));
        const ProxyEnvironment env(e);
        const Status s = env.validate();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(expected), qPrintable(s.error().message));
        QVERIFY(s.error().message.contains(QStringLiteral("HTTPS_PROXY")));
        // Never silently bypassed into a direct connection by a later caller either.
        QCOMPARE(proxied(env, "https://x.io/"), QStringLiteral("direct"));
    }

    void loopbackIsNeverProxied()
    {
        const ProxyEnvironment env = envOf({{"HTTPS_PROXY", "proxy.lan:3128"}, {"HTTP_PROXY", "proxy.lan:3128"}});
        QCOMPARE(proxied(env, "http://localhost:8080/email"), QStringLiteral("direct"));
        QCOMPARE(proxied(env, "http://LOCALHOST/email"), QStringLiteral("direct"));
        QCOMPARE(proxied(env, "http://127.0.0.1:9/email"), QStringLiteral("direct"));
        QCOMPARE(proxied(env, "http://127.8.9.10/email"), QStringLiteral("direct"));
        QCOMPARE(proxied(env, "https://[::1]:8443/email"), QStringLiteral("direct"));
        QCOMPARE(proxied(env, "https://10.1.2.3/email"), QStringLiteral("http proxy.lan:3128"));
    }

    void noProxyRules_data()
    {
        QTest::addColumn<QByteArray>("noProxy");
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<bool>("direct");
        QTest::newRow("star") << QByteArray("*") << QByteArray("https://api.resend.com/") << true;
        QTest::newRow("domain matches itself") << QByteArray("resend.com") << QByteArray("https://resend.com/") << true;
        QTest::newRow("domain matches subdomain")
            << QByteArray("resend.com") << QByteArray("https://api.resend.com/") << true;
        QTest::newRow("domain is not a suffix of a word")
            << QByteArray("resend.com") << QByteArray("https://notresend.com/") << false;
        QTest::newRow("dot: subdomains only")
            << QByteArray(".resend.com") << QByteArray("https://resend.com/") << false;
        QTest::newRow("dot: subdomain") << QByteArray(".resend.com") << QByteArray("https://api.resend.com/") << true;
        QTest::newRow("star-dot: subdomain")
            << QByteArray("*.resend.com") << QByteArray("https://api.resend.com/") << true;
        QTest::newRow("case and spaces") << QByteArray(" Other.org , RESEND.com ")
                                         << QByteArray("https://api.Resend.COM/") << true;
        QTest::newRow("port must match") << QByteArray("resend.com:8443") << QByteArray("https://api.resend.com/")
                                         << false;
        QTest::newRow("port matches") << QByteArray("resend.com:443") << QByteArray("https://api.resend.com/") << true;
        QTest::newRow("ip") << QByteArray("10.1.2.3") << QByteArray("https://10.1.2.3/") << true;
        QTest::newRow("other ip") << QByteArray("10.1.2.3") << QByteArray("https://10.1.2.4/") << false;
        QTest::newRow("cidr") << QByteArray("10.0.0.0/8") << QByteArray("https://10.200.0.1/") << true;
        QTest::newRow("cidr outside") << QByteArray("10.0.0.0/8") << QByteArray("https://11.0.0.1/") << false;
        QTest::newRow("ipv6 with port") << QByteArray("[2001:db8::1]:443") << QByteArray("https://[2001:db8::1]/")
                                        << true;
        QTest::newRow("name is not matched by a cidr")
            << QByteArray("10.0.0.0/8") << QByteArray("https://x.io/") << false;
        QTest::newRow("malformed entries ignored")
            << QByteArray(",,:80,x.io:notaport") << QByteArray("https://x.io/") << false;
    }
    void noProxyRules()
    {
        QFETCH(QByteArray, noProxy);
        QFETCH(QByteArray, url);
        QFETCH(bool, direct);
        QProcessEnvironment e;
        e.insert(QStringLiteral("HTTPS_PROXY"), QStringLiteral("proxy.lan:3128"));
        e.insert(QStringLiteral("no_proxy"), QString::fromLatin1(noProxy));
        const ProxyEnvironment env(e);
        QCOMPARE(proxied(env, url.constData()) == QStringLiteral("direct"), direct);
    }

    void cgiIgnoresHttpProxy()
    {
        const ProxyEnvironment env = envOf({{"HTTP_PROXY", "evil.example:80"}, {"REQUEST_METHOD", "POST"}});
        QCOMPARE(proxied(env, "http://mail.example.net/"), QStringLiteral("direct"));
        const ProxyEnvironment https = envOf({{"HTTPS_PROXY", "proxy.lan:3128"}, {"REQUEST_METHOD", "POST"}});
        QCOMPARE(proxied(https, "https://mail.example.net/"), QStringLiteral("http proxy.lan:3128"));
    }
};

QTEST_GUILESS_MAIN(tst_ProxyEnvironment)
#include "tst_proxyenvironment.moc"
