#pragma once

#include "policy/supervisorconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace SupervisorLab {

// What the user asked for on the command line, checked: a parsed CommandLine is either runnable or says
// in one line what was wrong.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

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
    // The scenario's compare_with: "article" for the pitfalls lesson.
    QString compareWith() const { return m_compareWith; }
    QString exportPath() const { return m_exportPath; }
    // A recorded log to replay instead of running: narrated headless, or shown in the window.
    QString replayPath() const { return m_replayPath; }
    // Headless: where to save a picture of the whole run's timeline (.png or .svg), and how wide.
    QString imagePath() const { return m_imagePath; }
    int imageWidth() const { return m_imageWidth; }
    // Headless: an exploration spec to run instead of a single run, and the threads for it (0: every core).
    QString explorePath() const { return m_explorePath; }
    int threads() const { return m_threads; }
    // The memory a run's records may take (MemoryLimit): --memory-limit, or half of what the process may use.
    qint64 memoryLimitBytes() const { return m_memoryLimitBytes; }
    bool quiet() const { return m_quiet; }
    bool explain() const { return m_explain; }
    // Whether a scenario or any parameter was given; if not, the window resumes its last parameters.
    bool runOptionsGiven() const { return m_runOptionsGiven; }
    bool startAtOnce() const { return m_startAtOnce; }
    // The scenario's real programs, one line each (empty if it runs none), and whether the command line allowed
    // them to run (--allow-commands); the window asks before it runs ones not allowed.
    QStringList scenarioPrograms() const { return m_scenarioPrograms; }
    bool commandsAllowed() const { return m_commandsAllowed; }
    // Whether --command gave the program every worker runs (config().program): consent to that command by itself.
    bool commandGiven() const { return m_commandGiven; }
    qint64 quitAfterMs() const { return m_quitAfterMs; } // -1: stay open
    // Hidden from --help: print when the window painted its first frame, then close it (FirstFrameReporter).
    bool reportFirstFrame() const { return m_reportFirstFrame; }
    QString error() const { return m_error; }
    QString helpText() const { return m_parser.helpText(); }

private:
    bool fail(const QString &error);
    bool checkOutputPath(const QString &option, QString *path, bool knownFormat, const QString &extensions);
    bool checkReplayAndImage();
    bool checkExploration();

    QCommandLineParser m_parser;
    Action m_action = Action::RunWindow;
    SupervisorConfig m_config;
    QString m_scenarioName;
    QString m_compareWith;
    QString m_exportPath;
    QString m_replayPath;
    QString m_imagePath;
    int m_imageWidth = 0;
    QString m_explorePath;
    int m_threads = 0;
    QString m_firstRunOption; // the first option that shapes a new run, for "does not apply to a replay"
    bool m_quiet = false;
    bool m_explain = false;
    bool m_runOptionsGiven = false;
    bool m_startAtOnce = false;
    QStringList m_scenarioPrograms;
    bool m_commandsAllowed = false;
    bool m_commandGiven = false;
    bool m_reportFirstFrame = false;
    qint64 m_quitAfterMs = -1;
    qint64 m_memoryLimitBytes = 0;
    QString m_error;
};

} // namespace SupervisorLab
