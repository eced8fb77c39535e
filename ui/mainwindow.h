#pragma once

#include "policy/supervisorconfig.h"
#include "runcontroller.h"
#include "teaching/teachingwarnings.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;

namespace SupervisorLab {

class ControlPanel;
class EventLog;
class EventLogPanel;
class ExplorerPanel;
struct Scenario;
class CodeView;
class NarrationPanel;
class PitfallsDialog;
class ReplayBar;
class WarningBar;
class StatisticsPanel;
class TimelineLegend;
class TimelineModel;
class TimelineView;
enum class PictureRange;

// The desktop application's window: the live timeline in the centre with the event log under it, the controls
// on the left and the statistics on the right. It refreshes every view from the run's log at display rate,
// however fast the engine produces events, and remembers its layout and the last parameters.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    static constexpr int kFrameIntervalMs = 16;
    static constexpr int kStatisticsIntervalMs = 100;
    // However fast the engine records events, one turn of the event loop takes in at most this many of them;
    // the rest follow in the next turns, so the window answers in between.
    static constexpr qsizetype kEventsPerTurn = 1024;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts from these parameters rather than the remembered ones (a scenario or options from the command line).
    void setConfig(const SupervisorConfig &config, const QString &scenarioName);
    // Writes the event log to `path` whenever a run ends (the format follows the extension).
    void setExportPath(const QString &path) { m_exportPath = path; }
    // Saves a picture of the timeline, every lane over the time it shows or over the whole run, as PNG or SVG
    // (by the extension); false with a one-line error naming the file.
    bool exportPicture(const QString &path, PictureRange range, QString *error = nullptr);

    // Opens a recorded log (.jsonl or .csv) for replay. A file that cannot be read changes nothing: false, with a
    // one-line error naming the file, the line and the problem.
    bool openReplay(const QString &path, QString *error = nullptr);
    void closeReplay();
    // Writes the event log (a replay's whole recording) to `path`, atomically; the format follows the extension.
    bool exportLog(const QString &path, QString *error = nullptr);

    RunController *controller() const { return m_controller; }
    ReplayBar *replayBar() const { return m_replayBar; }
    TimelineView *timeline() const { return m_timeline; }
    TimelineModel *timelineModel() const { return m_timelineModel; }
    EventLogPanel *eventLog() const { return m_eventLog; }
    ControlPanel *controls() const { return m_controls; }
    StatisticsPanel *statistics() const { return m_statistics; }
    ExplorerPanel *explorer() const { return m_explorer; }
    QString statusText() const;
    int frameCount() const { return m_frames; }
    // Events of the run that every view has taken in; the log may hold more, still to be taken in.
    qsizetype eventsTakenIn() const { return m_takenIn; }
    // Whether the views will change again by themselves: events to take in, or a run that moves. False once all
    // they show is up to date and nothing moves (paused, over, or idle).
    bool hasFramesPending() const { return m_frameTimer.isActive() || m_takeInTimer.isActive(); }

public slots:
    // Shows what the views have taken in; called at display rate while anything changes. Once a run stands still
    // it also takes in a turn's worth of events itself.
    void refreshViews();
    // Takes in at most kEventsPerTurn of the events not yet in the views, without repainting; if more are
    // waiting, another turn of the event loop takes in the next ones.
    void takeInEvents();

protected:
    void closeEvent(QCloseEvent *event) override;
    // A .jsonl or .csv log dropped on the window opens for replay.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createViews();
    QDockWidget *addPanel(const QString &title, const QString &name, QWidget *panel, Qt::DockWidgetArea area);
    void createActions();
    void createStatusBar();
    QWidget *createSpeedChooser();
    void connectRun();
    void restoreSettings();
    void saveSettings() const;
    void loadScenario(const Scenario &scenario);
    // The pitfalls lesson opens its comparison of the article's supervisor with the lab's.
    void showComparisonOf(const Scenario &scenario, const SupervisorConfig &config);
    void onRunStarted(const std::shared_ptr<const EventLog> &log);
    void onRunCleared();
    // What is read rather than watched, refreshed ten times a second while a run moves.
    enum class ReadPanel
    {
        EventLog,
        Statistics,
        Teaching,
        StatusBar,
    };
    static constexpr int kReadPanels = 4;
    void refreshReadPanel(ReadPanel panel, qint64 nowUs);
    void resetTeaching();
    void refreshTeaching(qint64 nowUs);
    // An event chosen in the timeline, the log or the narration: the others and the code view show it.
    void onEventSelected(qsizetype eventIndex);
    void onStateChanged();
    void updateStatusBar();
    void openLogFile();
    void onReplayChanged();
    // Leaves the replay with the recorded parameters loaded, so the policy can be run live.
    void runReplayedPolicyLive();
    void chooseLogExportFile();
    // Exports, or tells the user why it could not.
    void exportLogOrWarn(const QString &path);
    void exportPictureOf(PictureRange range);
    void showAbout();
    void scheduleFrame();
    void scheduleTakeIn(); // another turn's events, if the views are behind the log

    RunController *m_controller;
    TimelineModel *m_timelineModel;
    TimelineView *m_timeline = nullptr;
    TimelineLegend *m_legend = nullptr;
    EventLogPanel *m_eventLog = nullptr;
    ControlPanel *m_controls = nullptr;
    StatisticsPanel *m_statistics = nullptr;
    PitfallsDialog *m_pitfalls = nullptr; // made when the pitfalls lesson is first chosen
    NarrationPanel *m_narration = nullptr;
    CodeView *m_code = nullptr;
    ExplorerPanel *m_explorer = nullptr; // docked at the bottom, hidden until Explore Policies
    WarningBar *m_warningBar = nullptr;
    ReplayBar *m_replayBar = nullptr;
    QAction *m_closeReplay = nullptr;
    TeachingWarnings m_warnings;
    qsizetype m_warningsNext = 0; // the first event m_warnings has not taken in
    qsizetype m_takenIn = 0; // events every view has taken in
    QTimer m_takeInTimer; // the next turn's events, while the views are behind the log
    quint64 m_warningsShown = 0; // the revision on show
    bool m_codeShowsSelection = false; // else it follows the newest event
    QSplitter *m_splitter = nullptr;
    QTimer m_frameTimer;
    QElapsedTimer m_readPanelsShown; // since the last round of the read panels began
    int m_readPanelsDue = 0; // of this round, one per frame
    QString m_exportPath;
    int m_frames = 0;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_restartsLabel = nullptr;
    QLabel *m_failuresLabel = nullptr;
    QLabel *m_availabilityLabel = nullptr;
    QLabel *m_eventsLabel = nullptr;
    QAction *m_followLive = nullptr;
    QMenu *m_pictureMenu = nullptr;
};

} // namespace SupervisorLab
