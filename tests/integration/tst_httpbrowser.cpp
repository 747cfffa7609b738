// A real browser submitting a contact form: Debian's headless Chromium loads an HTML page served
// from one loopback origin; the page submits its form to the form endpoint on another port, so
// Chromium's own Origin, Referer and Accept reach the endpoint. The endpoint allows only the
// page's origin and redirects browsers (decisions §24), and the test reads the page Chromium ends
// on (--dump-dom) and the message the transport received. Skipped when chromium is not installed
// (scripts/bootstrap.sh installs it).

#include "HttpTestRig.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Postrider;
using namespace Postrider::Test;

namespace {

constexpr int kBrowserTimeoutMs = 60'000;

/// \brief Serves three fixed pages over HTTP/1.1 (the contact page and the two redirect targets)
/// and remembers the paths asked for.
class PageServer : public QTcpServer
{
public:
    QHash<QByteArray, QByteArray> pages;
    QList<QByteArray> requested;

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *s = new QTcpSocket(this);
        s->setSocketDescriptor(handle);
        connect(s, &QTcpSocket::readyRead, s, [this, s] {
            const QByteArray data = s->readAll();
            if (!data.contains("\r\n\r\n"))
                return;
            const QByteArray path = data.split(' ').value(1);
            requested.append(path);
            const QByteArray body = pages.value(path, "<html><body>not here</body></html>");
            s->write("HTTP/1.1 " + QByteArray(pages.contains(path) ? "200 OK" : "404 Not Found")
                     + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            s->disconnectFromHost();
        });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
    }
};

} // namespace

class tst_HttpBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromiumSubmitsContactForm_data()
    {
        QTest::addColumn<QByteArray>("enctype");
        QTest::addColumn<bool>("originAllowed");
        QTest::addColumn<QByteArray>("expectedPage");
        QTest::newRow("urlencoded") << QByteArray("application/x-www-form-urlencoded") << true
                                    << QByteArray("Thank you");
        QTest::newRow("multipart (decisions §8)")
            << QByteArray("multipart/form-data") << true << QByteArray("Thank you");
        QTest::newRow("foreign page refused")
            << QByteArray("application/x-www-form-urlencoded") << false << QByteArray("Something went wrong");
    }
    void chromiumSubmitsContactForm()
    {
        QFETCH(QByteArray, enctype);
        QFETCH(bool, originAllowed);
        QFETCH(QByteArray, expectedPage);
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty())
            QSKIP("chromium not installed (Debian package chromium, installed by scripts/bootstrap.sh)");

        PageServer pages;
        QVERIFY(pages.listen(QHostAddress::LocalHost, 0));
        const QByteArray pageOrigin = "http://127.0.0.1:" + QByteArray::number(pages.serverPort());

        HttpTestRig rig;
        const QString allowed = originAllowed ? QString::fromLatin1(pageOrigin) : QStringLiteral("https://example.com");
        QVERIFY(rig.start(
            {{QStringLiteral("allowed_origins = [\"%1\"]").arg(allowed),
              QStringLiteral("redirect_success = \"%1/thanks.html\"").arg(QLatin1String(pageOrigin)),
              QStringLiteral("redirect_error = \"%1/error.html\"").arg(QLatin1String(pageOrigin)),
              "required = [\"name\", \"email\", \"message\"]", "honeypot = \"website\"",
              "subject = \"Contact from {{.name}}\"", "body = \"{{.name}} <{{.email}}> wrote:\\n\\n{{.message}}\""}}));
        const QByteArray action = "http://127.0.0.1:" + QByteArray::number(rig.port()) + "/contact";
        pages.pages.insert("/form.html",
                           "<!doctype html><html><body><form id=\"f\" method=\"post\" enctype=\"" + enctype
                               + "\" action=\"" + action
                               + "\"><input name=\"name\" value=\"Ada Lovelace\"><input name=\"email\" "
                                 "value=\"ada@example.com\"><textarea name=\"message\">Hello from Chromium &amp; "
                                 "friends</textarea><input name=\"website\" value=\"\"></form>"
                                 "<script>document.getElementById('f').submit();</script></body></html>");
        pages.pages.insert("/thanks.html", "<html><body><h1 id=\"done\">Thank you</h1></body></html>");
        pages.pages.insert("/error.html", "<html><body><h1 id=\"failed\">Something went wrong</h1></body></html>");

        QTemporaryDir profile;
        QProcess browser;
        browser.setProcessChannelMode(QProcess::SeparateChannels);
        browser.start(chromium,
                      {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                       QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
                       QStringLiteral("--disable-sync"), QStringLiteral("--no-first-run"),
                       QStringLiteral("--disable-dev-shm-usage"), QStringLiteral("--user-data-dir=") + profile.path(),
                       QStringLiteral("--virtual-time-budget=15000"), QStringLiteral("--dump-dom"),
                       QString::fromLatin1(pageOrigin) + QStringLiteral("/form.html")});
        QVERIFY(browser.waitForStarted());
        // The event loop must run while Chromium talks to both servers (they live in this process).
        const bool finished =
            QTest::qWaitFor([&] { return browser.state() == QProcess::NotRunning; }, kBrowserTimeoutMs);
        if (!finished) {
            browser.kill();
            browser.waitForFinished(5000);
        }
        QVERIFY2(finished, "chromium did not finish in time");
        const QByteArray dom = browser.readAllStandardOutput();
        QVERIFY2(dom.contains(expectedPage), dom.constData());
        rig.settle();
        if (!originAllowed) {
            QCOMPARE(rig.sends(), 0);
            const auto blocked = rig.logEvents(QStringLiteral("spam_blocked"));
            QCOMPARE(blocked.size(), 1);
            // The reason names the Origin Chromium sent: the page's own origin
            QVERIFY(blocked.first().value("reason").toString().contains(QString::fromLatin1(pageOrigin)));
            return;
        }
        QCOMPARE(rig.sends(), 1);
        const Message &m = rig.fake->received.first();
        QCOMPARE(m.subject, QStringLiteral("Contact from Ada Lovelace"));
        QCOMPARE(m.text, QStringLiteral("Ada Lovelace <ada@example.com> wrote:\n\nHello from Chromium & friends"));
        QCOMPARE(bareAddresses(m.replyTo), QStringList{QStringLiteral("ada@example.com")});
        QVERIFY(pages.requested.contains("/thanks.html"));
        QVERIFY(!pages.requested.contains("/error.html"));
    }
};

QTEST_GUILESS_MAIN(tst_HttpBrowser)
#include "tst_httpbrowser.moc"
