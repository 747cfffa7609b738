#include "HttpInventory.h"

#include "core/Crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace Postrider::Test {

namespace {

SendResult scripted(const QString &word)
{
    if (word == u"okNoId")
        return SendResult::sent(QString(), 200);
    if (word == u"terminal401")
        return SendResult::failure(Outcome::Terminal, QStringLiteral("upstream said: invalid API key secret-detail"),
                                   401, QStringLiteral("10"));
    if (word == u"terminal")
        return SendResult::failure(Outcome::Terminal, QStringLiteral("rejected"), 422);
    if (word == u"transient")
        return SendResult::failure(Outcome::Transient, QStringLiteral("provider unavailable"), 503);
    if (word == u"ratelimited")
        return SendResult::failure(Outcome::RateLimited, QStringLiteral("slow down"), 429);
    return SendResult::sent(QStringLiteral("pm-msg-abc-123"), 200);
}

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble());
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
}

std::optional<QJsonValue> jsonAt(const QJsonValue &root, const QString &path)
{
    QJsonValue v = root;
    for (const QString &part : path.split(u'.')) {
        bool isIndex = false;
        const int i = part.toInt(&isIndex);
        if (isIndex && v.isArray()) {
            if (i >= v.toArray().size())
                return std::nullopt;
            v = v.toArray().at(i);
        } else if (v.isObject() && v.toObject().contains(part)) {
            v = v.toObject().value(part);
        } else {
            return std::nullopt;
        }
    }
    return v;
}

const Message *lastSent(HttpTestRig &rig)
{
    if (rig.fake && !rig.fake->received.isEmpty())
        return &rig.fake->received.last();
    if (rig.fake2 && !rig.fake2->received.isEmpty())
        return &rig.fake2->received.last();
    return nullptr;
}

bool compareText(const QString &actual, QChar op, const QString &expected, bool negate)
{
    bool ok = false;
    if (op == u'=')
        ok = actual == expected;
    else if (op == u'~')
        ok = actual.contains(expected);
    else if (op == u'^')
        ok = actual.startsWith(expected);
    return negate ? !ok : ok;
}

} // namespace

void addInventoryColumns()
{
    QTest::addColumn<QStringList>("endpoint");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("raw");
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("sends");
    QTest::addColumn<QStringList>("expect");
}

void addInventoryRow(const char *name, const QStringList &endpoint, const QByteArray &method, const QByteArray &path,
                     const QByteArrayList &headers, const QByteArray &body, const QString &script, int status,
                     int sends, const QStringList &expect, bool raw)
{
    QTest::newRow(name) << endpoint << method << path << headers << body << raw << script << status << sends << expect;
}

