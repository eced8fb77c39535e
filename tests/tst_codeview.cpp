#include "codeview.h"
#include "logscript.h"
#include "runtime/virtualruntime.h"
#include "teaching/patterncode.h"
#include "testsettings.h"

#include <QLabel>
#include <QScrollBar>
#include <QSet>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

using Step = PatternCode::Step;

namespace {

struct Documented
{
    QString name;
    LifecycleEvent event;
    Step step;
};

// The step of every kind of event, as patterncode.h documents it: one row per kind, and per variant that
// changes the step.
QList<Documented> documentedSteps()
{
    const auto worker = [](EventKind kind, quint32 incarnation = 1, const QString &reason = {}) {
        return LifecycleEvent::forWorker(kind, 2, incarnation, reason);
    };
    return {
        { u"run_started"_s, runStartedEvent(3), Step::Start },
        { u"supervisor_started"_s, LifecycleEvent::supervisor(EventKind::SupervisorStarted), Step::Start },
        { u"worker_started, incarnation 1"_s, worker(EventKind::WorkerStarted), Step::Start },
        { u"worker_started, incarnation 2"_s, worker(EventKind::WorkerStarted, 2), Step::Restart },
        { u"worker_started, incarnation 9"_s, worker(EventKind::WorkerStarted, 9), Step::Restart },
        { u"worker_ready (a program's READY=1)"_s, worker(EventKind::WorkerReady, 2), Step::Start },
        { u"worker_completed"_s, worker(EventKind::WorkerCompleted), Step::Completed },
        { u"worker_failed, error"_s, worker(EventKind::WorkerFailed, 1, u"error"_s), Step::Failed },
        { u"worker_failed, exception"_s, worker(EventKind::WorkerFailed, 1, u"exception: disk full"_s), Step::Failed },
        { u"worker_failed, heartbeat_timeout"_s, worker(EventKind::WorkerFailed, 1, u"heartbeat_timeout"_s),
            Step::HeartbeatMissed },
        { u"restart_scheduled"_s, LifecycleEvent::restartScheduled(2, 500, 1), Step::Delay },
        { u"worker_stopping, sibling_failed"_s, worker(EventKind::WorkerStopping, 1, u"sibling_failed"_s),
            Step::StopGroup },
        { u"worker_stopping, shutdown"_s, worker(EventKind::WorkerStopping, 1, u"shutdown"_s), Step::Stop },
        { u"worker_stopped"_s, worker(EventKind::WorkerStopped), Step::StopAcknowledged },
        { u"worker_abandoned"_s, worker(EventKind::WorkerAbandoned), Step::Abandon },
        { u"circuit_opened"_s, LifecycleEvent::circuit(EventKind::CircuitOpened, 2), Step::CircuitBreaker },
        { u"circuit_half_open"_s, LifecycleEvent::circuit(EventKind::CircuitHalfOpen, 2), Step::CircuitBreaker },
        { u"circuit_closed"_s, LifecycleEvent::circuit(EventKind::CircuitClosed, 2), Step::CircuitBreaker },
        { u"config_changed"_s, LifecycleEvent::configChanged(u"delay"_s, u"200"_s), Step::Wait },
        { u"dependency_down"_s, LifecycleEvent::dependencyChanged(EventKind::DependencyDown, 0, u"outage"_s),
            Step::Wait },
        { u"dependency_up"_s, LifecycleEvent::dependencyChanged(EventKind::DependencyUp, 0), Step::Wait },
        { u"supervisor_gave_up"_s,
            LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"restart intensity exceeded"_s), Step::GiveUp },
        { u"supervisor_stopping"_s, LifecycleEvent::supervisor(EventKind::SupervisorStopping), Step::Stop },
        { u"supervisor_stopped"_s, LifecycleEvent::supervisor(EventKind::SupervisorStopped), Step::Finished },
        { u"run_finished"_s, LifecycleEvent::runFinished({ 3, 4, 1 }), Step::Finished },
    };
}

