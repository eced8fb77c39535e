#include "world/dependencyworld.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
constexpr qint64 kUsPerMs = 1000;
} // namespace

LifecycleEvent DependencyWorld::Change::event() const
{
    return down ? LifecycleEvent::dependencyChanged(EventKind::DependencyDown, dependency, reason)
                : LifecycleEvent::dependencyChanged(EventKind::DependencyUp, dependency);
}

DependencyWorld::DependencyWorld(const SupervisorConfig &config)
    : m_dependsOn(size_t(std::max(config.workers, 1)))
{
    m_dependencies.reserve(size_t(config.dependencies.size()));
    for (qsizetype i = 0; i < config.dependencies.size(); ++i) {
        const DependencySpec &spec = config.dependencies.at(i);
        m_dependencies.push_back(Dependency { spec,
            OutageSchedule(
                { spec.outages.begin(), spec.outages.end() }, spec.meanUpMs, spec.meanDownMs, config.seed, int(i)),
            {}, {} });
    }
    for (int worker = 0; worker < int(config.workerSpecs.size()); ++worker) {
        m_dependsOn[size_t(worker)] = config.workerSpecs.at(worker).dependsOn;
        for (const int dependency : config.workerSpecs.at(worker).dependsOn)
            m_dependencies.at(size_t(dependency)).dependents.push_back(worker);
    }
    updateNextChange();
    for (const Dependency &dependency : m_dependencies) {
        if (scheduledDownAt(dependency, 0))
            m_nextChangeUs = 0; // down from the start: the first advance says so
    }
}

bool DependencyWorld::scheduledDownAt(const Dependency &dependency, qint64 tUs) const
{
    return tUs >= dependency.ignoreScheduleUntilUs && dependency.schedule.isDownAt(tUs);
}

qint64 DependencyWorld::nextScheduledChange(const Dependency &dependency, qint64 afterUs) const
{
    if (dependency.manualDown)
        return kNever; // down until brought back, whatever the schedule says
    // While the rest of an outage is ignored, nothing changes before it ends.
    const qint64 from = std::max(afterUs, dependency.ignoreScheduleUntilUs - 1);
    return dependency.schedule.nextChangeAfter(from);
}

void DependencyWorld::updateNextChange()
{
    m_nextChangeUs = kNever;
    for (const Dependency &dependency : m_dependencies)
        m_nextChangeUs = std::min(m_nextChangeUs, nextScheduledChange(dependency, m_nowUs));
}

DependencyWorld::Refusal DependencyWorld::admit(int worker, qint64 tUs)
{
    if (worker < 0 || size_t(worker) >= m_dependsOn.size())
        return {};
    const QList<int> &needed = m_dependsOn[size_t(worker)];
    for (const int index : needed) {
        if (m_dependencies[size_t(index)].down)
            return { index, FailureKind::DependencyDown };
    }
    for (const int index : needed) {
        Dependency &dependency = m_dependencies[size_t(index)];
        if (!dependency.capacity.tryAttempt(
                tUs, int(dependency.spec.capacity), dependency.spec.capacityWindowMs * kUsPerMs))
            return { index, FailureKind::Overloaded };
    }
    return {};
}

std::vector<DependencyWorld::Change> DependencyWorld::advanceTo(qint64 tUs)
{
    std::vector<Change> changes;
    // One change at a time, so that an outage shorter than the time since the last call still goes down and up.
    while (m_nextChangeUs <= tUs) {
        m_nowUs = m_nextChangeUs;
        for (int index = 0; index < count(); ++index) {
            Dependency &dependency = m_dependencies[size_t(index)];
            const bool down = dependency.manualDown || scheduledDownAt(dependency, m_nowUs);
            if (down != dependency.down) {
                dependency.down = down;
                changes.push_back({ index, down, down ? u"outage"_s : QString() });
            }
        }
        updateNextChange();
    }
    m_nowUs = std::max(m_nowUs, tUs);
    return changes;
}

std::vector<DependencyWorld::Change> DependencyWorld::takeDown(int dependency, qint64 tUs)
{
    std::vector<Change> changes = advanceTo(tUs);
    Dependency &taken = m_dependencies.at(size_t(dependency));
    taken.manualDown = true;
    if (!taken.down) {
        taken.down = true;
        changes.push_back({ dependency, true, u"manual"_s });
    }
    updateNextChange();
    return changes;
}

std::vector<DependencyWorld::Change> DependencyWorld::bringBack(int dependency, qint64 tUs)
{
    std::vector<Change> changes = advanceTo(tUs);
    Dependency &back = m_dependencies.at(size_t(dependency));
    back.manualDown = false;
    if (back.schedule.isDownAt(tUs))
        back.ignoreScheduleUntilUs = back.schedule.nextChangeAfter(tUs);
    if (back.down) {
        back.down = false;
        changes.push_back({ dependency, false, {} });
    }
    updateNextChange();
    return changes;
}

void DependencyWorld::setCapacity(int dependency, qint64 capacity)
{
    m_dependencies.at(size_t(dependency)).spec.capacity = std::clamp<qint64>(capacity, 0, DependencySpec::kMaxCapacity);
}

} // namespace SupervisorLab
