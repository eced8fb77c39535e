#include "mainwindow.h"

#include "events/readinglocale.h"

#include "analysis/replaycursor.h"
#include "analysis/runstatistics.h"
#include "analysis/timeaxis.h"
#include "codeview.h"
#include "colortheme.h"
#include "controlpanel.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "explorer/explorerpanel.h"
#include "exportfilename.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "io/scenariocatalog.h"
#include "manualwindow.h"
#include "narrationpanel.h"
#include "pitfallsdialog.h"
#include "replaybar.h"
#include "runfeed.h"
#include "shortcutsdialog.h"
#include "statisticspanel.h"
#include "supervisorlabversion.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepicture.h"
#include "timeline/timelineview.h"
#include "tree/supervisiontreemodel.h"
#include "tree/supervisiontreepanel.h"
#include "warningbar.h"
#include "windowplacement.h"
#include "workerdetailpanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

const QString kGeometryKey = u"window/geometry"_s;
const QString kStateKey = u"window/state"_s;
const QString kSplitterKey = u"window/splitter"_s;
const QString kConfigKey = u"run/config"_s;
const QString kScenarioKey = u"run/scenario"_s;
const QString kColorsKey = u"view/colors"_s;
const QString kExportDirectoryKey = u"export/directory"_s;
constexpr int kWindowStateVersion = 1;

QString percent(std::optional<double> share)
{
    //: A share in percent, as in "Availability 97.5 %"
    return share ? QCoreApplication::translate("MainWindow", "%1 %").arg(readingLocale().toString(*share * 100, 'f', 1))
                 : u"—"_s;
}

// A file dialog's filter: the description a person reads, translated, and the patterns the dialog matches, not.
QString fileFilter(const QString &description, const QString &patterns)
{
    return description + u" ("_s + patterns + u')';
}

// Names and describes a widget for assistive technology, unless its own class already did.
void nameIfUnnamed(QWidget *widget, const QString &name, const QString &description = {})
{
    if (widget->accessibleName().isEmpty())
        widget->setAccessibleName(name);
    if (widget->accessibleDescription().isEmpty() && !description.isEmpty())
        widget->setAccessibleDescription(description);
}

// The one local event log a drag carries, or nothing.
QString droppedLog(const QMimeData *data)
{
    if (!data || !data->hasUrls() || data->urls().size() != 1 || !data->urls().constFirst().isLocalFile())
        return {};
    const QString path = data->urls().constFirst().toLocalFile();
    return LogImporter::formatFor(path) ? path : QString();
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new RunController(this))
    , m_feed(new RunFeed(m_controller, this))
    , m_timelineModel(new TimelineModel(this))
{
    setWindowTitle(tr("Supervisor Lab"));
    setObjectName(u"mainWindow"_s);
    setAcceptDrops(true);

    createViews();
    subscribeViews();
    createActions();
    createStatusBar();
    setFocusOrder();
    connectRun();
    // A slider's move still settling is part of the run about to start (`config` is the controller's, and follows).
    m_controller->setStartGuard([this](const SupervisorConfig &config) {
        m_controls->commitPendingEdits();
        return askToRunPrograms(config);
    });
    restoreSettings();
    onStateChanged();
}

MainWindow::~MainWindow()
{
    // The run ends before the views it feeds go away.
    m_feed->stop();
    disconnect(m_controller, nullptr, this, nullptr);
    // A slider's pending edit is sent when it loses focus, as the window's widgets go: nobody is left to take it.
    disconnect(m_controls, nullptr, this, nullptr);
    disconnect(m_controls, nullptr, m_controller, nullptr);
    m_controller->shutDown();
}

void MainWindow::createViews()
{
    m_timeline = new TimelineView;
    m_timeline->setObjectName(u"timeline"_s);
    m_timeline->setModel(m_timelineModel);
    nameIfUnnamed(m_timeline, tr("Timeline"),
        tr("One lane per worker over time: when each ran, failed, waited to restart and stopped"));
    m_legend = new TimelineLegend;
    m_legend->setObjectName(u"legend"_s);
    nameIfUnnamed(m_legend, tr("Timeline legend"), tr("The colour of each state on the timeline"));

    auto *timelinePane = new QWidget;
    auto *timelineLayout = new QVBoxLayout(timelinePane);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->setSpacing(2);
    m_replayBar = new ReplayBar;
    m_replayBar->setObjectName(u"replayBar"_s);
    m_replayBar->hide();
    timelineLayout->addWidget(m_replayBar);
    m_warningBar = new WarningBar;
    m_warningBar->setObjectName(u"warningBar"_s);
    timelinePane->setAccessibleName(tr("Timeline pane"));
    timelineLayout->addWidget(m_warningBar);
    timelineLayout->addWidget(m_timeline, 1);
    timelineLayout->addWidget(m_legend);

    m_eventLog = new EventLogPanel;
    m_eventLog->setObjectName(u"eventLog"_s);
    nameIfUnnamed(m_eventLog, tr("Event log"), tr("Every event of the run, with filters and a search"));
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(u"centralSplitter"_s);
    m_splitter->setAccessibleName(tr("Timeline and event log"));
    m_splitter->addWidget(timelinePane);
    m_splitter->addWidget(m_eventLog);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_controls = new ControlPanel;
    m_controls->setObjectName(u"controls"_s);
    QDockWidget *controlsDock = addPanel(tr("Controls"), u"controlsDock"_s, m_controls, Qt::LeftDockWidgetArea,
        tr("The parameters of a run and the scenario they come from"));

    m_tree = new SupervisionTreePanel;
    m_tree->setObjectName(u"supervisionTree"_s);
    QDockWidget *treeDock = addPanel(tr("Supervision Tree"), u"treeDock"_s, m_tree, Qt::LeftDockWidgetArea,
        tr("The supervisors and workers of the run, each with its state"));

    m_statistics = new StatisticsPanel;
    m_statistics->setObjectName(u"statistics"_s);
    QDockWidget *statisticsDock = addPanel(tr("Statistics"), u"statisticsDock"_s, m_statistics, Qt::RightDockWidgetArea,
        tr("Restarts, failures and availability of the run, per worker and in total"));

    m_narration = new NarrationPanel;
    m_narration->setObjectName(u"narration"_s);
    QDockWidget *narrationDock = addPanel(tr("Narration"), u"narrationDock"_s, m_narration, Qt::RightDockWidgetArea,
        tr("Each event of the run told as it happens, with why it happened"));

    m_code = new CodeView;
    QDockWidget *codeDock = addPanel(tr("Code"), u"codeDock"_s, m_code, Qt::RightDockWidgetArea,
        tr("The supervisor's code, with the step of the newest or the selected event highlighted"));
    tabifyDockWidget(narrationDock, codeDock);

    // A tab beside the narration: it fits a small screen, and comes forward when a worker is selected.
    m_workerDetail = new WorkerDetailPanel(m_tree->model());
    m_workerDetail->setObjectName(u"workerDetail"_s);
    m_workerDock = addPanel(tr("Worker"), u"workerDock"_s, m_workerDetail, Qt::RightDockWidgetArea,
        tr("The selected worker's spec, state and incarnations"));
    tabifyDockWidget(codeDock, m_workerDock);
    narrationDock->raise();

    m_explorer = new ExplorerPanel;
    m_explorer->setObjectName(u"explorer"_s);
    addPanel(tr("Explorer"), u"explorerDock"_s, m_explorer, Qt::BottomDockWidgetArea,
        tr("Compares restart policies over many seeds in virtual time"))
        ->hide();
    resizeDocks({ controlsDock, statisticsDock }, { 320, 380 }, Qt::Horizontal);
    resizeDocks({ controlsDock, treeDock }, { 55, 45 }, Qt::Vertical);
}

