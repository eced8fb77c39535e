#include "logscript.h"
#include "pixelcount.h"
#include "runtime/virtualruntime.h"
#include "statecolors.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1'000'000;

// Worker 0 fails with an error at 1 s and is restarted after 500 ms; its second run completes at 3 s.
// Worker 1 runs on; worker 2 fails by hanging at 2 s, worker 3 by an exception at 2 s.
struct KnownRun
{
    LogScript script { { u"workers=4"_s } };
    qsizetype failure = -1;
    qsizetype restart = -1;
    qsizetype completion = -1;

    KnownRun()
    {
        for (int worker = 0; worker < 4; ++worker)
            script.start(0, worker, 1);
        failure = script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
        script.schedule(1 * kSecond, 0, 500, 1);
        restart = script.start(1500 * kMs, 0, 2);
        script.end(2 * kSecond, EventKind::WorkerFailed, 2, 1, u"heartbeat_timeout"_s);
        script.end(2 * kSecond, EventKind::WorkerFailed, 3, 1, u"exception: boom"_s);
        completion = script.end(3 * kSecond, EventKind::WorkerCompleted, 0, 2);
    }
};

std::shared_ptr<const EventLog> shared(EventLog &log)
{
    return { &log, [](const EventLog *) {} };
}

// A view 800 px wide for its lanes, showing 0..4 s, with the live edge at 3.5 s.
struct Fixture
{
    KnownRun run;
    TimelineModel model;
    TimelineView view;

    Fixture()
    {
        model.setLog(shared(run.script.log));
        view.setModel(&model);
        view.resize(800 + TimelineView::kGutterWidth + view.verticalScrollBar()->sizeHint().width() + 2, 400);
        view.show();
        view.setNow(3500 * kMs);
        TimeAxis axis = view.axis();
        view.setAxis(axis.showing(0, 4 * kSecond));
    }
    QPoint at(qint64 tUs, int lane, int dy = 0) const
    {
        return { int(std::lround(TimelineView::kGutterWidth + view.axis().mapTimeToX(tUs))),
            view.laneRect(lane).center().y() + dy };
    }
    QImage image() const { return view.viewport()->grab().toImage(); }
};

// One worker failing over and over: a run of `runUs` every `periodUs`, shown in a view 800 px wide for its lanes.
struct FloodedLane
{
    LogScript script;
    TimelineModel model;
    TimelineView view;

    FloodedLane(quint32 incarnations, qint64 periodUs, qint64 runUs)
    {
        for (quint32 incarnation = 1; incarnation <= incarnations; ++incarnation) {
            const qint64 t = qint64(incarnation) * periodUs;
            script.start(t, 0, incarnation);
            script.end(t + runUs, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
            script.schedule(t + runUs, 0, 0, 1);
        }
        model.setLog(shared(script.log));
        view.setModel(&model);
        view.resize(800 + TimelineView::kGutterWidth + 20, 300);
        view.show();
    }
};

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private slots:
    void modelPassesTheModelTester();
    void axisShowsTheRequestedRange();
    void paintsBarsGapsAndMarkersWhereTheLogSays();
    void failureKindsHaveTheirOwnColours();
    void coloursFollowTheTheme();
    void clickingAnEventSelectsIt();
    void clickingEmptySpaceSelectsNothing();
    void hoveringAGapShowsTheMeasuredDelay();
    void hoveringABarDescribesTheIncarnation();
    void ctrlWheelZoomsAroundTheCursor();
    void draggingPansAndStopsFollowing();
    void followsTheLiveEdgeUntilTheUserZooms();
    void selectingFromOutsideBringsTheEventIntoView();
    void paintCostFollowsPixelsNotHistory();
    void denseLanesPaintAtAnyScale_data();
    void denseLanesPaintAtAnyScale();
    void aDenseLaneIsOneBarWithWholeMarksOnTop();
    void aBurstWithinAPixelStillShowsItsFailure();
    void takingInTellsViewsOnlyAtRefresh();
    void aTreeGroupsItsLanesAndCollapsesASubtree();
};

