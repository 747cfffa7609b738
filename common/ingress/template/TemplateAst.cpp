#include "TemplateAst.h"

#include "GoText.h"

namespace Postrider::Template::detail {

namespace {

constexpr std::pair<const char *, Builtin> builtinNames[] = {
    {"and", Builtin::And},
    {"or", Builtin::Or},
    {"not", Builtin::Not},
    {"len", Builtin::Len},
    {"index", Builtin::Index},
    {"print", Builtin::Print},
    {"printf", Builtin::Printf},
    {"println", Builtin::Println},
    {"html", Builtin::Html},
    {"js", Builtin::Js},
    {"urlquery", Builtin::UrlQuery},
    {"eq", Builtin::Eq},
    {"ne", Builtin::Ne},
    {"lt", Builtin::Lt},
    {"le", Builtin::Le},
    {"gt", Builtin::Gt},
    {"ge", Builtin::Ge},
};

} // namespace

std::optional<Builtin> builtinByName(QByteArrayView name)
{
    for (const auto &[n, b] : builtinNames) {
        if (name == n)
            return b;
    }
    return std::nullopt;
}

QByteArray builtinName(Builtin function)
{
    for (const auto &[n, b] : builtinNames) {
        if (b == function)
            return n;
    }
    return {};
}

std::pair<int, int> Tree::lineColumn(int offset) const
{
    const QByteArrayView before = QByteArrayView(source).first(qBound(0, offset, int(source.size())));
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {int(before.count('\n')) + 1, int(runeCount(before.sliced(lineStart))) + 1};
}

QString Tree::excerpt(int pos, int end) const
{
    const QString text = QString::fromUtf8(source.mid(pos, qMax(0, end - pos))).simplified();
    return text.size() > 60 ? text.left(57) + QStringLiteral("...") : text;
}

} // namespace Postrider::Template::detail