QDockWidget *MainWindow::addPanel(
    const QString &title, const QString &name, QWidget *panel, Qt::DockWidgetArea area, const QString &description)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name); // the name restoreState() finds it by
    dock->setAccessibleName(title);
    dock->setAccessibleDescription(description);
    nameIfUnnamed(panel, title, description);
    dock->setWidget(panel); // each panel scrolls its own content
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open
        = file->addAction(QIcon::fromTheme(u"document-open"_s), tr("&Open Event Log…"), this, &MainWindow::openLogFile);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Replay a recorded run from a JSON Lines or CSV event log"));
    m_closeReplay
        = file->addAction(QIcon::fromTheme(u"window-close"_s), tr("&Close Replay"), this, &MainWindow::closeReplay);
    m_closeReplay->setToolTip(tr("Leave the replay and go back to live runs"));
    m_closeReplay->setEnabled(false);
    file->addSeparator();
    QAction *openScenario = file->addAction(
        QIcon::fromTheme(u"document-open"_s), tr("Open &Scenario…"), this, [this] { openScenarioFile(); });
    openScenario->setObjectName(u"openScenarioAction"_s);
    openScenario->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    openScenario->setToolTip(tr("Load a scenario file's parameters into the controls (Ctrl+Shift+O)"));
    QAction *saveScenario = file->addAction(
        QIcon::fromTheme(u"document-save-as"_s), tr("Save Scenario &As…"), this, [this] { saveScenarioAs(); });
    saveScenario->setObjectName(u"saveScenarioAction"_s);
    saveScenario->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    saveScenario->setToolTip(tr("Save the current parameters as a scenario file (Ctrl+Shift+S)"));
    // A replay's parameters are the recording's: a scenario is loaded for live runs only.
    connect(m_controller, &RunController::replayChanged, openScenario,
        [this, openScenario] { openScenario->setEnabled(!m_controller->isReplay()); });
    file->addSeparator();
    QAction *exportAction = file->addAction(
        QIcon::fromTheme(u"document-save-as"_s), tr("&Export Event Log…"), this, &MainWindow::chooseLogExportFile);
    exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    exportAction->setToolTip(tr("Save the event log as JSON Lines, CSV or a Chrome trace for Perfetto (Ctrl+E)"));
    m_pictureMenu = file->addMenu(QIcon::fromTheme(u"image-x-generic"_s), tr("Export Timeline &Picture"));
    m_pictureMenu->setObjectName(u"exportPictureMenu"_s);
    m_pictureMenu->addAction(tr("&Visible Range…"), this, [this] { exportPictureOf(PictureRange::Visible); })
        ->setToolTip(tr("Save the time the timeline shows, with every lane, as a PNG image or an SVG drawing"));
    m_pictureMenu->addAction(tr("&Whole Run…"), this, [this] { exportPictureOf(PictureRange::WholeRun); })
        ->setToolTip(tr("Save the run from its start to its end, with every lane, as a PNG image or an SVG drawing"));
    const auto updatePictureMenu = [this] {
        const bool drawable = m_timelineModel->log() != nullptr;
        m_pictureMenu->setEnabled(drawable);
        m_pictureMenu->menuAction()->setToolTip(
            drawable ? tr("Save a picture of the timeline for slides") : tr("Nothing to draw yet: start a run first"));
    };
    connect(m_timelineModel, &QAbstractItemModel::modelReset, this, updatePictureMenu);
    updatePictureMenu();
    file->addSeparator();
    QAction *quit = file->addAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Stop the run gracefully and close the window"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn
        = view->addAction(QIcon::fromTheme(u"zoom-in"_s), tr("Zoom &In"), m_timeline, &TimelineView::zoomIn);
    zoomIn->setShortcuts({ QKeySequence::ZoomIn, Qt::CTRL | Qt::Key_Equal });
    zoomIn->setToolTip(tr("Show less time in more detail (Ctrl++, or Ctrl+wheel over the timeline)"));
    QAction *zoomOut
        = view->addAction(QIcon::fromTheme(u"zoom-out"_s), tr("Zoom &Out"), m_timeline, &TimelineView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    zoomOut->setToolTip(tr("Show more time (Ctrl+-)"));
    QAction *fit = view->addAction(
        QIcon::fromTheme(u"zoom-fit-best"_s), tr("Zoom to &Fit"), m_timeline, &TimelineView::zoomToFit);
    fit->setShortcut(Qt::CTRL | Qt::Key_0);
    fit->setToolTip(tr("Show the whole run (Ctrl+0)"));
    QAction *zoomToRange = view->addAction(tr("Zoom to &Selection"), m_timeline, &TimelineView::zoomToRange);
    zoomToRange->setObjectName(u"zoomToSelection"_s);
    zoomToRange->setToolTip(
        tr("Show the time range selected on the timeline (Shift+drag to select one; Z in the timeline)"));
    zoomToRange->setEnabled(false);
    connect(m_timeline, &TimelineView::rangeSelected, zoomToRange, [zoomToRange] { zoomToRange->setEnabled(true); });
    connect(m_timeline, &TimelineView::rangeCleared, zoomToRange, [zoomToRange] { zoomToRange->setEnabled(false); });
    m_followLive = view->addAction(QIcon::fromTheme(u"go-last"_s), tr("Follow &Live"));
    m_followLive->setCheckable(true);
    m_followLive->setChecked(m_timeline->followsLive());
    // End is not taken from the whole window: in a slider, a list or a text field it goes to the end of that.
    m_followLive->setToolTip(
        tr("Keep the live edge in view; scrolling or zooming stops following (End, in the timeline)"));
    connect(m_followLive, &QAction::toggled, m_timeline, &TimelineView::setFollowLive);
    connect(m_timeline, &TimelineView::followLiveChanged, m_followLive, &QAction::setChecked);
    view->addSeparator();
    createColorMenu(view);
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>()) {
        QAction *toggle = dock->toggleViewAction();
        //: %1 is the panel's title
        toggle->setToolTip(tr("Show or hide the %1 panel").arg(dock->windowTitle()));
        view->addAction(toggle);
    }

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions({ m_controller->startAction(), m_controller->pauseAction(), m_controller->stepAction(),
        m_controller->stopAction(), m_controller->resetAction() });
    run->addSeparator();
    QAction *explore = run->addAction(QIcon::fromTheme(u"system-search"_s), tr("&Explore Policies…"), this, [this] {
        auto *dock = qobject_cast<QDockWidget *>(m_explorer->parentWidget());
        if (!dock->isVisible()) {
            dock->show();
            resizeDocks({ dock }, { height() / 2 }, Qt::Vertical);
        }
        dock->raise();
    });
    explore->setObjectName(u"explorePolicies"_s);
    explore->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    explore->setToolTip(tr("Compare restart policies over many seeds in virtual time: how often each gives up, "
                           "its availability and recovery times"));

    QMenu *lessons = menuBar()->addMenu(tr("&Lessons"));
    lessons->setObjectName(u"lessonsMenu"_s);
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        QAction *lesson = lessons->addAction(scenario.title, this, [this, scenario] { loadScenario(scenario); });
        lesson->setToolTip(scenario.goal);
        lesson->setData(scenario.name);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(u"helpMenu"_s);
    QAction *manual
        = help->addAction(QIcon::fromTheme(u"help-contents"_s), tr("&Manual"), this, [this] { showManual({}); });
    manual->setObjectName(u"manual"_s);
    manual->setShortcut(QKeySequence::HelpContents);
    manual->setEnabled(!ManualWindow::readmePath().isEmpty());
    manual->setToolTip(manual->isEnabled() ? tr("Read the lab's manual, section by section")
                                           : tr("The manual (README.md) is not installed beside this program"));
    QAction *shortcuts = help->addAction(
        QIcon::fromTheme(u"input-keyboard"_s), tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(u"keyboardShortcuts"_s);
    shortcuts->setShortcut(Qt::CTRL | Qt::Key_Question);
    shortcuts->setToolTip(tr("Every key the window and the timeline answer to"));
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Supervisor Lab"), this, &MainWindow::showAbout);
    about->setToolTip(tr("Version and purpose of Supervisor Lab"));
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setToolTip(tr("Version and licence of the Qt toolkit"));

    //: The title of the toolbar with the run's actions
    QToolBar *toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(u"runToolBar"_s);
    toolBar->setAccessibleName(tr("Run toolbar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addActions({ m_controller->startAction(), m_controller->pauseAction(), m_controller->stepAction(),
        m_controller->stopAction(), m_controller->resetAction() });
    toolBar->addWidget(createSpeedChooser());
    toolBar->addSeparator();
    toolBar->addActions({ zoomIn, zoomOut, fit, m_followLive });
    view->addSeparator();
    toolBar->toggleViewAction()->setToolTip(tr("Show or hide the run toolbar"));
    view->addAction(toolBar->toggleViewAction());

    for (QAction *action : findChildren<QAction *>()) {
        // Menus show shortcuts by themselves; tool buttons only through their tooltips.
        if (!action->shortcut().isEmpty() && !action->toolTip().contains(u'('))
            //: A tooltip with the keyboard shortcut after it: %1 is the tooltip, %2 the shortcut
            action->setToolTip(
                tr("%1 (%2)").arg(action->toolTip(), action->shortcut().toString(QKeySequence::NativeText)));
    }
    for (QMenu *menu : menuBar()->findChildren<QMenu *>())
        menu->setToolTipsVisible(true);
}

