#include "analysis/runstatistics.h"

#include "events/eventlog.h"
#include "policy/supervisorconfig.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

qint64 roundedQuotient(qint64 numerator, qint64 denominator)
{
    return std::llround(double(numerator) / double(denominator));
}

} // namespace

qint64 RunStatistics::Measures::failures() const
{
    qint64 sum = 0;
    for (const qint64 count : failuresByKind)
        sum += count;
    return sum;
}

void RunStatistics::reset()
{
    const bool keepsRecoveryTimes = m_keepsRecoveryTimes;
    *this = RunStatistics();
    m_keepsRecoveryTimes = keepsRecoveryTimes;
}

void RunStatistics::update(const EventLog &log, qsizetype end)
{
    const qsizetype size = log.size();
    if (size < m_taken)
        reset();
    const qsizetype until = end < 0 ? size : std::min(end, size);
    m_taken = std::max(m_taken, std::min(until, log.firstIndex())); // what a long run's log no longer holds is gone
    for (; m_taken < until; ++m_taken)
        take(log, m_taken);
}

RunStatistics::Worker *RunStatistics::workerFor(int index)
{
    // An index the program could never have written (a damaged file) is not worth a huge allocation.
    if (index < 0 || index >= SupervisorConfig::kMaxWorkers)
        return nullptr;
    if (index >= workerCount())
        m_workers.resize(size_t(index) + 1);
    return &m_workers[size_t(index)];
}

void RunStatistics::take(const EventLog &log, qsizetype index)
{
    const EventKind kind = log.kindAt(index);
    const qint64 tUs = log.timeAt(index);
    m_lastEventUs = std::max(m_lastEventUs, tUs);
    if (kind == EventKind::RunStarted || m_world.count() > 0) {
        // The world reads the reason of a failure a dependency caused, and of nothing else.
        const LifecycleEvent event = log.withoutReasonAt(index);
        const bool needsReason
            = event.has(FieldDependency) || (kind == EventKind::WorkerFailed && isDependencyFailure(event.failure));
        m_world.observe(needsReason ? log.at(index) : event);
    }

    switch (kind) {
    case EventKind::RunStarted: {
        const QJsonObject config = log.at(index).run.config;
        const qint64 configured = config.value(u"workers"_s).toInteger(0);
        if (configured > 0)
            workerFor(int(std::min<qint64>(configured, SupervisorConfig::kMaxWorkers)) - 1);
        takeTree(config);
        return;
    }
    case EventKind::SupervisorStarted:
    case EventKind::SupervisorGaveUp:
    case EventKind::SupervisorStopped: {
        const int which = log.withoutReasonAt(index).supervisorIndex;
        if (which < 0 || which >= supervisorCount())
            return;
        Supervisor &supervisor = m_supervisors[size_t(which)];
        supervisor.starts += kind == EventKind::SupervisorStarted;
        supervisor.gaveUps += kind == EventKind::SupervisorGaveUp;
        supervisor.running
            = kind == EventKind::SupervisorStarted || (supervisor.running && kind != EventKind::SupervisorStopped);
        if (which > 0)
            return; // a nested supervisor's: its subtree's, not the run's
        if (kind == EventKind::SupervisorGaveUp) {
            m_gaveUpUs = tUs;
            m_gaveUpReason = log.at(index).reason;
        } else if (kind == EventKind::SupervisorStopped && !m_endUs) {
            m_endUs = tUs;
        }
        return;
    }
    case EventKind::RunFinished:
        if (!m_endUs)
            m_endUs = tUs;
        return;
    case EventKind::WorkerStarted:
    case EventKind::WorkerCompleted:
    case EventKind::WorkerFailed:
    case EventKind::WorkerStopped:
    case EventKind::WorkerAbandoned:
    case EventKind::CircuitOpened:
    case EventKind::CircuitHalfOpen:
    case EventKind::CircuitClosed:
        break;
    default:
        return;
    }

    const LifecycleEvent event = log.withoutReasonAt(index); // a failure's kind is in the event, no text needed
    if (isRestart(kind, event.incarnation))
        m_restartRate.add(tUs);
    Worker *worker = workerFor(event.worker);
    if (!worker)
        return;
    Measures &counted = worker->counted;
    const auto endIncarnation = [&] {
        if (worker->runningSinceUs < 0)
            return;
        counted.runningUs += tUs - worker->runningSinceUs;
        worker->runningSinceUs = -1;
        worker->downSinceUs = tUs;
    };

    switch (kind) {
    case EventKind::WorkerStarted:
        endIncarnation(); // only in a log that lost a terminal event
        worker->beforeStart = { worker->downSinceUs, worker->unrecoveredFailureUs, counted.longestOutageUs,
            counted.recoveries, worker->recoveryUs, m_recoveryTimesUs.size() };
        ++counted.starts;
        if (isRestart(kind, event.incarnation))
            ++counted.restarts;
        if (worker->firstStartUs < 0)
            worker->firstStartUs = tUs;
        worker->runningSinceUs = tUs;
        if (worker->downSinceUs >= 0) {
            counted.longestOutageUs = std::max(counted.longestOutageUs, tUs - worker->downSinceUs);
            worker->downSinceUs = -1;
        }
        if (worker->unrecoveredFailureUs >= 0) {
            ++counted.recoveries;
            worker->recoveryUs += tUs - worker->unrecoveredFailureUs;
            if (m_keepsRecoveryTimes)
                m_recoveryTimesUs.append(tUs - worker->unrecoveredFailureUs);
            worker->unrecoveredFailureUs = -1;
        }
        break;
    case EventKind::WorkerCompleted:
        ++counted.completions;
        endIncarnation();
        break;
    case EventKind::WorkerFailed:
        ++counted.failuresByKind[size_t(event.failure)];
        if (isDependencyFailure(event.failure) && worker->runningSinceUs == tUs) {
            // Turned away as it started: the worker never ran, so its outage goes on and nothing was recovered.
            const Worker::Snapshot &before = worker->beforeStart;
            worker->runningSinceUs = -1;
            worker->downSinceUs = before.downSinceUs >= 0 ? before.downSinceUs : tUs;
            worker->unrecoveredFailureUs = before.unrecoveredFailureUs >= 0 ? before.unrecoveredFailureUs : tUs;
            counted.longestOutageUs = before.longestOutageUs;
            counted.recoveries = before.recoveries;
            worker->recoveryUs = before.recoveryUs;
            m_recoveryTimesUs.resize(before.recoveryTimes);
            break;
        }
        endIncarnation();
        worker->unrecoveredFailureUs = tUs;
        break;
    case EventKind::WorkerStopped:
        ++counted.stops;
        endIncarnation();
        break;
    case EventKind::WorkerAbandoned:
        ++counted.abandons;
        endIncarnation();
        break;
    case EventKind::CircuitOpened:
        worker->circuit = CircuitState::Open;
        break;
    case EventKind::CircuitHalfOpen:
        worker->circuit = CircuitState::HalfOpen;
        break;
    case EventKind::CircuitClosed:
        worker->circuit = CircuitState::Closed;
        break;
    default:
        break;
    }
}

