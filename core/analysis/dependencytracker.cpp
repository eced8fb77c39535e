#include "analysis/dependencytracker.h"

namespace SupervisorLab {

int DependencyTracker::dependencyNamed(QStringView reason) const
{
    const QStringView name = dependencyOfReason(reason);
    for (int dependency = 0; dependency < count(); ++dependency) {
        if (m_figures[size_t(dependency)].name == name)
            return dependency;
    }
    return -1;
}

bool DependencyTracker::latestRecovery(int dependency, Recovery *out) const
{
    if (dependency < 0 || size_t(dependency) >= m_latest.size() || m_latest[size_t(dependency)].dependency < 0)
        return false;
    *out = m_latest[size_t(dependency)];
    return true;
}

void DependencyTracker::workerRuns(int worker, qint64 atUs)
{
    for (Waiting &waiting : m_waiting) {
        if (!waiting.open || !waiting.workers.removeOne(worker) || !waiting.workers.isEmpty())
            continue;
        waiting.open = false;
        waiting.recovery.lagUs = atUs - waiting.recovery.upUs;
        m_figures[size_t(waiting.recovery.dependency)].recoveryLagsUs.push_back(waiting.recovery.lagUs);
        m_latest[size_t(waiting.recovery.dependency)] = waiting.recovery;
        m_justRecovered.append(waiting.recovery);
    }
}

void DependencyTracker::confirmStarts(qint64 nowUs)
{
    std::erase_if(m_unconfirmed, [&](int worker) {
        WorkerState &state = m_workers[size_t(worker)];
        if (!state.unconfirmed)
            return true;
        if (nowUs <= state.startedUs)
            return false;
        state.unconfirmed = false;
        if (state.running)
            workerRuns(worker, state.startedUs);
        return true;
    });
}

void DependencyTracker::observe(const LifecycleEvent &event)
{
    m_justRecovered.clear();
    if (event.kind == EventKind::RunStarted) {
        *this = DependencyTracker();
        m_config.applyJson(event.run.config);
        m_workers.assign(size_t(std::max(m_config.workers, 1)), {});
        m_figures.assign(size_t(m_config.dependencies.size()), {});
        m_waiting.assign(m_figures.size(), {});
        m_latest.assign(m_figures.size(), {});
        for (int dependency = 0; dependency < count(); ++dependency) {
            Figures &figures = m_figures[size_t(dependency)];
            figures.name = m_config.dependencies.at(dependency).name;
            for (int worker = 0; worker < m_config.workers; ++worker)
                figures.dependents += m_config.dependsOn(worker, dependency);
        }
        return;
    }
    if (m_figures.empty())
        return;
    confirmStarts(event.tUs);

    const auto workerState = [&]() -> WorkerState * {
        return event.worker >= 0 && size_t(event.worker) < m_workers.size() ? &m_workers[size_t(event.worker)]
                                                                            : nullptr;
    };
    switch (event.kind) {
    case EventKind::DependencyDown: {
        if (event.dependency < 0 || event.dependency >= count())
            return;
        Figures &figures = m_figures[size_t(event.dependency)];
        figures.down = true;
        figures.downSinceUs = event.tUs;
        figures.downReason = event.reason;
        ++figures.outages;
        Waiting &waiting = m_waiting[size_t(event.dependency)];
        if (waiting.open) { // down again before everyone ran: that recovery never completed
            waiting.open = false;
            ++figures.unrecovered;
        }
        return;
    }
    case EventKind::DependencyUp: {
        if (event.dependency < 0 || event.dependency >= count())
            return;
        Figures &figures = m_figures[size_t(event.dependency)];
        Waiting &waiting = m_waiting[size_t(event.dependency)];
        waiting = Waiting {
            Recovery { event.dependency, event.tUs, event.tUs - figures.downSinceUs, figures.dependents, -1 }, {}, true
        };
        figures.down = false;
        figures.downUs += event.tUs - figures.downSinceUs;
        for (int worker = 0; worker < int(m_workers.size()); ++worker) {
            if (m_config.dependsOn(worker, event.dependency) && m_workers[size_t(worker)].waitingForRestart)
                waiting.workers.append(worker);
        }
        m_latest[size_t(event.dependency)] = waiting.recovery;
        if (waiting.workers.isEmpty() || m_supervisorStopping)
            waiting.open = false;
        return;
    }
    case EventKind::WorkerStarted:
        if (WorkerState *state = workerState()) {
            *state = WorkerState { true, event.tUs, true, false };
            m_unconfirmed.push_back(event.worker);
            for (int dependency = 0; dependency < count(); ++dependency) {
                if (m_figures[size_t(dependency)].down && m_config.dependsOn(event.worker, dependency)) {
                    ++m_figures[size_t(dependency)].attemptsWhileDown;
                    break; // the first down dependency turns the start away; the rest are not reached
                }
            }
        }
        return;
    case EventKind::WorkerFailed:
        if (WorkerState *state = workerState()) {
            const int dependency = dependencyNamed(event.reason);
            if (event.failure == FailureKind::Overloaded && dependency >= 0)
                ++m_figures[size_t(dependency)].refusedAttempts;
            if (event.failure == FailureKind::DependencyDown && dependency >= 0 && event.tUs > state->startedUs
                && !state->unconfirmed)
                ++m_figures[size_t(dependency)].dependentsLost;
            state->running = false;
            state->unconfirmed = false;
        }
        return;
    case EventKind::WorkerCompleted:
    case EventKind::WorkerStopped:
    case EventKind::WorkerAbandoned:
        if (WorkerState *state = workerState()) {
            state->running = false;
            state->unconfirmed = false;
        }
        return;
    case EventKind::RestartScheduled:
        if (WorkerState *state = workerState())
            state->waitingForRestart = true;
        return;
    case EventKind::SupervisorStopping:
    case EventKind::SupervisorGaveUp:
        if (event.supervisorIndex > 0)
            return; // a nested supervisor's: the run goes on
        m_supervisorStopping = true;
        for (size_t dependency = 0; dependency < m_waiting.size(); ++dependency) {
            if (m_waiting[dependency].open) {
                m_waiting[dependency].open = false;
                ++m_figures[dependency].unrecovered;
            }
        }
        return;
    default:
        return;
    }
}

} // namespace SupervisorLab
