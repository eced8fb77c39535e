#include "analysis/timeaxis.h"

#include <QLocale>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

TimeAxis axis(qint64 startUs, double usPerPixel, int widthPx)
{
    TimeAxis result;
    result.startUs = startUs;
    result.usPerPixel = usPerPixel;
    result.widthPx = widthPx;
    return result;
}

// Sets the default locale for as long as it lives.
struct DefaultLocale
{
    QLocale before;
    explicit DefaultLocale(const QLocale &locale) { QLocale::setDefault(locale); }
    ~DefaultLocale() { QLocale::setDefault(before); }
};

} // namespace

class TestTimeAxis : public QObject
{
    Q_OBJECT

private slots:
    void mapTimeToX_data();
    void mapTimeToX();
    void mapXToTimeInvertsMapping_data();
    void mapXToTimeInvertsMapping();
    void zoomKeepsTheTimeUnderTheCursor_data();
    void zoomKeepsTheTimeUnderTheCursor();
    void zoomIsClamped();
    void panMovesByWholePixels();
    void endingAtPutsTheTimeAtTheRightEdge();
    void showingFitsARange();
    void tickStep_data();
    void tickStep();
    void ticksCoverTheVisibleRange_data();
    void ticksCoverTheVisibleRange();
    void formatTime_data();
    void formatTime();
    void formatDuration_data();
    void formatDuration();
    void germanReadsADecimalComma();
};

