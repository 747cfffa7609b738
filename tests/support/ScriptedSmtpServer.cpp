#include "ScriptedSmtpServer.h"

#include "TestData.h"

#include <QSslConfiguration>
#include <QSslSocket>

namespace Postrider::Test {

namespace {
constexpr qsizetype kMaxCommandLine = 512; // RFC 5321 §4.5.3.1.4, CRLF included
constexpr qsizetype kMaxDataLine = 1000; // RFC 5321 §4.5.3.1.6, CRLF included
} // namespace

ScriptedSmtpServer::ScriptedSmtpServer(QObject *parent)
    : QTcpServer(parent)
{ }

ScriptedSmtpServer::~ScriptedSmtpServer()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

bool ScriptedSmtpServer::start()
{
    m_certificate = QSslCertificate(Test::readData(QStringLiteral("tls/smtp-server.pem")), QSsl::Pem);
    m_key = QSslKey(Test::readData(QStringLiteral("tls/smtp-server.key")), QSsl::Ec, QSsl::Pem);
    if (m_certificate.isNull() || m_key.isNull())
        qWarning("ScriptedSmtpServer: test TLS identity missing");
    return listen(QHostAddress::LocalHost, 0);
}

ScriptedSmtpServer &ScriptedSmtpServer::say(const QByteArray &reply)
{
    m_steps.append({Step::Kind::Say, {}, {reply}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::expect(const QByteArray &pattern, const QByteArray &reply)
{
    m_steps.append({Step::Kind::Expect, {pattern}, {reply}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::expectBatch(const QList<QByteArray> &patterns, const QList<QByteArray> &replies)
{
    m_steps.append({Step::Kind::ExpectBatch, patterns, replies});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::startTls()
{
    m_steps.append({Step::Kind::StartTls, {}, {}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::readData(const QByteArray &reply)
{
    m_steps.append({Step::Kind::ReadData, {}, {reply}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::readBytes(qsizetype bytes)
{
    m_steps.append({Step::Kind::ReadBytes, {}, {}, bytes});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::sendRaw(const QByteArray &bytes)
{
    m_steps.append({Step::Kind::SendRaw, {}, {bytes}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::hangUp()
{
    m_steps.append({Step::Kind::HangUp, {}, {}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::stall()
{
    m_steps.append({Step::Kind::Stall, {}, {}});
    return *this;
}

ScriptedSmtpServer &ScriptedSmtpServer::greetAndEhlo(const QList<QByteArray> &extensions)
{
    return say("220 mx.test ESMTP ready").expect("EHLO *", ehloReply(extensions));
}

QByteArray ScriptedSmtpServer::ehloReply(const QList<QByteArray> &extensions, const QByteArray &domain)
{
    QByteArray out = "250";
    out += extensions.isEmpty() ? " " : "-";
    out += domain + " greets you";
    for (qsizetype i = 0; i < extensions.size(); ++i)
        out += "\n250" + QByteArray(i + 1 == extensions.size() ? " " : "-") + extensions.at(i);
    return out;
}

QList<QByteArray> ScriptedSmtpServer::clientLines() const
{
    QList<QByteArray> out;
    for (const Line &l : m_transcript)
        if (l.fromClient)
            out.append(l.text);
    return out;
}

bool ScriptedSmtpServer::sawClientLine(const QByteArray &prefix) const
{
    for (const Line &l : m_transcript)
        if (l.fromClient && l.text.startsWith(prefix))
            return true;
    return false;
}

bool ScriptedSmtpServer::sawPipelining() const
{
    for (const Line &l : m_transcript)
        if (l.pipelined)
            return true;
    return false;
}

QString ScriptedSmtpServer::dump() const
{
    QString out;
    for (const Line &l : m_transcript)
        out += (l.fromClient ? QStringLiteral("C: ") : QStringLiteral("S: ")) + QString::fromUtf8(l.text)
            + (l.encrypted ? QStringLiteral("  [tls]") : QString()) + u'\n';
    for (const QString &e : m_errors)
        out += QStringLiteral("ERROR: ") + e + u'\n';
    return out;
}

void ScriptedSmtpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    ++m_connections;
    if (m_socket || m_connections > 1) {
        error(QStringLiteral("unexpected connection #%1").arg(m_connections));
        socket->write("421 4.3.2 one connection per script\r\n");
        socket->disconnectFromHost();
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    m_socket = socket;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(m_certificate);
    tls.setPrivateKey(m_key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket->setSslConfiguration(tls);
    connect(socket, &QSslSocket::readyRead, this, &ScriptedSmtpServer::onReadyRead);
    connect(socket, &QSslSocket::encrypted, this, [this] {
        m_waitingForTls = false;
        advance();
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError e) {
        if (m_waitingForTls && e != QAbstractSocket::RemoteHostClosedError)
            m_tlsError = socket->errorString();
    });
    connect(socket, &QSslSocket::disconnected, this, [this] { m_clientGone = true; });
    if (m_implicitTls) {
        m_waitingForTls = true;
        socket->startServerEncryption();
        return;
    }
    advance();
}

void ScriptedSmtpServer::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (!m_waitingForTls)
        advance();
}

void ScriptedSmtpServer::advance()
{
    while (m_socket && !m_waitingForTls && m_step < m_steps.size()) {
        if (!runStep(m_steps[m_step]))
            return;
    }
    QByteArray line;
    while (m_socket && !m_waitingForTls && m_step >= m_steps.size() && takeLine(&line, true))
        answerAfterScript(line);
}

bool ScriptedSmtpServer::runStep(Step &step)
{
    using K = Step::Kind;
    switch (step.kind) {
    case K::Say:
    case K::SendRaw:
        if (step.kind == K::Say)
            write(step.replies.constFirst());
        else
            m_socket->write(step.replies.constFirst());
        break;
    case K::Expect: {
        QByteArray line;
        if (!takeLine(&line, true))
            return false;
        if (!matches(step.patterns.constFirst(), line)) {
            error(QStringLiteral("step %1: expected \"%2\", got \"%3\"")
                      .arg(m_step)
                      .arg(QString::fromUtf8(step.patterns.constFirst()), QString::fromUtf8(line)));
            write("500 5.5.2 not in the script");
            m_socket->disconnectFromHost();
            m_step = m_steps.size();
            return false;
        }
        if (line.startsWith("DATA") && step.replies.constFirst().startsWith("354"))
            m_inData = true;
        if (!step.replies.constFirst().isEmpty())
            write(step.replies.constFirst());
        break;
    }
    case K::ExpectBatch: {
        qsizetype complete = 0;
        for (qsizetype from = 0; (from = m_buffer.indexOf('\n', from)) >= 0; ++from)
            ++complete;
        if (complete < step.patterns.size())
            return false;
        for (qsizetype i = 0; i < step.patterns.size(); ++i) {
            QByteArray line;
            takeLine(&line, true);
            if (!matches(step.patterns.at(i), line))
                error(QStringLiteral("batch line %1: expected \"%2\", got \"%3\"")
                          .arg(i)
                          .arg(QString::fromUtf8(step.patterns.at(i)), QString::fromUtf8(line)));
        }
        for (const QByteArray &r : std::as_const(step.replies))
            write(r);
        break;
    }
    case K::StartTls:
        if (!m_buffer.isEmpty())
            error(QStringLiteral("client sent plaintext after STARTTLS (RFC 3207 §5)"));
        m_buffer.clear();
        m_waitingForTls = true;
        ++m_step;
        m_socket->startServerEncryption();
        return false;
    case K::ReadData: {
        QByteArray line;
        for (;;) {
            if (!takeLine(&line, false))
                return false;
            if (line == ".")
                break;
            m_rawData += line + "\r\n";
            m_data += (line.startsWith('.') ? line.mid(1) : line) + "\r\n";
        }
        m_inData = false;
        m_dataComplete = true;
        m_transcript.append({true, QByteArrayLiteral("."), m_socket->isEncrypted(), false});
        if (!step.replies.constFirst().isEmpty())
            write(step.replies.constFirst());
        break;
    }
    case K::ReadBytes:
        m_readBytes += m_buffer.size();
        m_rawData += m_buffer;
        m_buffer.clear();
        if (m_readBytes < step.bytes)
            return false;
        break;
    case K::HangUp:
        ++m_step;
        m_socket->disconnectFromHost();
        return false;
    case K::Stall:
        return false;
    }
    ++m_step;
    return true;
}

bool ScriptedSmtpServer::takeLine(QByteArray *line, bool command)
{
    const qsizetype lf = m_buffer.indexOf('\n');
    if (lf < 0)
        return false;
    if (lf == 0 || m_buffer.at(lf - 1) != '\r')
        error(QStringLiteral("bare LF from the client"));
    const qsizetype limit = command ? kMaxCommandLine : kMaxDataLine;
    if (lf + 1 > limit)
        error(QStringLiteral("client line of %1 octets (limit %2)").arg(lf + 1).arg(limit));
    *line = m_buffer.left(lf > 0 && m_buffer.at(lf - 1) == '\r' ? lf - 1 : lf);
    m_buffer.remove(0, lf + 1);
    if (command)
        recordClient(*line);
    return true;
}

void ScriptedSmtpServer::recordClient(const QByteArray &line)
{
    m_transcript.append({true, line, m_socket->isEncrypted(), m_nextPipelined});
    // Another complete command already waiting means it was sent before this one's reply.
    m_nextPipelined = !m_inData && m_buffer.contains('\n');
}

void ScriptedSmtpServer::write(const QByteArray &reply)
{
    QByteArray out;
    for (const QByteArray &l : reply.split('\n')) {
        const QByteArray line = l.endsWith('\r') ? l.chopped(1) : l;
        m_transcript.append({false, line, m_socket->isEncrypted(), false});
        out += line + "\r\n";
    }
    m_socket->write(out);
}

void ScriptedSmtpServer::answerAfterScript(const QByteArray &line)
{
    const QByteArray verb = line.left(4).toUpper();
    if (verb == "RSET" || verb == "NOOP") {
        write("250 2.0.0 Ok");
    } else if (verb == "QUIT") {
        write("221 2.0.0 Bye");
        m_socket->disconnectFromHost();
    } else {
        error(QStringLiteral("after the script: \"%1\"").arg(QString::fromUtf8(line)));
        write("500 5.5.2 script finished");
    }
}

void ScriptedSmtpServer::error(const QString &what)
{
    m_errors.append(what);
}

bool ScriptedSmtpServer::matches(const QByteArray &pattern, const QByteArray &line)
{
    if (pattern.endsWith('*'))
        return line.startsWith(pattern.chopped(1));
    return line == pattern;
}

} // namespace Postrider::Test
