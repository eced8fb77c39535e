#include "analysis/replaycursor.h"
#include "controlpanel.h"
#include "eventlogpanel.h"
#include "events/eventlog.h"
#include "io/logexporter.h"
#include "io/logimporter.h"
#include "mainwindow.h"
#include "patience.h"
#include "replaybar.h"
#include "runcontroller.h"
#include "runtime/virtualruntime.h"
#include "testruns.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"

#include <QAbstractButton>
#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<EventLog> recordedRun(const QStringList &settings = {})
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        QStringList { u"workers=3"_s, u"seed=11"_s, u"duration=3000"_s, u"virtual_time=true"_s } + settings));
    runtime.run();
    return runtime.log();
}

qsizetype eventsUntil(const EventLog &log, qint64 tUs)
{
    qsizetype count = 0;
    while (count < log.size() && log.timeAt(count) <= tUs)
        ++count;
    return count;
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cursorShowsTheRecordingUpToItsPosition();
    void cursorMovingBackStartsAFreshLog();
    void controllerStepsSeeksAndRewinds();
    void controllerPlaysToTheEnd();
    void windowReplaysAnExportedLog();
    void windowSeeksWithTheSlider();
    void aBadFileChangesNothing();
    void exportDuringAReplayWritesTheWholeRecording();
    void closingAndRunningLive();
    void droppingALogOpensIt();
    void oneToggleSaysPlayOrPause();
    void aClickOnTheSeekBarJumpsThere();
};

void TestReplay::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestReplay::init()
{
    QSettings().clear();
}

