#pragma once

#include "ControlTestKit.h"
#include "DaemonConnection.h"
#include "MainWindow.h"

#include <QAbstractItemView>
#include <QTest>

#include <memory>

namespace Postrider::Test {

/// \brief The admin app's window offscreen against a real daemon-side ControlService in the same
/// process (ControlRig): what the GUI tests drive by object name.
struct GuiRig
{
    ControlRig daemon;
    std::unique_ptr<DaemonConnection> connection;
    std::unique_ptr<MainWindow> window;

    bool start()
    {
        if (!daemon.start())
            return false;
        connection = std::make_unique<DaemonConnection>(daemon.clientOptions());
        window = std::make_unique<MainWindow>(connection.get());
        window->show();
        connection->start();
        return QTest::qWaitFor([this] { return connection->isConnected(); }, 10'000);
    }
    template<typename T>
    T *find(const char *name) const
    {
        return window->findChild<T *>(QLatin1String(name));
    }
    /// Text of a cell (DisplayRole) in a view's model.
    static QString cell(QAbstractItemView *view, int row, int column)
    {
        return view->model()->index(row, column).data().toString();
    }
    /// Saves the window as a PNG under /tmp (offscreen grab) for people to look at.
    void screenshot(const QString &name) const { window->grab().save(QStringLiteral("/tmp/%1.png").arg(name)); }
};

} // namespace Postrider::Test
