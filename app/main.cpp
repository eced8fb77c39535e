#include "commandline.h"
#include "headlessrunner.h"
#include "scenariocatalog.h"
#include "supervisorlabversion.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace SupervisorLab;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"supervisor-lab"_s);
    QCoreApplication::setOrganizationName(u"Supervisor Lab"_s);
    QCoreApplication::setApplicationVersion(versionString());

    QTextStream out(stdout);
    QTextStream err(stderr);
    CommandLine commandLine;
    if (!commandLine.parse(QCoreApplication::arguments())) {
        err << "supervisor-lab: " << commandLine.error() << " (see --help)" << Qt::endl;
        return HeadlessRunner::BadInput;
    }
    switch (commandLine.action()) {
    case CommandLine::Action::ShowHelp:
        out << commandLine.helpText();
        return HeadlessRunner::Success;
    case CommandLine::Action::ShowVersion:
        out << "supervisor-lab " << versionString() << Qt::endl;
        return HeadlessRunner::Success;
    case CommandLine::Action::ListScenarios:
        for (const Scenario &scenario : ScenarioCatalog::builtIn())
            out << scenario.name.leftJustified(16) << scenario.goal << '\n';
        return HeadlessRunner::Success;
    case CommandLine::Action::RunWindow:
        err << "supervisor-lab: this build has no desktop window yet; run with --headless (see --help)" << Qt::endl;
        return HeadlessRunner::BadInput;
    case CommandLine::Action::RunHeadless:
        break;
    }
    HeadlessRunner runner(commandLine.config(), commandLine.exportPath(), commandLine.quiet());
    return runner.run();
}
