#include "logscript.h"
#include "pixelcount.h"
#include "runtime/virtualruntime.h"
#include "statecolors.h"
#include "timeline/markdensity.h"
#include "timeline/timelinekeys.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepainter.h"
#include "timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QContextMenuEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <functional>

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

// The texts of the actions of the menu that `trigger` pops up (closed at once), or nothing if none popped up.
QStringList menuShownBy(const std::function<void()> &trigger)
{
    QStringList texts;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, [&texts] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            for (const QAction *action : menu->actions()) {
                if (!action->isSeparator())
                    texts << action->text() + (action->isEnabled() ? QString() : u" (disabled)"_s);
            }
            menu->close();
        }
    });
    poll.start();
    trigger();
    return texts;
}

// The columns x in [from, to] where some pixel of `area`'s rows differs from none of `colour`'s: the ink of a label.
std::pair<int, int> inkExtent(const QImage &image, const QRect &area, const std::function<bool(const QColor &)> &isInk)
{
    int left = area.right() + 1;
    int right = area.left() - 1;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (isInk(image.pixelColor(x, y))) {
                left = std::min(left, x);
                right = std::max(right, x);
            }
        }
    }
    return { left, right };
}

bool near(const QColor &colour, const QColor &target, int tolerance = 60)
{
    return std::abs(colour.red() - target.red()) + std::abs(colour.green() - target.green())
        + std::abs(colour.blue() - target.blue())
        <= tolerance;
}

// How many pixels of one column of `area` have `colour`.
int columnCount(const QImage &image, const QRect &area, int x, const QColor &colour)
{
    return countColour(image, QRect(x, area.top(), 1, area.height()), colour);
}

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

    void tabMovesTheFocusOnAsEverywhere();
    void theFocusedTimelineShowsAFocusFrame();
    void theMenuKeyOpensTheSelectedLanesMenu_data();
    void theMenuKeyOpensTheSelectedLanesMenu();
    void theMenuKeyOpensOneMenuWhereThePlatformOpenedItFirst();
    void keysZoomPanAndGoToTheEnds();
    void upAndDownMoveTheSelectedLane();
    void nAndPWalkTheFailuresAndEnterShowsOne();
    void everyKeyIsListedForTheHelp();
    void shiftDragMeasuresATimeRange();
    void dragOnTheAxisSelectsARangeAndEscapeClearsIt();
    void aRangeZoomsInByKeyOrDoubleClick();
    void labelsNearTheRightEdgeStayWhole();
    void theIntensityLabelStaysInsideWhenZoomedOut();
    void theLastAxisLabelStaysInside();
    void followingLiveLeavesRoomAfterTheEdge();
    void aDenseStretchShowsItsDensityNotEvenlySpacedMarks();
    void timeSummarisedForMemoryIsStillPainted();
    void markDensityKeepsLoneMarksWhole();
    void aHungWorkersSilentStretchLooksSilent();
    void restartTypesShowBesideLongNamesInATree();
    void theEmptyTimelineSaysHowToStart_data();
    void theEmptyTimelineSaysHowToStart();
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

    // Along the top of the bars, where no density column reaches: one bar without a hole, however many runs it
    // stands for.
    const int top = lane.top() + 4;
    for (int x = xOf(10 * kMs); x < xOf(3990 * kMs); ++x)
        QVERIFY2(image.pixelColor(x, top).rgb() == running.rgb(), qPrintable(u"hole at x %1"_s.arg(x)));

    // The failures: about as many in every column (four to six, as the columns' edges fall), so every column shows
    // about the same density, none a mark standing for the others at a stride.
    const int expected = columnCount(image, lane, xOf(2 * kSecond), error);
    QVERIFY2(expected > 2 && expected < lane.height() - 8, qPrintable(QString::number(expected)));
    for (int x = xOf(50 * kMs); x <= xOf(3950 * kMs); ++x)
        QVERIFY2(std::abs(columnCount(image, lane, x, error) - expected) <= 1,
            qPrintable(u"%1 px at x %2, %3 elsewhere"_s.arg(columnCount(image, lane, x, error)).arg(x).arg(expected)));
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
    for (const qint64 burst : bursts) {
        // 200 failures in one pixel column: a column of the lane's full height there, and nothing around it.
        const int x = int(TimelineView::kGutterWidth + view.axis().mapTimeToX(burst));
        const QRect around(x - 20, lane.top(), 41, lane.height());
        const auto [left, right]
            = inkExtent(image, around, [&error](const QColor &colour) { return colour.rgb() == error.rgb(); });
        QVERIFY2(left <= right, qPrintable(u"nothing near x %1"_s.arg(x)));
        QVERIFY2(std::abs(left - x) <= 1 && std::abs(right - x) <= 1,
            qPrintable(u"%1..%2 for x %3"_s.arg(left).arg(right).arg(x)));
        QCOMPARE(columnCount(image, lane, x, error), lane.height() - 8);
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

void TestTimelineView::tabMovesTheFocusOnAsEverywhere()
{
    KnownRun run;
    TimelineModel model;
    model.setLog(shared(run.script.log));
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *before = new QLineEdit;
    auto *view = new TimelineView;
    auto *after = new QLineEdit;
    layout->addWidget(before);
    layout->addWidget(view);
    layout->addWidget(after);
    view->setModel(&model);
    window.resize(900, 500);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(view->focusPolicy(), Qt::StrongFocus);
    QSignalSpy selected(view, &TimelineView::eventSelected);

    view->setFocus();
    QVERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Tab);
    QVERIFY(after->hasFocus());
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Backtab, Qt::ShiftModifier);
    QVERIFY(before->hasFocus());
    QTest::keyClick(before, Qt::Key_Tab);
    QVERIFY(view->hasFocus());
    QCOMPARE(selected.size(), 0);
    QCOMPARE(view->selectedEvent(), -1);
}

