#pragma once

#include "policy/supervisorconfig.h"

#include <QCoreApplication>
#include <QString>
#include <QTextStream>

#include <functional>

namespace SupervisorLab {

class EventLog;
struct LifecycleEvent;

// Runs one scenario without a window: in real time on threads, or in virtual time; tells each event on
// standard output, in the article's words or, to explain, with why it happened; writes the export file and the
// picture at the end. Or replays a recorded log the same way.
class HeadlessRunner
{
    Q_DECLARE_TR_FUNCTIONS(HeadlessRunner)

public:
    enum ExitCode
    {
        Success = 0,
        RunFailed = 1,
        BadInput = 2,
        GaveUp = 3,
        // The run's records reached the memory limit (MemoryLimit): a run is stopped there and its export written;
        // an exploration or a picture is not made. Also when the system refuses memory.
        OutOfMemory = 4,
        Interrupted = 130 // an exploration cancelled by Ctrl+C: nothing printed or written
    };

    enum class Telling
    {
        Narrate, // the article's words: "Worker: Started"
        Explain, // why each event happened, with its numbers
        Quiet,
    };

    HeadlessRunner(const SupervisorConfig &config, const QString &exportPath, Telling telling);
    // Runs the article's supervisor next to the lab's instead (the pitfalls lesson); the export is the lab's run.
    void compareWithArticle() { m_compareWithArticle = true; }
    // Tells a recorded log again instead of running, and exports it; a file that cannot be read exits BadInput.
    void replay(const QString &path) { m_replayPath = path; }
    // Runs an exploration spec instead, on `threads` threads (0: every core), prints its table and exports its
    // results; a spec that cannot be read exits BadInput.
    void explore(const QString &specPath, int threads)
    {
        m_explorePath = specPath;
        m_exploreThreads = threads;
    }
    // Also saves a picture of the whole run's timeline at the end (needs a QGuiApplication).
    void exportImage(const QString &path, int width)
    {
        m_imagePath = path;
        m_imageWidth = width;
    }
    int run();

private:
    int runThreaded();
    int runVirtual();
    int runComparison();
    int runReplay();
    int runExploration();
    // Writes the export and the picture of a run that has ended; `reachedEventLimit` if it was stopped at the
    // memory limit.
    int finish(const std::shared_ptr<const EventLog> &log, bool reachedEventLimit = false);
    // Whether every event must be kept for the end of the run: to export it, or to draw it.
    bool keepsEveryEvent() const { return !m_exportPath.isEmpty() || !m_imagePath.isEmpty(); }
    // How many events the memory limit lets a run or a replay keep, with a picture's index if one is drawn; 0: no
    // limit.
    qint64 eventLimit() const;
    // A fresh teller for one run: the sentence for each event, in order.
    std::function<QString(const LifecycleEvent &)> makeTeller() const;
    void tell(const std::function<QString(const LifecycleEvent &)> &teller, const LifecycleEvent &event);

    SupervisorConfig m_config;
    QString m_exportPath;
    Telling m_telling;
    bool m_compareWithArticle = false;
    QString m_replayPath;
    QString m_explorePath;
    int m_exploreThreads = 0;
    QString m_imagePath;
    int m_imageWidth = 0;
    QTextStream m_out;
};

} // namespace SupervisorLab
