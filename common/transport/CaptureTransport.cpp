#include "CaptureTransport.h"

#include "core/Clock.h"
#include "mime/MimeBuilder.h"

#include <QDir>
#include <QRegularExpression>
#include <QSaveFile>

namespace Postrider {

CaptureTransport::CaptureTransport(TransportConfig config, Clock *clock, QObject *parent)
    : Transport(std::move(config), clock, parent)
    , m_dir(this->config().setting(QStringLiteral("path")))
{ }

void CaptureTransport::send(const Message &message, const SendOptions &, Callback done)
{
    const qint64 started = clock()->steadyMs();
    Mime::BuildOptions opts;
    opts.date = clock()->now();
    opts.includeBcc = true;
    opts.messageId =
        message.submissionId.isEmpty() ? QString() : message.submissionId + QStringLiteral("@postrider.capture");
    const auto built = Mime::buildMessage(message, opts);
    if (!built) {
        finish(std::move(done), SendResult::failure(Outcome::Terminal, built.error().message, 0, built.error().code),
               started);
        return;
    }
    if (!QDir().mkpath(m_dir)) {
        finish(std::move(done),
               SendResult::failure(Outcome::Transient, QStringLiteral("capture: cannot create folder ") + m_dir),
               started);
        return;
    }
    // Sortable, unique, and safe as a file name whatever the submission id holds.
    const QString stamp = clock()->now().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    QString id = message.submissionId;
    // Compiled once: a pattern compiled per message cost more than writing the file (bench/smtp).
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    id.replace(unsafe, QStringLiteral("_"));
    if (id.isEmpty())
        id = newSubmissionId();
    const QString fileName = stamp + u'-' + id + QStringLiteral(".eml");
    QSaveFile file(QDir(m_dir).filePath(fileName));
    if (!file.open(QIODevice::WriteOnly) || file.write(*built) != built->size() || !file.commit()) {
        finish(std::move(done),
               SendResult::failure(Outcome::Transient,
                                   QStringLiteral("capture: cannot write ") + file.fileName() + QStringLiteral(": ")
                                       + file.errorString()),
               started);
        return;
    }
    finish(std::move(done), SendResult::sent(fileName), started);
}

} // namespace Postrider
