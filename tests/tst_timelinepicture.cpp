#include "filesizelimit.h"
#include "logscript.h"
#include "mainwindow.h"
#include "pixelcount.h"
#include "runcontroller.h"
#include "runtime/virtualruntime.h"
#include "statecolors.h"
#include "testruns.h"
#include "testsettings.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepicture.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMs = 1000;
constexpr qint64 kSecond = 1'000'000;
constexpr int kGutter = TimelinePainter::kGutterWidth;

// Worker 0 fails with an error at 1 s and is restarted after 500 ms; its second run completes at 3 s.
// Every other worker runs from 0 to 3.5 s, when the supervisor stops them all.
struct KnownRun
{
    LogScript script;
    TimelineModel model;

    explicit KnownRun(int workers = 4)
        : script({ u"workers=%1"_s.arg(workers) })
    {
        for (int worker = 0; worker < workers; ++worker)
            script.start(0, worker, 1);
        script.end(1 * kSecond, EventKind::WorkerFailed, 0, 1, u"error"_s);
        script.schedule(1 * kSecond, 0, 500, 1);
        script.start(1500 * kMs, 0, 2);
        script.end(3 * kSecond, EventKind::WorkerCompleted, 0, 2);
        for (int worker = 1; worker < workers; ++worker)
            script.end(3500 * kMs, EventKind::WorkerStopped, worker, 1, u"shutdown"_s);
        model.setLog({ &script.log, [](const EventLog *) {} });
    }
};

int legendHeight(int width)
{
    return TimelineLegend::layOut(width, nullptr, TimelinePicture::palette(), TimelinePicture::font());
}

int expectedHeight(int workerRows, int width)
{
    return TimelinePicture::kTitleHeight + TimelinePainter::kAxisHeight + TimelinePainter::kSupervisorLaneHeight
        + workerRows * TimelinePainter::kLaneHeight + legendHeight(width);
}

QPoint at(const TimelinePicture &picture, qint64 tUs, int lane, int dy = 0)
{
    return { int(std::floor(picture.xOf(tUs))), picture.laneRect(lane).center().y() + dy };
}

int countDark(const QImage &image, const QRect &area)
{
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            count += image.pixelColor(x, y).lightness() < 100;
    }
    return count;
}

QColor lightColour(StateColor state)
{
    return StateColors::color(state, TimelinePicture::palette());
}

QImage saved(const TimelinePicture &picture, const QString &path)
{
    QString error;
    if (!picture.save(path, &error))
        qWarning("%s", qPrintable(error));
    return QImage(path);
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

std::shared_ptr<EventLog> jitterRun(int workers, qint64 durationMs)
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(),
        { u"virtual_time=true"_s, u"workers=%1"_s.arg(workers), u"jitter=full"_s, u"failure_mode=mixed"_s,
            u"work_min=100"_s, u"work_max=900"_s, u"delay=150"_s, u"duration=%1"_s.arg(durationMs), u"seed=7"_s }));
    runtime.run();
    return runtime.log();
}

} // namespace

class TestTimelinePicture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pngHasTheRequestedWidthAndARowPerLane();
    void everyLaneIsPaintedNotOnlyTheFirstOnes();
    void manyWorkersAreCappedAndCounted();
    void barsAndGapsHaveTheirStateColours();
    void gutterNamesTheLanes();
    void aRangePutsEventsWhereTheAxisSays();
    void pictureIsLightOnADarkDesktop();
    void svgIsADrawingWithTextAndShapes();
    void formatFollowsTheExtension_data();
    void formatFollowsTheExtension();
    void unknownExtensionIsRefused();
    void failedWritesReportThePathAndTouchNothing();
    void savingReplacesAnEarlierPictureWhole();
    void aWriteThatFailsHalfwayLeavesTheEarlierFile_data();
    void aWriteThatFailsHalfwayLeavesTheEarlierFile();
    void saveWholeRunBuildsItsOwnTimeline();
    void rangeTextHasTheDigitsTheRangeNeeds();
    void theWindowExportsTheVisibleRangeAndTheWholeRun();