void TestReplay::cursorShowsTheRecordingUpToItsPosition()
{
    const auto recording = recordedRun();
    ReplayCursor cursor(recording);
    QCOMPARE(cursor.positionUs(), 0);
    QCOMPARE(cursor.shown()->size(), eventsUntil(*recording, 0));
    QVERIFY(cursor.shown()->size() >= 3); // run_started, supervisor_started and the first starts share instant 0
    QCOMPARE(cursor.durationUs(), recording->lastTimeUs());

    const auto shown = cursor.shown();
    for (const qint64 t : { qint64(250'000), qint64(1'000'000), qint64(2'999'999) }) {
        QVERIFY(!cursor.moveTo(t));
        QCOMPARE(cursor.shown(), shown); // forward: the same log grows
        QCOMPARE(shown->size(), eventsUntil(*recording, t));
    }
    QCOMPARE(cursor.nextEventUs(), recording->timeAt(shown->size()));
    QVERIFY(!cursor.moveTo(recording->lastTimeUs() + 5'000'000)); // clamped to the end
    QCOMPARE(cursor.positionUs(), recording->lastTimeUs());
    QVERIFY(cursor.atEnd());
    QCOMPARE(cursor.nextEventUs(), -1);
    QCOMPARE(shown->events(), recording->events());
    QCOMPARE(shown->header(), recording->header());
}

void TestReplay::cursorMovingBackStartsAFreshLog()
{
    const auto recording = recordedRun();
    ReplayCursor cursor(recording);
    cursor.moveTo(2'000'000);
    const auto before = cursor.shown();
    QVERIFY(cursor.moveTo(700'000));
    QVERIFY(cursor.shown() != before);
    QCOMPARE(before->size(), eventsUntil(*recording, 2'000'000)); // a view still reading the old log is undisturbed
    QCOMPARE(cursor.shown()->size(), eventsUntil(*recording, 700'000));
    QCOMPARE(cursor.shown()->events(), recording->events(0, cursor.shown()->size()));
}

void TestReplay::controllerStepsSeeksAndRewinds()
{
    RunController controller;
    QSignalSpy started(&controller, &RunController::runStarted);
    const auto recording = recordedRun();
    controller.openReplay(recording, u"run.jsonl"_s);
    QVERIFY(controller.isReplay());
    QCOMPARE(controller.state(), RunController::State::Paused);
    QCOMPARE(started.size(), 1);
    QCOMPARE(controller.log()->size(), eventsUntil(*recording, 0));
    QVERIFY(!controller.stopAction()->isEnabled());
    QCOMPARE(controller.startAction()->text(), u"&Play"_s);

    // Step: to the next instant at which something happened, with everything that happened then.
    const qint64 next = recording->timeAt(controller.log()->size());
    controller.step();
    QCOMPARE(controller.nowUs(), next);
    QCOMPARE(controller.log()->size(), eventsUntil(*recording, next));
    QCOMPARE(controller.state(), RunController::State::Paused);

    controller.seek(2'000'000);
    QCOMPARE(controller.nowUs(), 2'000'000);
    QCOMPARE(controller.log()->size(), eventsUntil(*recording, 2'000'000));
    QCOMPARE(started.size(), 1); // forward: the views keep their log

    controller.seek(500'000);
    QCOMPARE(started.size(), 2); // back: the views start over from a fresh log
    QCOMPARE(started.last().first().value<std::shared_ptr<const EventLog>>(), controller.log());
    QCOMPARE(controller.log()->size(), eventsUntil(*recording, 500'000));

    controller.seek(recording->lastTimeUs());
    QCOMPARE(controller.state(), RunController::State::Finished);
    QVERIFY(!controller.stepAction()->isEnabled());
    controller.reset();
    QCOMPARE(controller.nowUs(), 0);
    QCOMPARE(controller.state(), RunController::State::Paused);
    QVERIFY(controller.isReplay()); // reset rewinds; it does not leave the replay
}

void TestReplay::controllerPlaysToTheEnd()
{
    RunController controller;
    controller.setSpeed(RunController::kMaxSpeed);
    const auto recording = recordedRun({ u"duration=400"_s });
    controller.openReplay(recording, u"short.csv"_s);
    QSignalSpy states(&controller, &RunController::stateChanged);
    controller.start();
    QCOMPARE(controller.state(), RunController::State::Running);
    QVERIFY(!controller.startAction()->isEnabled());
    // 0.4 s of recording at 10× takes about 40 ms of real time.
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), RunController::State::Finished, kPatienceMs);
    QCOMPARE(controller.log()->events(), recording->events());
    QCOMPARE(controller.nowUs(), recording->lastTimeUs());
    // Play at the end starts over.
    controller.start();
    QCOMPARE(controller.state(), RunController::State::Running);
    QVERIFY(controller.nowUs() < recording->lastTimeUs());
    controller.setPaused(true);
    QCOMPARE(controller.state(), RunController::State::Paused);
}

void TestReplay::windowReplaysAnExportedLog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"storm.jsonl"_s);
    const auto recording = recordedRun({ u"failure_rate=0.8"_s });
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));

    MainWindow window;
    window.show();
    QVERIFY2(window.openReplay(path, &error), qPrintable(error));
    QVERIFY(window.windowTitle().contains(u"replay of storm.jsonl"_s));
    QVERIFY(window.replayBar()->isVisible());
    // "worker(s)": the source text of a plural; the English translation says "workers".
    QVERIFY2(window.replayBar()->summary().contains(u"seed 11, 3 worker(s), one-for-one"_s),
        qPrintable(window.replayBar()->summary()));
    QVERIFY(!window.controls()->isEnabled());

    window.controller()->seek(recording->lastTimeUs());
    window.refreshViews();
    QCOMPARE(window.timelineModel()->eventCount(), recording->size());
    QCOMPARE(window.eventLog()->view()->model()->rowCount(), int(recording->size()));
    QVERIFY2(window.statusText().contains(u"Restarts %1"_s.arg(recording->counts().restarts)),
        qPrintable(window.statusText()));
    QVERIFY2(window.statusText().startsWith(u"Replay: at the end"_s), qPrintable(window.statusText()));
    QVERIFY2(window.replayBar()->summary().endsWith(u"3.000 s / 3.000 s"_s), qPrintable(window.replayBar()->summary()));
}

void TestReplay::windowSeeksWithTheSlider()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"run.csv"_s);
    const auto recording = recordedRun();
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));
    MainWindow window;
    window.show();
    QVERIFY2(window.openReplay(path, &error), qPrintable(error));

    QSlider *slider = window.replayBar()->slider();
    slider->setValue(ReplayBar::kSliderSteps / 2); // as a click on the groove or a key press does
    const qint64 half = recording->lastTimeUs() / 2;
    QCOMPARE(window.controller()->nowUs(), half);
    window.refreshViews();
    QCOMPARE(window.timelineModel()->eventCount(), eventsUntil(*recording, half));
    QCOMPARE(window.timeline()->nowUs(), half);

    window.controller()->step();
    window.refreshViews();
    QCOMPARE(slider->value(),
        int(std::llround(double(window.controller()->nowUs()) * ReplayBar::kSliderSteps / recording->lastTimeUs())));
}