void TestTimelineView::theFocusedTimelineShowsAFocusFrame()
{
    Fixture fixture;
    fixture.view.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&fixture.view));
    const QColor highlight = fixture.view.palette().color(QPalette::Highlight);
    const QPoint leftEdge(0, fixture.view.laneRect(1).center().y());
    fixture.view.setFocus();
    QVERIFY(fixture.view.hasFocus());
    QCOMPARE(fixture.image().pixelColor(leftEdge).rgb(), highlight.rgb());
    fixture.view.clearFocus();
    QVERIFY(fixture.image().pixelColor(leftEdge).rgb() != highlight.rgb());
}

void TestTimelineView::theMenuKeyOpensTheSelectedLanesMenu_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<Qt::KeyboardModifiers>("modifiers");
    QTest::newRow("Menu") << int(Qt::Key_Menu) << Qt::KeyboardModifiers();
    QTest::newRow("Shift+F10") << int(Qt::Key_F10) << Qt::KeyboardModifiers(Qt::ShiftModifier);
}

void TestTimelineView::theMenuKeyOpensTheSelectedLanesMenu()
{
    QFETCH(int, key);
    QFETCH(Qt::KeyboardModifiers, modifiers);
    Fixture fixture;
    fixture.view.setRunActive(true);
    QSignalSpy failing(&fixture.view, &TimelineView::failWorkerRequested);
    fixture.view.selectNode(TreeChild { false, 2 });
    const QStringList texts = menuShownBy([&] { QTest::keyClick(&fixture.view, Qt::Key(key), modifiers); });
    QVERIFY2(texts.contains(u"Fail Worker 2 now"_s), qPrintable(texts.join(u" | "_s)));

    // With nothing selected, the supervisor's lane: no worker to fail.
    Fixture plain;
    const QStringList general = menuShownBy([&] { QTest::keyClick(&plain.view, Qt::Key(key), modifiers); });
    QVERIFY2(general.contains(u"Zoom to fit"_s), qPrintable(general.join(u" | "_s)));
    QVERIFY(!general.join(u" "_s).contains(u"Fail"_s));
    QCOMPARE(failing.size(), 0);
}

void TestTimelineView::theMenuKeyOpensOneMenuWhereThePlatformOpenedItFirst()
{
    // On X11 the Menu key comes as a keyboard context menu event, then as the key itself.
    Fixture fixture;
    fixture.view.setRunActive(true);
    fixture.view.selectNode(TreeChild { false, 0 });
    const QStringList texts = menuShownBy([&] {
        QContextMenuEvent menuKey(QContextMenuEvent::Keyboard, QPoint(1, 1), fixture.view.mapToGlobal(QPoint(1, 1)));
        QApplication::sendEvent(&fixture.view, &menuKey);
    });
    QVERIFY2(texts.contains(u"Fail Worker 0 now"_s), qPrintable(texts.join(u" | "_s)));
    QVERIFY(menuShownBy([&] { QTest::keyClick(&fixture.view, Qt::Key_Menu); }).isEmpty());
    // The next press of it is a press of its own.
    QVERIFY(!menuShownBy([&] { QTest::keyClick(&fixture.view, Qt::Key_Menu); }).isEmpty());
}