private:
    QTemporaryDir m_dir;
};

void TestTimelinePicture::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    // The offscreen platform cannot pass size hints on, and says so for every dock; nothing to learn from it.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestTimelinePicture::pngHasTheRequestedWidthAndARowPerLane()
{
    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 1000);
    const QImage image = saved(picture, m_dir.filePath(u"size.png"_s));
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 1000);
    QCOMPARE(image.height(), expectedHeight(4, 1000));
    QCOMPARE(image.size(), picture.size());
    QCOMPARE(image.devicePixelRatio(), 1.0);

    KnownRun wider(6);
    QCOMPARE(TimelinePicture(wider.model, 0, 4 * kSecond, 1000).size().height(),
        image.height() + 2 * TimelinePainter::kLaneHeight);
}

void TestTimelinePicture::everyLaneIsPaintedNotOnlyTheFirstOnes()
{
    // Taller than any view shows without scrolling.
    KnownRun run(40);
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 900);
    const QImage image = picture.image();
    QCOMPARE(image.height(), expectedHeight(40, 900));
    const QColor running = lightColour(StateColor::Running);
    for (const int lane : { 2, 20, 40 }) {
        QVERIFY2(image.pixelColor(at(picture, 2 * kSecond, lane, -6)).rgb() == running.rgb(),
            qPrintable(u"lane %1"_s.arg(lane)));
    }
}

void TestTimelinePicture::manyWorkersAreCappedAndCounted()
{
    KnownRun run(1024);
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 1200);
    QCOMPARE(picture.workerCount(), 1024);
    QCOMPARE(picture.workerLanes(), TimelinePicture::kMaxWorkerLanes);
    const QImage image = picture.image();
    // The lanes shown, and one line counting the others.
    QCOMPARE(image.height(), expectedHeight(TimelinePicture::kMaxWorkerLanes + 1, 1200));
    QVERIFY(image.height() < 2000);
    QCOMPARE(image.pixelColor(at(picture, 2 * kSecond, TimelinePicture::kMaxWorkerLanes, -6)).rgb(),
        lightColour(StateColor::Running).rgb());
    QVERIFY2(picture.description().contains(u"workers 0–63 of 1024"_s), qPrintable(picture.description()));
    const QRect note = picture.laneRect(TimelinePicture::kMaxWorkerLanes + 1);
    QVERIFY(countDark(image, note) > 50); // "… and 960 more workers …"
}

void TestTimelinePicture::barsAndGapsHaveTheirStateColours()
{
    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 800 + kGutter);
    const QImage image = saved(picture, m_dir.filePath(u"colours.png"_s));
    const QColor running = lightColour(StateColor::Running);
    const QColor waiting = lightColour(StateColor::Waiting);

    // Worker 0's first incarnation, away from its label and its end marker.
    QCOMPARE(image.pixelColor(at(picture, 600 * kMs, 1, -6)).rgb(), running.rgb());
    // The restart delay: hatched in the waiting colour, nothing running.
    const QRect gap(at(picture, 1100 * kMs, 1, -4), at(picture, 1400 * kMs, 1, 4));
    QVERIFY(countColour(image, gap, waiting) > 20);
    QCOMPARE(countColour(image, gap, running), 0);
    // The failure marker at 1 s, and nothing after the completion at 3 s.
    const QRect failure = QRect(at(picture, 1 * kSecond, 1, -6), QSize(8, 12)).translated(-4, 0);
    QVERIFY(countColour(image, failure, lightColour(StateColor::FailedError)) > 10);
    QCOMPARE(countColour(image, QRect(at(picture, 3200 * kMs, 1, -8), at(picture, 3900 * kMs, 1, 8)), running), 0);
    // Stopped workers end in their stopped mark at 3.5 s.
    const QRect stopped = QRect(at(picture, 3500 * kMs, 2, -6), QSize(12, 12)).translated(-6, 0);
    QVERIFY(countColour(image, stopped, lightColour(StateColor::Stopped)) > 10);
}