void TestReplay::aBadFileChangesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.jsonl"_s);
    const auto recording = recordedRun();
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));
    QByteArray bytes = fileContents(path);
    bytes.insert(bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1, "{\"t_us\":12,\"event\":\"worker_exploded\"}\n");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    MainWindow window;
    window.setConfig(withSettings(SupervisorConfig(), { u"seed=5"_s, u"virtual_time=true"_s }), u"custom"_s);
    window.show();
    window.controller()->start();
    QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), RunController::State::Finished, kPatienceMs);
    const auto shown = window.controller()->log();
    const QString status = window.statusText();

    QVERIFY(!window.openReplay(path, &error));
    QCOMPARE(error, path + u":3: unknown event 'worker_exploded'"_s);
    QCOMPARE(window.controller()->log(), shown);
    QVERIFY(!window.controller()->isReplay());
    QCOMPARE(window.statusText(), status);
    QVERIFY(!window.replayBar()->isVisible());
    QCOMPARE(window.windowTitle(), u"Supervisor Lab"_s);
}

void TestReplay::exportDuringAReplayWritesTheWholeRecording()
{
    QTemporaryDir dir;
    const QString original = dir.filePath(u"original.jsonl"_s);
    const auto recording = recordedRun({ u"strategy=one-for-all"_s });
    QString error;
    QVERIFY(LogExporter::save(*recording, original, &error));
    MainWindow window;
    QVERIFY2(window.openReplay(original, &error), qPrintable(error));
    window.controller()->seek(1'000'000); // partway: the export is still the whole recording

    for (const QString &name : { u"copy.jsonl"_s, u"copy.csv"_s }) {
        const QString copy = dir.filePath(name);
        QVERIFY2(window.exportLog(copy, &error), qPrintable(error));
        QString reread;
        const auto back = LogImporter::load(copy, &reread);
        QVERIFY2(back, qPrintable(reread));
        QCOMPARE(back->events(), recording->events());
    }
    QCOMPARE(fileContents(dir.filePath(u"copy.jsonl"_s)), fileContents(original));
}

void TestReplay::closingAndRunningLive()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"policy.jsonl"_s);
    const auto recording
        = recordedRun({ u"backoff=exponential"_s, u"jitter=full"_s, u"max_restarts=20"_s, u"seed=99"_s });
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));

    MainWindow window;
    const SupervisorConfig before = withSettings(SupervisorConfig(), { u"workers=5"_s, u"seed=3"_s });
    window.setConfig(before, u"custom"_s);
    window.show();
    QVERIFY(window.openReplay(path, &error));
    window.closeReplay();
    QVERIFY(!window.controller()->isReplay());
    QVERIFY(!window.replayBar()->isVisible());
    QVERIFY(window.controls()->isEnabled());
    QCOMPARE(window.controller()->config(), before);
    QCOMPARE(window.controller()->state(), RunController::State::Idle);
    QCOMPARE(window.windowTitle(), u"Supervisor Lab"_s);

    QVERIFY(window.openReplay(path, &error));
    auto *runLive = window.replayBar()->findChild<QAbstractButton *>(u"runLiveButton"_s);
    QVERIFY(runLive);
    runLive->click();
    QVERIFY(!window.controller()->isReplay());
    SupervisorConfig recorded;
    recorded.applyJson(recording->header().config);
    QCOMPARE(window.controller()->config(), recorded);
    QCOMPARE(window.controller()->config().seed, 99u);
}

void TestReplay::droppingALogOpensIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"dropped.csv"_s);
    QString error;
    QVERIFY(LogExporter::save(*recordedRun(), path, &error));
    MainWindow window;
    window.show();

    const auto drag = [&](const QString &file) {
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(file) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        if (!enter.isAccepted())
            return false;
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        return true;
    };
    QVERIFY(!drag(dir.filePath(u"notes.txt"_s))); // not a log: the drag is refused
    QVERIFY(!window.controller()->isReplay());
    QVERIFY(drag(path));
    QVERIFY(window.controller()->isReplay());
    QCOMPARE(window.controller()->replayName(), u"dropped.csv"_s);
}

