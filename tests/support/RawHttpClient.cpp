#include "RawHttpClient.h"

#include <QTest>

namespace Postrider::Test {

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool RawResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs, const QHostAddress &from)
{
    if (!from.isNull() && !m_socket.bind(from))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs);
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

std::optional<RawResponse> RawHttpClient::tryParse(bool headRequest, bool closed)
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    RawResponse r;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    r.statusLine = lines.value(0).trimmed();
    const QList<QByteArray> parts = r.statusLine.split(' ');
    r.status = parts.value(1).toInt();
    qint64 length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    const qsizetype bodyStart = end + 4;
    if (r.status == 100) { // interim response: skip it
        m_buffer.remove(0, bodyStart);
        return tryParse(headRequest, closed);
    }
    if (headRequest)
        length = 0;
    if (length < 0) {
        if (!closed)
            return std::nullopt;
        length = m_buffer.size() - bodyStart;
    }
    if (m_buffer.size() - bodyStart < length)
        return std::nullopt;
    r.body = m_buffer.mid(bodyStart, length);
    m_buffer.remove(0, bodyStart + length);
    return r;
}

std::optional<RawResponse> RawHttpClient::readResponse(int timeoutMs, bool headRequest)
{
    std::optional<RawResponse> out;
    (void)QTest::qWaitFor(
        [&] {
            m_buffer.append(m_socket.readAll());
            out = tryParse(headRequest, m_socket.state() != QAbstractSocket::ConnectedState);
            return out.has_value();
        },
        timeoutMs);
    return out;
}

bool RawHttpClient::waitForClose(int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            m_buffer.append(m_socket.readAll());
            return m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
}

QByteArray RawHttpClient::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                  const QList<QByteArray> &headerLines)
{
    QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &h : headerLines)
        r += h + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += "\r\n" + body;
    return r;
}

} // namespace Postrider::Test