qint64 RunStatistics::timeUs(qint64 nowUs) const
{
    const qint64 t = std::max(nowUs, m_lastEventUs);
    return m_endUs ? std::min(t, *m_endUs) : t;
}

RunStatistics::Measures RunStatistics::worker(int index, qint64 nowUs) const
{
    if (index < 0 || index >= workerCount())
        return {};
    const Worker &worker = m_workers[size_t(index)];
    const qint64 t = timeUs(nowUs);
    Measures measures = worker.counted;
    if (worker.runningSinceUs >= 0) {
        measures.running = 1;
        measures.runningUs += std::max<qint64>(0, t - worker.runningSinceUs);
    }
    if (worker.downSinceUs >= 0) {
        measures.currentOutageUs = std::max<qint64>(0, t - worker.downSinceUs);
        measures.longestOutageUs = std::max(measures.longestOutageUs, measures.currentOutageUs);
    }
    if (worker.firstStartUs >= 0) {
        measures.observedUs = std::max<qint64>(0, t - worker.firstStartUs);
        if (measures.observedUs > 0)
            measures.availability = std::min(1.0, double(measures.runningUs) / double(measures.observedUs));
    }
    if (const qint64 failures = measures.failures(); failures > 0)
        measures.mtbfUs = roundedQuotient(measures.runningUs, failures);
    if (measures.recoveries > 0)
        measures.mttrUs = roundedQuotient(worker.recoveryUs, measures.recoveries);
    return measures;
}

void RunStatistics::takeTree(const QJsonObject &config)
{
    SupervisorConfig tree;
    if (!tree.applyJson(config).isEmpty() || !tree.isTree())
        return; // one supervisor, every worker its child
    m_supervisors.assign(size_t(tree.supervisorCount()), Supervisor {});
    for (int supervisor = 0; supervisor < tree.supervisorCount(); ++supervisor) {
        m_supervisors[size_t(supervisor)].name = tree.supervisorName(supervisor);
        m_supervisors[size_t(supervisor)].parent = supervisor == 0 ? -1 : tree.supervisorSpecs.at(supervisor).parent;
    }
    m_workerSupervisor.assign(size_t(tree.workers), 0);
    for (int worker = 0; worker < tree.workers; ++worker)
        m_workerSupervisor[size_t(worker)] = tree.supervisorOf(worker);
}

