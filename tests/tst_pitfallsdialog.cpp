#include "io/scenariocatalog.h"
#include "patience.h"
#include "pitfallsdialog.h"
#include "teaching/pitfallcomparison.h"
#include "timeline/timelineview.h"

#include <QSpinBox>
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
    void showsBothTranscriptsSideBySide();
    void measuresThePitfallsOfThisRunAndOfManySeeds();
    void anotherSeedComparesAgain();
    void bothTimelinesShareOneTimeAxis();
};

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
    auto *seed = dialog.findChild<QSpinBox *>(u"pitfallsSeed"_s);
    QVERIFY(seed);
    QCOMPARE(seed->value(), 2);
    seed->stepUp();
    QCOMPARE(dialog.seed(), quint64(3));
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

QTEST_MAIN(TestPitfallsDialog)
#include "tst_pitfallsdialog.moc"
