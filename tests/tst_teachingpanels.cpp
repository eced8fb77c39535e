#include "narrationpanel.h"
#include "runtime/virtualruntime.h"
#include "teaching/explainer.h"
#include "teaching/teachingwarnings.h"
#include "testsettings.h"
#include "warningbar.h"

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<EventLog> seededRun(const QStringList &settings)
{
    VirtualRuntime runtime(withSettings(SupervisorConfig(), settings + QStringList { u"virtual_time=true"_s }));
    runtime.run();
    return runtime.log();
}

QStringList lines(const NarrationPanel &panel)
{
    return panel.text()->toPlainText().split(u'\n');
}

} // namespace

class TestTeachingPanels : public QObject
{
    Q_OBJECT

private slots:
    void narrationTellsWhyEachEventHappened();
    void aFloodIsToldByItsNewestEvents();
    void followingByTurnsTellsWhatOneRefreshTells();
    void clickingALineSelectsItsEvent();
    void anEventSelectedElsewhereIsMarked();
    void theWarningBarShowsWhatHolds();
};

void TestTeachingPanels::narrationTellsWhyEachEventHappened()
{
    const auto log = seededRun({ u"workers=3"_s, u"strategy=one-for-all"_s, u"duration=2000"_s, u"seed=4"_s });
    NarrationPanel panel;
    panel.setLog(log);
    const QStringList told = lines(panel);
    Explainer explainer;
    QCOMPARE(told.size(), log->size());
    for (qsizetype i = 0; i < log->size(); ++i) {
        QVERIFY2(told[i].endsWith(u"   "_s + explainer.explain(log->at(i))), qPrintable(told[i]));
        QCOMPARE(panel.eventOfLine(int(i)), i);
    }
}

