// A long run's memory stays bounded while the whole run stays exportable: a flood in virtual time, with budgets small
// enough that the log spills most of its events to disk and the timeline summarises most of its past, gives the same
// exported bytes, the same live edge and the same totals as the same run kept whole in memory.
#include "analysis/timelineindex.h"
#include "events/eventlog.h"
#include "io/logexporter.h"
#include "policy/supervisorconfig.h"
#include "runtime/virtualruntime.h"

#include <QFile>

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr size_t kBlockBytes = EventStore::kBlockSize * sizeof(StoredEvent);
constexpr qint64 kFloodEvents = 300'000; // 19 blocks of events

SupervisorConfig floodConfig()
{
    SupervisorConfig config;
    config.workers = 16;
    config.failureRate = 1;
    config.workMinMs = 1; // time moves on, a millisecond an incarnation
    config.workMaxMs = 3;
    config.delayMs = 0;
    config.durationMs = 3'600'000;
    config.virtualTime = true;
    config.seed = 20261207;
    return config;
}

// The flood in virtual time, recorded into `log`, stopped at kFloodEvents.
void runFlood(const std::shared_ptr<EventLog> &log)
{
    VirtualRuntime runtime(floodConfig(), log);
    runtime.setEventLimit(kFloodEvents);
    runtime.run();
}

QByteArray exported(const EventLog &log, const QString &path)
{
    QString error;
    if (!LogExporter::save(log, path, &error))
        qWarning("%s", qPrintable(error));
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template<typename Item> qint64 countIf(const TimelineItems<Item> &items, auto predicate)
{
    return std::count_if(items.begin(), items.end(), predicate);
}

bool failed(const TimelineBar &bar)
{
    return bar.end >= BarEnd::FailedError && bar.end <= BarEnd::FailedOverloaded;
}

} // namespace

class TestLongRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aSpilledFloodExportsAsTheSameBytes();
    void theTimelineKeepsItsBudgetAndAccountsForEverything();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<EventLog> m_spilled;
    std::shared_ptr<EventLog> m_whole;
};

void TestLongRun::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_spilled = std::make_shared<EventLog>();
    m_spilled->setSpillDirectory(m_dir.path());
    m_spilled->setMemoryBudgetBytes(2 * kBlockBytes); // the test's knob: two blocks in memory
    runFlood(m_spilled);
    m_whole = std::make_shared<EventLog>();
    m_whole->setMemoryBudgetBytes(0); // everything in memory
    runFlood(m_whole);
}

void TestLongRun::aSpilledFloodExportsAsTheSameBytes()
{
    QVERIFY(m_spilled->size() >= kFloodEvents);
    QCOMPARE(m_spilled->size(), m_whole->size());
    QCOMPARE(m_spilled->at(m_spilled->size() - 1).kind, EventKind::RunFinished);
    const EventLog::Storage storage = m_spilled->storage();
    QVERIFY(storage.spilled >= m_spilled->size() - 2 * qsizetype(EventStore::kBlockSize));
    QVERIFY(storage.inMemory <= 2 * qsizetype(EventStore::kBlockSize));
    QCOMPARE(storage.dropped, 0);
    QVERIFY(!storage.diskShort);
    QCOMPARE(m_whole->storage().spilled, 0);
    QVERIFY(m_spilled->memoryBytes() < m_whole->memoryBytes() / 4);

    for (const QString &name : { u"run.jsonl"_s, u"run.csv"_s }) {
        const QByteArray spilled = exported(*m_spilled, m_dir.filePath(u"spilled-"_s + name));
        const QByteArray whole = exported(*m_whole, m_dir.filePath(u"whole-"_s + name));
        QVERIFY(!whole.isEmpty());
        QVERIFY2(spilled == whole, qPrintable(name));
        if (name.endsWith(u".jsonl"))
            QCOMPARE(whole.count('\n'), m_whole->size());
    }
}

void TestLongRun::theTimelineKeepsItsBudgetAndAccountsForEverything()
{
    constexpr size_t kBudget = 1 << 20;
    TimelineIndex bounded;
    bounded.setDetailBudgetBytes(kBudget);
    TimelineIndex whole;
    whole.setDetailBudgetBytes(0);
    // In turns, as the window takes a flood in.
    for (qsizetype upTo = 0; upTo < m_spilled->size(); upTo += 5000) {
        bounded.update(*m_spilled, upTo);
        QVERIFY2(bounded.detailBytes() <= kBudget, qPrintable(QString::number(bounded.detailBytes())));
    }
    bounded.update(*m_spilled);
    whole.update(*m_whole);
    QVERIFY(bounded.detailFromUs() > 0);
    QCOMPARE(whole.detailFromUs(), 0);
    QVERIFY(whole.detailBytes() > 8 * kBudget); // the budget mattered
    QCOMPARE(bounded.eventCount(), whole.eventCount());
    QCOMPARE(bounded.lastEventUs(), whole.lastEventUs());
    QCOMPARE(bounded.isRunOver(), whole.isRunOver());
    QCOMPARE(bounded.restartsWithin(whole.lastEventUs()), whole.restartsWithin(whole.lastEventUs()));
    QCOMPARE(bounded.laneCount(), whole.laneCount());
    QVERIFY(bounded.summaryBucketUs() * qint64(TimelineIndex::kMaxSummaryBuckets) > bounded.detailFromUs());

    for (int l = 0; l < whole.laneCount(); ++l) {
        const TimelineLane &kept = bounded.lane(l);
        const TimelineLane &all = whole.lane(l);
        // What is kept is the newest items, exactly; what left is in the summary, none lost, none twice.
        QVERIFY(!kept.bars.empty() || all.bars.empty());
        QVERIFY(kept.bars.size() <= all.bars.size());
        const size_t barsGone = all.bars.size() - kept.bars.size();
        for (size_t i = 0; i < kept.bars.size(); ++i)
            QCOMPARE(kept.bars[i], all.bars[barsGone + i]);
        const size_t gapsGone = all.gaps.size() - kept.gaps.size();
        for (size_t i = 0; i < kept.gaps.size(); ++i)
            QCOMPARE(kept.gaps[i], all.gaps[gapsGone + i]);
        QCOMPARE(kept.longestGapUs, all.longestGapUs);

        qint64 starts = 0, failures = 0, runningUs = 0, waitingUs = 0;
        for (const TimelineBucket &bucket : kept.summary) {
            starts += bucket.starts;
            failures += bucket.failures;
            runningUs += bucket.runningUs;
            waitingUs += bucket.waitingUs;
        }
        QCOMPARE(starts, qint64(barsGone));
        QCOMPARE(failures + countIf(kept.bars, failed), countIf(all.bars, failed));
        qint64 allRunningUs = 0, keptRunningUs = 0;
        for (size_t i = 0; i < all.bars.size(); ++i) {
            if (all.bars[i].endUs != TimelineIndex::kOpen)
                (i < barsGone ? allRunningUs : keptRunningUs) += all.bars[i].endUs - all.bars[i].startUs;
        }
        QCOMPARE(runningUs, allRunningUs);
        qint64 allWaitingUs = 0;
        for (size_t i = 0; i < gapsGone; ++i)
            allWaitingUs += all.gaps[i].untilUs - all.gaps[i].fromUs;
        QCOMPARE(waitingUs, allWaitingUs);
        if (l > 0)
            QVERIFY2(barsGone > 0, "every worker's lane was summarised in part");
    }
}

QTEST_GUILESS_MAIN(TestLongRun)
#include "tst_longrun.moc"
