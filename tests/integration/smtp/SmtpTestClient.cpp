#include "SmtpTestClient.h"

#include "core/TlsFiles.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSslConfiguration>

namespace Postrider::Test {

bool pumpUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

SmtpTestClient::SmtpTestClient()
{
    QObject::connect(&m_socket, &QSslSocket::readyRead, &m_socket, [this] { m_buffer += m_socket.readAll(); });
    QObject::connect(&m_socket, &QSslSocket::sslErrors, &m_socket, [this](const QList<QSslError> &errors) {
        m_errors += errors;
        if (m_trustAny)
            m_socket.ignoreSslErrors();
    });
    QObject::connect(&m_socket, &QSslSocket::connected, &m_socket, [this] { m_connected = true; });
    m_socket.setPeerVerifyName(QStringLiteral("localhost"));
}

void SmtpTestClient::setTls(const QString &caFile, const QString &certFile, const QString &keyFile)
{
    QSslConfiguration c = m_socket.sslConfiguration();
    if (!caFile.isEmpty())
        c.setCaCertificates(TlsFiles::loadCertificates(caFile).valueOr({}));
    if (!certFile.isEmpty()) {
        c.setLocalCertificateChain(TlsFiles::loadCertificates(certFile).valueOr({}));
        c.setPrivateKey(TlsFiles::loadPrivateKey(keyFile).valueOr(QSslKey()));
    }
    m_socket.setSslConfiguration(c);
}

bool SmtpTestClient::connectTo(quint16 port, bool implicitTls)
{
    if (implicitTls)
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, QStringLiteral("localhost"));
    else
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (implicitTls)
        return waitEncrypted();
    // A refusing server may answer and close within one event-loop turn: count the connect itself.
    return pumpUntil([this] { return m_connected || m_socket.state() == QAbstractSocket::UnconnectedState; })
        && m_connected;
}

void SmtpTestClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

QByteArray SmtpTestClient::readReply(int timeoutMs)
{
    // A reply is complete at a line whose fourth character is a space (or that is just a code).
    qsizetype end = -1;
    const auto complete = [this, &end] {
        qsizetype start = 0;
        while (true) {
            const qsizetype lf = m_buffer.indexOf('\n', start);
            if (lf < 0)
                return false;
            const QByteArray line = m_buffer.mid(start, lf - start);
            if (line.size() < 4 || line[3] == ' ' || line.size() == 4) {
                end = lf + 1;
                return true;
            }
            start = lf + 1;
        }
    };
    if (!pumpUntil(complete, timeoutMs))
        return {};
    QByteArray reply = m_buffer.left(end);
    m_buffer.remove(0, end);
    reply.replace("\r\n", "\n");
    reply.chop(1);
    return reply;
}

QByteArray SmtpTestClient::command(const QByteArray &line, int timeoutMs)
{
    send(line + "\r\n");
    return readReply(timeoutMs);
}

bool SmtpTestClient::startTls()
{
    if (!command("STARTTLS").startsWith("220"))
        return false;
    m_socket.startClientEncryption();
    return waitEncrypted();
}

bool SmtpTestClient::waitEncrypted(int timeoutMs)
{
    return pumpUntil([this] { return m_socket.isEncrypted() || m_socket.state() == QAbstractSocket::UnconnectedState; },
                     timeoutMs)
        && m_socket.isEncrypted();
}

bool SmtpTestClient::waitDisconnected(int timeoutMs)
{
    return pumpUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

bool SmtpTestClient::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

} // namespace Postrider::Test