// Play and a pressed Resume side by side said two things at once: one toggle says what a click does, as in every
// media player.
void TestReplay::oneToggleSaysPlayOrPause()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"run.jsonl"_s);
    const auto recording = recordedRun();
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openReplay(path, &error), qPrintable(error));
    ReplayBar *bar = window.replayBar();

    QList<QAbstractButton *> playback;
    for (QAbstractButton *button : bar->findChildren<QAbstractButton *>()) {
        const QString text = button->text().remove(u'&');
        if (button->isVisible() && (text == u"Play" || text == u"Pause" || text == u"Resume"))
            playback << button;
    }
    QCOMPARE(playback.size(), 1);
    QAbstractButton *toggle = playback.first();
    QCOMPARE(toggle, bar->playPauseButton());
    QCOMPARE(toggle->text(), u"Play"_s);
    QVERIFY(toggle->isEnabled());

    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    QCOMPARE(toggle->text(), u"Pause"_s);
    QVERIFY(toggle->toolTip().contains(u"F6"_s));
    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(window.controller()->state(), RunController::State::Paused);
    QCOMPARE(toggle->text(), u"Play"_s);
    QVERIFY(toggle->toolTip().contains(u"F5"_s));

    // The run's own actions (F6) move the toggle too.
    window.controller()->setPaused(false);
    QCOMPARE(toggle->text(), u"Pause"_s);
    window.controller()->setPaused(true);
    QCOMPARE(toggle->text(), u"Play"_s);

    // At the end it plays again from the start.
    window.controller()->seek(recording->lastTimeUs());
    QCOMPARE(window.controller()->state(), RunController::State::Finished);
    QCOMPARE(toggle->text(), u"Play"_s);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(window.controller()->state(), RunController::State::Running);
    QVERIFY(window.controller()->nowUs() < recording->lastTimeUs());
    QCOMPARE(toggle->text(), u"Pause"_s);
    window.controller()->setPaused(true);
}

namespace {

// The slider's handle and groove as its style lays them out now (what QSlider::initStyleOption gives the style).
QRect sliderPart(const QSlider &slider, QStyle::SubControl part)
{
    QStyleOptionSlider option;
    option.initFrom(&slider);
    option.orientation = slider.orientation();
    option.minimum = slider.minimum();
    option.maximum = slider.maximum();
    option.sliderPosition = slider.sliderPosition();
    option.sliderValue = slider.value();
    option.singleStep = slider.singleStep();
    option.pageStep = slider.pageStep();
    option.upsideDown = slider.invertedAppearance() != (option.direction == Qt::RightToLeft);
    option.state |= QStyle::State_Horizontal;
    return slider.style()->subControlRect(QStyle::CC_Slider, &option, part, &slider);
}

} // namespace

// A click on the bar jumped a page (5 %) toward the click; it jumps to the click, as a media player's does: the
// handle lands under the pointer, and the replay at that share of the recording.
void TestReplay::aClickOnTheSeekBarJumpsThere()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"run.jsonl"_s);
    const auto recording = recordedRun();
    QString error;
    QVERIFY(LogExporter::save(*recording, path, &error));
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openReplay(path, &error), qPrintable(error));
    QSlider *slider = window.replayBar()->slider();
    // In a window whose panels leave the timeline narrow, the bar still has room to aim at.
    QTRY_VERIFY_WITH_TIMEOUT(slider->isVisible() && slider->width() >= 100, kPatienceMs);
    window.resize(1600, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(slider->width() >= 200, kPatienceMs);
    const qint64 durationUs = recording->lastTimeUs();

    for (const double share : { 0.75, 0.3, 0.9 }) {
        // `share` of the way along the track the handle's centre runs on.
        const QRect groove = sliderPart(*slider, QStyle::SC_SliderGroove);
        const int handle = sliderPart(*slider, QStyle::SC_SliderHandle).width();
        const int x = groove.x() + handle / 2 + int(std::lround(share * (groove.width() - handle)));
        const QPoint click(x, slider->height() / 2);
        QTest::mouseClick(slider, Qt::LeftButton, {}, click);
        QVERIFY2(sliderPart(*slider, QStyle::SC_SliderHandle).contains(click), qPrintable(QString::number(share)));
        const double reached = double(window.controller()->nowUs()) / double(durationUs);
        QVERIFY2(std::abs(reached - share) < 0.02, qPrintable(u"clicked at %1, went to %2"_s.arg(share).arg(reached)));
        QVERIFY(!slider->isSliderDown());
    }
    window.refreshViews();
    QCOMPARE(window.timelineModel()->eventCount(), eventsUntil(*recording, window.controller()->nowUs()));
}

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