void TestTimelinePicture::gutterNamesTheLanes()
{
    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 900);
    const QImage image = picture.image();
    for (int lane = 0; lane <= 4; ++lane) {
        const QRect label = picture.laneRect(lane).adjusted(4, 4, 0, -4);
        QVERIFY2(countDark(image, QRect(label.topLeft(), QSize(60, label.height()))) > 30,
            qPrintable(u"lane %1"_s.arg(lane)));
    }
    // The axis labels its ticks.
    QVERIFY(countDark(image, QRect(kGutter, TimelinePicture::kTitleHeight, 900 - kGutter, 20)) > 50);
    // The title names the run.
    QCOMPARE(picture.title(), u"Supervisor Lab — seed 1, one-for-one, 4 worker(s)"_s);
    QVERIFY(countDark(image, QRect(0, 0, 300, TimelinePicture::kTitleHeight)) > 100);
}

void TestTimelinePicture::aRangePutsEventsWhereTheAxisSays()
{
    KnownRun run;
    const int width = 700;
    const TimelinePicture picture(run.model, 1200 * kMs, 2600 * kMs, width);
    QCOMPARE(picture.axis().startUs, 1200 * kMs);
    QVERIFY(std::abs(picture.axis().endUs() - 2600 * kMs) <= picture.axis().usPerPixel);
    // Worked out apart from the axis: the restart at 1.5 s is 0.3 s into the 1.4 s shown.
    const double restartX = kGutter + (width - kGutter) * 0.3 / 1.4;
    QVERIFY(std::abs(picture.xOf(1500 * kMs) - restartX) < 0.5);

    const QImage image = saved(picture, m_dir.filePath(u"range.png"_s));
    const QColor running = lightColour(StateColor::Running);
    const int y = picture.laneRect(1).center().y() - 6;
    const int barStart = int(std::floor(picture.xOf(1500 * kMs)));
    QCOMPARE(image.pixelColor(barStart, y).rgb(), running.rgb());
    QCOMPARE(image.pixelColor(barStart + 10, y).rgb(), running.rgb());
    QVERIFY(image.pixelColor(barStart - 2, y).rgb() != running.rgb());
    // The gap before it starts at the left edge of the lanes: the failure at 1 s is out of range.
    QVERIFY(countColour(image, QRect(kGutter + 1, y - 2, 20, 8), lightColour(StateColor::Waiting)) > 5);
}

void TestTimelinePicture::pictureIsLightOnADarkDesktop()
{
    const QPalette original = QApplication::palette();
    QPalette dark = original;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x28));
    dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Text, Qt::white);
    QApplication::setPalette(dark);
    const auto restore = qScopeGuard([&] { QApplication::setPalette(original); });
    QVERIFY(StateColors::isDark(QApplication::palette()));
    QPalette paper = dark;
    paper.setColor(QPalette::Base, Qt::white);
    const QColor lightRunning = StateColors::color(StateColor::Running, paper);
    QVERIFY(StateColors::color(StateColor::Running, dark) != lightRunning);

    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 900);
    const QImage image = picture.image();
    QCOMPARE(image.pixelColor(at(picture, 600 * kMs, 1, -6)).rgb(), lightRunning.rgb());
    QCOMPARE(image.pixelColor(at(picture, 3700 * kMs, 1, -6)).rgb(), QColor(Qt::white).rgb());
    QCOMPARE(image.pixelColor(image.width() - 2, 2).rgb(), QColor(Qt::white).rgb()); // the title band
    QVERIFY(image.pixelColor(10, picture.laneRect(2).top() + 2).lightness() > 200); // the gutter
}

