#include "teaching/teachingwarnings.h"

#include "teaching/durationtext.h"

#include <QCoreApplication>

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
        refreshSupervisors();
        m_decisionsBy.assign(m_supervisors.size(), RestartWindow());
        m_supervisorExiting.assign(m_supervisors.size(), false);
        break;
    }
    case EventKind::ConfigChanged:
        // If the change ends the intensity condition, it ended now; update() extends it if it still holds.
        m_intensityFullUntilUs = std::min(m_intensityFullUntilUs, m_nowUs);
        if (event.worker >= 0)
            m_config.setWorkerValue(event.worker, event.key, event.value);
        else
            m_config.setValue(event.key, event.value);
        refreshSupervisors();
        ++m_revision; // texts quote the parameters
        break;
    case EventKind::RestartScheduled:
        if (m_groups.beginsDecision(event)) {
            m_decisions.record(event.tUs);
            const int deciding = decidingSupervisor(event);
            if (deciding >= 0 && size_t(deciding) < m_decisionsBy.size())
                m_decisionsBy[size_t(deciding)].record(event.tUs);
        }
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
    case EventKind::SupervisorStarted:
        // A new incarnation of a nested supervisor remembers no restarts.
        if (event.supervisorIndex > 0 && size_t(event.supervisorIndex) < m_decisionsBy.size()) {
            m_decisionsBy[size_t(event.supervisorIndex)].clear();
            m_supervisorExiting[size_t(event.supervisorIndex)] = false;
        }
        break;
    case EventKind::SupervisorGaveUp:
    case EventKind::SupervisorStopping:
        if (event.supervisorIndex == 0)
            m_supervisorDown = true;
        else if (size_t(event.supervisorIndex) < m_supervisorExiting.size())
            m_supervisorExiting[size_t(event.supervisorIndex)] = true;
        break;
    case EventKind::SupervisorStopped:
        if (event.supervisorIndex == 0) {
            m_supervisorDown = true;
            m_runOver = true;
        }
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

void TeachingWarnings::refreshSupervisors()
{
    m_supervisors.clear();
    for (int supervisor = 0; supervisor < m_config.supervisorCount(); ++supervisor)
        m_supervisors.push_back(m_config.forSupervisor(supervisor));
    m_decisionsBy.resize(m_supervisors.size());
    m_supervisorExiting.resize(m_supervisors.size(), false);
}

int TeachingWarnings::decidingSupervisor(const LifecycleEvent &restart) const
{
    if (restart.worker >= 0)
        return m_config.supervisorOf(restart.worker);
    if (restart.supervisorIndex > 0 && restart.supervisorIndex < m_config.supervisorSpecs.size())
        return m_config.supervisorSpecs.at(restart.supervisorIndex).parent;
    return -1;
}

void TeachingWarnings::update(std::pair<const int, WorkerWatch> *worker)
{
    m_decisions.forgetBefore(m_nowUs, kStormWindowUs);
    for (size_t supervisor = 0; supervisor < m_decisionsBy.size(); ++supervisor) {
        const SupervisorConfig &own = m_supervisors[supervisor];
        const qint64 windowUs = std::max(kStormWindowUs, own.maxRestarts > 0 ? own.withinMs * kUsPerMs : 0);
        m_decisionsBy[supervisor].forgetBefore(m_nowUs, windowUs);
    }
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
    const bool watched = std::any_of(
        m_supervisors.begin(), m_supervisors.end(), [](const SupervisorConfig &own) { return own.maxRestarts > 0; });
    if (m_supervisorDown || !watched) {
        hide(m_intensity);
        return;
    }
    int atLimit = -1;
    int used = 0;
    for (size_t supervisor = 0; supervisor < m_supervisors.size(); ++supervisor) {
        const SupervisorConfig &own = m_supervisors[supervisor];
        if (own.maxRestarts <= 0 || m_supervisorExiting[supervisor])
            continue;
        const qint64 windowUs = own.withinMs * kUsPerMs;
        const int limit = int(std::min<qint64>(own.maxRestarts, std::numeric_limits<int>::max()));
        const RestartWindow &decisions = m_decisionsBy[supervisor];
        const int count = decisions.count(m_nowUs, windowUs);
        if (count < limit)
            continue;
        m_intensityFullUntilUs = std::max(m_intensityFullUntilUs, decisions.holdsUntilUs(limit, windowUs));
        if (atLimit < 0) {
            atLimit = int(supervisor);
            used = count;
        }
    }
    const bool full = atLimit >= 0;
    if (full && atLimit != m_intensitySupervisor) {
        m_intensitySupervisor = atLimit;
        ++m_revision; // the text names it
    }
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
        return QCoreApplication::translate("TeachingWarnings",
            "Restart storm: %n restarts decided in the last second. A restart delay or backoff would slow it down.",
            nullptr, figure);
    case TeachingWarning::Kind::IntensityNearLimit: {
        const SupervisorConfig &own = size_t(m_intensitySupervisor) < m_supervisors.size()
            ? m_supervisors[size_t(m_intensitySupervisor)]
            : m_config;
        const int allowed = int(std::min<qint64>(own.maxRestarts, std::numeric_limits<int>::max()));
        //: %1 is how many restarts were decided, %n the most allowed, %2 a duration ("5 s").
        const QString limit = QCoreApplication::translate(
            "TeachingWarnings", "%1 of %n restart(s) used in the last %2", nullptr, allowed)
                                  .arg(QString::number(figure), durationText(own.withinMs));
        if (!m_config.isNested())
            //: %1 is "3 of 3 restart(s) used in the last 5 s".
            return QCoreApplication::translate("TeachingWarnings",
                "Restart intensity: %1; one more and the supervisor "
                "gives up.")
                .arg(limit);
        const QString name = m_config.supervisorName(m_intensitySupervisor);
        //: %1 is the supervisor ("pool"), %2 "3 of 3 restart(s) used in the last 5 s".
        return QCoreApplication::translate("TeachingWarnings", "Restart intensity of %1: %2; one more and %1 gives up.")
            .arg(name, limit);
    }
    case TeachingWarning::Kind::Flapping: {
        const QString who = m_config.isTree() ? m_config.workerName(worker)
            : m_config.workers == 1           ? QCoreApplication::translate("TeachingWarnings", "The worker")
                                    : QCoreApplication::translate("TeachingWarnings", "Worker %1").arg(worker);
        //: %1 is the worker ("Worker 2"); %n is three or more.
        return QCoreApplication::translate(
            "TeachingWarnings", "%1 is flapping: %n failures in 10 s, each within 1 s of starting.", nullptr, figure)
            .arg(who);
    }
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
