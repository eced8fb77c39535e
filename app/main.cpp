#include "commandline.h"
#include "firstframereporter.h"
#include "headlessrunner.h"
#include "io/scenariocatalog.h"
#include "mainwindow.h"
#include "runtime/memorylimit.h"
#include "supervisorlabversion.h"
#include "translations.h"

#include <QApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

#include <QUnhandledException>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

namespace {

// When the system refuses memory after all (the limit is a share, not a guarantee), on whatever thread: one line
// and a defined exit code rather than an abort. It allocates nothing.
[[noreturn]] void outOfMemory()
{
    static constexpr char kMessage[] = "supervisor-lab: out of memory: the system refused more, so the program ends "
                                       "here; see --memory-limit\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    std::_Exit(HeadlessRunner::OutOfMemory);
}

bool isAllocationFailure(const std::exception_ptr &exception)
{
    try {
        std::rethrow_exception(exception);
    } catch (const std::bad_alloc &) {
        return true;
    } catch (const QUnhandledException &unhandled) { // a Qt Concurrent task's exception, carried over
        return unhandled.exception() && isAllocationFailure(unhandled.exception());
    } catch (...) {
        return false;
    }
}

// operator new fails by calling the new handler; Qt's containers throw std::bad_alloc, which nobody catches on a
// worker thread or through the event loop: both end here.
void answerAllocationFailures()
{
    std::set_new_handler([] { outOfMemory(); });
    std::set_terminate([] {
        if (const std::exception_ptr exception = std::current_exception(); exception && isAllocationFailure(exception))
            outOfMemory();
        std::abort();
    });
}

// A window needs a display; everything else (headless runs, --help, errors) must work without one.
bool wantsWindow(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *consoleOnly :
            { "--headless", "--help", "-h", "--help-all", "--version", "-v", "--list-scenarios" }) {
            if (std::strcmp(argv[i], consoleOnly) == 0)
                return false;
        }
    }
    return true;
}

bool hasOption(int argc, char *argv[], const char *option)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], option) == 0)
            return true;
    }
    return false;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int runWindow(const CommandLine &commandLine)
{
    MainWindow window;
    // A log that cannot be replayed is said where the person is, the window, as well as on stderr; the window opens
    // as if no log had been given, and the program ends as bad input does.
    int exitCode = 0;
    QString replayProblem;
    if (!commandLine.replayPath().isEmpty() && !window.openReplay(commandLine.replayPath(), &replayProblem)) {
        QTextStream(stderr) << "supervisor-lab: " << replayProblem << Qt::endl;
        exitCode = HeadlessRunner::BadInput;
    }
    if (commandLine.runOptionsGiven()) {
        window.setConfig(commandLine.config(), commandLine.scenarioName());
        // Consent given on the command line: --allow-commands to the scenario's programs, --command to its own
        // command. The window asks before it runs any other program.
        if (commandLine.commandsAllowed())
            window.allowPrograms(commandLine.config());
        else if (commandLine.commandGiven())
            window.allowPrograms(commandLine.config(), commandLine.config().program.command);
    }
    window.setExportPath(commandLine.exportPath());
    if (commandLine.reportFirstFrame())
        new FirstFrameReporter(&window, [&window] { window.close(); });
    window.show();
    if (!replayProblem.isEmpty())
        window.showProblem(QCoreApplication::translate("CommandLine", "Cannot open the event log"), replayProblem);
    if (commandLine.startAtOnce() && replayProblem.isEmpty())
        window.controller()->start();
    if (commandLine.quitAfterMs() >= 0)
        QTimer::singleShot(int(commandLine.quitAfterMs()), &window, &QWidget::close);
    const int windowExit = QApplication::exec();
    return exitCode != 0 ? exitCode : windowExit;
}

} // namespace