void TestTimelinePicture::svgIsADrawingWithTextAndShapes()
{
    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond, 1000);
    const QString path = m_dir.filePath(u"drawing.svg"_s);
    QString error;
    QVERIFY2(picture.save(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));

    QXmlStreamReader xml(&file);
    QString viewBox;
    QString title;
    QString description;
    QStringList texts;
    QStringList fills; // of the enclosing groups
    int runningShapes = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"svg")
                viewBox = xml.attributes().value(u"viewBox"_s).toString();
            else if (name == u"title")
                title = xml.readElementText();
            else if (name == u"desc")
                description = xml.readElementText();
            else if (name == u"text")
                texts << xml.readElementText().trimmed();
            else if (name == u"g")
                fills << xml.attributes().value(u"fill"_s).toString();
            else if ((name == u"rect" || name == u"path" || name == u"polygon") && !fills.isEmpty()
                && fills.last() == lightColour(StateColor::Running).name())
                ++runningShapes;
        } else if (xml.isEndElement() && xml.name() == u"g") {
            fills.removeLast();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(viewBox, u"0 0 %1 %2"_s.arg(picture.size().width()).arg(picture.size().height()));
    QCOMPARE(title, picture.title());
    QVERIFY2(description.contains(u"0–4.0 s"_s), qPrintable(description));
    for (const QString &lane : { u"Supervisor"_s, u"Worker 0"_s, u"Worker 1"_s, u"Worker 2"_s, u"Worker 3"_s })
        QVERIFY2(texts.contains(lane), qPrintable(texts.join(u" | "_s)));
    QVERIFY(texts.contains(u"#2"_s)); // the second incarnation of worker 0 is labelled
    QVERIFY(texts.contains(u"running"_s)); // the legend
    size_t incarnations = 0;
    for (int lane = 1; lane < run.model.rowCount(); ++lane)
        incarnations += run.model.lane(lane).bars.size();
    QCOMPARE(incarnations, size_t(5));
    QVERIFY2(runningShapes >= int(incarnations), qPrintable(QString::number(runningShapes)));
}

void TestTimelinePicture::formatFollowsTheExtension_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format"); // -1 for none
    QTest::newRow("png") << u"/tmp/a.png"_s << int(PictureFormat::Png);
    QTest::newRow("PNG") << u"slides/Timeline.PNG"_s << int(PictureFormat::Png);
    QTest::newRow("svg") << u"b.svg"_s << int(PictureFormat::Svg);
    QTest::newRow("jpeg") << u"c.jpg"_s << -1;
    QTest::newRow("no extension") << u"timeline"_s << -1;
    QTest::newRow("svg directory") << u"pictures.svg/timeline"_s << -1;
}

void TestTimelinePicture::formatFollowsTheExtension()
{
    QFETCH(QString, path);
    QFETCH(int, format);
    const std::optional<PictureFormat> found = TimelinePicture::formatFor(path);
    QCOMPARE(found ? int(*found) : -1, format);
}

