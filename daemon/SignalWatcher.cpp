#include "SignalWatcher.h"

#include <QSocketNotifier>

#ifdef Q_OS_WIN
#    include <windows.h>
#else
#    include <csignal>
#    include <sys/socket.h>
#    include <unistd.h>
#endif

namespace Postrider {

namespace {
#ifndef Q_OS_WIN
int g_fds[2] = {-1, -1};

void onSignal(int sig)
{
    const char c = char(sig);
    // write(2) is async-signal-safe; a full pipe only drops a duplicate notification.
    [[maybe_unused]] const auto n = ::write(g_fds[0], &c, 1);
}
#else
SignalWatcher *g_watcher = nullptr;

BOOL WINAPI onConsoleCtrl(DWORD type)
{
    if (!g_watcher)
        return FALSE;
    const QString name = type == CTRL_C_EVENT ? QStringLiteral("interrupt") : QStringLiteral("terminated");
    QMetaObject::invokeMethod(
        g_watcher, [name] { Q_EMIT g_watcher->shutdownRequested(name); }, Qt::QueuedConnection);
    return TRUE;
}
#endif
} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
#ifndef Q_OS_WIN
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) == 0) {
        m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGHUP, &sa, nullptr);
        // A client that hangs up mid-write must not kill the daemon.
        signal(SIGPIPE, SIG_IGN);
    }
#else
    g_watcher = this;
    SetConsoleCtrlHandler(onConsoleCtrl, TRUE);
#endif
}

SignalWatcher::~SignalWatcher()
{
#ifndef Q_OS_WIN
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    if (g_fds[0] >= 0) {
        ::close(g_fds[0]);
        ::close(g_fds[1]);
        g_fds[0] = g_fds[1] = -1;
    }
#else
    SetConsoleCtrlHandler(onConsoleCtrl, FALSE);
    g_watcher = nullptr;
#endif
}

void SignalWatcher::readSignal()
{
#ifndef Q_OS_WIN
    char c = 0;
    if (::read(g_fds[1], &c, 1) != 1)
        return;
    if (int(c) == SIGHUP)
        Q_EMIT reloadRequested();
    else
        Q_EMIT shutdownRequested(int(c) == SIGINT ? QStringLiteral("interrupt") : QStringLiteral("terminated"));
#endif
}

} // namespace Postrider