// Words each step's highlighted code must hold: what the step is about, not where it is.
QList<std::pair<Step, QStringList>> aboutWords()
{
    return {
        { Step::Start, { u"startAll(s.children)"_s, u"incarnation 1"_s } },
        { Step::Wait, { u"select"_s, u"sleep"_s, u"<-s.settings"_s } },
        { Step::Completed, { u"exit.err == nil"_s, u"completed"_s, u"Permanent"_s } },
        { Step::Failed, { u"failed"_s, u"Temporary"_s } },
        { Step::HeartbeatMissed, { u"heartbeatDeadline"_s, u"ErrHung"_s } },
        { Step::CircuitBreaker, { u"breaker"_s, u"K failures"_s } },
        { Step::GiveUp, { u"MaxRestarts"_s, u"ErrGaveUp"_s } },
        { Step::Delay, { u"cfg.Delay"_s, u"Factor"_s, u"MaxDelay"_s, u"jitter"_s, u"timer"_s } },
        { Step::StopGroup, { u"groupOf"_s, u"\"sibling_failed\""_s } },
        { Step::Restart, { u"<-s.restartDue"_s, u"startAll(group)"_s, u"next incarnation"_s } },
        { Step::Stop, { u"shutdown"_s, u"stopAll"_s } },
        { Step::StopAcknowledged, { u"waitFor"_s, u"ShutdownTimeout"_s } },
        { Step::Abandon, { u"abandon"_s, u"ignored"_s } },
        { Step::Finished, { u"return"_s, u"the supervisor has stopped"_s } },
    };
}

QString blockText(Step step)
{
    const auto [first, last] = PatternCode::linesOf(step);
    return PatternCode::lines().mid(first, last - first + 1).join(u'\n');
}

QTextEdit *textOf(const CodeView &view)
{
    return view.findChild<QTextEdit *>(u"codeText"_s);
}

// The lines drawn highlighted, read from the screen: at the right edge of a line, where no text reaches, the
// colour differs from the editor's background.
QList<int> linesHighlightedOnScreen(const CodeView &view)
{
    QTextEdit *text = textOf(view);
    const QImage image = text->viewport()->grab().toImage();
    const QColor background = text->viewport()->palette().color(QPalette::Base);
    QList<int> lines;
    for (QTextBlock block = text->document()->begin(); block.isValid(); block = block.next()) {
        const int y = int(text->cursorRect(QTextCursor(block)).center().y() * image.devicePixelRatio());
        if (y >= 0 && y < image.height() && image.pixelColor(image.width() - 2, y) != background)
            lines << block.blockNumber();
    }
    return lines;
}

// The colour of the highlight band and of its accent at the left edge, at the middle of the highlight.
std::pair<QColor, QColor> highlightColors(const CodeView &view)
{
    QTextEdit *text = textOf(view);
    const QImage image = text->viewport()->grab().toImage();
    const int line = view.highlightedLines().first;
    const int y = int(text->cursorRect(QTextCursor(text->document()->findBlockByNumber(line))).center().y()
        * image.devicePixelRatio());
    return { image.pixelColor(image.width() - 2, y), image.pixelColor(0, y) };
}

QList<int> range(std::pair<int, int> lines)
{
    QList<int> numbers;
    for (int line = lines.first; line <= lines.second; ++line)
        numbers << line;
    return numbers;
}

bool lineInSight(QTextEdit *text, int line)
{
    const QRect rect = text->cursorRect(QTextCursor(text->document()->findBlockByNumber(line)));
    return text->viewport()->rect().contains(rect);
}

} // namespace

class TestCodeView : public QObject
{
    Q_OBJECT

private slots:
    void everyEventGetsItsStep_data();
    void everyEventGetsItsStep();
    void everyKindOfEventHasADocumentedStep();
    void eachBlockHoldsWhatItIsAbout_data();
    void eachBlockHoldsWhatItIsAbout();
    void blocksAreShortInsideTheTextAndApart();
    void showStepOfMovesTheHighlightAndTheCaption();
    void theSameEventAgainChangesNothing();
    void clearRemovesTheHighlight();
    void theHighlightReadsOnLightAndDarkPalettes();
    void realRunsMapEveryEventToAStep();
};

void TestCodeView::everyEventGetsItsStep_data()
{
    QTest::addColumn<LifecycleEvent>("event");
    QTest::addColumn<int>("step");
    for (const Documented &row : documentedSteps())
        QTest::newRow(qPrintable(row.name)) << row.event << int(row.step);
}

void TestCodeView::everyEventGetsItsStep()
{
    QFETCH(LifecycleEvent, event);
    QFETCH(int, step);
    const std::optional<Step> found = PatternCode::stepFor(event);
    QVERIFY(found);
    QCOMPARE(int(*found), step);
}

void TestCodeView::everyKindOfEventHasADocumentedStep()
{
    const QList<Documented> documented = documentedSteps();
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        const bool hasRow = std::any_of(documented.cbegin(), documented.cend(),
            [kind](const Documented &row) { return row.event.kind == EventKind(kind); });
        QVERIFY2(hasRow, qPrintable(eventName(EventKind(kind)) + u" has no documented step"_s));
        LifecycleEvent bare;
        bare.kind = EventKind(kind);
        QVERIFY2(PatternCode::stepFor(bare), qPrintable(eventName(EventKind(kind))));
    }
}

