#pragma once

#include "colortheme.h"
#include "policy/supervisorconfig.h"
#include "programconsent.h"
#include "runcontroller.h"
#include "windowplacement.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;

namespace SupervisorLab {

class ControlPanel;
class EventLog;
class EventLogPanel;
class ExplorerPanel;
class ManualWindow;
struct Scenario;
class CodeView;
class NarrationPanel;
class PitfallsDialog;
class ReplayBar;
class RunFeed;
class WarningBar;
class StatisticsPanel;
class SupervisionTreePanel;
class TimelineLegend;
class TimelineModel;
class TimelineView;
class WorkerDetailPanel;
enum class PictureRange;

// The desktop application's window: the live timeline in the centre with the event log under it, the controls
// and the supervision tree on the left and the statistics on the right, the narration, the code and the selected
// worker's details tabbed under them. It lays the views out, registers them with the run's feed (which paces the log's
// events into them at display rate, however fast the engine produces them), wires the actions, and remembers its
// layout and the last parameters.
//
// Before a live run starts real programs (a config with `command`) it asks the person at the window, listing them,
// unless they were allowed already this session (allowPrograms(), or a yes earlier); a replay runs nothing.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts from these parameters rather than the remembered ones (a scenario or options from the command line).
    void setConfig(const SupervisorConfig &config, const QString &scenarioName);
    // Lets the programs `config` runs start without asking, for this session; with `command`, only those that run
    // that command (see ProgramConsent::allow). For consent given on the command line.
    void allowPrograms(const SupervisorConfig &config, const QStringList &command = {})
    {
        m_consent.allow(config, command);
    }
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
    // Tells the person at the window what went wrong, without stopping them: a message over the window (not
    // blocking) and the status bar.
    void showProblem(const QString &title, const QString &problem);

    RunController *controller() const { return m_controller; }
    ReplayBar *replayBar() const { return m_replayBar; }
    TimelineView *timeline() const { return m_timeline; }
    TimelineModel *timelineModel() const { return m_timelineModel; }
    EventLogPanel *eventLog() const { return m_eventLog; }
    ControlPanel *controls() const { return m_controls; }
    StatisticsPanel *statistics() const { return m_statistics; }
    SupervisionTreePanel *supervisionTree() const { return m_tree; }
    WorkerDetailPanel *workerDetail() const { return m_workerDetail; }
    ExplorerPanel *explorer() const { return m_explorer; }
    QString statusText() const;
    RunFeed *feed() const { return m_feed; }
    int frameCount() const;
    // Events of the run that every view has taken in; the log may hold more, still to be taken in.
    qsizetype eventsTakenIn() const;
    // Whether the views will change again by themselves: events to take in, or a run that moves. False once all
    // they show is up to date and nothing moves (paused, over, or idle).
    bool hasFramesPending() const;

public slots:
    // Shows what the views have taken in (see RunFeed::refresh).
    void refreshViews();
    // File > Open Scenario… and Save Scenario As…: with no path, asks for one. A file that cannot be read or
    // written gets one message naming it and the problem, and changes nothing.
    void openScenarioFile(const QString &path = {});
    void saveScenarioAs(const QString &path = {});

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    // A .jsonl or .csv log dropped on the window opens for replay.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createViews();
    // Docks `panel` under `title`, which also names it (and the dock) for assistive technology, with `description`.
    QDockWidget *addPanel(
        const QString &title, const QString &name, QWidget *panel, Qt::DockWidgetArea area, const QString &description);
    void createActions();
    void createStatusBar();
    // Tab goes as the window reads: the speed in the toolbar, the controls, the replay bar, the timeline, the event
    // log, then the other panels, left before right. Widgets made later join the chain at its end.
    void setFocusOrder();
    QWidget *createSpeedChooser();
    void connectRun();
    void restoreSettings();
    // Sizes the window and arranges its panels for a screen it opens on afresh.
    void place(const WindowPlacement &placement, const QRect &available);
    void applyPanelWidths();
    void saveSettings() const;
    void loadScenario(const Scenario &scenario);
    // The pitfalls lesson opens its comparison of the article's supervisor with the lab's.
    void showComparisonOf(const Scenario &scenario, const SupervisorConfig &config);
    // Registers every view with the feed, in the order they are fed.
    void subscribeViews();
    void onRunStarted(const std::shared_ptr<const EventLog> &log);
    void onRunCleared();
    // Back to the zoom a first run starts at, following the live edge.
    void resetTimelineZoom();
    // An event chosen in the timeline, the log or the narration: the others and the code view show it, and the Worker
    // pane its worker (brought forward unless asked not to).
    void onEventSelected(qsizetype eventIndex, bool bringWorkerForward = true);
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
    void createColorMenu(QMenu *view);
    void setColorTheme(ColorTheme::Choice choice);
    void showShortcuts();
    // Opens the manual at `section` (a title, or its start), or where it was.
    void showManual(const QString &section);
    // The name an export is offered under, in the directory the last export went to.
    QString suggestedExportPath(const QString &suffix) const;
    void rememberExportDirectory(const QString &path);
    // The start guard: true if every program `config` runs may start, asking the person first if need be.
    bool askToRunPrograms(const SupervisorConfig &config);
    // A run of real programs goes at 1x and cannot pause: the speed chooser shows it.
    void updateSpeedChooser();
    // Shows a worker in the Worker pane, and the pane.
    void showWorkerDetail(int worker);

    RunController *m_controller;
    RunFeed *m_feed;
    TimelineModel *m_timelineModel;
    TimelineView *m_timeline = nullptr;
    TimelineLegend *m_legend = nullptr;
    EventLogPanel *m_eventLog = nullptr;
    ControlPanel *m_controls = nullptr;
    StatisticsPanel *m_statistics = nullptr;
    SupervisionTreePanel *m_tree = nullptr;
    WorkerDetailPanel *m_workerDetail = nullptr;
    QDockWidget *m_workerDock = nullptr;
    ProgramConsent m_consent;
    PitfallsDialog *m_pitfalls = nullptr; // made when the pitfalls lesson is first chosen
    NarrationPanel *m_narration = nullptr;
    CodeView *m_code = nullptr;
    ExplorerPanel *m_explorer = nullptr; // docked at the bottom, hidden until Explore Policies
    WarningBar *m_warningBar = nullptr;
    ReplayBar *m_replayBar = nullptr;
    QAction *m_closeReplay = nullptr;
    bool m_codeShowsSelection = false; // else it follows the newest event
    QSplitter *m_splitter = nullptr;
    QString m_exportPath;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_restartsLabel = nullptr;
    QLabel *m_failuresLabel = nullptr;
    QLabel *m_availabilityLabel = nullptr;
    QLabel *m_eventsLabel = nullptr;
    QAction *m_followLive = nullptr;
    QComboBox *m_speed = nullptr;
    QMenu *m_pictureMenu = nullptr;
    QMenu *m_colorsMenu = nullptr;
    std::optional<WindowPlacement> m_placement; // until the window has the size it was placed at
    ManualWindow *m_manual = nullptr; // made when first opened
};

} // namespace SupervisorLab
