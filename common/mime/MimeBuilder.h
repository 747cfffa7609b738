#pragma once
// TEMPORARY placeholder; replaced by the KMime adapter from branch `mime`.
#include "core/Message.h"
namespace Postrider::Mime {
struct BuildOptions { QDateTime date; QString messageIdDomain; QString messageId; bool includeBcc = false; bool allow8bit = true; };
Result<QByteArray> buildMessage(const Message &m, const BuildOptions &o = {});
}
