#include "MimeBuilder.h"
namespace Postrider::Mime {
Result<QByteArray> buildMessage(const Message &m, const BuildOptions &)
{
    QByteArray out = "From: " + m.from.toString().toUtf8() + "\r\nTo: " + formatAddressList(m.to).toUtf8() + "\r\nSubject: " + m.subject.toUtf8() + "\r\n\r\n" + m.text.toUtf8();
    return out;
}
}