QWidget *MainWindow::createSpeedChooser()
{
    m_speed = new QComboBox;
    m_speed->setObjectName(u"speed"_s);
    m_speed->setAccessibleName(tr("Speed"));
    for (const double factor : { 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0 }) {
        //: A speed of the engine's clock: "0.5×" is half the real speed
        m_speed->addItem(tr("%1×").arg(readingLocale().toString(factor)), factor);
    }
    m_speed->setCurrentIndex(m_speed->findData(1.0));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
        [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    updateSpeedChooser();
    return m_speed;
}

void MainWindow::updateSpeedChooser()
{
    if (!m_speed)
        return;
    const bool realTime = m_controller->runsInRealTimeOnly();
    {
        // Shows 1x without choosing it: the speed chosen for other runs stays as it was.
        const QSignalBlocker quiet(m_speed);
        const int index = m_speed->findData(realTime ? 1.0 : m_controller->speed());
        if (index >= 0)
            m_speed->setCurrentIndex(index);
    }
    m_speed->setEnabled(!realTime);
    m_speed->setToolTip(realTime
            ? tr("1×, fixed: this run supervises real programs, which run in real time; a faster or slower clock "
                 "would only make their delays, heartbeats and timeouts wrong")
            : tr("Speed of the engine's clock: slow motion slows the workers and the delays too; virtual-time runs go "
                 "as fast as they can"));
    m_speed->setAccessibleDescription(m_speed->toolTip());
}

void MainWindow::createStatusBar()
{
    const auto addLabel = [this](const QString &name, const QString &tip) {
        auto *label = new QLabel;
        label->setObjectName(name);
        label->setToolTip(tip);
        label->setAccessibleDescription(tip);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_stateLabel = addLabel(u"stateLabel"_s, tr("What the run is doing"));
    m_timeLabel = addLabel(u"timeLabel"_s, tr("Run time: time since the run started (it stands still while paused)"));
    m_restartsLabel = addLabel(u"restartsLabel"_s, tr("Restarts: worker starts after the first one"));
    m_failuresLabel = addLabel(u"failuresLabel"_s, tr("Failures: incarnations that ended in error, exception or hang"));
    m_availabilityLabel = addLabel(
        u"availabilityLabel"_s, tr("Availability: the share of time the workers were running, over all workers"));
    m_eventsLabel = addLabel(u"eventsLabel"_s,
        tr("Events recorded in the log: how many are kept in memory, and how many were written to a temporary file "
           "to keep memory bounded (all of them are exported)"));
    m_stateLabel->setAccessibleName(tr("Run state"));
    m_timeLabel->setAccessibleName(tr("Run time"));
    m_restartsLabel->setAccessibleName(tr("Restarts"));
    m_failuresLabel->setAccessibleName(tr("Failures"));
    m_availabilityLabel->setAccessibleName(tr("Availability"));
    m_eventsLabel->setAccessibleName(tr("Events recorded"));
}

void MainWindow::setFocusOrder()
{
    const QList<QWidget *> panels { m_speed, m_controls, m_replayBar, m_warningBar, m_timeline, m_legend, m_eventLog,
        m_tree, m_statistics, m_narration, m_code, m_workerDetail, m_explorer };
    // The widgets Tab stops at, panel by panel, each panel's in the order it has them. A widget with a focus proxy
    // passes the focus on, and setTabOrder() moves only the widget it is given: the chain is made of the others.
    QList<QList<QWidget *>> stops(panels.size());
    QWidget *widget = this;
    do {
        widget = widget->nextInFocusChain();
        if (!(widget->focusPolicy() & Qt::TabFocus) || widget->focusProxy())
            continue;
        for (qsizetype i = 0; i < panels.size(); ++i) {
            if (panels.at(i) == widget || panels.at(i)->isAncestorOf(widget)) {
                stops[i] << widget;
                break;
            }
        }
    } while (widget != this);
    QWidget *previous = nullptr;
    for (const QList<QWidget *> &panelStops : std::as_const(stops)) {
        for (QWidget *stop : panelStops) {
            if (previous)
                setTabOrder(previous, stop);
            previous = stop;
        }
    }
}

void MainWindow::connectRun()
{
    connect(m_controller, &RunController::runStarted, this, &MainWindow::onRunStarted);
    connect(m_controller, &RunController::runCleared, this, &MainWindow::onRunCleared);
    connect(m_controller, &RunController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &RunController::eventsAvailable, m_feed, &RunFeed::scheduleFrame);
    connect(m_controller, &RunController::parameterRejected, m_controls, &ControlPanel::showRejection);
    connect(m_controller, &RunController::replayChanged, this, &MainWindow::onReplayChanged);
    connect(m_controller, &RunController::configChanged, this, &MainWindow::updateSpeedChooser);
    connect(m_replayBar, &ReplayBar::seekRequested, m_controller, &RunController::seek);
    connect(m_replayBar, &ReplayBar::closeRequested, this, &MainWindow::closeReplay);
    connect(m_replayBar, &ReplayBar::runLiveRequested, this, &MainWindow::runReplayedPolicyLive);
    m_replayBar->addPlaybackActions({ m_controller->startAction(), m_controller->pauseAction() });

    connect(m_controls, &ControlPanel::parameterEdited, m_controller, &RunController::setParameter);
    connect(m_controls, &ControlPanel::workerParameterEdited, m_controller, &RunController::setWorkerParameter);
    connect(m_timeline, &TimelineView::editWorkerSpecRequested, m_controls, &ControlPanel::setTargetWorker);
    connect(m_controls, &ControlPanel::parameterEdited, this,
        [this] { m_explorer->setCurrentConfig(m_controller->config()); });
    // An explored seed opens as the run the exploration measured: the same configuration in virtual time.
    connect(
        m_explorer, &ExplorerPanel::runRequested, this, [this](const SupervisorConfig &config, const QString &label) {
            if (m_controller->isReplay())
                m_controller->closeReplay();
            m_controller->shutDown();
            setConfig(config, label);
            m_controller->start();
            //: %1 names the explored run that was opened
            statusBar()->showMessage(tr("Opened %1").arg(label), 8000);
        });
    connect(m_controls, &ControlPanel::scenarioChosen, this, &MainWindow::loadScenario);

    connect(
        m_timeline, &TimelineView::eventSelected, this, [this](qsizetype eventIndex) { onEventSelected(eventIndex); });
    connect(
        m_eventLog, &EventLogPanel::eventSelected, this, [this](qsizetype eventIndex) { onEventSelected(eventIndex); });
    // The narration shares its place with the Worker pane: a line chosen there keeps it in front.
    connect(m_narration, &NarrationPanel::eventSelected, this,
        [this](qsizetype eventIndex) { onEventSelected(eventIndex, false); });
    connect(m_timeline, &TimelineView::followLiveChanged, this, [this](bool follows) {
        if (follows)
            m_codeShowsSelection = false; // back to the newest event
    });
    connect(m_timeline, &TimelineView::failWorkerRequested, m_controller, &RunController::failWorker);
    connect(m_timeline, &TimelineView::manualActionRequested, m_controller, &RunController::act);
    connect(m_tree, &SupervisionTreePanel::failWorkerRequested, m_controller, &RunController::failWorker);
    connect(m_tree, &SupervisionTreePanel::manualActionRequested, m_controller, &RunController::act);
    // A node chosen in the tree is a lane chosen in the timeline, and back.
    connect(m_tree, &SupervisionTreePanel::nodeSelected, m_timeline, [this](const TreeChild &node) {
        m_timeline->selectNode(node);
        if (!node.supervisor)
            showWorkerDetail(node.index);
    });
    connect(m_timeline, &TimelineView::nodeSelected, m_tree, [this](const TreeChild &node) {
        m_tree->selectNode(node);
        if (!node.supervisor)
            showWorkerDetail(node.index);
    });
    connect(m_workerDetail, &WorkerDetailPanel::workerChosen, this, [this](int worker) {
        m_timeline->selectNode(TreeChild { false, worker });
        m_tree->selectNode(TreeChild { false, worker });
    });
    connect(m_timeline, &TimelineView::takeDownDependencyRequested, m_controller, &RunController::takeDownDependency);
    connect(m_timeline, &TimelineView::bringBackDependencyRequested, m_controller, &RunController::bringBackDependency);
    connect(
        m_timeline, &TimelineView::dependencyCapacityRequested, m_controller, &RunController::setDependencyCapacity);
    connect(m_timeline, &TimelineView::showWorkerEventsRequested, m_eventLog, &EventLogPanel::setWorkerFilter);
    connect(m_timeline, &TimelineView::axisChanged, m_feed, &RunFeed::scheduleFrame);
    // A range chosen on the timeline is measured in the status bar, for as long as it stays chosen.
    connect(m_timeline, &TimelineView::rangeSelected, this, [this](qint64 fromUs, qint64 toUs) {
        statusBar()->showMessage(
            TimelineView::describeRange(fromUs, toUs, m_timeline->rangeSummary()).replace(u'\n', u" · "_s));
    });
    connect(m_timeline, &TimelineView::rangeCleared, statusBar(), &QStatusBar::clearMessage);
}

void MainWindow::setConfig(const SupervisorConfig &config, const QString &scenarioName)
{
    m_controller->setConfig(config);
    m_tree->setPlannedConfig(config);
    m_explorer->setCurrentConfig(config);
    m_controls->setConfig(config);
    if (const auto scenario = ScenarioCatalog::find(scenarioName)) {
        m_controls->setScenario(*scenario);
        showComparisonOf(*scenario, config);
    } else
        m_controls->setScenarioName(scenarioName);
}

void MainWindow::loadScenario(const Scenario &scenario)
{
    SupervisorConfig config;
    config.applyJson(scenario.config);
    if (m_controller->isActive() || m_controller->state() == RunController::State::Finished)
        m_controller->reset();
    m_controller->setConfig(config);
    m_tree->setPlannedConfig(config);
    m_explorer->setCurrentConfig(config);
    m_controls->setConfig(config);
    m_controls->setScenario(scenario);
    //: %1 is the scenario's title, %2 its goal
    const QString loaded = m_consent.notAllowed(config).isEmpty()
        ? tr("Loaded scenario %1: %2")
        : tr("Loaded scenario %1: %2 It runs real programs: you will be asked before they start.");
    statusBar()->showMessage(loaded.arg(scenario.title, scenario.goal), 8000);
    showComparisonOf(scenario, config);
}

void MainWindow::showComparisonOf(const Scenario &scenario, const SupervisorConfig &config)
{
    if (scenario.compareWith != u"article")
        return;
    if (!m_pitfalls)
        m_pitfalls = new PitfallsDialog(this);
    m_pitfalls->compare(config);
    m_pitfalls->show();
    m_pitfalls->raise();
}

void MainWindow::subscribeViews()
{
    m_feed->subscribe({
        .setLog =
            [this](const std::shared_ptr<const EventLog> &log) {
                m_timelineModel->setLog(log);
                m_timeline->setNow(0);
                if (log)
                    m_timeline->setFollowLive(true);
            },
        .takeIn = [this](qsizetype end) { m_timelineModel->takeIn(end); },
        .catchUp = [this](qsizetype takenIn) { return m_timelineModel->refresh(takenIn); },
        .showFrame = [this](qint64 nowUs) { m_timeline->setNow(nowUs); },
    });
    m_feed->subscribe({
        .catchUp =
            [this](qsizetype) {
                if (m_controller->isReplay())
                    m_replayBar->showPosition(m_controller->nowUs());
                return false;
            },
    });
    m_feed->subscribe({
        .setLog = [this](const std::shared_ptr<const EventLog> &log) { m_eventLog->setLog(log); },
        .read = [this](qsizetype takenIn, qint64) { m_eventLog->refresh(takenIn); },
    });
    m_feed->subscribe({
        .setLog = [this](const std::shared_ptr<const EventLog> &log) { m_tree->setLog(log); },
        .takeIn = [this](qsizetype end) { m_tree->takeIn(end); },
        .read = [this](qsizetype, qint64) { m_tree->refresh(); },
    });
    m_feed->subscribe({
        // After the tree, whose state it shows.
        .setLog = [this](const std::shared_ptr<const EventLog> &log) { m_workerDetail->setLog(log); },
        .takeIn = [this](qsizetype end) { m_workerDetail->takeIn(end); },
        .read = [this](qsizetype, qint64 nowUs) { m_workerDetail->refresh(nowUs); },
    });
    m_feed->subscribe(m_statistics->feedView());
    m_feed->subscribe({
        .setLog =
            [this](const std::shared_ptr<const EventLog> &log) {
                m_narration->setLog(log);
                m_warningBar->setLog(log);
                m_code->clear();
                m_codeShowsSelection = false;
            },
        .takeIn =
            [this](qsizetype end) {
                m_narration->takeIn(end);
                m_warningBar->takeIn(end);
            },
        .read =
            [this](qsizetype takenIn, qint64 nowUs) {
                m_narration->refresh(takenIn);
                m_warningBar->refresh(nowUs);
                const std::shared_ptr<const EventLog> log = m_controller->log();
                if (log && takenIn > 0 && !m_codeShowsSelection)
                    m_code->showStepOf(log->at(takenIn - 1));
            },
    });
    m_feed->subscribe({ .read = [this](qsizetype, qint64) { updateStatusBar(); } });
}

void MainWindow::onRunStarted(const std::shared_ptr<const EventLog> &log)
{
    if (!m_controller->isReplay()) // a replay starts again each time it is rewound
        resetTimelineZoom();
    m_feed->setLog(log);
    m_feed->scheduleFrame();
    // A run of real programs is about their endings and output: its first program's details come forward, unless
    // a worker was chosen already.
    if (log && !m_controller->isReplay() && m_workerDetail->worker() < 0) {
        const SupervisorConfig &config = m_controller->config();
        for (int worker = 0; worker < config.workers; ++worker) {
            if (config.programOf(worker).isProgram()) {
                showWorkerDetail(worker);
                break;
            }
        }
    }
}

void MainWindow::showWorkerDetail(int worker)
{
    m_workerDetail->showWorker(worker);
    m_workerDock->show();
    m_workerDock->raise();
}

void MainWindow::onRunCleared()
{
    m_feed->setLog(nullptr);
    // Reset starts afresh: the view at its first zoom, the clock at 1x.
    if (m_speed)
        m_speed->setCurrentIndex(m_speed->findData(1.0));
    resetTimelineZoom();
    updateStatusBar();
}

void MainWindow::resetTimelineZoom()
{
    // The last run's zoom, often its fit, would show the next one as a sliver at the left.
    TimeAxis first;
    first.widthPx = m_timeline->axis().widthPx;
    m_timeline->setAxis(first);
    m_timeline->setFollowLive(true);
}

void MainWindow::onStateChanged()
{
    updateSpeedChooser();
    const RunController::State state = m_controller->state();
    m_controls->setRunning(m_controller->isActive());
    // What is done by hand acts on a live run; a replay only shows what was recorded.
    m_timeline->setRunActive(m_controller->acceptsActions());
    m_tree->setActionsEnabled(m_controller->acceptsActions());
    if (state == RunController::State::Finished) {
        refreshViews();
        // A run watched live to its end is shown whole; a view the user has moved stays where it is.
        if (m_timeline->followsLive())
            m_timeline->zoomToFit();
        if (!m_exportPath.isEmpty() && !m_controller->isReplay())
            exportLogOrWarn(m_exportPath);
    }
    if (state == RunController::State::Running)
        m_feed->scheduleFrame();
    updateStatusBar();
}

void MainWindow::refreshViews()
{
    m_feed->refresh();
}

int MainWindow::frameCount() const
{
    return m_feed->frameCount();
}

qsizetype MainWindow::eventsTakenIn() const
{
    return m_feed->eventsTakenIn();
}

bool MainWindow::hasFramesPending() const
{
    return m_feed->hasFramesPending();
}

void MainWindow::onEventSelected(qsizetype eventIndex, bool bringWorkerForward)
{
    const std::shared_ptr<const EventLog> log = m_controller->log();
    if (!log || eventIndex < 0 || eventIndex >= log->size())
        return;
    m_timeline->selectEvent(eventIndex);
    m_tree->selectNode(m_timeline->selectedNode());
    if (const LifecycleEvent event = log->withoutReasonAt(eventIndex); event.has(FieldWorker) && event.worker >= 0) {
        if (bringWorkerForward)
            showWorkerDetail(event.worker);
        else
            m_workerDetail->showWorker(event.worker);
    }
    m_eventLog->selectEvent(eventIndex);
    m_narration->selectEvent(eventIndex);
    m_codeShowsSelection = true;
    m_code->showStepOf(log->at(eventIndex));
}

QString MainWindow::statusText() const
{
    return QStringList { m_stateLabel->text(), m_timeLabel->text(), m_restartsLabel->text(), m_failuresLabel->text(),
        m_availabilityLabel->text(), m_eventsLabel->text() }
        .join(u" | "_s);
}

void MainWindow::updateStatusBar()
{
    const qint64 now = m_controller->nowUs();
    const RunStatistics &statistics = m_statistics->statistics();
    const RunStatistics::Measures total = statistics.total(now);
    m_stateLabel->setText(m_controller->stateText());
    const QLocale locale = readingLocale();
    //: In the status bar: %1 is the time since the run started
    m_timeLabel->setText(tr("Time %1").arg(TimeAxis::formatTime(now, 100'000)));
    //: In the status bar: %1 is how many restarts the run has had
    m_restartsLabel->setText(tr("Restarts %1").arg(locale.toString(total.restarts)));
    //: In the status bar: %1 is how many failures the run has had
    m_failuresLabel->setText(tr("Failures %1").arg(locale.toString(total.failures())));
    //: In the status bar: %1 is the share of time the workers were running, in percent
    m_availabilityLabel->setText(tr("Availability %1").arg(percent(total.availability)));
    const std::shared_ptr<const EventLog> log = m_controller->log();
    // What the log keeps, and where: the newest events in memory, older ones spilled to a temporary file.
    m_eventsLabel->setText(log ? EventLog::storageText(log->storage()) : tr("No run"));
}

bool MainWindow::openReplay(const QString &path, QString *error)
{
    QString problem;
    const std::shared_ptr<EventLog> recording = LogImporter::load(path, &problem);
    if (!recording) {
        if (error)
            *error = problem;
        return false;
    }
    m_controller->openReplay(recording, QFileInfo(path).fileName());
    //: %n is how many events the recording holds, %1 the file's path
    statusBar()->showMessage(tr("Replaying %n events from %1", nullptr, int(recording->size())).arg(path), 8000);
    return true;
}

void MainWindow::openLogFile()
{
    if (m_controller->isActive() && !m_controller->isReplay()
        && QMessageBox::question(
               this, tr("Open Event Log"), tr("A run is going on. Stop it and replay a recorded log instead?"))
            != QMessageBox::Yes)
        return;
    const QString filters = QStringList { fileFilter(tr("Event logs"), u"*.jsonl *.csv"_s),
        fileFilter(tr("JSON Lines"), u"*.jsonl"_s), fileFilter(tr("CSV"), u"*.csv"_s) }
                                .join(u";;"_s);
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Event Log"), QString(), filters);
    if (path.isEmpty())
        return;
    QString error;
    if (!openReplay(path, &error)) {
        qWarning("supervisor-lab: cannot open: %s", qPrintable(error));
        showProblem(tr("Cannot open the event log"), error);
    }
}

void MainWindow::openScenarioFile(const QString &chosenPath)
{
    const QString path = !chosenPath.isEmpty() ? chosenPath
                                               : QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(),
                                                   fileFilter(tr("Scenario files"), u"*.json"_s));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_controls->openScenarioFile(path, &error)) // changes nothing
        QMessageBox::warning(this, tr("Cannot open the scenario"), error);
}

void MainWindow::saveScenarioAs(const QString &chosenPath)
{
    QString path = !chosenPath.isEmpty() ? chosenPath
                                         : QFileDialog::getSaveFileName(this, tr("Save Scenario As"), QString(),
                                             fileFilter(tr("Scenario files"), u"*.json"_s));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".json"_s, Qt::CaseInsensitive))
        path += u".json"_s;
    QString error;
    if (m_controls->saveScenarioFile(path, &error))
        statusBar()->showMessage(tr("Saved the parameters as %1").arg(QDir::toNativeSeparators(path)), 8000);
    else
        QMessageBox::warning(this, tr("Cannot save the scenario"), error);
}

void MainWindow::closeReplay()
{
    m_controller->closeReplay();
}

void MainWindow::runReplayedPolicyLive()
{
    SupervisorConfig config;
    config.applyJson(m_controller->replay()->recording()->header().config); // checked when the log was read
    const QString name = m_controller->replayName();
    m_controller->closeReplay();
    //: The name the recorded parameters go by once loaded for a live run; %1 is the recording's file name
    setConfig(config, tr("replay of %1").arg(name));
    //: %1 is the recording's file name
    statusBar()->showMessage(tr("Loaded the policy of %1: press Start to run it live").arg(name), 8000);
}

void MainWindow::onReplayChanged()
{
    updateSpeedChooser();
    const bool replay = m_controller->isReplay();
    resetTimelineZoom();
    m_closeReplay->setEnabled(replay);
    m_replayBar->setVisible(replay);
    m_controls->setEnabled(!replay);
    if (replay) {
        m_replayBar->setRecording(*m_controller->replay(), m_controller->replayName());
        SupervisorConfig recorded;
        recorded.applyJson(m_controller->replay()->recording()->header().config);
        m_controls->setConfig(recorded);
        //: The window's title during a replay; %1 is the recording's file name
        setWindowTitle(tr("Supervisor Lab — replay of %1").arg(m_controller->replayName()));
    } else {
        m_controls->setConfig(m_controller->config());
        setWindowTitle(tr("Supervisor Lab"));
    }
}

void MainWindow::chooseLogExportFile()
{
    const std::shared_ptr<const EventLog> log = m_controller->log();
    if (!log || log->isEmpty()) {
        statusBar()->showMessage(tr("Nothing to export yet: start a run first"), 5000);
        return;
    }
    QString filter;
    const QString filters = QStringList { fileFilter(tr("JSON Lines"), u"*.jsonl"_s), fileFilter(tr("CSV"), u"*.csv"_s),
        fileFilter(tr("Chrome trace for Perfetto"), u"*.trace.json"_s) }
                                .join(u";;"_s);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Event Log"), suggestedExportPath(u".jsonl"_s), filters, &filter);
    if (path.isEmpty())
        return;
    if (!LogExporter::formatFor(path)) {
        const qsizetype open = filter.lastIndexOf(u"(*"_s); // a translated description may hold brackets too
        path += filter.mid(open + 2, filter.size() - open - 3); // the chosen filter's extension
    }
    rememberExportDirectory(path);
    exportLogOrWarn(path);
}

void MainWindow::exportLogOrWarn(const QString &path)
{
    QString error;
    if (exportLog(path, &error))
        return;
    qWarning("supervisor-lab: export failed: %s", qPrintable(error));
    QMessageBox::warning(this, tr("Export failed"), error);
}

bool MainWindow::exportLog(const QString &path, QString *error)
{
    // A replay exports its whole recording, in whichever format: converting a log is one use of replay.
    const std::shared_ptr<const EventLog> log
        = m_controller->isReplay() ? m_controller->replay()->recording() : m_controller->log();
    //: %1 is the file's path
    QString problem = tr("%1: nothing to export yet: start a run first").arg(path);
    if (log && LogExporter::save(*log, path, &problem)) {
        //: %n is how many events were exported, %1 the file's path
        statusBar()->showMessage(tr("Exported %n events to %1", nullptr, int(log->size())).arg(path), 8000);
        return true;
    }
    if (error)
        *error = problem;
    return false;
}

bool MainWindow::exportPicture(const QString &path, PictureRange range, QString *error)
{
    if (!m_timelineModel->log()) {
        if (error)
            //: %1 is the file's path
            *error = tr("%1: nothing to draw yet: start a run first").arg(path);
        return false;
    }
    refreshViews();
    m_timelineModel->refresh(); // a picture shows every event recorded so far, also those still to be taken in
    const TimeAxis &axis = m_timeline->axis();
    TimelinePicture picture = range == PictureRange::Visible
        ? TimelinePicture(*m_timelineModel, axis.startUs, axis.endUs())
        : TimelinePicture::wholeRun(*m_timelineModel, TimelinePicture::kDefaultWidth, m_timeline->nowUs());
    picture.setNow(m_timeline->nowUs());
    if (!picture.save(path, error))
        return false;
    const QString shown = TimelinePicture::rangeText(picture.fromUs(), picture.toUs());
    //: %1 is the time range the picture shows, %2 the file's path
    statusBar()->showMessage(tr("Saved picture of %1 to %2").arg(shown, path), 8000);
    return true;
}

void MainWindow::exportPictureOf(PictureRange range)
{
    QString filter;
    const QString filters
        = fileFilter(tr("PNG image"), u"*.png"_s) + u";;"_s + fileFilter(tr("SVG drawing"), u"*.svg"_s);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Timeline Picture"), suggestedExportPath(u"-timeline.png"_s), filters, &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(u"*.svg"_s) ? u".svg"_s : u".png"_s;
    rememberExportDirectory(path);
    QString error;
    if (!exportPicture(path, range, &error)) {
        qWarning("supervisor-lab: picture export failed: %s", qPrintable(error));
        QMessageBox::warning(this, tr("Export failed"), error);
    }
}

bool MainWindow::askToRunPrograms(const SupervisorConfig &config)
{
    if (m_consent.notAllowed(config).isEmpty())
        return true;
    // Every program the run starts is listed, not only the new ones: the answer is about this run.
    constexpr qsizetype kListed = 12;
    constexpr qsizetype kLineWidth = 160;
    QStringList lines;
    for (const ProgramConsent::Program &program : ProgramConsent::programsOf(config))
        lines << program.text();
    QStringList listed;
    for (const QString &line : lines.first(std::min(kListed, lines.size())).join(u'\n').split(u'\n'))
        listed << (line.size() > kLineWidth ? line.first(kLineWidth - 1) + u'…' : line);
    if (lines.size() > kListed)
        //: After the first programs of a run: %n is how many more there are
        listed << tr("… and %n more: see the details", nullptr, int(lines.size() - kListed));

    QMessageBox box(QMessageBox::Warning, tr("Run real programs?"), QString(), QMessageBox::NoButton, this);
    box.setObjectName(u"programConsent"_s);
    box.setTextFormat(Qt::RichText); // every text from the config is escaped below
    box.setText(u"<p>%1</p><pre style='white-space:pre-wrap'>%2</pre><p>%3</p>"_s.arg(
        tr("<b>This run starts real programs</b>, as processes on this machine with your rights: one per "
           "incarnation, restarted as its policy says."),
        listed.join(u'\n').toHtmlEscaped(),
        tr("Run them only if you trust them. You are asked once for these programs while the window is open.")));
    if (lines.size() > kListed || listed.join(u'\n').size() < lines.join(u'\n').size())
        box.setDetailedText(lines.join(u'\n'));
    QPushButton *run = box.addButton(tr("Run them"), QMessageBox::AcceptRole);
    run->setObjectName(u"runPrograms"_s);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setObjectName(u"cancelPrograms"_s);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != run) {
        statusBar()->showMessage(tr("Nothing started: the run's programs were not allowed to run"), 8000);
        return false;
    }
    m_consent.allow(config);
    return true;
}

