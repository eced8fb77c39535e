#include "workerdetailpanel.h"

#include "analysis/timeaxis.h"
#include "events/eventlog.h"
#include "programoutput.h"
#include "statecolors.h"
#include "teaching/durationtext.h"
#include "teaching/programwords.h"
#include "tree/supervisiontreemodel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// Workers beyond this are none the lab can run (1024 at most): an index past it is a broken log, not a worker.
constexpr int kMostWorkers = 1 << 16;

void setText(QLabel *label, const QString &text)
{
    if (label->text() != text)
        label->setText(text);
}

QString restartTypeMeaning(RestartType type)
{
    switch (type) {
    case RestartType::Permanent:
        return QCoreApplication::translate("WorkerDetailPanel", "restarted after any exit");
    case RestartType::Transient:
        return QCoreApplication::translate("WorkerDetailPanel", "restarted after a failure only");
    case RestartType::Temporary:
        return QCoreApplication::translate("WorkerDetailPanel", "never restarted");
    }
    return {};
}

// How an incarnation ended, in the window's words: a program's as the narration says it ("exit 3 after 1.0 s"),
// a simulated worker's by its reason.
QString endingOf(const LifecycleEvent &event, qint64 ranUs)
{
    if (QString ending = ProgramWords::ending(event, ranUs); !ending.isEmpty())
        return ending;
    const bool ran = ranUs >= 0;
    const QString duration = ran ? TimeAxis::formatDuration(ranUs) : QString();
    switch (event.kind) {
    case EventKind::WorkerCompleted:
        //: %1 is how long the incarnation ran, "1.0 s"
        return ran ? QCoreApplication::translate("WorkerDetailPanel", "completed after %1").arg(duration)
                   : QCoreApplication::translate("WorkerDetailPanel", "completed");
    case EventKind::WorkerFailed:
        //: %1 is the failure's reason as the log has it, "exception: boom"; %2 how long the incarnation ran
        return ran ? QCoreApplication::translate("WorkerDetailPanel", "failed: %1 after %2").arg(event.reason, duration)
                   : QCoreApplication::translate("WorkerDetailPanel", "failed: %1").arg(event.reason);
    case EventKind::WorkerStopped:
        //: %1 is how long the incarnation ran, "1.0 s"
        return ran ? QCoreApplication::translate("WorkerDetailPanel", "stopped when asked after %1").arg(duration)
                   : QCoreApplication::translate("WorkerDetailPanel", "stopped when asked");
    case EventKind::WorkerAbandoned:
        //: %1 is how long the incarnation ran, "1.0 s"
        return ran
            ? QCoreApplication::translate("WorkerDetailPanel", "abandoned: it ignored the stop after %1").arg(duration)
            : QCoreApplication::translate("WorkerDetailPanel", "abandoned: it ignored the stop");
    default:
        return eventName(event.kind);
    }
}

} // namespace

