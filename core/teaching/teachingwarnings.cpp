#include "teaching/teachingwarnings.h"

#include "teaching/durationtext.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

constexpr qint64 kUsPerMs = 1000;
constexpr qint64 kSecondUs = 1'000'000;

constexpr qint64 kMinimumHoldUs = kSecondUs;

constexpr qint64 kStormWindowUs = kSecondUs;
constexpr int kStormEnterCount = 10;
constexpr int kStormCalmBelow = 5;
constexpr qint64 kStormCalmForUs = kSecondUs;

constexpr qint64 kIntensityCalmForUs = 500'000;

constexpr qint64 kFlappingWindowUs = 10 * kSecondUs;
constexpr qint64 kQuickFailureUs = kSecondUs; // an incarnation that failed sooner than this after starting
constexpr int kFlappingCount = 3;
constexpr qint64 kFlappingMinimumUs = 2 * kSecondUs;

} // namespace

void TeachingWarnings::observe(const LifecycleEvent &event)
{
    m_nowUs = std::max(m_nowUs, event.tUs);
    switch (event.kind) {
    case EventKind::RunStarted: {
        const quint64 revision = m_revision;
        *this = TeachingWarnings();
        m_config.applyJson(event.run.config);
        m_nowUs = event.tUs;
        m_revision = revision + 1;
        break;
    }
    case EventKind::ConfigChanged:
        // If the change ends the intensity condition, it ended now; update() extends it if it still holds.
        m_intensityFullUntilUs = std::min(m_intensityFullUntilUs, m_nowUs);
        if (event.worker >= 0)
            m_config.setWorkerValue(event.worker, event.key, event.value);
        else
            m_config.setValue(event.key, event.value);
        ++m_revision; // texts quote the parameters
        break;
    case EventKind::RestartScheduled:
        if (m_groups.beginsDecision(event))
            m_decisions.record(event.tUs);
        break;
    case EventKind::WorkerStarted: {
        WorkerWatch &watch = m_workers[event.worker];
        watch.incarnation = event.incarnation;
        watch.startedUs = event.tUs;
        break;
    }
    case EventKind::WorkerFailed: {
        WorkerWatch &watch = m_workers[event.worker];
        if (watch.startedUs >= 0 && watch.incarnation == event.incarnation
            && event.tUs - watch.startedUs < kQuickFailureUs)
            watch.quickFailures.record(event.tUs);
        break;
    }
    case EventKind::SupervisorGaveUp:
    case EventKind::SupervisorStopping:
        m_supervisorDown = true;
        break;
    case EventKind::SupervisorStopped:
        m_supervisorDown = true;
        m_runOver = true;
        break;
    default:
        break;
    }
    // Only these change what the warnings count; time passing alone is handled by advanceTo().
    const bool counts = event.kind == EventKind::RestartScheduled || event.kind == EventKind::WorkerFailed
        || event.kind == EventKind::RunStarted || event.kind == EventKind::ConfigChanged
        || event.kind == EventKind::SupervisorGaveUp || event.kind == EventKind::SupervisorStopping
        || event.kind == EventKind::SupervisorStopped;
    if (!counts)
        return;
    // Between frames only the event's own worker can start flapping; advanceTo() looks at every worker.
    const auto watched = m_workers.find(event.worker);
    update(event.has(FieldWorker) && watched != m_workers.end() ? &*watched : nullptr);
}

void TeachingWarnings::advanceTo(qint64 nowUs)
{
    if (nowUs <= m_nowUs)
        return;
    m_nowUs = nowUs;
    update();
    for (auto &[worker, watch] : m_workers)
        updateFlapping(watch);
}

void TeachingWarnings::update(std::pair<const int, WorkerWatch> *worker)
{
    const bool intensityWatched = m_config.maxRestarts > 0;
    const qint64 largestWindowUs
        = std::max(kStormWindowUs, intensityWatched ? m_config.withinMs * kUsPerMs : qint64(0));
    m_decisions.forgetBefore(m_nowUs, largestWindowUs);
    updateStorm();
    updateIntensity();
    if (m_runOver) {
        for (auto &[index, watch] : m_workers)
            hide(watch.flapping);
    } else if (worker) {
        updateFlapping(worker->second);
    }
}