void TestCodeView::eachBlockHoldsWhatItIsAbout_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<QStringList>("words");
    for (const auto &[step, words] : aboutWords())
        QTest::newRow(qPrintable(PatternCode::caption(step).section(u':', 0, 0))) << int(step) << words;
}

void TestCodeView::eachBlockHoldsWhatItIsAbout()
{
    QFETCH(int, step);
    QFETCH(QStringList, words);
    const QString text = blockText(Step(step));
    for (const QString &word : words)
        QVERIFY2(text.contains(word), qPrintable(u"'%1' is not in:\n%2"_s.arg(word, text)));
}

void TestCodeView::blocksAreShortInsideTheTextAndApart()
{
    const qsizetype lineCount = PatternCode::lines().size();
    QVERIFY2(lineCount >= 35 && lineCount <= 60, qPrintable(QString::number(lineCount)));
    QSet<Step> described;
    for (const auto &[step, words] : aboutWords())
        described.insert(step);
    QSet<int> taken;
    QSet<QString> captions;
    for (int index = 0; index < PatternCode::kStepCount; ++index) {
        const Step step = Step(index);
        const QString caption = PatternCode::caption(step);
        QVERIFY2(described.contains(step), qPrintable(caption + u": nothing says what its code is about"_s));
        QVERIFY(caption.startsWith(u"The "_s));
        captions.insert(caption);
        const auto [first, last] = PatternCode::linesOf(step);
        QVERIFY2(first >= 0 && last < lineCount && first <= last && last - first < 3, qPrintable(caption));
        for (int line = first; line <= last; ++line) {
            QVERIFY2(!PatternCode::lines().at(line).trimmed().isEmpty(), qPrintable(caption));
            QVERIFY2(!taken.contains(line), qPrintable(caption + u": line %1 is another step's"_s.arg(line)));
            taken.insert(line);
        }
    }
    QCOMPARE(captions.size(), PatternCode::kStepCount);
}

void TestCodeView::showStepOfMovesTheHighlightAndTheCaption()
{
    CodeView view;
    QCOMPARE(view.objectName(), u"codeView"_s);
    view.resize(420, 260);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTextEdit *text = textOf(view);
    QVERIFY(text && text->isReadOnly());
    QCOMPARE(text->toPlainText(), PatternCode::lines().join(u'\n'));
    QVERIFY(linesHighlightedOnScreen(view).isEmpty());
    QVERIFY(!view.currentStep());

    view.showStepOf(LifecycleEvent::forWorker(EventKind::WorkerFailed, 2, 1, u"error"_s));
    QCOMPARE(view.currentStep(), std::optional(Step::Failed));
    QCOMPARE(view.highlightedLines(), PatternCode::linesOf(Step::Failed));
    QCOMPARE(linesHighlightedOnScreen(view), range(PatternCode::linesOf(Step::Failed)));
    QCOMPARE(view.captionText(), u"Worker 2 failed (error) — the failure branch: decide whether and when to restart"_s);
    QCOMPARE(view.findChild<QLabel *>(u"codeCaption"_s)->text(),
        u"<b>Worker 2 failed (error)</b> — the failure branch: decide whether and when to restart"_s);

    // Each step comes into sight, wherever it is in the code.
    for (const Documented &row : documentedSteps()) {
        view.showStepOf(row.event);
        QCOMPARE(view.currentStep(), std::optional(row.step));
        const auto [first, last] = PatternCode::linesOf(row.step);
        QVERIFY2(lineInSight(text, first) && lineInSight(text, last), qPrintable(row.name));
        QCOMPARE(linesHighlightedOnScreen(view), range(PatternCode::linesOf(row.step)));
        QVERIFY2(view.captionText().endsWith(PatternCode::caption(row.step).mid(1)), qPrintable(view.captionText()));
    }
    view.showStepOf(LifecycleEvent::restartScheduled(0, 400, 3));
    QCOMPARE(view.currentStep(), std::optional(Step::Delay));
    QVERIFY(view.captionText().startsWith(u"Worker 0 restarts in 400 ms — the delay"_s));
}