bool checkExpectation(HttpTestRig &rig, const HttpResult &r, const QString &e)
{
    const auto fail = [&](const QString &why) {
        QTest::qFail(qPrintable(QStringLiteral("expectation \"%1\": %2").arg(e, why)), __FILE__, __LINE__);
        return false;
    };
    // Operators: the first of = ~ ^ after the subject; a '!' right before it negates.
    const qsizetype op = e.indexOf(QRegularExpression(QStringLiteral("[=~^]")));
    const bool negate = op > 0 && e.at(op - 1) == u'!';
    const QString subject = op < 0 ? e : e.left(negate ? op - 1 : op);
    const QChar oper = op < 0 ? QChar() : e.at(op);
    const QString value = op < 0 ? QString() : e.mid(op + 1);

    if (subject == u"body") {
        if (!compareText(QString::fromUtf8(r.body), oper, value, negate))
            return fail(QStringLiteral("body was ") + QString::fromUtf8(r.body));
        return true;
    }
    if (subject == u"ctype")
        return compareText(QString::fromLatin1(r.contentType), oper, value, negate)
            || fail(QStringLiteral("Content-Type was ") + QString::fromLatin1(r.contentType));
    if (subject == u"location")
        return compareText(QString::fromUtf8(r.location), oper, value, negate)
            || fail(QStringLiteral("Location was ") + QString::fromUtf8(r.location));
    if (subject.startsWith(u"header."))
        return compareText(QString::fromLatin1(r.header(subject.mid(7).toLatin1())), oper, value, negate)
            || fail(QStringLiteral("header was ") + QString::fromLatin1(r.header(subject.mid(7).toLatin1())));
    if (e.startsWith(u"json!:")) {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        return !jsonAt(doc.object(), e.mid(6)) || fail(QStringLiteral("present in ") + QString::fromUtf8(r.body));
    }
    if (subject.startsWith(u"json:")) {
        const QJsonDocument doc = QJsonDocument::fromJson(r.body);
        const auto v = jsonAt(doc.object(), subject.mid(5));
        if (!v)
            return fail(QStringLiteral("absent from ") + QString::fromUtf8(r.body));
        return compareText(jsonText(*v), oper, value, negate) || fail(QStringLiteral("was ") + jsonText(*v));
    }
    if (subject.startsWith(u"sent.")) {
        const Message *m = lastSent(rig);
        if (!m)
            return fail(QStringLiteral("nothing was sent"));
        const QString field = subject.mid(5);
        QString actual;
        if (field == u"subject")
            actual = m->subject;
        else if (field == u"text")
            actual = m->text;
        else if (field == u"html")
            actual = m->html;
        else if (field == u"to")
            actual = bareAddresses(m->to).join(u',');
        else if (field == u"replyTo")
            actual = bareAddresses(m->replyTo).join(u',');
        else if (field == u"from")
            actual = m->from.toString();
        else if (field == u"attachments") {
            QStringList names;
            for (const Attachment &a : m->attachments)
                names.append(a.filename + u':' + QString::fromUtf8(a.data));
            actual = names.join(u',');
        }
        return compareText(actual, oper, value, negate) || fail(QStringLiteral("was \"%1\"").arg(actual));
    }
    if (subject == u"log")
        return compareText(QString::fromUtf8(rig.logText()), oper, value, negate)
            || fail(QStringLiteral("log was:\n") + QString::fromUtf8(rig.logText()));
    if (subject == u"event") {
        const bool present = !rig.logEvents(value).isEmpty();
        return present != negate || fail(QStringLiteral("log was:\n") + QString::fromUtf8(rig.logText()));
    }
    if (e.startsWith(u"event:")) {
        // event:NAME.field<op>value, or event:NAME!field (absent)
        const QString rest = e.mid(6);
        const qsizetype bang = rest.indexOf(u'!');
        const qsizetype dot = rest.indexOf(u'.');
        const bool absent = bang >= 0 && (dot < 0 || bang < dot);
        const QString name = rest.left(absent ? bang : dot);
        const auto events = rig.logEvents(name);
        if (events.isEmpty())
            return fail(QStringLiteral("no event ") + name);
        if (absent)
            return !events.first().contains(rest.mid(bang + 1))
                || fail(QStringLiteral("field present in ")
                        + QString::fromUtf8(QJsonDocument(events.first()).toJson()));
        const QString fieldPath = subject.mid(6 + name.size() + 1);
        const auto v = jsonAt(events.first(), fieldPath);
        if (!v)
            return fail(QStringLiteral("field absent from ")
                        + QString::fromUtf8(QJsonDocument(events.first()).toJson()));
        return compareText(jsonText(*v), oper, value, negate) || fail(QStringLiteral("was ") + jsonText(*v));
    }
    return fail(QStringLiteral("unknown expectation"));
}

void runInventoryRow()
{
    QFETCH(QStringList, endpoint);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArrayList, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, raw);
    QFETCH(QString, script);
    QFETCH(int, status);
    QFETCH(int, sends);
    QFETCH(QStringList, expect);

    HttpTestRig rig;
    QVERIFY(rig.start({endpoint}));
    for (const QString &word : script.split(u',', Qt::SkipEmptyParts))
        rig.script.append(scripted(word));
    HttpResult r;
    if (raw) {
        QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
        for (const QByteArray &h : headers)
            bytes += h + "\r\n";
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        r = rig.raw(bytes);
        for (int i = 0; i < 20 && rig.clock.pending() > 1; ++i) // let scripted retries finish
            rig.clock.advance(1000);
    } else {
        r = rig.request(method, path, body, headers);
    }
    QVERIFY2(r.received, "no answer");
    QCOMPARE(r.status, status);
    rig.settle();
    QCOMPARE(rig.sends(), sends);
    for (const QString &e : expect)
        if (!checkExpectation(rig, r, e))
            return;
}

QByteArray multipartBody(const QByteArray &boundary, const QList<QPair<QByteArray, QByteArray>> &fields,
                         const QByteArray &fileField, const QByteArray &fileName, const QByteArray &fileData)
{
    QByteArray b;
    for (const auto &f : fields)
        b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.first + "\"\r\n\r\n" + f.second
            + "\r\n";
    if (!fileField.isEmpty())
        b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
            + "\"\r\nContent-Type: text/plain\r\n\r\n" + fileData + "\r\n";
    return b + "--" + boundary + "--\r\n";
}

QByteArray csrfToken(const QByteArray &secret, qint64 offsetSeconds)
{
    const qint64 start = MockClock().now().toSecsSinceEpoch() + offsetSeconds;
    const QByteArray ts = QByteArray::number(start);
    return ts + '.' + hmacSha256Hex(secret, ts);
}

} // namespace Postrider::Test