void TestTimelineView::keysZoomPanAndGoToTheEnds()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    const double scale = view.axis().usPerPixel;
    QTest::keyClick(&view, Qt::Key_W);
    QVERIFY(view.axis().usPerPixel < scale);
    QTest::keyClick(&view, Qt::Key_S);
    QVERIFY(qFuzzyCompare(view.axis().usPerPixel, scale));
    QTest::keyClick(&view, Qt::Key_Plus, Qt::ShiftModifier); // "+" typed with Shift
    QVERIFY(view.axis().usPerPixel < scale);
    QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(qFuzzyCompare(view.axis().usPerPixel, scale));

    const qint64 start = view.axis().startUs;
    QTest::keyClick(&view, Qt::Key_D);
    QVERIFY(view.axis().startUs > start);
    QTest::keyClick(&view, Qt::Key_Right);
    const qint64 panned = view.axis().startUs;
    QVERIFY(panned > start);
    QTest::keyClick(&view, Qt::Key_Left);
    QTest::keyClick(&view, Qt::Key_A);
    QCOMPARE(view.axis().startUs, start);
    QTest::keyClick(&view, Qt::Key_D);
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.axis().startUs, 0);

    // End: the end of the run so far, whole on screen, followed live from there.
    QTest::keyClick(&view, Qt::Key_End);
    QVERIFY(view.followsLive());
    const double endX = view.axis().mapTimeToX(3500 * kMs);
    QVERIFY2(endX <= view.axis().widthPx - TimelineView::kLiveEdgeMarginPx + 1 && endX > view.axis().widthPx / 2,
        qPrintable(QString::number(endX)));
    view.setNow(5 * kSecond);
    QVERIFY(view.axis().mapTimeToX(5 * kSecond) > view.axis().widthPx / 2);
}

void TestTimelineView::upAndDownMoveTheSelectedLane()
{
    Fixture fixture;
    QSignalSpy nodes(&fixture.view, &TimelineView::nodeSelected);
    QTest::keyClick(&fixture.view, Qt::Key_Down);
    QCOMPARE(fixture.view.selectedNode(), std::optional(TreeChild { true, 0 })); // the supervisor's lane first
    QTest::keyClick(&fixture.view, Qt::Key_Down);
    QTest::keyClick(&fixture.view, Qt::Key_Down);
    QCOMPARE(fixture.view.selectedNode(), std::optional(TreeChild { false, 1 }));
    QTest::keyClick(&fixture.view, Qt::Key_Up);
    QCOMPARE(fixture.view.selectedNode(), std::optional(TreeChild { false, 0 }));
    QCOMPARE(nodes.size(), 4);
    QCOMPARE(nodes.last().at(0).value<TreeChild>(), (TreeChild { false, 0 }));
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(&fixture.view, Qt::Key_Down);
    QCOMPARE(fixture.view.selectedNode(), std::optional(TreeChild { false, 3 })); // and no further
}

void TestTimelineView::nAndPWalkTheFailuresAndEnterShowsOne()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    QSignalSpy selected(&view, &TimelineView::eventSelected);
    const auto selectedFailure = [&] {
        const LifecycleEvent event = fixture.model.event(view.selectedEvent());
        return event.kind == EventKind::WorkerFailed ? event.worker : -1;
    };
    view.selectEvent(fixture.run.failure);
    QTest::keyClick(&view, Qt::Key_N);
    QCOMPARE(selectedFailure(), 2);
    QTest::keyClick(&view, Qt::Key_N);
    QCOMPARE(selectedFailure(), 3);
    const qsizetype last = view.selectedEvent();
    QTest::keyClick(&view, Qt::Key_N); // no failure after it
    QCOMPARE(view.selectedEvent(), last);
    QTest::keyClick(&view, Qt::Key_P);
    QCOMPARE(selectedFailure(), 2);
    QTest::keyClick(&view, Qt::Key_P);
    QCOMPARE(view.selectedEvent(), fixture.run.failure);
    QCOMPARE(selected.size(), 4);
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(selected.size(), 5);
    QCOMPARE(selected.last().at(0).value<qsizetype>(), fixture.run.failure);
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(view.selectedEvent(), -1);
    QTest::keyClick(&view, Qt::Key_Return); // nothing selected: nothing to show
    QCOMPARE(selected.size(), 5);
}