void MainWindow::createColorMenu(QMenu *view)
{
    QMenu *colors = view->addMenu(tr("&Colours"));
    colors->setObjectName(u"colorsMenu"_s);
    auto *choices = new QActionGroup(colors);
    for (const auto &[choice, text, tip] : {
             std::tuple { ColorTheme::Choice::System, tr("Follow the &System"), tr("The desktop's own colours") },
             std::tuple { ColorTheme::Choice::Light, tr("&Light"), tr("Dark text on a light background") },
             std::tuple { ColorTheme::Choice::Dark, tr("&Dark"), tr("Light text on a dark background") },
         }) {
        QAction *action = colors->addAction(text, this, [this, choice] { setColorTheme(choice); });
        action->setObjectName(u"colors-"_s + ColorTheme::nameOf(choice));
        action->setToolTip(tip);
        action->setCheckable(true);
        action->setData(ColorTheme::nameOf(choice));
        choices->addAction(action);
    }
    m_colorsMenu = colors;
}

void MainWindow::setColorTheme(ColorTheme::Choice choice)
{
    ColorTheme::apply(choice);
    for (QAction *action : m_colorsMenu->actions())
        action->setChecked(action->data().toString() == ColorTheme::nameOf(choice));
    QSettings().setValue(kColorsKey, ColorTheme::nameOf(choice));
}