int main(int argc, char *argv[])
{
    answerAllocationFailures();
    const bool window = wantsWindow(argc, argv);
    QTextStream err(stderr);
    if (window && !hasDisplay()) {
        // Bad options are still reported as such; otherwise one line says what to do instead of Qt's abort.
        QCoreApplication console(argc, argv);
        Translations::install(&console);
        CommandLine commandLine;
        if (!commandLine.parse(QCoreApplication::arguments()))
            //: %1 is what was wrong on the command line.
            err << "supervisor-lab: "
                << QCoreApplication::translate("CommandLine", "%1 (see --help)").arg(commandLine.error()) << Qt::endl;
        else
            err << "supervisor-lab: "
                << QCoreApplication::translate("CommandLine",
                       "no display found (DISPLAY is not set). Run without a window with --headless, or under a "
                       "virtual display: xvfb-run -a supervisor-lab")
                << Qt::endl;
        return HeadlessRunner::BadInput;
    }
    // A headless picture needs fonts and a paint engine, not a display.
    const bool picture = !window && hasOption(argc, argv, "--export-image");
    if (picture && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (picture) {
        // The platform asks for a runtime directory a headless picture never uses; its warning would only confuse.
        static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
            if (!message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"_s))
                defaultHandler(type, context, message);
        });
    }
    std::unique_ptr<QCoreApplication> app = window ? std::make_unique<QApplication>(argc, argv)
        : picture                                  ? std::make_unique<QGuiApplication>(argc, argv)
                                                   : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"supervisor-lab"_s);
    QCoreApplication::setOrganizationName(u"Supervisor Lab"_s);
    QCoreApplication::setApplicationVersion(versionString());
    Translations::install(app.get());
    if (window) {
        QApplication::setApplicationDisplayName(u"Supervisor Lab"_s);
        // The menu entry's name, so that the desktop matches the window to its entry and icon.
        QGuiApplication::setDesktopFileName(u"io.github.supervisor_lab.SupervisorLab"_s);
        QApplication::setWindowIcon(QIcon::fromTheme(u"io.github.supervisor_lab.SupervisorLab"_s,
            QIcon(u":/icons/io.github.supervisor_lab.SupervisorLab.svg"_s)));
    }

    QTextStream out(stdout);
    CommandLine commandLine;
    if (!commandLine.parse(QCoreApplication::arguments())) {
        err << "supervisor-lab: "
            << QCoreApplication::translate("CommandLine", "%1 (see --help)").arg(commandLine.error()) << Qt::endl;
        return HeadlessRunner::BadInput;
    }
    MemoryLimit::setBytes(commandLine.memoryLimitBytes());
    switch (commandLine.action()) {
    case CommandLine::Action::ShowHelp:
        out << commandLine.helpText();
        return HeadlessRunner::Success;
    case CommandLine::Action::ShowVersion:
        out << "supervisor-lab " << versionString() << Qt::endl;
        return HeadlessRunner::Success;
    case CommandLine::Action::ListScenarios: {
        qsizetype width = 0;
        for (const Scenario &scenario : ScenarioCatalog::builtIn())
            width = std::max(width, scenario.name.size());
        for (const Scenario &scenario : ScenarioCatalog::builtIn())
            out << scenario.name.leftJustified(width + 2) << scenario.goal << '\n';
        return HeadlessRunner::Success;
    }
    case CommandLine::Action::RunWindow:
        return runWindow(commandLine);
    case CommandLine::Action::RunHeadless:
        break;
    }
    const auto telling = commandLine.quiet() ? HeadlessRunner::Telling::Quiet
        : commandLine.explain()              ? HeadlessRunner::Telling::Explain
                                             : HeadlessRunner::Telling::Narrate;
    HeadlessRunner runner(commandLine.config(), commandLine.exportPath(), telling);
    if (commandLine.compareWith() == u"article")
        runner.compareWithArticle();
    if (!commandLine.replayPath().isEmpty())
        runner.replay(commandLine.replayPath());
    if (!commandLine.explorePath().isEmpty())
        runner.explore(commandLine.explorePath(), commandLine.threads());
    if (!commandLine.imagePath().isEmpty())
        runner.exportImage(commandLine.imagePath(), commandLine.imageWidth());
    return runner.run();
}
