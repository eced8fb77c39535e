#include "io/scenariocatalog.h"
#include "patience.h"
#include "pitfallsdialog.h"
#include "teaching/pitfallcomparison.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

SupervisorConfig pitfallsLesson(quint64 seed)
{
    SupervisorConfig config;
    config.applyJson(ScenarioCatalog::find(u"pitfalls"_s)->config);
    config.seed = seed;
    return config;
}

QString cell(const QStandardItemModel *model, int row, int column)
{
    return model->item(row, column)->text();
}

} // namespace

class TestPitfallsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsBothTranscriptsSideBySide();
    void measuresThePitfallsOfThisRunAndOfManySeeds();
    void anotherSeedComparesAgain();
    void bothTimelinesShareOneTimeAxis();
    void theSeedBoxHoldsEverySeedTheConfigDoes();
    void enterInTheSeedBoxAppliesTheSeedOnly();
    void aLegendSaysWhatTheColoursAndMarksMean();
    void itOpensInFrontOfItsWindow();
};

void TestPitfallsDialog::initTestCase()
{
    // The offscreen platform says it cannot raise a window or propagate size hints; a desktop's can.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support raise()"_s)
            && !message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestPitfallsDialog::showsBothTranscriptsSideBySide()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    const QList<TranscriptRow> rows = PitfallComparison::run(pitfallsLesson(2)).sideBySide();
    const QStandardItemModel *transcript = dialog.transcript();
    QCOMPARE(transcript->rowCount(), rows.size());
    int parted = 0;
    for (int row = 0; row < transcript->rowCount(); ++row) {
        QCOMPARE(cell(transcript, row, 1), rows[row].article);
        QCOMPARE(cell(transcript, row, 2), rows[row].lab);
        QCOMPARE(cell(transcript, row, 0).startsWith(u"≠"_s), rows[row].parted());
        parted += rows[row].parted();
    }
    QVERIFY(parted >= 3); // two completions called failures, and the stop
    QCOMPARE(cell(transcript, 4, 1), u"Supervisor: Worker failed, restarting..."_s);
    QCOMPARE(cell(transcript, 4, 2), u"Supervisor: Worker completed, restarting..."_s);
}

void TestPitfallsDialog::measuresThePitfallsOfThisRunAndOfManySeeds()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    const QStandardItemModel *findings = dialog.findings();
    QCOMPARE(findings->rowCount(), 4);
    const QStringList article { u"2"_s, u"1"_s, u"2 / 3"_s, u"1"_s };
    const QStringList lab { u"0"_s, u"0"_s, u"2 / 2"_s, u"0"_s };
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(cell(findings, row, 1), article[row]);
        QCOMPARE(cell(findings, row, 2), lab[row]);
        QCOMPARE(cell(findings, row, 4), u"0"_s); // the lab's supervisor never shows a pitfall
        QVERIFY(findings->item(row, 1)->font().bold()); // this run showed it
        QVERIFY(!findings->item(row, 2)->font().bold());
    }
    QCOMPARE(cell(findings, 1, 3), QString::number(PitfallsDialog::kComparedSeeds));
    const int startsAfterStop = cell(findings, 3, 3).toInt();
    QVERIFY(startsAfterStop > 0 && startsAfterStop < PitfallsDialog::kComparedSeeds);
}

void TestPitfallsDialog::anotherSeedComparesAgain()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    const QString stopRowBefore = cell(dialog.transcript(), dialog.transcript()->rowCount() - 1, 1);
    auto *seed = dialog.findChild<QLineEdit *>(u"pitfallsSeed"_s);
    QVERIFY(seed);
    QCOMPARE(seed->text(), u"2"_s);
    dialog.nextSeedButton()->click();
    QCOMPARE(dialog.seed(), quint64(3));
    QCOMPARE(seed->text(), u"3"_s);
    QCOMPARE(cell(dialog.findings(), 3, 1), u"0"_s); // seed 3 stops while the worker runs
    QCOMPARE(dialog.articleTimeline()->model()->log()->header().seed, quint64(3));
    QCOMPARE(dialog.labTimeline()->model()->log()->header().seed, quint64(3));
    QVERIFY(cell(dialog.transcript(), dialog.transcript()->rowCount() - 1, 1) != stopRowBefore);
}

