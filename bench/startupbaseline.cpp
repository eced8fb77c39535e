// The baseline of bench_startup: a bare Qt Widgets program showing one empty widget, reporting its first painted
// frame the way the app does.
#include "firstframereporter.h"

#include <QApplication>
#include <QWidget>

using namespace SupervisorLab;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWidget window;
    window.resize(1440, 900);
    new FirstFrameReporter(&window, [&window] { window.close(); });
    window.show();
    return QApplication::exec();
}
