#include "teaching/articlesupervisor.h"

#include "runtime/workerend.h"
#include "supervisorlabversion.h"
#include "teaching/narrator.h"
#include "world/workerplan.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qint64 kUsPerMs = 1000;
constexpr int kWorker = 0;

} // namespace

ArticleSupervisor::ArticleSupervisor(const SupervisorConfig &config)
    : m_config(config)
{
}

qsizetype ArticleSupervisor::record(const LifecycleEvent &event, qint64 tUs)
{
    m_log->record(event, tUs);
    return m_log->size() - 1;
}

void ArticleSupervisor::print(qint64 tUs, qsizetype event, const QString &text)
{
    m_transcript.append(TranscriptLine { tUs, event, text });
}

void ArticleSupervisor::run()
{
    Narrator narrator;
    const auto recordAndNarrate = [&](const LifecycleEvent &event, qint64 tUs) {
        const qsizetype index = record(event, tUs);
        print(tUs, index, narrator.narrate(m_log->at(index)));
    };
    recordAndNarrate(LifecycleEvent::runStarted(RunHeader { versionString(), m_config.seed, m_config.toJson() }), 0);
    recordAndNarrate(LifecycleEvent::supervisor(EventKind::SupervisorStarted), 0);

    const qint64 stopUs = m_config.durationMs * kUsPerMs;
    qsizetype stopRequest = -1;
    qint64 nowUs = 0;
    quint32 incarnation = 0;
    qint64 exits = 0; // the article's "restarts" counter: it counts exits, and it prints one less
    for (;;) {
        recordAndNarrate(LifecycleEvent::forWorker(EventKind::WorkerStarted, kWorker, ++incarnation), nowUs);
        const WorkerPlan plan = WorkerPlan::draw(m_config, kWorker, incarnation);
        const qint64 endUs = nowUs + plan.workUs;
        if (nowUs >= stopUs || endUs >= stopUs)
            break; // the supervisor's select sees stop before the worker's end
        nowUs = endUs;
        // The article's worker has no heartbeat and no hang: its comparison runs it with plain errors.
        recordAndNarrate(WorkerEnd::of(plan, plan.outcome(m_config.failureRate)).event(kWorker, incarnation), nowUs);
        ++exits;
        const qsizetype decision = record(
            LifecycleEvent::restartScheduled(kWorker, m_config.delayMs, quint32(exits), { kWorker, incarnation }),
            nowUs);
        print(nowUs, decision, u"Supervisor: Worker failed, restarting..."_s); // whatever the exit was
        const qint64 wakeUs = nowUs + m_config.delayMs * kUsPerMs;
        if (wakeUs >= stopUs) // stop is requested during the sleep, which goes on regardless
            stopRequest = record(LifecycleEvent::supervisor(EventKind::SupervisorStopping), stopUs);
        nowUs = wakeUs;
    }

    if (stopRequest < 0)
        stopRequest = record(LifecycleEvent::supervisor(EventKind::SupervisorStopping), stopUs);
    const qint64 noticedUs = std::max(nowUs, stopUs);
    print(noticedUs, stopRequest, narrator.narrate(m_log->at(stopRequest)));
    // The worker sees stop too and acknowledges it, but its last message has no receiver: it never ends.
    const qsizetype acknowledged
        = record(LifecycleEvent::forWorker(EventKind::WorkerStopping, kWorker, incarnation, u"shutdown"_s), noticedUs);
    print(noticedUs, acknowledged, u"Worker: Received stop signal."_s);
    recordAndNarrate(LifecycleEvent::supervisor(EventKind::SupervisorStopped), noticedUs);

    RunCounts reported = m_log->counts();
    reported.restarts = exits - 1;
    const qsizetype finished = record(LifecycleEvent::runFinished(reported), noticedUs);
    print(noticedUs, finished,
        u"Done: the worker was restarted %1 %2."_s.arg(reported.restarts)
            .arg(reported.restarts == 1 ? u"time"_s : u"times"_s));
}

} // namespace SupervisorLab
