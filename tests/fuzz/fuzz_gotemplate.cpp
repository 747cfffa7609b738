// libFuzzer target for the Go text/template engine: any input must either fail to parse with a
// documented error or execute, deterministically, within the output limit, without crashing.

#include "ingress/template/BodyRenderer.h"
#include "ingress/template/GoTemplate.h"
#include "ingress/template/HeaderSafety.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Postrider::Template;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString source = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QMap<QString, QStringList> fields{{QStringLiteral("name"), {QStringLiteral("craig")}},
                                                   {QStringLiteral("tags"), {QStringLiteral("a"), QStringLiteral("b")}},
                                                   {QStringLiteral("empty"), {QString()}}};
    const auto t = GoTemplate::parse(source);
    if (!t.ok())
        return 0;
    const TemplateData templateData = TemplateData::fromFields(fields);
    const auto first = t->executeUtf8(templateData);
    const auto second = t->executeUtf8(templateData);
    if (first.ok() != second.ok() || (first.ok() && first.value() != second.value()))
        std::abort(); // execution must not depend on anything but the template and the data
    if (first.ok() && first.value().size() > MaxOutputSize)
        std::abort();
    (void)t->referencedFields();
    if (first.ok())
        (void)headerSafe(QString::fromUtf8(first.value()));

    BodyRenderer::Options options;
    options.subject = source;
    options.body = source.isEmpty() ? QStringLiteral("x") : source;
    options.html = source;
    if (const auto renderer = BodyRenderer::create(options); renderer.ok())
        (void)renderer->render(fields);
    return 0;
}
