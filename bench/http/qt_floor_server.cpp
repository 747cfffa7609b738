// bench/http: the floor Qt 6 itself sets. A bare QHttpServer with a /healthz route and a POST
// route that parses the JSON body and answers a small JSON object, no limits, no persistence.
// run.sh measures it beside postriderd in the same run, so the start-up time, idle RSS and
// request rate of postriderd can be read against what the toolkit alone costs on this machine.
//   qt_floor_server PORT

#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: qt_floor_server PORT\n");
        return 2;
    }
    QHttpServer server;
    server.route(QStringLiteral("/healthz"), [] { return QStringLiteral("ok"); });
    server.route(QStringLiteral("/api/send"), QHttpServerRequest::Method::Post, [](const QHttpServerRequest &r) {
        const QJsonObject in = QJsonDocument::fromJson(r.body()).object();
        const QJsonObject out{{QStringLiteral("status"), QStringLiteral("accepted")},
                              {QStringLiteral("fields"), in.size()}};
        return QHttpServerResponse(out, QHttpServerResponse::StatusCode::Accepted);
    });
    if (server.listen(QHostAddress::LocalHost, quint16(QByteArray(argv[1]).toUShort())) == 0) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }
    return app.exec();
}
