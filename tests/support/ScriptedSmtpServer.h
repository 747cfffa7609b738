#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTcpServer>

class QSslSocket;

namespace Postrider::Test {

/// \brief A scripted fake SMTP server in the KIMAP style: "client says X, server answers Y,
/// server hangs up". Listens on 127.0.0.1 port 0, plain, STARTTLS or implicit TLS (with the
/// test identity in tests/data/tls/smtp-server.*), and records everything.
///
/// The script runs for the first connection; a second one is refused with 421 and recorded as
/// an error. After the last step the server answers RSET and NOOP with 250 and QUIT with 221
/// (then closes), so a test scripts only what it cares about; anything else is an error.
/// It checks the client too: bare LF, over-long command lines (RFC 5321 §4.5.3.1.4) and data
/// lines (§4.5.3.1.6), plaintext sent after STARTTLS (RFC 3207 §5), and it notes every command
/// that arrived before the reply to the previous one (pipelining, RFC 2920).
class ScriptedSmtpServer final : public QTcpServer
{
    Q_OBJECT
public:
    /// \brief One transcript line, without CRLF.
    struct Line
    {
        bool fromClient = false;
        QByteArray text;
        bool encrypted = false;
        bool pipelined = false; ///< client line sent before the reply to the previous command
    };

    explicit ScriptedSmtpServer(QObject *parent = nullptr);
    ~ScriptedSmtpServer() override;

    /// Listens on 127.0.0.1, port 0. Loads the test TLS identity.
    bool start();
    quint16 port() const { return serverPort(); }
    void setImplicitTls(bool on) { m_implicitTls = on; }

    // ---- the script: steps run in order ---------------------------------------------------
    /// The server speaks unprompted (the greeting). Lines separated by '\n'; CRLF added.
    ScriptedSmtpServer &say(const QByteArray &reply);
    /// Expects one client line (exact, or a prefix when `pattern` ends in '*'), then replies.
    ScriptedSmtpServer &expect(const QByteArray &pattern, const QByteArray &reply = {});
    /// Waits until all these lines have arrived before answering any of them: passes only for
    /// a client that pipelines (a lock-step client would wait for the first reply forever).
    ScriptedSmtpServer &expectBatch(const QList<QByteArray> &patterns, const QList<QByteArray> &replies);
    /// Starts the server side of TLS (after a step that answered STARTTLS with 220).
    ScriptedSmtpServer &startTls();
    /// Reads the message after a 354, up to the "." line, then replies.
    ScriptedSmtpServer &readData(const QByteArray &reply = "250 2.0.0 Ok: queued as 4F7Yc21XyzZ");
    /// Reads at least `bytes` octets of whatever comes (to hang up in the middle of DATA).
    ScriptedSmtpServer &readBytes(qsizetype bytes);
    /// Writes these bytes exactly as given (garbage, no CRLF, over-long lines).
    ScriptedSmtpServer &sendRaw(const QByteArray &bytes);
    /// Closes the connection (after flushing what was written).
    ScriptedSmtpServer &hangUp();
    /// Never answers again (timeouts).
    ScriptedSmtpServer &stall();

    /// "220 mx.test ESMTP", then EHLO answered with these extensions.
    ScriptedSmtpServer &greetAndEhlo(const QList<QByteArray> &extensions);
    /// A 250 EHLO reply: "250-mx.test" then one line per extension.
    static QByteArray ehloReply(const QList<QByteArray> &extensions, const QByteArray &domain = "mx.test");

    // ---- what happened -----------------------------------------------------------------
    QList<Line> transcript() const { return m_transcript; }
    QList<QByteArray> clientLines() const; ///< commands only, not message data
    bool sawClientLine(const QByteArray &prefix) const;
    bool sawPipelining() const; ///< any command sent before the previous reply
    QByteArray data() const { return m_data; } ///< DATA un-dot-stuffed, CRLF kept, no "." line
    QByteArray rawData() const { return m_rawData; } ///< DATA as received, no "." line
    bool dataComplete() const { return m_dataComplete; }
    QStringList errors() const { return m_errors; }
    bool scriptDone() const { return m_step >= m_steps.size(); }
    int connections() const { return m_connections; }
    bool clientGone() const { return m_clientGone; } ///< the connection has ended
    QString tlsError() const { return m_tlsError; }
    /// Transcript as text ("C: ..." / "S: ..."), for failure messages.
    QString dump() const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Step
    {
        enum class Kind { Say, Expect, ExpectBatch, StartTls, ReadData, ReadBytes, SendRaw, HangUp, Stall } kind;
        QList<QByteArray> patterns;
        QList<QByteArray> replies;
        qsizetype bytes = 0;
    };

    void onReadyRead();
    void advance();
    bool runStep(Step &step); ///< false: wait for more input
    bool takeLine(QByteArray *line, bool command);
    void recordClient(const QByteArray &line);
    void write(const QByteArray &reply);
    void answerAfterScript(const QByteArray &line);
    void error(const QString &what);
    static bool matches(const QByteArray &pattern, const QByteArray &line);

    QList<Step> m_steps;
    qsizetype m_step = 0;
    QPointer<QSslSocket> m_socket;
    QByteArray m_buffer;
    qsizetype m_readBytes = 0;
    bool m_implicitTls = false;
    bool m_waitingForTls = false;
    bool m_nextPipelined = false;
    bool m_inData = false;
    bool m_dataComplete = false;
    bool m_clientGone = false;
    int m_connections = 0;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QList<Line> m_transcript;
    QByteArray m_data;
    QByteArray m_rawData;
    QStringList m_errors;
    QString m_tlsError;
};

} // namespace Postrider::Test