void TestTimelineView::modelPassesTheModelTester()
{
    KnownRun run;
    EventLog growing;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setLog(shared(growing));
    QCOMPARE(model.rowCount(), 1); // the supervisor lane, before any event
    for (qsizetype i = 0; i < run.script.log.size(); ++i) {
        growing.append(run.script.log.at(i));
        QVERIFY(model.refresh());
        QVERIFY(!model.refresh()); // nothing new
    }
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 1); // the workers named by run_started, at once
    QCOMPARE(model.data(model.index(0)).toString(), u"Supervisor"_s);
    QCOMPARE(model.data(model.index(3)).toString(), u"Worker 2"_s);
    QCOMPARE(model.data(model.index(1), TimelineModel::WorkerRole).toInt(), 0);
    const auto *lane = model.data(model.index(1), TimelineModel::LaneRole).value<const TimelineLane *>();
    QVERIFY(lane);
    QCOMPARE(lane->bars.size(), size_t(2));
    model.setLog(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestTimelineView::axisShowsTheRequestedRange()
{
    Fixture fixture;
    QCOMPARE(fixture.view.axis().widthPx, 800);
    QCOMPARE(fixture.view.axis().startUs, 0);
    QCOMPARE(fixture.view.axis().mapTimeToX(2 * kSecond), 400.0);
    QCOMPARE(fixture.view.axis().endUs(), 4 * kSecond);
    QVERIFY(!fixture.view.followsLive());
}

void TestTimelineView::paintsBarsGapsAndMarkersWhereTheLogSays()
{
    Fixture fixture;
    const QPalette palette = fixture.view.palette();
    const QColor running = StateColors::color(StateColor::Running, palette);
    const QColor waiting = StateColors::color(StateColor::Waiting, palette);
    const QImage image = fixture.image();

    // The first run of worker 0, away from its label and its end marker.
    QCOMPARE(image.pixelColor(fixture.at(600 * kMs, 1, -6)).rgb(), running.rgb());
    // The restart gap: hatched in the waiting colour, nothing running.
    const QPoint gapStart = fixture.at(1100 * kMs, 1, -4);
    const QRect gap(gapStart, fixture.at(1400 * kMs, 1, 4));
    QVERIFY(countColour(image, gap, waiting) > 20);
    QCOMPARE(countColour(image, gap, running), 0);
    // The failure marker at 1 s.
    const QColor error = StateColors::color(StateColor::FailedError, palette);
    QVERIFY(countColour(image, QRect(fixture.at(1 * kSecond, 1, -6), QSize(8, 12)).translated(-4, 0), error) > 10);
    // The second run, then the completion at 3 s, then nothing.
    QCOMPARE(image.pixelColor(fixture.at(2500 * kMs, 1, -6)).rgb(), running.rgb());
    const QColor completed = StateColors::color(StateColor::Completed, palette);
    QVERIFY(countColour(image, QRect(fixture.at(3 * kSecond, 1, -8), QSize(5, 16)).translated(-2, 0), completed) > 10);
    QVERIFY(countColour(image, QRect(fixture.at(3200 * kMs, 1, -8), fixture.at(3900 * kMs, 1, 8)), running) == 0);
    // Worker 1 is still running: its bar reaches the live edge at 3.5 s and no further.
    QCOMPARE(image.pixelColor(fixture.at(3400 * kMs, 2, -6)).rgb(), running.rgb());
    QVERIFY(image.pixelColor(fixture.at(3700 * kMs, 2, -6)).rgb() != running.rgb());
}

void TestTimelineView::failureKindsHaveTheirOwnColours()
{
    Fixture fixture;
    const QPalette palette = fixture.view.palette();
    const QImage image = fixture.image();
    const auto around
        = [&](int lane) { return QRect(fixture.at(2 * kSecond, lane, -7), QSize(12, 14)).translated(-6, 0); };
    const QColor hang = StateColors::color(StateColor::FailedHang, palette);
    const QColor exception = StateColors::color(StateColor::FailedException, palette);
    QVERIFY(countColour(image, around(3), hang) > 10);
    QCOMPARE(countColour(image, around(3), exception), 0);
    QVERIFY(countColour(image, around(4), exception) > 10);
    QCOMPARE(countColour(image, around(4), hang), 0);
}

void TestTimelineView::coloursFollowTheTheme()
{
    Fixture fixture;
    QPalette dark = fixture.view.palette();
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x28));
    dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Text, Qt::white);
    fixture.view.setPalette(dark);
    const QColor light = StateColors::color(StateColor::Running, QPalette(Qt::white));
    const QColor onDark = StateColors::color(StateColor::Running, dark);
    QVERIFY(light != onDark);
    const QImage image = fixture.image();
    QCOMPARE(image.pixelColor(fixture.at(600 * kMs, 1, -6)).rgb(), onDark.rgb());
    QCOMPARE(image.pixelColor(fixture.at(3700 * kMs, 1, -6)).rgb(), dark.color(QPalette::Base).rgb());
}

