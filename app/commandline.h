#pragma once

#include "supervisorconfig.h"

#include <QCommandLineParser>
#include <QString>

namespace SupervisorLab {

// What the user asked for on the command line, checked: a parsed CommandLine is either runnable or says
// in one line what was wrong.
class CommandLine
{
public:
    enum class Action
    {
        RunHeadless,
        RunWindow,
        ListScenarios,
        ShowHelp,
        ShowVersion
    };

    CommandLine();

    // Parses `arguments` (program name first). Returns false and sets error() on bad input.
    bool parse(const QStringList &arguments);

    Action action() const { return m_action; }
    const SupervisorConfig &config() const { return m_config; }
    QString scenarioName() const { return m_scenarioName; }
    QString exportPath() const { return m_exportPath; }
    bool quiet() const { return m_quiet; }
    QString error() const { return m_error; }
    QString helpText() const { return m_parser.helpText(); }

private:
    bool fail(const QString &error);
    bool checkExportPath();

    QCommandLineParser m_parser;
    Action m_action = Action::RunWindow;
    SupervisorConfig m_config;
    QString m_scenarioName;
    QString m_exportPath;
    bool m_quiet = false;
    QString m_error;
};

} // namespace SupervisorLab
