#include "CaptureTransport.h"

#include "core/Clock.h"
#include "mime/MimeBuilder.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

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
    // Written under a hidden name and renamed into place, so a reader never sees half a file.
    // No fsync: this is a development sink, and a sync per message would make it the bottleneck.
    const QDir dir(m_dir);
    const QString finalPath = dir.filePath(fileName);
    QFile file(dir.filePath(u'.' + fileName + QStringLiteral(".part")));
    const bool written = file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(*built) == built->size();
    file.close();
    if (!written || !file.rename(finalPath)) {
        const QString why = file.errorString();
        file.remove();
        finish(std::move(done),
               SendResult::failure(Outcome::Transient,
                                   QStringLiteral("capture: cannot write ") + finalPath + QStringLiteral(": ") + why),
               started);
        return;
    }
    finish(std::move(done), SendResult::sent(fileName), started);
}

} // namespace Postrider