WorkerDetailPanel::WorkerDetailPanel(const SupervisionTreeModel *tree, QWidget *parent)
    : QWidget(parent)
    , m_tree(tree)
    , m_chooser(new QComboBox)
{
    auto *scrollArea = new QScrollArea(this);
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scrollArea);
    auto *layout = new QVBoxLayout(content);

    auto *chooserRow = new QHBoxLayout;
    setAccessibleName(tr("Worker detail"));
    setAccessibleDescription(tr("One worker in detail: its state, incarnation, uptime, program, last end, output "
                                "and history"));
    auto *chooserLabel = new QLabel(tr("&Worker:"), content);
    chooserLabel->setBuddy(m_chooser);
    m_chooser->setObjectName(u"workerChooser"_s);
    m_chooser->setAccessibleName(tr("Worker shown"));
    m_chooser->setToolTip(tr("The worker shown here; selecting a worker's lane or event in the timeline, the tree or "
                             "the event log shows it too"));
    m_chooser->setAccessibleDescription(m_chooser->toolTip());
    m_chooser->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_chooser->setMinimumContentsLength(12);
    m_chooser->setPlaceholderText(tr("Choose a worker"));
    chooserRow->addWidget(chooserLabel);
    chooserRow->addWidget(m_chooser, 1);
    layout->addLayout(chooserRow);

    m_form = new QFormLayout;
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_state = addRow(m_form, tr("State:"), u"workerState"_s, tr("What the worker is doing now"));
    m_incarnation = addRow(m_form, tr("Incarnation:"), u"workerIncarnation"_s,
        tr("Its current (or last) incarnation: 1 for its first start, one more per restart"));
    m_uptime = addRow(m_form, tr("Up for:"), u"workerUptime"_s,
        tr("How long its current incarnation has been running, in the run's time"));
    m_program = addRow(m_form, tr("Program:"), u"workerProgram"_s,
        tr("The real program each incarnation runs, as a shell would take its words (one process group each)"));
    m_program->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lastEnd = addRow(
        m_form, tr("Last end:"), u"workerLastEnd"_s, tr("How its latest incarnation that ended ended, and when"));
    layout->addLayout(m_form);

    m_outputTitle = new QLabel(tr("Output"), content);
    m_outputTitle->setObjectName(u"workerOutputTitle"_s);
    m_output = new QPlainTextEdit(content);
    m_output->setObjectName(u"workerOutput"_s);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setToolTip(tr("The last lines (standard output and error as they came) of the incarnation that ended "
                            "last; the lab keeps at most 10 lines of an incarnation"));
    m_output->setAccessibleName(tr("Output"));
    m_output->setAccessibleDescription(m_output->toolTip());
    m_output->setMinimumHeight(m_output->fontMetrics().lineSpacing() * 4);
    m_outputTitle->setBuddy(m_output);
    layout->addWidget(m_outputTitle);
    layout->addWidget(m_output, 1);

    // What it is set up with, under what it did: in a small dock the output comes first.
    m_details = new QFormLayout;
    m_details->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_details->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_restartType = addRow(m_details, tr("Restart:"), u"workerRestartType"_s,
        tr("Its restart type (which exits restart it) and how its restarts are delayed"));
    m_directory = addRow(m_details, tr("Directory:"), u"workerDirectory"_s, tr("Where the program starts"));
    m_environment = addRow(m_details, tr("Environment:"), u"workerEnvironment"_s,
        tr("Variables set for the program on top of the lab's own environment; the lab also sets NOTIFY_SOCKET for "
           "its READY=1 and WATCHDOG=1"));
    layout->addLayout(m_details);

    auto *historyTitle = new QLabel(tr("History"), content);
    m_history = new QLabel(content);
    m_history->setObjectName(u"workerHistory"_s);
    m_history->setTextFormat(Qt::PlainText);
    m_history->setWordWrap(true);
    m_history->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_history->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    //: %1 is how many of them the pane keeps
    m_history->setToolTip(tr("Its starts and ends in this run, the newest first (the latest %1), after their counts")
                              .arg(kHistoryLength));
    m_history->setAccessibleName(tr("History"));
    m_history->setAccessibleDescription(m_history->toolTip());
    layout->addWidget(historyTitle);
    layout->addWidget(m_history);
    scrollArea->setWidget(content);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scrollArea);

    connect(m_chooser, &QComboBox::activated, this, [this](int index) {
        showWorker(index);
        emit workerChosen(index);
    });
    // A new tree (a run of another shape) renames the workers.
    connect(m_tree, &QAbstractItemModel::modelReset, this, [this] {
        fillChooser();
        m_dirty = true;
    });
    fillChooser();
    rebuild();
}

WorkerDetailPanel::~WorkerDetailPanel() = default;

QLabel *WorkerDetailPanel::addRow(QFormLayout *form, const QString &label, const QString &name, const QString &toolTip)
{
    auto *field = new QLabel;
    field->setObjectName(name);
    field->setTextFormat(Qt::PlainText); // names, commands and reasons come from files and programs
    field->setWordWrap(true);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setToolTip(toolTip);
    QString accessibleName = label; // "Up for:" names the field "Up for"
    accessibleName.remove(u'&');
    if (accessibleName.endsWith(u':'))
        accessibleName.chop(1);
    field->setAccessibleName(accessibleName);
    field->setAccessibleDescription(toolTip);
    form->addRow(label, field);
    return field;
}

void WorkerDetailPanel::setRowVisible(QLabel *field, bool visible)
{
    (m_form->indexOf(field) >= 0 ? m_form : m_details)->setRowVisible(field, visible);
}

void WorkerDetailPanel::fillChooser()
{
    const SupervisorConfig &config = m_tree->config();
    QStringList names;
    for (int worker = 0; worker < config.workers; ++worker)
        names << m_tree->nodeName({ false, worker });
    QStringList shown;
    for (int i = 0; i < m_chooser->count(); ++i)
        shown << m_chooser->itemText(i);
    const QSignalBlocker quiet(m_chooser);
    if (shown != names) {
        m_chooser->clear();
        m_chooser->addItems(names);
    }
    m_chooser->setCurrentIndex(m_worker < m_chooser->count() ? m_worker : -1);
}

WorkerDetailPanel::Record *WorkerDetailPanel::record(int worker)
{
    if (worker < 0 || worker >= kMostWorkers)
        return nullptr;
    if (size_t(worker) >= m_records.size())
        m_records.resize(size_t(worker) + 1);
    return &m_records[size_t(worker)];
}