void TestTimeAxis::mapTimeToX_data()
{
    QTest::addColumn<qint64>("startUs");
    QTest::addColumn<double>("usPerPixel");
    QTest::addColumn<qint64>("tUs");
    QTest::addColumn<double>("x");

    QTest::newRow("origin") << qint64(0) << 1000.0 << qint64(0) << 0.0;
    QTest::newRow("one pixel") << qint64(0) << 1000.0 << qint64(1000) << 1.0;
    QTest::newRow("half pixel") << qint64(0) << 1000.0 << qint64(500) << 0.5;
    QTest::newRow("scrolled") << qint64(2'000'000) << 10'000.0 << qint64(3'000'000) << 100.0;
    QTest::newRow("before the left edge") << qint64(2'000'000) << 10'000.0 << qint64(1'000'000) << -100.0;
    QTest::newRow("negative start") << qint64(-500'000) << 5'000.0 << qint64(0) << 100.0;
    QTest::newRow("finest zoom") << qint64(7) << 1.0 << qint64(10) << 3.0;
    QTest::newRow("hours") << qint64(0) << 36e6 << qint64(3'600'000'000) << 100.0;
}

void TestTimeAxis::mapTimeToX()
{
    QFETCH(qint64, startUs);
    QFETCH(double, usPerPixel);
    QFETCH(qint64, tUs);
    QFETCH(double, x);
    QCOMPARE(axis(startUs, usPerPixel, 800).mapTimeToX(tUs), x);
}

void TestTimeAxis::mapXToTimeInvertsMapping_data()
{
    mapTimeToX_data();
}

void TestTimeAxis::mapXToTimeInvertsMapping()
{
    QFETCH(qint64, startUs);
    QFETCH(double, usPerPixel);
    QFETCH(qint64, tUs);
    QFETCH(double, x);
    QCOMPARE(axis(startUs, usPerPixel, 800).mapXToTime(x), tUs);
}

void TestTimeAxis::zoomKeepsTheTimeUnderTheCursor_data()
{
    QTest::addColumn<double>("cursorX");
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("expectedUsPerPixel");

    QTest::newRow("zoom in at the left edge") << 0.0 << 2.0 << 5'000.0;
    QTest::newRow("zoom in in the middle") << 400.0 << 2.0 << 5'000.0;
    QTest::newRow("zoom in at the right edge") << 800.0 << 4.0 << 2'500.0;
    QTest::newRow("zoom out in the middle") << 400.0 << 0.5 << 20'000.0;
    QTest::newRow("small wheel step") << 123.0 << 1.25 << 8'000.0;
}

void TestTimeAxis::zoomKeepsTheTimeUnderTheCursor()
{
    QFETCH(double, cursorX);
    QFETCH(double, factor);
    QFETCH(double, expectedUsPerPixel);

    const TimeAxis before = axis(1'000'000, 10'000.0, 800);
    const TimeAxis after = before.zoomedAround(cursorX, factor);
    QCOMPARE(after.usPerPixel, expectedUsPerPixel);
    QCOMPARE(after.widthPx, before.widthPx);
    QVERIFY(std::abs(after.mapXToTime(cursorX) - before.mapXToTime(cursorX)) <= 1);
}

void TestTimeAxis::zoomIsClamped()
{
    const TimeAxis fine = axis(0, 2.0, 800).zoomedAround(100, 100.0);
    QCOMPARE(fine.usPerPixel, TimeAxis::kMinUsPerPixel);
    QVERIFY(std::abs(fine.mapXToTime(100) - 200) <= 1);
    const TimeAxis coarse = axis(0, TimeAxis::kMaxUsPerPixel / 2, 800).zoomedAround(0, 0.01);
    QCOMPARE(coarse.usPerPixel, TimeAxis::kMaxUsPerPixel);
}

void TestTimeAxis::panMovesByWholePixels()
{
    const TimeAxis start = axis(1'000'000, 1'000.0, 800);
    QCOMPARE(start.pannedBy(100).startUs, 900'000);
    QCOMPARE(start.pannedBy(-250).startUs, 1'250'000);
    QCOMPARE(start.pannedBy(100).pannedBy(-100), start);
}

void TestTimeAxis::endingAtPutsTheTimeAtTheRightEdge()
{
    const TimeAxis live = axis(0, 1'000.0, 800).endingAt(5'000'000);
    QCOMPARE(live.endUs(), 5'000'000);
    QCOMPARE(live.startUs, 4'200'000);
    QCOMPARE(live.usPerPixel, 1'000.0);
}

void TestTimeAxis::showingFitsARange()
{
    const TimeAxis fitted = axis(0, 1'000.0, 500).showing(2'000'000, 7'000'000);
    QCOMPARE(fitted.startUs, 2'000'000);
    QCOMPARE(fitted.endUs(), 7'000'000);
    QCOMPARE(axis(0, 1'000.0, 500).showing(5, 5).usPerPixel, TimeAxis::kMinUsPerPixel);
}

void TestTimeAxis::tickStep_data()
{
    QTest::addColumn<double>("usPerPixel");
    QTest::addColumn<int>("minSpacingPx");
    QTest::addColumn<qint64>("stepUs");

    QTest::newRow("1 us/px, 80 px") << 1.0 << 80 << qint64(100);
    QTest::newRow("exactly on the series") << 10.0 << 10 << qint64(100);
    QTest::newRow("just above 1") << 1.01 << 100 << qint64(200);
    QTest::newRow("milliseconds") << 1'000.0 << 80 << qint64(100'000);
    QTest::newRow("just below a second") << 9'000.0 << 100 << qint64(1'000'000);
    QTest::newRow("seconds") << 30'000.0 << 80 << qint64(5'000'000);
    QTest::newRow("quarter minute") << 140'000.0 << 80 << qint64(15'000'000);
    QTest::newRow("minutes") << 1'000'000.0 << 80 << qint64(120'000'000);
    QTest::newRow("hours") << 36e6 << 200 << qint64(7'200'000'000);
    QTest::newRow("spacing 0 still steps") << 0.5 << 0 << qint64(1);
}

void TestTimeAxis::tickStep()
{
    QFETCH(double, usPerPixel);
    QFETCH(int, minSpacingPx);
    QFETCH(qint64, stepUs);
    QCOMPARE(TimeAxis::tickStepUs(usPerPixel, minSpacingPx), stepUs);
}

void TestTimeAxis::ticksCoverTheVisibleRange_data()
{
    QTest::addColumn<qint64>("startUs");
    QTest::addColumn<double>("usPerPixel");
    QTest::addColumn<QList<qint64>>("expected");

    QTest::newRow("from zero") << qint64(0) << 10'000.0
                               << QList<qint64> { 0, 1'000'000, 2'000'000, 3'000'000, 4'000'000 };
    QTest::newRow("mid-step start") << qint64(1'500'000) << 10'000.0
                                    << QList<qint64> { 2'000'000, 3'000'000, 4'000'000, 5'000'000 };
    QTest::newRow("negative start") << qint64(-1'500'000) << 10'000.0
                                    << QList<qint64> { -1'000'000, 0, 1'000'000, 2'000'000 };
}

void TestTimeAxis::ticksCoverTheVisibleRange()
{
    QFETCH(qint64, startUs);
    QFETCH(double, usPerPixel);
    QFETCH(QList<qint64>, expected);

    const TimeAxis shown = axis(startUs, usPerPixel, 400);
    const QList<TimeAxis::Tick> ticks = shown.ticks(80);
    QList<qint64> times;
    for (const TimeAxis::Tick &tick : ticks) {
        times << tick.tUs;
        QCOMPARE(tick.x, shown.mapTimeToX(tick.tUs));
        QVERIFY(tick.x >= 0 && tick.x <= shown.widthPx);
    }
    QCOMPARE(times, expected);
}

void TestTimeAxis::formatTime_data()
{
    QTest::addColumn<qint64>("tUs");
    QTest::addColumn<qint64>("stepUs");
    QTest::addColumn<QString>("text");

    QTest::newRow("whole seconds") << qint64(3'000'000) << qint64(1'000'000) << u"3 s"_s;
    QTest::newRow("tenths") << qint64(200'000) << qint64(100'000) << u"0.2 s"_s;
    QTest::newRow("quarter step") << qint64(1'250'000) << qint64(50'000) << u"1.25 s"_s;
    QTest::newRow("milliseconds") << qint64(1'234'000) << qint64(1'000) << u"1.234 s"_s;
    QTest::newRow("microseconds") << qint64(1'000'005) << qint64(5) << u"1.000005 s"_s;
    QTest::newRow("minutes") << qint64(125'000'000) << qint64(60'000'000) << u"2:05"_s;
    QTest::newRow("hours") << qint64(3'725'000'000) << qint64(600'000'000) << u"1:02:05"_s;
    QTest::newRow("negative") << qint64(-1'000'000) << qint64(1'000'000) << u"-1 s"_s;
    QTest::newRow("zero") << qint64(0) << qint64(200'000) << u"0.0 s"_s;
}

void TestTimeAxis::formatTime()
{
    QFETCH(qint64, tUs);
    QFETCH(qint64, stepUs);
    QFETCH(QString, text);
    QCOMPARE(TimeAxis::formatTime(tUs, stepUs), text);
}

void TestTimeAxis::formatDuration_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << u"0 µs"_s;
    QTest::newRow("microseconds") << qint64(512) << u"512 µs"_s;
    QTest::newRow("milliseconds") << qint64(1'500) << u"1.5 ms"_s;
    QTest::newRow("whole milliseconds") << qint64(500'000) << u"500 ms"_s;
    QTest::newRow("seconds") << qint64(2'250'000) << u"2.25 s"_s;
    QTest::newRow("rounded") << qint64(2'345'678) << u"2.35 s"_s;
    QTest::newRow("three digits") << qint64(770'940) << u"771 ms"_s;
    QTest::newRow("tens") << qint64(12'345) << u"12.3 ms"_s;
    QTest::newRow("tens of seconds") << qint64(25'500'000) << u"25.5 s"_s;
    QTest::newRow("minutes in seconds") << qint64(125'000'000) << u"125 s"_s;
}

void TestTimeAxis::formatDuration()
{
    QFETCH(qint64, us);
    QFETCH(QString, text);
    QCOMPARE(TimeAxis::formatDuration(us), text);
}

// What a person reads (axis labels, durations) follows the locale; QLocale::c() gives the locale-free text.
void TestTimeAxis::germanReadsADecimalComma()
{
    QStringList labels;
    {
        const DefaultLocale german(QLocale(QLocale::German));
        for (const TimeAxis::Tick &tick : axis(0, 5'000.0, 400).ticks(80)) // a tick every half second
            labels << tick.label;
        QCOMPARE(TimeAxis::formatTime(1'250'000, 50'000), u"1,25 s"_s);
        QCOMPARE(TimeAxis::formatTime(-1'000'000, 1'000'000), u"-1 s"_s);
        QCOMPARE(TimeAxis::formatTime(125'000'000, 60'000'000), u"2:05"_s);
        QCOMPARE(TimeAxis::formatTime(3'725'000'000, 600'000'000), u"1:02:05"_s);
        QCOMPARE(TimeAxis::formatDuration(1'500'000), u"1,5 s"_s);
        QCOMPARE(TimeAxis::formatDuration(1'500), u"1,5 ms"_s);
        QCOMPARE(TimeAxis::formatDuration(512), u"512 µs"_s);
        QCOMPARE(TimeAxis::formatDuration(2'000'000), u"2 s"_s); // trailing zeros dropped, and the comma with them
        QCOMPARE(TimeAxis::formatDuration(1'234'000'000), u"1234 s"_s); // no group separator
        // Locale-free text, for anything written to a file, stays as it was.
        QCOMPARE(TimeAxis::formatTime(1'250'000, 50'000, QLocale::c()), u"1.25 s"_s);
        QCOMPARE(TimeAxis::formatDuration(1'500'000, QLocale::c()), u"1.5 s"_s);
        QCOMPARE(axis(0, 5'000.0, 400).ticks(80, QLocale::c()).value(3).label, u"1.5 s"_s);
    }
    QCOMPARE(labels, (QStringList { u"0,0 s"_s, u"0,5 s"_s, u"1,0 s"_s, u"1,5 s"_s, u"2,0 s"_s }));
    QCOMPARE(TimeAxis::formatDuration(1'500'000), u"1.5 s"_s); // the locale is back
}

QTEST_GUILESS_MAIN(TestTimeAxis)
#include "tst_timeaxis.moc"