void TestTimelineView::everyKeyIsListedForTheHelp()
{
    const QList<std::pair<QString, QString>> shortcuts = TimelineView::keyboardShortcuts();
    QStringList keys;
    for (const auto &[key, what] : shortcuts) {
        QVERIFY(!key.isEmpty() && !what.isEmpty());
        keys << key;
    }
    const QString all = keys.join(u" | "_s);
    for (const QString &key : { u"W"_s, u"S"_s, u"A"_s, u"D"_s, u"N"_s, u"P"_s, u"Home"_s, u"End"_s, u"Z"_s, u"Esc"_s,
             u"Menu"_s, u"Shift+F10"_s, u"Shift+drag"_s })
        QVERIFY2(all.contains(key), qPrintable(key + u" missing from "_s + all));
    // What the list says is what the keys do.
    QCOMPARE(TimelineKeys::commandFor(QKeyCombination(Qt::Key_N)), std::optional(TimelineCommand::NextFailure));
    QCOMPARE(TimelineKeys::commandFor(QKeyCombination(Qt::ShiftModifier, Qt::Key_F10)),
        std::optional(TimelineCommand::ContextMenu));
    QCOMPARE(TimelineKeys::commandFor(QKeyCombination(Qt::Key_F10)), std::nullopt); // the window's Step
    QCOMPARE(TimelineKeys::commandFor(QKeyCombination(Qt::Key_Tab)), std::nullopt);
}

void TestTimelineView::shiftDragMeasuresATimeRange()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    QSignalSpy ranges(&view, &TimelineView::rangeSelected);
    QSignalSpy selected(&view, &TimelineView::eventSelected);
    const TimeAxis axis = view.axis();
    // From the failure to the restart, each missed by a few pixels: the ends are drawn to the marks.
    const QPoint from = fixture.at(1 * kSecond, 1) + QPoint(3, 0);
    const QPoint to = fixture.at(1500 * kMs, 1) - QPoint(2, 0);
    QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, from);
    QMouseEvent move(
        QEvent::MouseMove, to, view.viewport()->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(view.viewport(), &move);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, to);
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.at(0).at(0).value<qint64>(), 1 * kSecond);
    QCOMPARE(ranges.at(0).at(1).value<qint64>(), 1500 * kMs);
    QCOMPARE(view.selectedRange(), std::optional(std::pair { 1 * kSecond, 1500 * kMs }));
    QCOMPARE(view.axis(), axis); // no panning
    QCOMPARE(selected.size(), 0);

    // Measured: its length, prominently over the axis, and its counts in the tooltip there.
    const RangeSummary summary = view.rangeSummary();
    QCOMPARE(summary.failures, 1);
    QCOMPARE(summary.restarts, 0); // the restart is at its (open) end
    const QString tip = view.toolTipAt(QPoint(fixture.at(1250 * kMs, 1).x(), TimelineView::kAxisHeight / 2));
    QVERIFY2(tip.contains(u"Δ 500 ms"_s) && tip.contains(u"1 failure(s)"_s) && tip.contains(u"availability"_s),
        qPrintable(tip));
    const QColor highlight = view.palette().color(QPalette::Highlight);
    const QRect label(fixture.at(1 * kSecond, 1).x(), 0, fixture.at(1500 * kMs, 1).x() - fixture.at(1 * kSecond, 1).x(),
        TimelineView::kAxisHeight);
    QVERIFY(countColour(fixture.image(), label, highlight) > 100);
}

void TestTimelineView::dragOnTheAxisSelectsARangeAndEscapeClearsIt()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    QSignalSpy ranges(&view, &TimelineView::rangeSelected);
    QSignalSpy cleared(&view, &TimelineView::rangeCleared);
    const QPoint from(fixture.at(2 * kSecond, 1).x(), TimelineView::kAxisHeight / 2);
    const QPoint to(fixture.at(3 * kSecond, 1).x(), TimelineView::kAxisHeight / 2);
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, to, view.viewport()->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, {});
    QApplication::sendEvent(view.viewport(), &move);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(view.selectedRange(), std::optional(std::pair { 2 * kSecond, 3 * kSecond }));
    QCOMPARE(view.rangeSummary().completions, 0); // the completion at 3 s is at its open end
    QCOMPARE(view.rangeSummary().failures, 2);

    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(cleared.size(), 1);
    QVERIFY(!view.selectedRange());
    // A click on the axis clears one too.
    view.setSelectedRange(3 * kSecond, 2 * kSecond);
    QCOMPARE(view.selectedRange(), std::optional(std::pair { 2 * kSecond, 3 * kSecond }));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, from);
    QCOMPARE(cleared.size(), 2);
    QVERIFY(!view.selectedRange());
}