QString RunStatistics::supervisorName(int supervisor) const
{
    return supervisor >= 0 && supervisor < supervisorCount() ? m_supervisors[size_t(supervisor)].name : QString();
}

int RunStatistics::parentOfSupervisor(int supervisor) const
{
    return supervisor > 0 && supervisor < supervisorCount() ? m_supervisors[size_t(supervisor)].parent : -1;
}

int RunStatistics::supervisorOfWorker(int worker) const
{
    return worker >= 0 && worker < int(m_workerSupervisor.size()) ? m_workerSupervisor[size_t(worker)] : 0;
}

bool RunStatistics::isBelow(int worker, int supervisor) const
{
    for (int at = supervisorOfWorker(worker); at >= 0; at = parentOfSupervisor(at)) {
        if (at == supervisor)
            return true;
    }
    return false;
}

RunStatistics::Subtree RunStatistics::subtree(int supervisor, qint64 nowUs) const
{
    Subtree figures;
    if (supervisor < 0 || supervisor >= supervisorCount())
        return figures;
    const Supervisor &own = m_supervisors[size_t(supervisor)];
    figures.measures = sumOver(nowUs, supervisor);
    figures.starts = own.starts;
    figures.restarts = std::max<qint64>(0, own.starts - 1);
    figures.gaveUps = own.gaveUps;
    figures.running = own.running;
    return figures;
}

RunStatistics::Measures RunStatistics::total(qint64 nowUs) const
{
    return sumOver(nowUs, 0);
}

RunStatistics::Measures RunStatistics::sumOver(qint64 nowUs, int supervisor) const
{
    Measures sum;
    qint64 recoveryUs = 0;
    double availabilitySum = 0;
    int available = 0;
    for (int i = 0; i < workerCount(); ++i) {
        if (supervisor > 0 && !isBelow(i, supervisor))
            continue;
        const Measures one = worker(i, nowUs);
        sum.starts += one.starts;
        sum.restarts += one.restarts;
        sum.completions += one.completions;
        for (size_t kind = 0; kind < sum.failuresByKind.size(); ++kind)
            sum.failuresByKind[kind] += one.failuresByKind[kind];
        sum.stops += one.stops;
        sum.abandons += one.abandons;
        sum.running += one.running;
        sum.runningUs += one.runningUs;
        sum.observedUs += one.observedUs;
        sum.recoveries += one.recoveries;
        sum.longestOutageUs = std::max(sum.longestOutageUs, one.longestOutageUs);
        sum.currentOutageUs = std::max(sum.currentOutageUs, one.currentOutageUs);
        recoveryUs += m_workers[size_t(i)].recoveryUs;
        if (one.availability) {
            availabilitySum += *one.availability;
            ++available;
        }
    }
    if (available > 0)
        sum.availability = availabilitySum / available;
    if (const qint64 failures = sum.failures(); failures > 0)
        sum.mtbfUs = roundedQuotient(sum.runningUs, failures);
    if (sum.recoveries > 0)
        sum.mttrUs = roundedQuotient(recoveryUs, sum.recoveries);
    return sum;
}

RunStatistics::CircuitState RunStatistics::circuit(int worker) const
{
    return worker >= 0 && worker < workerCount() ? m_workers[size_t(worker)].circuit : CircuitState::Closed;
}

int RunStatistics::openCircuits() const
{
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(),
        [](const Worker &worker) { return worker.circuit != CircuitState::Closed; }));
}

qint64 RunStatistics::bucketWidthUs(qint64 requestedUs)
{
    return std::max<qint64>(1, (requestedUs + kBucketUs - 1) / kBucketUs) * kBucketUs;
}

QList<double> RunStatistics::restartRate(qint64 bucketUs, qint64 untilUs) const
{
    const qint64 width = bucketWidthUs(bucketUs);
    const qint64 until = untilUs < 0 ? m_lastEventUs : untilUs;
    const qint64 count = (until + width - 1) / width;
    QList<double> rates;
    rates.reserve(count);
    for (qint64 i = 0; i < count; ++i)
        rates.append(m_restartRate.meanOver(i * width, (i + 1) * width));
    return rates;
}

std::optional<double> RunStatistics::restartRateNow(qint64 nowUs) const
{
    if (isFinished())
        return std::nullopt;
    return m_restartRate.at(timeUs(nowUs));
}

} // namespace SupervisorLab
