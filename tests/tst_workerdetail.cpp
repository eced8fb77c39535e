#include "events/eventlog.h"
#include "logscript.h"
#include "programconsent.h"
#include "programoutput.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"
#include "tree/supervisiontreemodel.h"
#include "workerdetailpanel.h"

#include <QFontInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QFontMetrics>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTest>

#include <utility>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1'000'000;

SupervisorConfig configFrom(const char *json)
{
    SupervisorConfig config;
    const QString error = config.applyJson(QJsonDocument::fromJson(json).object());
    if (!error.isEmpty())
        qFatal("bad test config: %s", qPrintable(error));
    return config;
}

// Two workers running `sh -c 'echo boom; exit 3'` in /tmp with FOO=bar: worker 0 fails at 1 s, writing "serving",
// some markup, a line in terminal colours and "boom", and is restarted at 1.5 s; worker 1 runs on.
struct ProgramRun
{
    SupervisorConfig config = configFrom(R"({"workers": 2, "command": ["sh", "-c", "echo boom; exit 3"],
        "cwd": "/tmp", "env": {"FOO": "bar"}, "delay": 500})");
    EventLog log;
    qsizetype failure = -1;

    ProgramRun()
    {
        add(0, LifecycleEvent::runStarted({ u"test"_s, 1, config.toJson() }));
        add(0, LifecycleEvent::supervisor(EventKind::SupervisorStarted));
        add(0, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 1));
        add(0, LifecycleEvent::forWorker(EventKind::WorkerStarted, 1, 1));
        add(10 * kMs, LifecycleEvent::forWorker(EventKind::WorkerReady, 0, 1));
        LifecycleEvent failed = LifecycleEvent::workerFailed(0, 1, FailureKind::ExitStatus, u"3"_s);
        failed.output = u"serving\n<b>not bold</b>\n\x1b[31mred alert\x1b[0m\r\nboom\n"_s;
        failure = add(1 * kSecond, failed);
        add(1 * kSecond, LifecycleEvent::restartScheduled(0, 500, 1));
        add(1500 * kMs, LifecycleEvent::forWorker(EventKind::WorkerStarted, 0, 2));
    }
    qsizetype add(qint64 tUs, LifecycleEvent event)
    {
        if (!log.append(at(tUs, std::move(event))))
            qFatal("events out of order in a test run");
        return log.size() - 1;
    }
    std::shared_ptr<const EventLog> shared()
    {
        return { &log, [](const EventLog *) {} };
    }
};

// The tree and the pane, fed as the window's feed feeds them.
struct Pane
{
    SupervisionTreeModel tree;
    WorkerDetailPanel panel { &tree };

    void setLog(const std::shared_ptr<const EventLog> &log)
    {
        tree.setLog(log);
        panel.setLog(log);
    }
    void takeIn(qsizetype end)
    {
        tree.takeIn(end);
        panel.takeIn(end);
    }
    void read(qint64 nowUs)
    {
        tree.refresh();
        panel.refresh(nowUs);
    }
};

} // namespace

class TestWorkerDetail : public QObject
{
    Q_OBJECT

private slots:
    void eachProgramIsListedOnceWithItsWorkers();
    void consentToACommandCoversThatCommandAlone();
    void outputIsShownAsThePlainTextItWas();
    void aTooltipKeepsTheLastLinesOfOutput();
    void thePaneShowsAProgramsEndAndItsOutput();
    void thePaneShowsNewsOnlyWhenRefreshed();
    void thePaneShowsASimulatedWorkerWithoutAProgram();
    void theTimelineTooltipExplainsAProgramsEnd();
};

void TestWorkerDetail::eachProgramIsListedOnceWithItsWorkers()
{
    const SupervisorConfig config = configFrom(R"({"tree": {"name": "app", "children": [
        {"name": "web", "count": 3, "command": ["./server", "--port", "8080"]},
        {"name": "batch", "command": ["./server", "--port", "8080"], "env": {"MODE": "batch"}},
        {"name": "sim"} ]}})");
    const QList<ProgramConsent::Program> programs = ProgramConsent::programsOf(config);
    QCOMPARE(programs.size(), 2); // the same command with another environment is another program
    QCOMPARE(programs.at(0).workers, (QStringList { u"web-1"_s, u"web-2"_s, u"web-3"_s }));
    QCOMPARE(programs.at(0).text(), u"web-1 … web-3 (3 workers): ./server --port 8080"_s);
    QCOMPARE(programs.at(1).text(), u"batch: ./server --port 8080\n    with MODE=batch"_s);

    QVERIFY(ProgramConsent::programsOf(SupervisorConfig()).isEmpty()); // simulated workers run nothing
}