void TestTimelineView::clickingAnEventSelectsIt()
{
    Fixture fixture;
    QSignalSpy selected(&fixture.view, &TimelineView::eventSelected);
    QTest::mouseClick(fixture.view.viewport(), Qt::LeftButton, {}, fixture.at(1 * kSecond, 1) + QPoint(2, 0));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).value<qsizetype>(), fixture.run.failure);
    QCOMPARE(fixture.view.selectedEvent(), fixture.run.failure);

    // Inside a bar, away from its ends: the start of that incarnation.
    QTest::mouseClick(fixture.view.viewport(), Qt::LeftButton, {}, fixture.at(2200 * kMs, 1));
    QCOMPARE(selected.size(), 2);
    QCOMPARE(selected.at(1).at(0).value<qsizetype>(), fixture.run.restart);
}

void TestTimelineView::clickingEmptySpaceSelectsNothing()
{
    Fixture fixture;
    QSignalSpy selected(&fixture.view, &TimelineView::eventSelected);
    fixture.view.selectEvent(fixture.run.completion);
    QCOMPARE(selected.size(), 0); // selecting from outside does not echo back
    QTest::mouseClick(fixture.view.viewport(), Qt::LeftButton, {}, fixture.at(3800 * kMs, 1));
    QCOMPARE(selected.size(), 0);
    QCOMPARE(fixture.view.selectedEvent(), -1);
}

void TestTimelineView::hoveringAGapShowsTheMeasuredDelay()
{
    Fixture fixture;
    const QString tip = fixture.view.toolTipAt(fixture.at(1250 * kMs, 1));
    QVERIFY2(tip.contains(u"measured delay: 500 ms"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"scheduled delay: 500 ms"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"caused by: worker_failed · Worker 0 #1"_s), qPrintable(tip));
}

void TestTimelineView::hoveringABarDescribesTheIncarnation()
{
    Fixture fixture;
    const QString tip = fixture.view.toolTipAt(fixture.at(2200 * kMs, 1));
    QVERIFY2(tip.contains(u"Worker 0, incarnation 2"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"completed"_s) && tip.contains(u"ran for 1.5 s"_s), qPrintable(tip));
    const QString marker = fixture.view.toolTipAt(fixture.at(2 * kSecond, 4));
    QVERIFY2(marker.contains(u"reason: exception: boom"_s), qPrintable(marker));
}