void TestTimelineView::aRangeZoomsInByKeyOrDoubleClick()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    const TimeAxis whole = view.axis();
    view.setSelectedRange(1 * kSecond, 1500 * kMs);
    QTest::keyClick(&view, Qt::Key_Z);
    const auto showsTheRange = [&view] {
        return view.axis().startUs <= 1 * kSecond && view.axis().endUs() >= 1500 * kMs
            && view.axis().endUs() - view.axis().startUs < 1 * kSecond;
    };
    QVERIFY(showsTheRange());
    view.setAxis(whole);
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, fixture.at(1250 * kMs, 1));
    QVERIFY(showsTheRange());
}

void TestTimelineView::labelsNearTheRightEdgeStayWhole()
{
    // The supervisor gives up at 1 s, at the live edge: its label stays whole in a view of any width.
    LogScript script { { u"workers=1"_s } };
    script.start(0, 0, 1);
    script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
    script.add(1 * kSecond, LifecycleEvent::supervisor(EventKind::SupervisorGaveUp, u"intensity"_s));
    TimelineModel model;
    model.setLog(shared(script.log));
    const auto giveUpInk = [&model](int laneWidth) {
        TimelineView view;
        view.setModel(&model);
        view.resize(laneWidth + TimelineView::kGutterWidth + 20, 200);
        view.show();
        view.setNow(1 * kSecond);
        const QImage image = view.viewport()->grab().toImage();
        const QColor gaveUp = StateColors::color(StateColor::GaveUp, view.palette());
        const QRect lane = view.laneRect(0).adjusted(TimelineView::kGutterWidth, 0, 0, 0);
        const auto [left, right]
            = inkExtent(image, lane, [&gaveUp](const QColor &colour) { return near(colour, gaveUp); });
        return std::tuple { left, right, image.width() };
    };
    const auto [wideLeft, wideRight, wideWidth] = giveUpInk(800);
    const auto [left, right, width] = giveUpInk(170);
    QVERIFY(wideLeft < wideRight && left < right);
    QVERIFY2(right <= width - 3, qPrintable(u"ink up to %1 of %2"_s.arg(right).arg(width)));
    QVERIFY2(std::abs((right - left) - (wideRight - wideLeft)) <= 2,
        qPrintable(u"%1 px wide, %2 px in a wide view"_s.arg(right - left).arg(wideRight - wideLeft)));
}

void TestTimelineView::theIntensityLabelStaysInsideWhenZoomedOut()
{
    // A minute of restarts at fit zoom: the 5 s window is far narrower than its label.
    LogScript script { { u"workers=1"_s, u"within=5000"_s, u"max_restarts=100"_s } };
    quint32 incarnation = 1;
    script.start(0, 0, incarnation);
    for (qint64 t = 2 * kSecond; t < 60 * kSecond; t += 2 * kSecond) {
        script.end(t, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        script.schedule(t, 0, 100, 1);
        script.start(t + 100 * kMs, 0, ++incarnation);
    }
    TimelineModel model;
    model.setLog(shared(script.log));
    TimelineView view;
    view.setModel(&model);
    view.resize(600 + TimelineView::kGutterWidth + 20, 200);
    view.show();
    view.setNow(60 * kSecond);
    view.zoomToFit();
    const QImage image = view.viewport()->grab().toImage();
    const QRect band = view.laneRect(0).adjusted(TimelineView::kGutterWidth, view.laneRect(0).height() / 2, 0, -2);
    const auto [left, right] = inkExtent(image, band, [](const QColor &colour) { return colour.lightnessF() < 0.3; });
    QVERIFY2(left < right, "no label");
    QVERIFY2(right <= image.width() - 3, qPrintable(u"ink up to %1 of %2"_s.arg(right).arg(image.width())));
    const QFontMetrics metrics(view.font());
    QVERIFY(right - left >= metrics.horizontalAdvance(u"restart(s) decided in the last"_s));
}

void TestTimelineView::theLastAxisLabelStaysInside()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    // The last tick where its label would straddle the right edge.
    TimeAxis axis = view.axis();
    const TimeAxis::Tick last = axis.ticks(90).last();
    const int labelWidth = QFontMetrics(view.font()).horizontalAdvance(last.label);
    const double wantedX = axis.widthPx - labelWidth / 2.0 - 3;
    axis.startUs += std::llround((last.x - wantedX) * axis.usPerPixel);
    view.setAxis(axis);
    QVERIFY(std::abs(view.axis().ticks(90).last().x - wantedX) < 2);
    const QImage image = fixture.image();
    const QRect band(
        TimelineView::kGutterWidth, 0, image.width() - TimelineView::kGutterWidth, TimelineView::kAxisHeight - 8);
    const auto [left, right] = inkExtent(image, band, [](const QColor &colour) { return colour.lightnessF() < 0.3; });
    QVERIFY(left < right);
    QVERIFY2(right <= image.width() - 3, qPrintable(u"ink up to %1 of %2"_s.arg(right).arg(image.width())));
    QVERIFY2(right >= image.width() - labelWidth - 8, "the label was not drawn near the edge");
}