void TestWorkerDetail::consentToACommandCoversThatCommandAlone()
{
    const SupervisorConfig config = configFrom(R"({"tree": {"name": "app", "children": [
        {"name": "a", "command": ["sh", "-c", "exit 3"]},
        {"name": "b", "command": ["rm", "-rf", "/tmp/nothing-here"]} ]}})");
    ProgramConsent consent;
    QCOMPARE(consent.notAllowed(config).size(), 2);
    consent.allow(config, { u"sh"_s, u"-c"_s, u"exit 3"_s }); // as --command "sh -c 'exit 3'" does
    const QList<ProgramConsent::Program> missing = consent.notAllowed(config);
    QCOMPARE(missing.size(), 1);
    QCOMPARE(missing.first().spec.command.first(), u"rm"_s);
    consent.allow(config);
    QVERIFY(consent.notAllowed(config).isEmpty());

    // The same command started somewhere else is asked about again.
    SupervisorConfig moved = config;
    moved.program.workingDirectory = u"/elsewhere"_s;
    QCOMPARE(consent.notAllowed(moved).size(), 2);
}

void TestWorkerDetail::outputIsShownAsThePlainTextItWas()
{
    QCOMPARE(ProgramOutput::readable(u"\x1b[1;31mred\x1b[0m and \x1b]0;title\x07plain\r\n"_s), u"red and plain\n"_s);
    QCOMPARE(ProgramOutput::readable(u"a\tb\x07\x08\x7f\u0085c\n"_s), u"a\tbc\n"_s);
    // Characters that would reorder what is shown are dropped; markup stays as written.
    QCOMPARE(ProgramOutput::readable(u"x\u202Eevil\u202C <b>y</b>\n"_s), u"xevil <b>y</b>\n"_s);
}

void TestWorkerDetail::aTooltipKeepsTheLastLinesOfOutput()
{
    QString output;
    for (int line = 1; line <= 10; ++line)
        output += u"line %1\n"_s.arg(line);
    QCOMPARE(ProgramOutput::tail(output, 3, 120), u"  [7 earlier line(s) not shown]\n  line 8\n  line 9\n  line 10"_s);
    // The engine's own count of lines it did not keep adds to the lines left out.
    QCOMPARE(ProgramOutput::tail(u"[5 earlier lines not kept]\nlast\n"_s, 3, 120),
        u"  [5 earlier line(s) not shown]\n  last"_s);
    QCOMPARE(ProgramOutput::tail(QString(QString(30, u'x') + u'\n'), 3, 10), u"  xxxxxxxxx…"_s);
    QCOMPARE(ProgramOutput::tail(u"\n  \n"_s, 3, 120), QString());
}

void TestWorkerDetail::thePaneShowsAProgramsEndAndItsOutput()
{
    ProgramRun run;
    Pane pane;
    pane.setLog(run.shared());
    pane.panel.showWorker(0);
    pane.takeIn(run.log.size());
    pane.read(2 * kSecond);

    QCOMPARE(pane.panel.stateText(), u"running"_s);
    QCOMPARE(pane.panel.programText(), u"sh -c 'echo boom; exit 3'"_s);
    auto *directory = pane.panel.findChild<QLabel *>(u"workerDirectory"_s);
    auto *environment = pane.panel.findChild<QLabel *>(u"workerEnvironment"_s);
    QVERIFY(directory && environment);
    QCOMPARE(directory->text(), u"/tmp"_s);
    QCOMPARE(environment->text(), u"FOO=bar"_s);
    QCOMPARE(pane.panel.findChild<QLabel *>(u"workerIncarnation"_s)->text(), u"#2 (1 restart(s) before it)"_s);
    QCOMPARE(pane.panel.findChild<QLabel *>(u"workerUptime"_s)->text(), u"0.5 s"_s);
    QVERIFY2(pane.panel.findChild<QLabel *>(u"workerRestartType"_s)->text().startsWith(u"permanent"_s),
        qPrintable(pane.panel.findChild<QLabel *>(u"workerRestartType"_s)->text()));

    QVERIFY2(
        pane.panel.lastEndText().contains(u"#1 at 1.000 s: exit 3 after 1 s"_s), qPrintable(pane.panel.lastEndText()));
    // The box is plain text: markup shows as written, terminal colours and carriage returns are gone.
    QCOMPARE(pane.panel.outputText(), u"serving\n<b>not bold</b>\nred alert\nboom\n"_s);
    auto *box = pane.panel.findChild<QPlainTextEdit *>(u"workerOutput"_s);
    QVERIFY(box && box->isReadOnly());
    // Monospace by its glyphs: some monospace fonts (Noto Sans Mono) do not say they are fixed-pitch.
    const QFontMetrics glyphs(box->font());
    QCOMPARE(glyphs.horizontalAdvance(u"iiiiiiii"_s), glyphs.horizontalAdvance(u"MMMMMMMM"_s));

    const QString history = pane.panel.historyText();
    QVERIFY2(history.startsWith(u"2 start(s) · 1 failure(s) · 0 completion(s) · 0 stopped"_s), qPrintable(history));
    QVERIFY2(history.contains(u"1.500 s  #2 started\n1.000 s  #1 exit 3\n0.000 s  #1 started"_s), qPrintable(history));

    // Its neighbour, chosen in the pane, has not ended yet.
    pane.panel.showWorker(1);
    QCOMPARE(pane.panel.stateText(), u"running"_s);
    QCOMPARE(pane.panel.outputText(), QString());
    QVERIFY2(pane.panel.lastEndText().startsWith(u"none yet"_s), qPrintable(pane.panel.lastEndText()));
}