void TestPitfallsDialog::bothTimelinesShareOneTimeAxis()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    TimelineView *article = dialog.articleTimeline();
    TimelineView *lab = dialog.labTimeline();
    // The whole run is in view: the article's last start, after stop, included.
    const qint64 lastUs = article->model()->log()->lastTimeUs();
    QVERIFY(article->axis().endUs() > lastUs && article->axis().endUs() < 2 * lastUs);
    QCOMPARE(lab->axis().startUs, article->axis().startUs);
    lab->zoomIn();
    QCOMPARE(article->axis().startUs, lab->axis().startUs);
    QCOMPARE(article->axis().endUs(), lab->axis().endUs());
    article->zoomToFit();
    const int widthBefore = article->axis().widthPx;
    dialog.resize(dialog.width() + 300, dialog.height());
    QTRY_VERIFY_WITH_TIMEOUT(article->axis().widthPx > widthBefore, kPatienceMs);
    // A fitted view stays fitted when it grows, and the other follows.
    QVERIFY(article->axis().endUs() > lastUs && article->axis().endUs() < 2 * lastUs);
    QCOMPARE(lab->axis().endUs(), article->axis().endUs());
}

// Seeds are 64-bit in the lab (up to SupervisorConfig::kMaxSeed, 2^53 - 1): the box neither stops at 2^31 - 1 nor
// shows another number than the seed the supervisors ran with.
void TestPitfallsDialog::theSeedBoxHoldsEverySeedTheConfigDoes()
{
    PitfallsDialog dialog;
    const quint64 large = 5'000'000'000ULL;
    dialog.compare(pitfallsLesson(large));
    QCOMPARE(dialog.seed(), large);
    QCOMPARE(dialog.seedEdit()->text(), u"5000000000"_s);
    QCOMPARE(dialog.articleTimeline()->model()->log()->header().seed, large);

    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.seedEdit()->clear();
    QTest::keyClicks(dialog.seedEdit(), QString::number(SupervisorConfig::kMaxSeed));
    QTest::keyClick(dialog.seedEdit(), Qt::Key_Return);
    QCOMPARE(dialog.seed(), SupervisorConfig::kMaxSeed);
    QCOMPARE(dialog.labTimeline()->model()->log()->header().seed, SupervisorConfig::kMaxSeed);
    QVERIFY(!dialog.nextSeedButton()->isEnabled()); // there is no next seed

    // One more digit, or a letter, is refused as it is typed: the box never holds a seed the config refuses.
    QTest::keyClicks(dialog.seedEdit(), u"7x"_s);
    QCOMPARE(dialog.seedEdit()->text(), QString::number(SupervisorConfig::kMaxSeed));
}

void TestPitfallsDialog::enterInTheSeedBoxAppliesTheSeedOnly()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy nextSeed(dialog.nextSeedButton(), &QPushButton::clicked);
    QSignalSpy closed(&dialog, &QDialog::finished);
    dialog.seedEdit()->setFocus();
    dialog.seedEdit()->selectAll();
    QTest::keyClicks(dialog.seedEdit(), u"17"_s);
    QTest::keyClick(dialog.seedEdit(), Qt::Key_Return);
    QCOMPARE(dialog.seed(), quint64(17)); // not 18: Next Seed was not pressed too
    QCOMPARE(nextSeed.count(), 0);
    QCOMPARE(closed.count(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.seedEdit()->text(), u"17"_s);
    QTest::keyClick(dialog.seedEdit(), Qt::Key_Enter); // the keypad's Enter: the same seed, nothing happens
    QCOMPARE(dialog.seed(), quint64(17));
    QCOMPARE(nextSeed.count(), 0);
    QVERIFY(dialog.isVisible());
}

void TestPitfallsDialog::aLegendSaysWhatTheColoursAndMarksMean()
{
    PitfallsDialog dialog;
    dialog.compare(pitfallsLesson(2));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *legend = dialog.findChild<TimelineLegend *>();
    QVERIFY(legend);
    QVERIFY(legend->isVisible());
    QVERIFY(legend->height() > 0);
    auto *marks = dialog.findChild<QLabel *>(u"pitfallsMarks"_s);
    QVERIFY(marks);
    QVERIFY(marks->isVisible());
    QVERIFY(marks->text().contains(u"≠"_s));
    QVERIFY(marks->text().contains(u"bold"_s));
}

void TestPitfallsDialog::itOpensInFrontOfItsWindow()
{
    QMainWindow window;
    window.resize(400, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::activeWindow(), &window, kPatienceMs);

    auto *dialog = new PitfallsDialog(&window);
    QCOMPARE(dialog->parentWidget(), &window);
    QVERIFY(dialog->isWindow());
    dialog->compare(pitfallsLesson(2));
    dialog->show();
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::activeWindow(), dialog, kPatienceMs);

    // Behind the window again (the user went back to it), the lesson is shown once more: it comes to the front.
    window.activateWindow();
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::activeWindow(), &window, kPatienceMs);
    dialog->show();
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::activeWindow(), dialog, kPatienceMs);
}

QTEST_MAIN(TestPitfallsDialog)
#include "tst_pitfallsdialog.moc"