void TestTimelineView::followingLiveLeavesRoomAfterTheEdge()
{
    Fixture fixture;
    TimelineView &view = fixture.view;
    view.resize(200 + TimelineView::kGutterWidth + 20, 300);
    view.setFollowLive(true);
    view.setNow(3 * kSecond);
    const double x = view.axis().mapTimeToX(3 * kSecond);
    QVERIFY2(x <= view.axis().widthPx - TimelineView::kLiveEdgeMarginPx + 1 && x >= view.axis().widthPx / 2,
        qPrintable(u"%1 of %2"_s.arg(x).arg(view.axis().widthPx)));
    view.zoomToFit();
    QVERIFY(view.axis().mapTimeToX(3 * kSecond) <= view.axis().widthPx - TimelineView::kLiveEdgeMarginPx + 1);
}

void TestTimelineView::aDenseStretchShowsItsDensityNotEvenlySpacedMarks()
{
    // A failure every 2 ms for 1.6 s, a lone failure at 2 s, then one every 0.5 ms: 2.5 and 10 in each pixel column
    // at 5 ms a pixel.
    LogScript script { { u"workers=1"_s } };
    quint32 incarnation = 0;
    const auto failEvery = [&](qint64 fromUs, qint64 toUs, qint64 periodUs) {
        for (qint64 t = fromUs; t < toUs; t += periodUs) {
            script.start(t, 0, ++incarnation);
            script.end(t + periodUs / 2, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
        }
    };
    failEvery(200 * kMs, 1800 * kMs, 2 * kMs);
    failEvery(1900 * kMs, 2000 * kMs, 200 * kMs);
    failEvery(2200 * kMs, 3800 * kMs, 500);
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
    const auto xOf
        = [&](qint64 tUs) { return int(std::lround(TimelineView::kGutterWidth + view.axis().mapTimeToX(tUs))); };
    const auto inkPerColumn = [&](qint64 fromUs, qint64 toUs) {
        QList<int> counts;
        for (int x = xOf(fromUs); x < xOf(toUs); ++x)
            counts << columnCount(image, lane, x, error);
        return counts;
    };
    const QList<int> sparse = inkPerColumn(300 * kMs, 1700 * kMs);
    const QList<int> dense = inkPerColumn(2300 * kMs, 3700 * kMs);
    // Every column shows its failures: no stride of marks with bare columns between them.
    QVERIFY(!sparse.contains(0));
    QVERIFY(!dense.contains(0));
    // The denser stretch is the taller.
    QVERIFY2(*std::max_element(sparse.begin(), sparse.end()) < *std::min_element(dense.begin(), dense.end()),
        qPrintable(u"sparse up to %1, dense from %2"_s.arg(*std::max_element(sparse.begin(), sparse.end()))
                       .arg(*std::min_element(dense.begin(), dense.end()))));
    // The lone failure is a whole mark.
    const int markSize = lane.height() - 12;
    const auto [left, right] = inkExtent(image, QRect(xOf(2 * kSecond) - 12, lane.top(), 25, lane.height()),
        [&error](const QColor &colour) { return colour.rgb() == error.rgb(); });
    QVERIFY2(right - left >= markSize - 3, qPrintable(u"%1..%2"_s.arg(left).arg(right)));
}

void TestTimelineView::markDensityKeepsLoneMarksWhole()
{
    TimeAxis axis;
    axis.startUs = 0;
    axis.usPerPixel = 1000;
    axis.widthPx = 100;
    // Alone at 10 px, two within a mark's width at 40 and 45 px, three in the pixel at 80 px.
    const QList<qint64> times { 10'000, 40'000, 45'000, 80'000, 80'100, 80'900 };
    const MarkDensity::Layout layout = MarkDensity::layOut(
        times.size(), [&times](qsizetype i) { return times.at(i); }, axis, 14);
    QCOMPARE(layout.whole, std::vector<qsizetype> { 0 });
    QCOMPARE(layout.crowded.size(), size_t(3));
    QCOMPARE(layout.crowded[2].x, 80);
    QCOMPARE(layout.crowded[2].count, 3);
    QVERIFY(MarkDensity::heightShare(1) < MarkDensity::heightShare(3));
    QVERIFY(MarkDensity::heightShare(3) < MarkDensity::heightShare(10));
    QCOMPARE(MarkDensity::heightShare(1000), 1.0);
}

void TestTimelineView::aHungWorkersSilentStretchLooksSilent()
{
    // Declared hung at 2 s with a heartbeat timeout of 600 ms: it was silent from 1.4 s at the latest.
    LogScript script { { u"workers=1"_s, u"heartbeat_timeout=600"_s } };
    script.start(0, 0, 1);
    script.end(2 * kSecond, EventKind::WorkerFailed, 0, 1, u"heartbeat_timeout"_s);
    TimelineModel model;
    model.setLog(shared(script.log));
    TimelineView view;
    view.setModel(&model);
    view.resize(800 + TimelineView::kGutterWidth + 20, 300);
    view.show();
    view.setNow(2500 * kMs);
    view.setAxis(view.axis().showing(0, 4 * kSecond));
    const QImage image = view.viewport()->grab().toImage();
    const QPalette palette = view.palette();
    const QColor running = StateColors::color(StateColor::Running, palette);
    const QColor hang = StateColors::color(StateColor::FailedHang, palette);
    const QRect lane = view.laneRect(1);
    const auto stretch = [&](qint64 fromUs, qint64 toUs) {
        return QRect(QPoint(int(TimelineView::kGutterWidth + view.axis().mapTimeToX(fromUs)), lane.top() + 4),
            QPoint(int(TimelineView::kGutterWidth + view.axis().mapTimeToX(toUs)), lane.bottom() - 4));
    };
    const QRect beating = stretch(200 * kMs, 1300 * kMs);
    const QRect silent = stretch(1450 * kMs, 1900 * kMs);
    QCOMPARE(countColour(image, beating, hang), 0);
    QCOMPARE(countColour(image, beating, running), beating.width() * beating.height());
    QVERIFY(countColour(image, silent, hang) > silent.width() * 2);
    QVERIFY(countColour(image, silent, running) < silent.width() * silent.height() / 4);
    QVERIFY(TimelineLegend::labels().contains(u"silent (hung)"_s));
}

void TestTimelineView::restartTypesShowBesideLongNamesInATree()
{
    QCOMPARE(TimelinePainter::restartTypeTag(RestartType::Transient, true), u"T"_s);
    QCOMPARE(TimelinePainter::restartTypeTag(RestartType::Temporary, true), u"t"_s);
    SupervisorConfig config;
    QCOMPARE(config.applyJson(QJsonDocument::fromJson(R"({"virtual_time": true, "duration": 1000,
        "tree": { "name": "app", "children": [
            { "name": "connection-pool", "children": [
                { "name": "database-connection", "count": 2, "restart": "transient" } ] },
            { "name": "w", "restart": "temporary" } ] }
    })")
                                  .object()),
        QString());
    VirtualRuntime runtime(config);
    runtime.run();
    TimelineModel model;
    model.setLog(runtime.log());
    TimelineView view;
    QPalette marked = view.palette();
    marked.setColor(QPalette::PlaceholderText, QColor(255, 0, 0)); // the restart type's ink, to find it
    view.setPalette(marked);
    view.setModel(&model);
    view.resize(800, 400);
    view.show();
    view.setNow(runtime.log()->lastTimeUs());
    const QImage image = view.viewport()->grab().toImage();
    const auto typeInk = [&image](const QRect &laneRect) {
        const QRect tag(TimelineView::kGutterWidth - 40, laneRect.top(), 21, laneRect.height());
        int red = 0;
        for (int y = tag.top(); y <= tag.bottom(); ++y) {
            for (int x = tag.left(); x <= tag.right(); ++x) {
                const QColor colour = image.pixelColor(x, y);
                red += colour.red() > 180 && colour.green() < 110 && colour.blue() < 110;
            }
        }
        return red;
    };
    QCOMPARE(model.index(2).data().toString(), u"database-connection-1"_s);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY2(typeInk(view.laneRect(row)) > 0, qPrintable(u"no restart type on row %1"_s.arg(row)));
}