void TestTimelineView::ctrlWheelZoomsAroundTheCursor()
{
    Fixture fixture;
    const QPoint cursor = fixture.at(1 * kSecond, 1);
    const qint64 before = fixture.view.axis().mapXToTime(cursor.x() - TimelineView::kGutterWidth);
    QWheelEvent wheel(cursor, fixture.view.viewport()->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton,
        Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(fixture.view.viewport(), &wheel);
    QCOMPARE(fixture.view.axis().usPerPixel, 5000.0 / 1.25);
    const qint64 after = fixture.view.axis().mapXToTime(cursor.x() - TimelineView::kGutterWidth);
    QVERIFY(std::abs(after - before) <= 1);
}

void TestTimelineView::draggingPansAndStopsFollowing()
{
    Fixture fixture;
    fixture.view.setFollowLive(true);
    QSignalSpy selected(&fixture.view, &TimelineView::eventSelected);
    const qint64 start = fixture.view.axis().startUs;
    const QPoint from = fixture.at(2 * kSecond, 1);
    QTest::mousePress(fixture.view.viewport(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, from - QPoint(100, 0),
        fixture.view.viewport()->mapToGlobal(from - QPoint(100, 0)), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(fixture.view.viewport(), &move);
    QTest::mouseRelease(fixture.view.viewport(), Qt::LeftButton, {}, from - QPoint(100, 0));
    QCOMPARE(fixture.view.axis().startUs, start + std::llround(100 * fixture.view.axis().usPerPixel));
    QVERIFY(!fixture.view.followsLive());
    QCOMPARE(selected.size(), 0);
}

void TestTimelineView::followsTheLiveEdgeUntilTheUserZooms()
{
    Fixture fixture;
    QSignalSpy following(&fixture.view, &TimelineView::followLiveChanged);
    fixture.view.setFollowLive(true);
    QCOMPARE(following.size(), 1);
    for (const qint64 now : { 10 * kSecond, 20 * kSecond, 35 * kSecond }) {
        fixture.view.setNow(now);
        const double x = fixture.view.axis().mapTimeToX(now);
        QVERIFY2(x > 0.9 * 800 && x <= 800, qPrintable(QString::number(x)));
    }
    fixture.view.zoomIn(); // keeps following, around the live edge
    QVERIFY(fixture.view.followsLive());
    QCOMPARE(fixture.view.axis().usPerPixel, 2500.0);

    QWheelEvent wheel(QPointF(300, 100), QPointF(300, 100), QPoint(), QPoint(0, -120), Qt::NoButton,
        Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(fixture.view.viewport(), &wheel);
    QVERIFY(!fixture.view.followsLive());
    QCOMPARE(following.size(), 2);
    const TimeAxis parked = fixture.view.axis();
    fixture.view.setNow(50 * kSecond);
    QCOMPARE(fixture.view.axis(), parked);
    fixture.view.setFollowLive(true);
    QVERIFY(fixture.view.axis().mapTimeToX(50 * kSecond) > 0.9 * 800);
}

void TestTimelineView::selectingFromOutsideBringsTheEventIntoView()
{
    Fixture fixture;
    fixture.view.setAxis(fixture.view.axis().showing(10 * kSecond, 12 * kSecond));
    fixture.view.selectEvent(fixture.run.failure);
    QVERIFY(fixture.view.axis().startUs <= 1 * kSecond && 1 * kSecond <= fixture.view.axis().endUs());
    QCOMPARE(fixture.view.selectedEvent(), fixture.run.failure);
}

void TestTimelineView::paintCostFollowsPixelsNotHistory()
{
    // 200 000 incarnations of one worker, 1 ms apart: a flood in a single lane.
    FloodedLane flood(200'000, kMs, 500);
    TimelineView &view = flood.view;
    view.setNow(201 * kSecond);
    view.zoomToFit();
    view.viewport()->grab();
    const int whole = view.itemsPainted();
    // At most about two items per pixel column in each of the five passes (bars, gaps, links, marks, decisions).
    QVERIFY2(whole > 800 && whole <= 10 * 800, qPrintable(QString::number(whole)));

    // Zoomed in to 20 ms, every item is drawn.
    view.setAxis(view.axis().showing(100 * kSecond, 100 * kSecond + 20 * kMs));
    view.viewport()->grab();
    QVERIFY2(
        view.itemsPainted() >= 2 * 20 && view.itemsPainted() <= 200, qPrintable(QString::number(view.itemsPainted())));
}

void TestTimelineView::denseLanesPaintAtAnyScale_data()
{
    QTest::addColumn<double>("usPerPixel");
    // Scales that are not whole microseconds per pixel round pixel edges both ways.
    for (const double scale : { 1.0, 2.4, 3.3333, 17.1, 333.3333, 1234.567 })
        QTest::newRow(qPrintable(QString::number(scale))) << scale;
}

void TestTimelineView::denseLanesPaintAtAnyScale()
{
    QFETCH(double, usPerPixel);
    // Runs of 1 µs every 2 µs: ends fall on every other microsecond, where rounding bites.
    FloodedLane flood(20'000, 2, 1);
    TimelineView &view = flood.view;
    view.setNow(50 * kMs);
    TimeAxis axis = view.axis();
    axis.startUs = 0;
    axis.usPerPixel = usPerPixel;
    view.setAxis(axis);
    view.viewport()->grab();
    QVERIFY(view.itemsPainted() > 0);
    QVERIFY2(view.itemsPainted() <= 10 * 800, qPrintable(QString::number(view.itemsPainted())));
}

void TestTimelineView::aDenseLaneIsOneBarWithWholeMarksOnTop()
{
    // A run of 900 µs every millisecond, each failing: five of them in every pixel column at 5 ms a pixel.
    FloodedLane flood(4000, kMs, 900);
    TimelineView &view = flood.view;
    view.setNow(4100 * kMs);
    view.setAxis(view.axis().showing(0, 4 * kSecond));
    const QImage image = view.viewport()->grab().toImage();
    const QPalette palette = view.palette();
    const QColor running = StateColors::color(StateColor::Running, palette);
    const QColor error = StateColors::color(StateColor::FailedError, palette);
    const QRect lane = view.laneRect(1);
    const auto xOf
        = [&](qint64 tUs) { return int(std::lround(TimelineView::kGutterWidth + view.axis().mapTimeToX(tUs))); };

    // Along the top of the bars, where no mark reaches: one bar without a hole, however many runs it stands for.
    const int top = lane.top() + 4;
    for (int x = xOf(10 * kMs); x < xOf(3990 * kMs); ++x)
        QVERIFY2(image.pixelColor(x, top).rgb() == running.rgb(), qPrintable(u"hole at x %1"_s.arg(x)));

    // The marks: the first failure in each mark's width stands for the others, all of it shown, none hidden
    // under the bars that follow.
    const int markTop = lane.center().y() - (lane.height() - 12) / 2 + 1;
    QList<int> widths;
    int width = 0;
    for (int x = xOf(50 * kMs); x <= xOf(3950 * kMs); ++x) {
        if (image.pixelColor(x, markTop).rgb() == error.rgb()) {
            ++width;
        } else if (width > 0) {
            widths.append(width);
            width = 0;
        }
    }
    QVERIFY2(widths.size() >= 780 / 28, qPrintable(QString::number(widths.size())));
    for (qsizetype i = 1; i + 1 < widths.size(); ++i) // the first and the last may be cut by the span looked at
        QVERIFY2(widths.at(i) >= lane.height() - 12 - 4, qPrintable(u"a mark %1 px wide"_s.arg(widths.at(i))));
}

void TestTimelineView::aBurstWithinAPixelStillShowsItsFailure()
{
    // Three bursts of 200 runs of 1 µs, 2 µs apart: each burst fits within one pixel column at 5 ms a pixel.
    LogScript script { { u"workers=1"_s } };
    quint32 incarnation = 0;
    const QList<qint64> bursts { 1 * kSecond, 2 * kSecond + 333 * kMs, 3 * kSecond + 777 * kMs };
    for (const qint64 burst : bursts) {
        for (int i = 0; i < 200; ++i) {
            ++incarnation;
            script.start(burst + 2 * i, 0, incarnation);
            script.end(burst + 2 * i + 1, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        }
    }
    TimelineModel model;
    model.setLog(shared(script.log));
    TimelineView view;
    view.setModel(&model);
    view.resize(800 + TimelineView::kGutterWidth + 20, 300);
    view.show();
    view.setNow(4 * kSecond);
    view.setAxis(view.axis().showing(0, 4 * kSecond));
    const QImage image = view.viewport()->grab().toImage();
    const QColor error = StateColors::color(StateColor::FailedError, view.palette());
    const QRect lane = view.laneRect(1);
    const int markSize = lane.height() - 12;
    for (const qint64 burst : bursts) {
        // The mark is centred on the burst's column: its pixels reach as far left of it as right.
        const int x = int(TimelineView::kGutterWidth + view.axis().mapTimeToX(burst));
        const QRect around(x - markSize, lane.top(), 2 * markSize + 1, lane.height());
        int left = around.right();
        int right = around.left();
        for (int column = around.left(); column <= around.right(); ++column) {
            if (countColour(image, QRect(column, lane.top(), 1, lane.height()), error) > 0) {
                left = std::min(left, column);
                right = std::max(right, column);
            }
        }
        QVERIFY2(left < right, qPrintable(u"no mark near x %1"_s.arg(x)));
        QVERIFY2(
            std::abs((left + right) / 2 - x) <= 1, qPrintable(u"mark %1..%2 for x %3"_s.arg(left).arg(right).arg(x)));
    }
    // And nowhere else.
    QCOMPARE(countColour(image, QRect(TimelineView::kGutterWidth, lane.top(), 100, lane.height()), error), 0);
}

void TestTimelineView::takingInTellsViewsOnlyAtRefresh()
{
    KnownRun run;
    TimelineModel model;
    EventLog growing;
    model.setLog(shared(growing));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (qsizetype i = 0; i < run.script.log.size(); ++i)
        growing.append(run.script.log.at(i));
    model.takeIn(3);
    QCOMPARE(model.eventCount(), 3);
    model.takeIn(-1);
    QCOMPARE(model.eventCount(), growing.size());
    // Taken in, not yet told: views paint what they were told, once a frame.
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.refresh());
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 1);
    QVERIFY(!model.refresh()); // nothing new since
}

void TestTimelineView::aTreeGroupsItsLanesAndCollapsesASubtree()
{
    // app > edge > (relay > probe-1, probe-2), cache; then web. The probes fail at once, over and over.
    SupervisorConfig config;
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"virtual_time": true, "duration": 4000, "delay": 200,
        "failure_rate": 0, "work_min": 60000, "work_max": 60000,
        "tree": { "name": "app", "children": [
            { "name": "edge", "children": [
                { "name": "relay", "max_restarts": 2, "within": 1000, "children": [
                    { "name": "probe", "count": 2, "failure_rate": 1, "work_min": 0, "work_max": 0 } ] },
                { "name": "cache" } ] },
            { "name": "web" } ] }
    })")
                                  .object()),
        QString());
    VirtualRuntime runtime(config);
    runtime.run();
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setLog(runtime.log());

    QStringList names;
    QList<int> depths;
    for (int row = 0; row < model.rowCount(); ++row) {
        names << model.index(row).data().toString();
        depths << model.index(row).data(TimelineModel::DepthRole).toInt();
    }
    QCOMPARE(names,
        (QStringList { u"Supervisor"_s, u"edge"_s, u"relay"_s, u"probe-1"_s, u"probe-2"_s, u"cache"_s, u"web"_s }));
    QCOMPARE(depths, (QList<int> { 0, 1, 2, 3, 3, 2, 1 }));
    QCOMPARE(model.rowOfSupervisor(2), 2);
    QCOMPARE(model.rowOfWorker(3), 6);
    QVERIFY(model.isCollapsible(1) && model.isCollapsible(2) && !model.isCollapsible(3) && !model.isCollapsible(0));
    QVERIFY(!model.lane(2).bars.empty()); // the relay's incarnations
    QCOMPARE(model.lane(2).bars.front().end, BarEnd::GaveUp);

    // Collapsing the relay takes the probes' rows away; its row then stands for them.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setCollapsed(2, true);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 3);
    QCOMPARE(removed.at(0).at(2).toInt(), 4);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.rowOfWorker(0), 2);
    QCOMPARE(model.rowOfWorker(2), 3); // cache moved up
    QVERIFY(model.subtreeLane(2));
    QVERIFY(!model.subtreeLane(1));
    QCOMPARE(model.subtreeLane(2)->marks.size(), size_t(runtime.log()->count(EventKind::WorkerFailed)));

    // Collapsing edge hides the collapsed relay too; expanding edge shows the relay still collapsed.
    model.setCollapsed(1, true);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOfSupervisor(2), 1);
    QCOMPARE(model.rowOfWorker(1), 1);
    model.setCollapsed(1, false);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.isCollapsed(2));
    model.setCollapsed(2, false);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(inserted.size(), 2);

    // A new run of the same tree keeps what was collapsed; another tree starts expanded.
    model.setCollapsed(2, true);
    model.setLog(runtime.log());
    QCOMPARE(model.rowCount(), 5);
    LogScript flat({ u"workers=2"_s });
    model.setLog(shared(flat.log));
    QCOMPARE(model.rowCount(), 3);

    // Painted collapsed: the relay's row shows its probes' failures, the lanes under it follow on.
    model.setLog(runtime.log());
    QCOMPARE(model.rowCount(), 7);
    model.setCollapsed(2, true);
    TimelineView view;
    view.setModel(&model);
    view.resize(800 + TimelineView::kGutterWidth + 20, 400);
    view.show();
    view.setNow(runtime.log()->lastTimeUs());
    view.zoomToFit();
    const QImage image = view.viewport()->grab().toImage();
    const QRect relayRow = view.laneRect(2).adjusted(TimelineView::kGutterWidth + 2, 2, -2, -2);
    QVERIFY(countColour(image, relayRow, StateColors::color(StateColor::FailedError, view.palette())) > 20);
    const QRect cacheRow = view.laneRect(3).adjusted(TimelineView::kGutterWidth + 2, 2, -2, -2);
    QVERIFY(countColour(image, cacheRow, StateColors::color(StateColor::Running, view.palette())) > 1000);
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