void TestTimelinePicture::unknownExtensionIsRefused()
{
    KnownRun run;
    const QString path = m_dir.filePath(u"earlier.bmp"_s);
    QVERIFY(writeFile(path, "an earlier picture"));
    QString error;
    QVERIFY(!TimelinePicture(run.model, 0, 4 * kSecond).save(path, &error));
    QVERIFY2(error.startsWith(path + u": "_s), qPrintable(error));
    QVERIFY2(error.contains(u".png"_s) && error.contains(u".svg"_s), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    QCOMPARE(fileContents(path), QByteArray("an earlier picture"));
}

void TestTimelinePicture::failedWritesReportThePathAndTouchNothing()
{
    KnownRun run;
    const TimelinePicture picture(run.model, 0, 4 * kSecond);
    QTemporaryDir dir;
    const QString earlier = dir.filePath(u"timeline.png"_s);
    QVERIFY(writeFile(earlier, "an earlier picture"));

    for (const QString &target : { dir.filePath(u"missing/timeline.png"_s), dir.filePath(u"missing/timeline.svg"_s) }) {
        QString error;
        QVERIFY(!picture.save(target, &error));
        QVERIFY2(error.startsWith(target + u": cannot write: "_s), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
    }
    // A directory in the way of the file.
    const QString folder = dir.filePath(u"folder.svg"_s);
    QVERIFY(QDir(dir.path()).mkdir(u"folder.svg"_s));
    QString error;
    QVERIFY(!picture.save(folder, &error));
    QCOMPARE(error, folder + u" is a directory, not a regular file; an export replaces only a regular file"_s);
    QVERIFY(QFileInfo(folder).isDir());

    QCOMPARE(fileContents(earlier), QByteArray("an earlier picture"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
        QStringList({ u"folder.svg"_s, u"timeline.png"_s }));
}

void TestTimelinePicture::savingReplacesAnEarlierPictureWhole()
{
    KnownRun run;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"timeline.svg"_s);
    QVERIFY(writeFile(path, QByteArray(200'000, 'x'))); // longer than the drawing
    QString error;
    QVERIFY2(TimelinePicture(run.model, 0, 4 * kSecond).save(path, &error), qPrintable(error));
    const QByteArray drawing = fileContents(path);
    QVERIFY(drawing.startsWith("<?xml"));
    QVERIFY(!drawing.contains("xxx"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
        QStringList({ u"timeline.svg"_s })); // no temporary file left behind
}

void TestTimelinePicture::aWriteThatFailsHalfwayLeavesTheEarlierFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("png") << u"timeline.png"_s;
    QTest::newRow("svg") << u"timeline.svg"_s;
}

void TestTimelinePicture::aWriteThatFailsHalfwayLeavesTheEarlierFile()
{
    QFETCH(QString, name);
    KnownRun run;
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    const QByteArray earlier(50'000, 'x');
    QVERIFY(writeFile(path, earlier));
    // Files may grow to 4 KiB only, less than any picture: the write fails partway, as on a full disk.
    QString error;
    bool saved = false;
    {
        const FileSizeLimit fullDisk(4096);
        QVERIFY(fullDisk.isInForce());
        saved = TimelinePicture(run.model, 0, 4 * kSecond).save(path, &error);
    }

    QVERIFY(!saved);
    QCOMPARE(error, path + u": write failed: File too large"_s);
    QCOMPARE(fileContents(path), earlier);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList({ name }));
}

void TestTimelinePicture::saveWholeRunBuildsItsOwnTimeline()
{
    const std::shared_ptr<EventLog> log = jitterRun(4, 4000);
    const QString path = m_dir.filePath(u"whole-run.png"_s);
    QString error;
    QVERIFY2(TimelinePicture::saveWholeRun(log, path, 1200, &error), qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.width(), 1200);
    QCOMPARE(image.height(), expectedHeight(4, 1200));

    TimelineModel model;
    model.setLog(log);
    const TimelinePicture picture = TimelinePicture::wholeRun(model, 1200);
    QCOMPARE(picture.fromUs(), 0);
    QCOMPARE(picture.toUs(), log->lastTimeUs());
    // The end of the run is in the picture, a margin before its right edge.
    QCOMPARE(picture.xOf(log->lastTimeUs()), double(1200 - TimelinePicture::kEndMarginPx));
    QCOMPARE(image, picture.image().convertToFormat(image.format()));
    QCOMPARE(image.text(u"Description"_s), picture.description());

    QVERIFY(!TimelinePicture::saveWholeRun(nullptr, path, 1200, &error));
    QVERIFY2(error.startsWith(path + u": "_s), qPrintable(error));
}

void TestTimelinePicture::rangeTextHasTheDigitsTheRangeNeeds()
{
    QCOMPARE(TimelinePicture::rangeText(0, 4 * kSecond), u"0–4.0 s"_s);
    QCOMPARE(TimelinePicture::rangeText(0, 3'995'883), u"0–4.0 s"_s);
    QCOMPARE(TimelinePicture::rangeText(500 * kMs, 1500 * kMs), u"0.5–1.5 s"_s);
    QCOMPARE(TimelinePicture::rangeText(1250 * kMs, 1300 * kMs), u"1.250–1.300 s"_s);
}

void TestTimelinePicture::theWindowExportsTheVisibleRangeAndTheWholeRun()
{
    MainWindow window;
    window.setConfig(withSettings(SupervisorConfig(),
                         { u"workers=3"_s, u"virtual_time=true"_s, u"duration=3000"_s, u"seed=3"_s,
                             u"failure_rate=0.7"_s, u"delay=200"_s }),
        u"custom"_s);
    window.resize(1400, 900);
    window.show();
    auto *menu = window.menuBar()->findChild<QMenu *>(u"exportPictureMenu"_s);
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 2);
    QVERIFY(!menu->isEnabled()); // nothing to draw yet
    QVERIFY(menu->menuAction()->toolTip().contains(u"start a run first"_s));
    const QString early = m_dir.filePath(u"early.png"_s);
    QString error;
    QVERIFY(!window.exportPicture(early, PictureRange::WholeRun, &error));
    QVERIFY2(error.startsWith(early + u": "_s) && error.contains(u"start a run first"_s), qPrintable(error));
    QVERIFY(!QFile::exists(early));

    window.controller()->start();
    QVERIFY(waitFor([&] { return window.controller()->state() == RunController::State::Finished; }));
    QVERIFY(menu->isEnabled());
    const qint64 endUs = window.controller()->log()->lastTimeUs();
    QVERIFY(endUs >= 3 * kSecond);

    window.timeline()->setAxis(window.timeline()->axis().showing(500 * kMs, 1500 * kMs));
    const QString visible = m_dir.filePath(u"visible.png"_s);
    QVERIFY2(window.exportPicture(visible, PictureRange::Visible, &error), qPrintable(error));
    QCOMPARE(window.statusBar()->currentMessage(), u"Saved picture of 0.5–1.5 s to "_s + visible);
    const QString whole = m_dir.filePath(u"whole.png"_s);
    QVERIFY2(window.exportPicture(whole, PictureRange::WholeRun, &error), qPrintable(error));
    const QString wholeRange = TimelinePicture::rangeText(0, endUs);
    QCOMPARE(window.statusBar()->currentMessage(), u"Saved picture of %1 to %2"_s.arg(wholeRange, whole));
    QVERIFY2(window.exportPicture(m_dir.filePath(u"whole.svg"_s), PictureRange::WholeRun, &error), qPrintable(error));

    // The pictures say what they cover, and show it: every lane in both, different stretches of time.
    const QImage visibleImage(visible);
    const QImage wholeImage(whole);
    QVERIFY(visibleImage.text(u"Description"_s).contains(u"timeline of 0.5–1.5 s"_s));
    QVERIFY(wholeImage.text(u"Description"_s).contains(u"timeline of "_s + wholeRange));
    QCOMPARE(visibleImage.size(), wholeImage.size());
    QCOMPARE(visibleImage.height(), expectedHeight(3, TimelinePicture::kDefaultWidth));
    QVERIFY(visibleImage != wholeImage);
    // The view did not move for the pictures.
    QCOMPARE(window.timeline()->axis().startUs, 500 * kMs);

    // Failures are reported, not shown in a dialog, through this entry point.
    const QString nowhere = m_dir.filePath(u"missing/whole.png"_s);
    QVERIFY(!window.exportPicture(nowhere, PictureRange::WholeRun, &error));
    QVERIFY2(error.startsWith(nowhere + u": cannot write: "_s), qPrintable(error));

    window.controller()->reset();
    QVERIFY(waitFor([&] { return !menu->isEnabled(); }));
}

QTEST_MAIN(TestTimelinePicture)
#include "tst_timelinepicture.moc"