void TestTimelineView::theEmptyTimelineSaysHowToStart_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTimelineView::theEmptyTimelineSaysHowToStart()
{
    QFETCH(bool, dark);
    QVERIFY(TimelineView::emptyHint().contains(u"Start (F5)"_s));
    QVERIFY(TimelineView::emptyHint().contains(u"Ctrl+O"_s));
    TimelineView view;
    if (dark) {
        // A dark palette as a theme might set it, its placeholder colour left as the light one's.
        QPalette palette = view.palette();
        palette.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        palette.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x28));
        palette.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
        palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        view.setPalette(palette);
    }
    view.resize(800, 400);
    view.show();
    const auto inkPixels = [&view] {
        const QImage image = view.viewport()->grab().toImage();
        const QColor base = view.palette().color(QPalette::Base);
        const QRect lanes(TimelineView::kGutterWidth, TimelineView::kAxisHeight,
            image.width() - TimelineView::kGutterWidth, image.height() - TimelineView::kAxisHeight);
        int ink = 0;
        for (int y = lanes.top(); y <= lanes.bottom(); ++y) {
            for (int x = lanes.left(); x <= lanes.right(); ++x)
                ink += std::abs(image.pixelColor(x, y).lightnessF() - base.lightnessF()) > 0.3;
        }
        return ink;
    };
    QVERIFY2(inkPixels() > 100, qPrintable(QString::number(inkPixels())));
}