void MainWindow::showShortcuts()
{
    QList<QAction *> actions;
    for (QAction *action : menuBar()->findChildren<QAction *>()) {
        if (!action->shortcuts().isEmpty() && !actions.contains(action))
            actions << action;
    }
    for (QAction *action : { m_controller->startAction(), m_controller->pauseAction(), m_controller->stepAction(),
             m_controller->stopAction(), m_controller->resetAction() }) {
        if (!actions.contains(action))
            actions << action;
    }
    auto *dialog = new ShortcutsDialog(actions, TimelineView::keyboardShortcuts(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showManual(const QString &section)
{
    if (!m_manual)
        m_manual = new ManualWindow(this);
    if (!section.isEmpty())
        m_manual->showSection(section);
    m_manual->show();
    m_manual->raise();
    m_manual->activateWindow();
}

void MainWindow::showProblem(const QString &title, const QString &problem)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, problem, QMessageBox::Close, this);
    box->setObjectName(u"problem"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
    statusBar()->showMessage(problem, 15000);
}

QString MainWindow::suggestedExportPath(const QString &suffix) const
{
    QString name;
    if (m_controller->isReplay())
        name = ExportFileName::ofReplay(m_controller->replayName());
    else {
        const std::shared_ptr<const EventLog> log = m_controller->log();
        name
            = ExportFileName::ofRun(m_controls->scenarioName(), log ? log->header().seed : m_controller->config().seed);
    }
    QString directory = QSettings().value(kExportDirectoryKey).toString();
    if (directory.isEmpty() || !QFileInfo(directory).isDir())
        directory = QDir::currentPath();
    return QDir(directory).filePath(name + suffix);
}

void MainWindow::rememberExportDirectory(const QString &path)
{
    QSettings().setValue(kExportDirectoryKey, QFileInfo(path).absolutePath());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Supervisor Lab"),
        u"<h3>%1</h3><p>%2</p><p>%3</p><p>%4</p>"_s.arg(
            //: %1 is the version
            tr("Supervisor Lab %1").arg(versionString()),
            tr("See and learn the Supervisor/Restart pattern: a real supervisor restarts failing workers on threads, "
               "and every start, failure, restart delay and give-up appears on the timeline as it happens."),
            //: config_changed is the name of an event in the log, not translated
            tr("Move the sliders while a run goes on; the engine records each change as <i>config_changed</i>."),
            //: %1 is the version of Qt
            tr("Built with Qt %1.").arg(QString::fromLatin1(qVersion()))));
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    setColorTheme(ColorTheme::fromName(settings.value(kColorsKey).toString()));
    const QRect available = screen() ? screen()->availableGeometry()
                                     : QRect(QPoint(), WindowPlacement::kRoomySize + WindowPlacement::kFrameAllowance);
    // The layout remembered is kept where it still fits the screen; a window from a larger screen starts afresh.
    const bool remembered = restoreGeometry(settings.value(kGeometryKey).toByteArray())
        && (isMaximized() || isFullScreen() || WindowPlacement::fits(geometry(), available));
    if (remembered) {
        restoreState(settings.value(kStateKey).toByteArray(), kWindowStateVersion);
        m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    } else
        place(WindowPlacement::forScreen(available), available);

    SupervisorConfig config;
    QString scenario = settings.value(kScenarioKey, u"seed"_s).toString();
    const QJsonDocument saved = QJsonDocument::fromJson(settings.value(kConfigKey).toByteArray());
    if (saved.isObject() && config.applyJson(saved.object()).isEmpty() && config.validate().isEmpty()) {
        setConfig(config, scenario);
    } else if (const auto builtIn = ScenarioCatalog::find(u"seed"_s)) {
        config = SupervisorConfig();
        config.applyJson(builtIn->config);
        setConfig(config, builtIn->name);
    }
}

void MainWindow::place(const WindowPlacement &placement, const QRect &available)
{
    setWindowState(windowState() & ~(Qt::WindowMaximized | Qt::WindowFullScreen));
    resize(placement.size);
    move(available.center() - rect().center());
    const auto dock = [this](const QString &name) { return findChild<QDockWidget *>(name); };
    if (placement.stackedPanels) {
        tabifyDockWidget(dock(u"controlsDock"_s), dock(u"treeDock"_s));
        tabifyDockWidget(dock(u"narrationDock"_s), dock(u"statisticsDock"_s));
        dock(u"controlsDock"_s)->raise();
        dock(u"narrationDock"_s)->raise();
    }
    m_placement = placement;
    applyPanelWidths();
    if (placement.maximized)
        setWindowState(windowState() | Qt::WindowMaximized);
}

void MainWindow::applyPanelWidths()
{
    if (!m_placement)
        return;
    // Where the statistics have the right side to themselves, the width their table needs to show every column,
    // up to a third of the window.
    int right = m_placement->rightPanelWidth;
    if (!m_placement->stackedPanels)
        right = std::max(right, std::min(m_statistics->sizeHint().width(), width() / 3));
    // The docks in front on each side: a tab behind another takes no size of its own.
    resizeDocks({ findChild<QDockWidget *>(u"controlsDock"_s), findChild<QDockWidget *>(u"narrationDock"_s) },
        { m_placement->leftPanelWidth, right }, Qt::Horizontal);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A window manager maximizes the window after it is shown (it may say so before it resizes it), and the panels
    // would take the room it adds: they get their widths again once the window has grown from its placed size.
    if (m_placement) {
        applyPanelWidths();
        if (!m_placement->maximized || size() != m_placement->size)
            m_placement.reset();
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kWindowStateVersion));
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kConfigKey, QJsonDocument(m_controller->config().toJson()).toJson(QJsonDocument::Compact));
    settings.setValue(kScenarioKey, m_controls->scenarioName());
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedLog(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedLog(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    QString error;
    if (!openReplay(path, &error)) {
        qWarning("supervisor-lab: cannot open: %s", qPrintable(error));
        showProblem(tr("Cannot open the event log"), error);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_feed->stop();
    m_controller->shutDown();
    event->accept();
}

} // namespace SupervisorLab
