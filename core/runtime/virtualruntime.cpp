#include "runtime/virtualruntime.h"

#include "runtime/workerend.h"

namespace SupervisorLab {

VirtualRuntime::VirtualRuntime(const SupervisorConfig &config, std::shared_ptr<EventLog> log)
    : m_log(std::move(log))
    , m_workers(size_t(std::max(config.workers, 1)))
    , m_driver(config, *m_log, m_clock, *this)
{
}

VirtualRuntime::~VirtualRuntime() = default;

void VirtualRuntime::run()
{
    while (step()) { }
}

void VirtualRuntime::runUntil(qint64 timeUs)
{
    if (!m_begun)
        step(); // the run begins at time 0, whatever the first time asked for
    while (!isOver() && nextTimeUs() <= timeUs)
        step();
}

qint64 VirtualRuntime::nextTimeUs() const
{
    const qint64 next = m_pending.empty() ? SupervisionDriver::kNever : m_pending.top().tUs;
    return std::min(next, m_driver.nextDeadlineUs());
}

bool VirtualRuntime::step()
{
    if (!m_begun) {
        m_begun = true;
        m_driver.begin();
        return !isOver();
    }
    if (isOver())
        return false;
    const qint64 next = nextTimeUs();
    if (next == SupervisionDriver::kNever) {
        m_driver.requestStop(); // nothing can happen any more: end the run instead of waiting forever
        return !isOver();
    }
    m_clock.setNowUs(std::max(next, m_clock.nowUs()));
    // Workers first, then the supervisor's deadlines: a fixed order keeps the run deterministic.
    while (!m_pending.empty() && m_pending.top().tUs <= m_clock.nowUs()) {
        const Pending pending = m_pending.top();
        m_pending.pop();
        handle(pending);
    }
    m_driver.processDue();
    return !isOver();
}

void VirtualRuntime::requestStop()
{
    if (!m_begun)
        step();
    m_driver.requestStop();
}

void VirtualRuntime::stopNow()
{
    if (!m_begun)
        step();
    m_driver.stopNow();
}

QString VirtualRuntime::changeParameter(const QString &key, const QString &value, int worker)
{
    return m_driver.changeParameter(key, value, worker);
}

void VirtualRuntime::schedule(qint64 tUs, Happening what, int worker, quint32 incarnation)
{
    m_pending.push(Pending { tUs, ++m_sequence, what, worker, incarnation });
}

VirtualRuntime::SimulatedWorker *VirtualRuntime::current(int worker, quint32 incarnation)
{
    SimulatedWorker &simulated = m_workers[size_t(worker)];
    return simulated.running && simulated.incarnation == incarnation ? &simulated : nullptr;
}

void VirtualRuntime::handle(const Pending &pending)
{
    SimulatedWorker *worker = current(pending.worker, pending.incarnation);
    if (!worker || worker->hungSinceUs >= 0)
        return;
    const qint64 nowUs = m_clock.nowUs();
    const auto end = [&](const WorkerEnd &ended) {
        worker->running = false;
        m_log->record(ended.event(pending.worker, pending.incarnation), nowUs);
        m_driver.childExited(pending.worker, pending.incarnation, ended.exit);
    };
    if (pending.what == Happening::StopNoticed) {
        end(WorkerEnd::stopped());
        return;
    }
    const WorkOutcome outcome = worker->plan.outcome(m_driver.policy().workerConfig(pending.worker).failureRate);
    if (outcome == WorkOutcome::Hang)
        worker->hungSinceUs = nowUs;
    else
        end(WorkerEnd::of(worker->plan, outcome));
}

void VirtualRuntime::startIncarnation(const StartChild &start, const WorkerPlan &plan)
{
    SimulatedWorker &worker = m_workers[size_t(start.worker)];
    worker = SimulatedWorker { start.incarnation, plan, true, -1 };
    schedule(m_clock.nowUs() + plan.workUs, Happening::WorkEnds, start.worker, start.incarnation);
}

bool VirtualRuntime::requestStop(int worker, quint32 incarnation, const std::function<void()> &recordRequest)
{
    if (!current(worker, incarnation))
        return false;
    recordRequest();
    schedule(m_clock.nowUs(), Happening::StopNoticed, worker, incarnation);
    return true;
}

void VirtualRuntime::kill(int worker, quint32 incarnation)
{
    if (SimulatedWorker *simulated = current(worker, incarnation))
        simulated->running = false;
}

bool VirtualRuntime::claimEnd(int worker, quint32 incarnation)
{
    return current(worker, incarnation) != nullptr;
}

qint64 VirtualRuntime::lastHeartbeatUs(int worker, quint32 incarnation) const
{
    const SimulatedWorker &simulated = m_workers[size_t(worker)];
    if (simulated.incarnation == incarnation && simulated.hungSinceUs >= 0)
        return simulated.hungSinceUs;
    return m_clock.nowUs(); // a working worker beats all the time
}

} // namespace SupervisorLab