void TestTimelineView::timeSummarisedForMemoryIsStillPainted()
{
    // A long flood whose oldest items the index folds into summaries (a small detail budget): the fitted view still
    // shows the worker running and failing there, not an empty stretch.
    LogScript script { { u"workers=1"_s } };
    quint32 incarnation = 0;
    for (qint64 t = 0; t < 4 * kSecond; t += 2 * kMs) {
        script.start(t, 0, ++incarnation);
        script.end(t + kMs, EventKind::WorkerFailed, 0, incarnation, u"error"_s);
    }
    TimelineIndex::setDefaultDetailBudgetBytes(64 * 1024);
    TimelineModel model;
    TimelineIndex::setDefaultDetailBudgetBytes(TimelineIndex::kDefaultDetailBudgetBytes);
    model.setLog(shared(script.log));
    QVERIFY2(model.timelineIndex().detailFromUs() > kSecond, "the oldest second is summarised");
    TimelineView view;
    view.setModel(&model);
    view.resize(800 + TimelineView::kGutterWidth + 20, 300);
    view.show();
    view.setNow(4 * kSecond);
    view.setAxis(view.axis().showing(0, 4 * kSecond));
    const QImage image = view.viewport()->grab().toImage();
    const QRect lane = view.laneRect(1);
    const int summaryEnd
        = int(TimelineView::kGutterWidth + view.axis().mapTimeToX(model.timelineIndex().detailFromUs())) - 2;
    const QRect summarised(TimelineView::kGutterWidth + 2, lane.top(), summaryEnd - TimelineView::kGutterWidth - 2,
        lane.height());
    const QColor error = StateColors::color(StateColor::FailedError, view.palette());
    QVERIFY2(countColour(image, summarised, error) > summarised.width() * 2,
        "the summarised failures are drawn in every column");
    int tinted = 0; // the running colour, at half strength: the worker ran half of each bucket
    for (int x = summarised.left(); x < summarised.right(); ++x) {
        const QColor pixel = image.pixelColor(x, lane.top() + 5);
        tinted += pixel != view.palette().color(QPalette::Base) && pixel != error;
    }
    QVERIFY2(tinted > summarised.width() * 9 / 10, qPrintable(u"%1 of %2 columns"_s.arg(tinted).arg(summarised.width())));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