void WorkerDetailPanel::setLog(std::shared_ptr<const EventLog> log)
{
    m_log = std::move(log);
    m_takenIn = m_log ? m_log->firstIndex() : 0;
    m_records.clear();
    m_nowUs = 0;
    m_dirty = true;
    rebuild();
}

void WorkerDetailPanel::takeIn(qsizetype end)
{
    if (!m_log)
        return;
    end = std::min(end, m_log->size());
    for (; m_takenIn < end; ++m_takenIn) {
        const EventKind kind = m_log->kindAt(m_takenIn);
        switch (kind) {
        case EventKind::WorkerStarted:
        case EventKind::WorkerReady:
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
        case EventKind::RestartScheduled:
            break;
        default:
            continue;
        }
        const LifecycleEvent event = m_log->withoutReasonAt(m_takenIn);
        Record *worker = record(event.worker); // none for a nested supervisor's restart
        if (!worker)
            continue;
        const auto remember = [&] {
            worker->recent.push_back(m_takenIn);
            if (worker->recent.size() > size_t(kHistoryLength))
                worker->recent.erase(worker->recent.begin());
        };
        const auto ended = [&] {
            worker->endedUs = event.tUs;
            worker->lastEnd = m_takenIn;
            worker->lastEndRanUs = worker->startedUs >= 0 ? event.tUs - worker->startedUs : -1;
            worker->ready = false;
            remember();
        };
        switch (kind) {
        case EventKind::WorkerStarted:
            worker->incarnation = event.incarnation;
            worker->startedUs = event.tUs;
            worker->endedUs = -1;
            worker->ready = false;
            ++worker->starts;
            remember();
            break;
        case EventKind::WorkerReady:
            worker->ready = true;
            break;
        case EventKind::WorkerCompleted:
            ++worker->completions;
            ended();
            break;
        case EventKind::WorkerFailed:
            ++worker->failures;
            ended();
            break;
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            ++worker->stops;
            ended();
            break;
        default: // RestartScheduled
            worker->restartDelayMs = event.delayMs;
            break;
        }
        if (event.worker == m_worker)
            m_dirty = true;
    }
}

void WorkerDetailPanel::showWorker(int worker)
{
    if (worker == m_worker)
        return;
    m_worker = worker;
    {
        const QSignalBlocker quiet(m_chooser);
        m_chooser->setCurrentIndex(worker >= 0 && worker < m_chooser->count() ? worker : -1);
    }
    m_dirty = true;
    rebuild();
}

void WorkerDetailPanel::refresh(qint64 nowUs)
{
    m_nowUs = nowUs;
    if (m_dirty)
        rebuild();
    else
        showUptime();
}

void WorkerDetailPanel::showUptime()
{
    const bool known = m_worker >= 0 && m_worker < m_tree->config().workers;
    const Record *worker = known && size_t(m_worker) < m_records.size() ? &m_records[size_t(m_worker)] : nullptr;
    // The state is the tree's: it also changes with events of the supervisors above (a stop cancels a wait).
    const std::optional<StateColor> state = known ? m_tree->state({ false, m_worker }) : std::nullopt;
    QString stateText = !known ? tr("Select a worker in the timeline, the tree or the event log")
        : state                ? StateColors::label(*state)
                               : tr("not started");
    if (worker && state == StateColor::Running && worker->ready) {
        //: %1 is the worker's state, "running"
        stateText = tr("%1, ready (it said READY=1)").arg(stateText);
    }
    if (worker && state == StateColor::Waiting && worker->restartDelayMs >= 0) {
        //: %1 is the worker's state, "waiting to restart"; %2 the restart's delay, "500 ms"
        stateText = tr("%1 (a delay of %2)").arg(stateText, durationText(worker->restartDelayMs));
    }
    setText(m_state, stateText);

    QString uptime = u"—"_s;
    if (worker && worker->startedUs >= 0 && worker->endedUs < 0) {
        uptime = secondsText(std::max<qint64>(0, m_nowUs - worker->startedUs));
    } else if (worker && worker->endedUs >= 0) {
        //: %1 is the run's time it ended at
        uptime = tr("—, down since %1").arg(TimeAxis::formatTime(worker->endedUs, 1000));
    }
    setText(m_uptime, uptime);
}