void TeachingWarnings::updateStorm()
{
    if (m_runOver) {
        hide(m_storm);
        return;
    }
    const int recent = m_decisions.count(m_nowUs, kStormWindowUs);
    const bool busy = recent >= kStormCalmBelow;
    if (busy)
        m_stormBusyUntilUs = std::max(m_stormBusyUntilUs, m_decisions.holdsUntilUs(kStormCalmBelow, kStormWindowUs));
    settle(m_storm, recent >= kStormEnterCount, m_nowUs >= m_stormBusyUntilUs + kStormCalmForUs, busy ? recent : -1);
}

void TeachingWarnings::updateIntensity()
{
    // With R = 0 the first restart gives up at once, so there is nothing to warn about beforehand.
    if (m_supervisorDown || m_config.maxRestarts <= 0) {
        hide(m_intensity);
        return;
    }
    const qint64 windowUs = m_config.withinMs * kUsPerMs;
    const int limit = int(std::min<qint64>(m_config.maxRestarts, std::numeric_limits<int>::max()));
    const int used = m_decisions.count(m_nowUs, windowUs);
    const bool full = used >= limit;
    if (full)
        m_intensityFullUntilUs = std::max(m_intensityFullUntilUs, m_decisions.holdsUntilUs(limit, windowUs));
    settle(m_intensity, full, m_nowUs >= m_intensityFullUntilUs + kIntensityCalmForUs, full ? used : -1);
}

void TeachingWarnings::updateFlapping(WorkerWatch &watch)
{
    if (m_runOver) {
        hide(watch.flapping);
        return;
    }
    watch.quickFailures.forgetBefore(m_nowUs, kFlappingWindowUs);
    const int failures = watch.quickFailures.size();
    const bool flapping = failures >= kFlappingCount;
    const bool leaves = !flapping && m_nowUs >= watch.flapping.sinceUs + kFlappingMinimumUs;
    settle(watch.flapping, flapping, leaves, flapping ? failures : -1);
}

void TeachingWarnings::settle(Shown &shown, bool enters, bool leaves, int liveFigure)
{
    if (!shown.active) {
        if (!enters)
            return;
        shown = { true, m_nowUs, liveFigure };
        ++m_revision;
    } else if (leaves && m_nowUs >= shown.sinceUs + kMinimumHoldUs) {
        hide(shown);
    } else if (liveFigure >= 0 && liveFigure != shown.figure) {
        shown.figure = liveFigure;
        ++m_revision;
    }
}

void TeachingWarnings::hide(Shown &shown)
{
    if (!shown.active)
        return;
    shown = Shown();
    ++m_revision;
}

QString TeachingWarnings::textOf(TeachingWarning::Kind kind, int worker, int figure) const
{
    switch (kind) {
    case TeachingWarning::Kind::RestartStorm:
        return u"Restart storm: %1 restarts in the last second. A restart delay or backoff would slow it down."_s.arg(
            figure);
    case TeachingWarning::Kind::IntensityNearLimit:
        return u"Restart intensity: %1 of %2 %3 used in the last %4; one more and the supervisor gives up."_s
            .arg(figure)
            .arg(m_config.maxRestarts)
            .arg(m_config.maxRestarts == 1 ? u"restart"_s : u"restarts"_s, durationText(m_config.withinMs));
    case TeachingWarning::Kind::Flapping:
        return u"%1 is flapping: %2 failures in 10 s, each within 1 s of starting."_s
            .arg(m_config.workers == 1 ? u"The worker"_s : u"Worker %1"_s.arg(worker))
            .arg(figure);
    }
    return {};
}

TeachingWarning TeachingWarnings::warningOf(const Shown &shown, TeachingWarning::Kind kind, int worker) const
{
    // Texts are made only when asked for: during a storm the figures change with every restart.
    return { kind, worker, shown.sinceUs, textOf(kind, worker, shown.figure) };
}

QList<TeachingWarning> TeachingWarnings::active() const
{
    QList<TeachingWarning> warnings;
    if (m_storm.active)
        warnings.append(warningOf(m_storm, TeachingWarning::Kind::RestartStorm, -1));
    if (m_intensity.active)
        warnings.append(warningOf(m_intensity, TeachingWarning::Kind::IntensityNearLimit, -1));
    for (const auto &[worker, watch] : m_workers) {
        if (watch.flapping.active)
            warnings.append(warningOf(watch.flapping, TeachingWarning::Kind::Flapping, worker));
    }
    return warnings;
}

} // namespace SupervisorLab
