#pragma once

#include "HttpTestRig.h"

#include <QByteArrayList>
#include <QStringList>

// Posthorn's handler test inventory (reference §10.2) as data: each row names the Posthorn test
// it reproduces, the endpoint (TOML key lines over the rig's defaults), one request, what the
// fake transport answers, and the expectations, written in a small language:
//
//   body~X  body!~X  body=X          the answer body contains / lacks / equals X
//   ctype=X  location=X  header.N=X  answer headers
//   json:a.b.0=X  json!:a.b          JSON member (numbers and booleans compared as text) / absent
//   sent.subject=X  sent.text~X  sent.text^X  sent.text!~X  sent.to=a,b  sent.replyTo=X
//   sent.from=X  sent.attachments=a,b  the last message the transport received
//   log~X  log!~X                    the captured log text contains / lacks X
//   event=E  event!=E                a log event was / was not written
//   event:E.f=X  event:E.f~X  event:E!f   a field of the first event E
//
// Transport scripts (comma-separated, one per attempt): ok, okNoId, terminal, terminal401,
// transient, ratelimited.
namespace Postrider::Test {

void addInventoryColumns();
void addInventoryRow(const char *name, const QStringList &endpoint, const QByteArray &method, const QByteArray &path,
                     const QByteArrayList &headers, const QByteArray &body, const QString &script, int status,
                     int sends, const QStringList &expect, bool raw = false);
/// Runs the current row against a fresh rig.
void runInventoryRow();
/// Checks one expectation (see above); fails the current test when it does not hold.
bool checkExpectation(HttpTestRig &rig, const HttpResult &r, const QString &expectation);

/// A multipart/form-data body with the given value fields and one optional file.
QByteArray multipartBody(const QByteArray &boundary, const QList<QPair<QByteArray, QByteArray>> &fields,
                         const QByteArray &fileField = {}, const QByteArray &fileName = {},
                         const QByteArray &fileData = {});

/// A valid CSRF token for `secret` at the rig clock's start time plus `offsetSeconds`.
QByteArray csrfToken(const QByteArray &secret, qint64 offsetSeconds = 0);

} // namespace Postrider::Test