void TestCodeView::theSameEventAgainChangesNothing()
{
    CodeView view;
    view.resize(420, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *scrollBar = textOf(view)->verticalScrollBar();
    QVERIFY(scrollBar->maximum() > 0);
    QCOMPARE(scrollBar->value(), 0); // a new view shows the code from its start

    const LifecycleEvent stopped = LifecycleEvent::forWorker(EventKind::WorkerStopped, 1, 4);
    view.showStepOf(stopped);
    QVERIFY(scrollBar->value() > 0);
    scrollBar->setValue(0); // the user scrolls up to read the start
    view.showStepOf(stopped);
    QCOMPARE(scrollBar->value(), 0);

    // Another event of the same step: a new caption, and the view stays where the user put it.
    view.showStepOf(LifecycleEvent::forWorker(EventKind::WorkerStopped, 3, 1));
    QCOMPARE(scrollBar->value(), 0);
    QVERIFY(view.captionText().startsWith(u"Worker 3 stopped"_s));
    QCOMPARE(view.highlightedLines(), PatternCode::linesOf(Step::StopAcknowledged));

    // A new step is brought into sight.
    view.showStepOf(LifecycleEvent::forWorker(EventKind::WorkerAbandoned, 3, 1));
    QVERIFY(scrollBar->value() > 0);
}

void TestCodeView::clearRemovesTheHighlight()
{
    CodeView view;
    view.resize(420, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString idle = view.captionText();
    const LifecycleEvent delay = LifecycleEvent::restartScheduled(1, 500, 1);
    view.showStepOf(delay);
    QVERIFY(!linesHighlightedOnScreen(view).isEmpty());
    QVERIFY(view.captionText() != idle);

    view.clear();
    QVERIFY(!view.currentStep());
    QCOMPARE(view.highlightedLines(), std::pair(-1, -1));
    QVERIFY(linesHighlightedOnScreen(view).isEmpty());
    QCOMPARE(view.captionText(), idle);

    view.showStepOf(delay); // the same event as before the clear is shown again
    QCOMPARE(linesHighlightedOnScreen(view), range(PatternCode::linesOf(Step::Delay)));
}

void TestCodeView::theHighlightReadsOnLightAndDarkPalettes()
{
    for (const bool dark : { false, true }) {
        QPalette palette;
        palette.setColor(QPalette::Base, dark ? QColor(0x1e1e1e) : QColor(0xffffff));
        palette.setColor(QPalette::Text, dark ? QColor(0xe8e8e8) : QColor(0x1a1a1a));
        palette.setColor(QPalette::Highlight, dark ? QColor(0x2a82da) : QColor(0x308cc6));
        CodeView view;
        view.setPalette(palette);
        view.resize(420, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showStepOf(LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"too many"_s));
        const auto [band, accent] = highlightColors(view);
        const qreal base = palette.color(QPalette::Base).lightnessF();
        const qreal text = palette.color(QPalette::Text).lightnessF();
        const char *palettes = dark ? "dark" : "light";
        QVERIFY2(std::abs(band.lightnessF() - base) > 0.05, palettes); // visible
        QVERIFY2(std::abs(band.lightnessF() - text) > 0.4, palettes); // the text on it stays readable
        QCOMPARE(accent, palette.color(QPalette::Highlight));
    }
}

void TestCodeView::realRunsMapEveryEventToAStep()
{
    const QList<QStringList> runs {
        { u"workers=4"_s, u"strategy=one-for-all"_s, u"failure_mode=mixed"_s, u"failure_rate=0.5"_s, u"work_min=50"_s,
            u"work_max=400"_s, u"breaker_threshold=3"_s, u"heartbeat_timeout=200"_s, u"shutdown_timeout=100"_s,
            u"duration=20000"_s, u"seed=9"_s },
        { u"workers=3"_s, u"strategy=rest-for-one"_s, u"failure_mode=hang"_s, u"failure_rate=0.4"_s, u"work_min=50"_s,
            u"work_max=300"_s, u"heartbeat_timeout=5000"_s, u"shutdown_timeout=50"_s, u"duration=3000"_s, u"seed=4"_s },
        { u"workers=2"_s, u"failure_rate=1"_s, u"max_restarts=3"_s, u"within=60000"_s, u"seed=2"_s },
    };
    CodeView view;
    QSet<Step> seen;
    for (const QStringList &settings : runs) {
        VirtualRuntime runtime(withSettings(SupervisorConfig(), QStringList { u"virtual_time=true"_s } + settings));
        runtime.step(); // begins the run: run_started comes first
        runtime.runUntil(1'000'000);
        QVERIFY(runtime.changeParameter(u"delay"_s, u"150"_s).isEmpty());
        runtime.run();
        for (const LifecycleEvent &event : runtime.log()->events()) {
            const std::optional<Step> step = PatternCode::stepFor(event);
            QVERIFY2(step, qPrintable(eventName(event.kind) + u" has no step"_s));
            view.showStepOf(event);
            QCOMPARE(view.currentStep(), step);
            QCOMPARE(view.highlightedLines(), PatternCode::linesOf(*step));
            seen.insert(*step);
        }
    }
    for (int step = 0; step < PatternCode::kStepCount; ++step)
        QVERIFY2(seen.contains(Step(step)), qPrintable(PatternCode::caption(Step(step)) + u": never seen"_s));
}

QTEST_MAIN(TestCodeView)
#include "tst_codeview.moc"