void WorkerDetailPanel::rebuild()
{
    m_dirty = false;
    const SupervisorConfig &config = m_tree->config();
    const bool known = m_worker >= 0 && m_worker < config.workers;
    for (QLabel *field : { m_incarnation, m_uptime, m_restartType, m_program, m_lastEnd })
        setRowVisible(field, known);
    m_outputTitle->setVisible(known);
    m_output->setVisible(known);
    showUptime();
    if (!known) {
        setRowVisible(m_directory, false);
        setRowVisible(m_environment, false);
        m_output->clear();
        setText(m_history, {});
        return;
    }
    const Record worker = size_t(m_worker) < m_records.size() ? m_records[size_t(m_worker)] : Record();

    setText(m_incarnation,
        worker.incarnation == 0
            ? tr("none yet")
            //: %1 is the incarnation's number
            : tr("#%1 (%n restart(s) before it)", nullptr, int(worker.incarnation) - 1).arg(worker.incarnation));
    const SupervisorConfig own = config.forWorker(m_worker);
    const RestartType type = config.restartTypeOf(m_worker);
    //: %1 is the restart type's name (permanent, transient, temporary), %2 what it means, %3 how restarts are delayed
    setText(m_restartType, tr("%1: %2; %3").arg(nameOf(type), restartTypeMeaning(type), delayModelText(own)));

    const ProgramSpec program = config.programOf(m_worker);
    setRowVisible(m_directory, program.isProgram());
    setRowVisible(m_environment, program.isProgram());
    if (program.isProgram()) {
        setText(m_program, program.commandLine());
        setText(m_directory,
            program.workingDirectory.isEmpty() ? tr("the lab's own working directory") : program.workingDirectory);
        QStringList variables;
        for (const auto &[name, value] : program.environment)
            variables << name + u'=' + value;
        setText(m_environment, variables.isEmpty() ? tr("the lab's own") : variables.join(u'\n'));
    } else {
        const QLocale locale;
        //: %1 and %2 are the shortest and longest work times in milliseconds, %3 the chance that a run fails
        setText(m_program,
            tr("none: simulated work (%1–%2 ms, failure rate %3)")
                .arg(locale.toString(own.workMinMs), locale.toString(own.workMaxMs),
                    locale.toString(own.failureRate, 'g', QLocale::FloatingPointShortest)));
    }

    const bool hasEnd = m_log && worker.lastEnd >= m_log->firstIndex() && worker.lastEnd < m_log->size();
    QString output;
    if (hasEnd) {
        const LifecycleEvent end = m_log->at(worker.lastEnd);
        //: %1 is the incarnation's number, %2 the run's time it ended at, %3 how it ended
        setText(m_lastEnd,
            tr("#%1 at %2: %3")
                .arg(QString::number(end.incarnation), TimeAxis::formatTime(end.tUs, 1000),
                    endingOf(end, worker.lastEndRanUs)));
        //: %1 is the incarnation's number
        m_outputTitle->setText(tr("Output of #%1, its last lines:").arg(end.incarnation));
        output = ProgramOutput::readable(end.output);
        m_output->setPlaceholderText(
            program.isProgram() ? tr("It wrote nothing.") : tr("A simulated worker writes no output."));
    } else {
        setText(m_lastEnd, worker.incarnation > 0 ? tr("none yet: its first incarnation is running") : tr("none yet"));
        m_outputTitle->setText(tr("Output"));
        m_output->setPlaceholderText(program.isProgram() ? tr("An incarnation's last lines show here when it ends.")
                                                         : tr("A simulated worker writes no output."));
    }
    if (m_output->toPlainText() != output)
        m_output->setPlainText(output);

    //: The worker's counts in this run: starts, failures, completions, and how many times it was stopped
    QStringList history {
        tr("%1 · %2 · %3 · %4")
            .arg(tr("%n start(s)", nullptr, int(worker.starts)), tr("%n failure(s)", nullptr, int(worker.failures)),
                tr("%n completion(s)", nullptr, int(worker.completions)), tr("%n stopped", nullptr, int(worker.stops)))
    };
    if (m_log) {
        for (size_t i = worker.recent.size(); i-- > 0;) { // the newest first
            const qsizetype index = worker.recent[i];
            if (index < m_log->firstIndex() || index >= m_log->size())
                continue;
            const LifecycleEvent event = m_log->at(index);
            const QString what = event.kind == EventKind::WorkerStarted ? tr("started") : endingOf(event, -1);
            //: A line of the history: %1 the run's time, %2 the incarnation's number, %3 what happened
            history << tr("%1  #%2 %3")
                           .arg(TimeAxis::formatTime(event.tUs, 1000), QString::number(event.incarnation), what);
        }
    }
    setText(m_history, history.join(u'\n'));
}

QString WorkerDetailPanel::stateText() const
{
    return m_state->text();
}

QString WorkerDetailPanel::programText() const
{
    return m_program->text();
}

QString WorkerDetailPanel::lastEndText() const
{
    return m_lastEnd->text();
}

QString WorkerDetailPanel::outputText() const
{
    return m_output->toPlainText();
}

QString WorkerDetailPanel::historyText() const
{
    return m_history->text();
}

} // namespace SupervisorLab