void TestWorkerDetail::thePaneShowsNewsOnlyWhenRefreshed()
{
    ProgramRun run;
    Pane pane;
    pane.setLog(run.shared());
    pane.panel.showWorker(0);
    pane.takeIn(run.failure); // up to the failure, not including it
    pane.read(500 * kMs);
    QCOMPARE(pane.panel.stateText(), u"running, ready (it said READY=1)"_s);
    QCOMPARE(pane.panel.outputText(), QString());

    // Taken in, not shown: the pane changes at the feed's reading pace, not per event.
    pane.takeIn(run.log.size());
    QCOMPARE(pane.panel.outputText(), QString());
    QCOMPARE(pane.panel.stateText(), u"running, ready (it said READY=1)"_s);
    pane.read(1200 * kMs);
    QVERIFY(pane.panel.outputText().contains(u"boom"_s));
}

void TestWorkerDetail::thePaneShowsASimulatedWorkerWithoutAProgram()
{
    LogScript script { { u"workers=1"_s, u"delay=250"_s } };
    script.start(0, 0, 1);
    script.end(400 * kMs, EventKind::WorkerFailed, 0, 1, u"exception: boom"_s);
    script.schedule(400 * kMs, 0, 250, 1);
    Pane pane;
    pane.tree.setPlannedConfig(withSettings(SupervisorConfig(), { u"workers=1"_s }));
    pane.setLog({ &script.log, [](const EventLog *) {} });
    pane.panel.showWorker(0);
    pane.takeIn(script.log.size());
    pane.read(500 * kMs);
    QCOMPARE(pane.panel.stateText(), u"waiting to restart (a delay of 250 ms)"_s);
    QCOMPARE(pane.panel.findChild<QLabel *>(u"workerUptime"_s)->text(), u"—, down since 0.400 s"_s);
    QVERIFY2(pane.panel.programText().startsWith(u"none: simulated work"_s), qPrintable(pane.panel.programText()));
    QVERIFY(!pane.panel.findChild<QLabel *>(u"workerDirectory"_s)->isVisibleTo(&pane.panel));
    QVERIFY2(pane.panel.lastEndText().contains(u"failed: exception: boom after 400 ms"_s),
        qPrintable(pane.panel.lastEndText()));

    pane.panel.showWorker(-1);
    QVERIFY2(pane.panel.stateText().startsWith(u"Select a worker"_s), qPrintable(pane.panel.stateText()));
}

void TestWorkerDetail::theTimelineTooltipExplainsAProgramsEnd()
{
    ProgramRun run;
    TimelineModel model;
    model.setLog(run.shared());
    TimelineView view;
    view.setModel(&model);
    view.resize(800 + TimelineView::kGutterWidth + view.verticalScrollBar()->sizeHint().width() + 2, 400);
    view.show();
    view.setNow(2 * kSecond);
    view.setAxis(view.axis().showing(0, 2 * kSecond));
    const auto at = [&](qint64 tUs, int worker) {
        return QPoint(int(std::lround(TimelineView::kGutterWidth + view.axis().mapTimeToX(tUs))),
            view.laneRect(model.rowOfWorker(worker)).center().y());
    };

    const QString marker = view.toolTipAt(at(1 * kSecond, 0));
    QVERIFY2(marker.contains(u"reason: exit 3\nlast output:\n"_s), qPrintable(marker));
    QVERIFY2(marker.endsWith(u"  serving\n  <b>not bold</b>\n  red alert\n  boom"_s), qPrintable(marker));

    const QString bar = view.toolTipAt(at(500 * kMs, 0));
    QVERIFY2(bar.startsWith(u"Worker 0, incarnation 1\n"_s), qPrintable(bar));
    QVERIFY2(bar.contains(u"ran for 1 s\nended: exit 3\nlast output:\n"_s), qPrintable(bar));
    QVERIFY2(bar.endsWith(u"  boom"_s), qPrintable(bar));

    // A bar still running has no end to explain.
    const QString running = view.toolTipAt(at(500 * kMs, 1));
    QVERIFY2(running.startsWith(u"Worker 1, incarnation 1\n"_s) && !running.contains(u"output"_s), qPrintable(running));
}

QTEST_MAIN(TestWorkerDetail)
#include "tst_workerdetail.moc"