void TestTeachingPanels::aFloodIsToldByItsNewestEvents()
{
    const auto full
        = seededRun({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=1"_s, u"delay=0"_s, u"duration=200"_s });
    QVERIFY(full->size() > 3 * NarrationPanel::kMaxSentencesPerRefresh);
    auto log = std::make_shared<EventLog>();
    NarrationPanel panel;
    panel.setLog(log);
    for (qsizetype i = 0; i < full->size(); ++i)
        log->append(full->at(i));
    panel.refresh();
    const QStringList told = lines(panel);
    QCOMPARE(told.size(), NarrationPanel::kMaxSentencesPerRefresh + 1);
    const qsizetype passed = full->size() - NarrationPanel::kMaxSentencesPerRefresh;
    QCOMPARE(told.first(), u"… %1 events passed over: too many to tell at this speed"_s.arg(passed));
    QCOMPARE(panel.eventOfLine(0), -1);
    QCOMPARE(panel.eventOfLine(1), passed);
    // The events passed over were still followed: the sentences told are those of a reader who saw them all.
    Explainer explainer;
    QString expected;
    for (qsizetype i = 0; i < full->size(); ++i)
        expected = explainer.explain(full->at(i));
    QVERIFY(told.last().endsWith(expected));
    const auto restart
        = std::find_if(told.begin(), told.end(), [](const QString &line) { return line.contains(u"Restart #"_s); });
    QVERIFY(restart != told.end());
    const int number = restart->section(u"Restart #"_s, 1).section(u' ', 0, 0).toInt();
    QVERIFY2(number > passed / 4, qPrintable(*restart)); // counted through the events passed over
}

void TestTeachingPanels::followingByTurnsTellsWhatOneRefreshTells()
{
    const auto log
        = seededRun({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=1"_s, u"delay=0"_s, u"duration=200"_s });
    QVERIFY(log->size() > 3 * NarrationPanel::kMaxSentencesPerRefresh);
    const qsizetype half = log->size() / 2;
    // Both tell the log's first half, then its second: one at each refresh, the other taking the second half in
    // by small turns before the refresh that tells it.
    NarrationPanel atOnce;
    NarrationPanel byTurns;
    auto growing = std::make_shared<EventLog>();
    atOnce.setLog(growing);
    byTurns.setLog(growing);
    for (qsizetype i = 0; i < half; ++i)
        growing->append(log->at(i));
    atOnce.refresh();
    byTurns.refresh();
    for (qsizetype i = half; i < log->size(); ++i)
        growing->append(log->at(i));
    for (qsizetype upTo = half; upTo < log->size(); upTo += 7) {
        byTurns.takeIn(upTo);
        QCOMPARE(byTurns.eventsTakenIn(), upTo);
    }
    atOnce.refresh();
    byTurns.refresh();
    QCOMPARE(lines(byTurns), lines(atOnce));
    const int count = atOnce.text()->document()->blockCount();
    for (int line = 0; line < count; ++line)
        QCOMPARE(byTurns.eventOfLine(line), atOnce.eventOfLine(line));
    QCOMPARE(atOnce.eventOfLine(count - 1), log->size() - 1);
    QVERIFY(lines(atOnce).contains(u"… %1 events passed over: too many to tell at this speed"_s.arg(
        log->size() - half - NarrationPanel::kMaxSentencesPerRefresh)));
}

void TestTeachingPanels::clickingALineSelectsItsEvent()
{
    const auto log = seededRun({ u"duration=3000"_s, u"seed=2"_s });
    NarrationPanel panel;
    panel.resize(500, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLog(log);
    QSignalSpy selected(&panel, &NarrationPanel::eventSelected);
    QPlainTextEdit *text = panel.text();
    text->setTextCursor(QTextCursor(text->document()->findBlockByNumber(3)));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().value<qsizetype>(), qsizetype(3));
    text->setTextCursor(QTextCursor(text->document()->findBlockByNumber(3))); // the same line again: no news
    QCOMPARE(selected.size(), 1);
}

void TestTeachingPanels::anEventSelectedElsewhereIsMarked()
{
    const auto log = seededRun({ u"duration=3000"_s, u"seed=2"_s });
    NarrationPanel panel;
    panel.setLog(log);
    QSignalSpy selected(&panel, &NarrationPanel::eventSelected);
    panel.selectEvent(5);
    QCOMPARE(selected.size(), 0); // told, not telling
    const QList<QTextEdit::ExtraSelection> marks = panel.text()->extraSelections();
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.first().cursor.block().blockNumber(), 5);
    QCOMPARE(panel.text()->textCursor().blockNumber(), 5);
    panel.selectEvent(log->size() + 10); // not shown: nothing marked
    QVERIFY(panel.text()->extraSelections().isEmpty());
}

void TestTeachingPanels::theWarningBarShowsWhatHolds()
{
    QWidget window;
    auto *bar = new WarningBar(&window);
    window.show();
    QVERIFY(!bar->isVisible()); // nothing holds
    const auto log
        = seededRun({ u"failure_rate=1"_s, u"work_min=0"_s, u"work_max=1"_s, u"delay=0"_s, u"duration=2000"_s });
    TeachingWarnings warnings;
    for (qsizetype i = 0; i < log->size() / 2; ++i)
        warnings.observe(log->at(i));
    QVERIFY(!warnings.active().isEmpty());
    bar->setWarnings(warnings.active());
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->texts().size(), warnings.active().size());
    QVERIFY(bar->texts().first().startsWith(u"Restart storm: "_s));

    // A pool in trouble: the flapping workers share one line.
    QList<TeachingWarning> many;
    for (int worker = 0; worker < 12; ++worker)
        many.append({ TeachingWarning::Kind::Flapping, worker, 0, u"Worker %1 is flapping."_s.arg(worker) });
    bar->setWarnings(many);
    QCOMPARE(bar->texts(),
        QStringList { u"Workers 0, 1, 2, 3 and 8 more are flapping: each failed at least 3 times in 10 s, within 1 s "
                      "of starting."_s });
    bar->setWarnings(many.mid(2, 3));
    QVERIFY(bar->texts().first().startsWith(u"Workers 2, 3 and 4 are flapping"_s));
    bar->setWarnings(many.mid(5, 1));
    QCOMPARE(bar->texts(), QStringList { u"Worker 5 is flapping."_s });

    bar->setWarnings({});
    QVERIFY(!bar->isVisible());
    QVERIFY(bar->texts().isEmpty());
}

QTEST_MAIN(TestTeachingPanels)
#include "tst_teachingpanels.moc"
