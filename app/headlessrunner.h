#pragma once

#include "supervisorconfig.h"

#include <QString>
#include <QTextStream>

namespace SupervisorLab {

class EventLog;
class Narrator;
struct LifecycleEvent;

// Runs one scenario without a window: in real time on threads, or in virtual time; narrates each event on
// standard output and writes the export file at the end.
class HeadlessRunner
{
public:
    enum ExitCode
    {
        Success = 0,
        RunFailed = 1,
        BadInput = 2,
        GaveUp = 3
    };

    HeadlessRunner(const SupervisorConfig &config, const QString &exportPath, bool quiet);
    int run();

private:
    int runThreaded();
    int runVirtual();
    int finish(const EventLog &log);
    void narrate(Narrator &narrator, const LifecycleEvent &event);

    SupervisorConfig m_config;
    QString m_exportPath;
    bool m_quiet;
    QTextStream m_out;
};

} // namespace SupervisorLab
