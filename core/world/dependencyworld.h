#pragma once

#include "events/lifecycleevent.h"
#include "policy/supervisorconfig.h"
#include "world/capacitywindow.h"
#include "world/outageschedule.h"

#include <limits>
#include <vector>

namespace SupervisorLab {

// The shared dependencies of a run as they behave: each one's outages (fixed, random from the run's seed, and
// taken down or brought back by hand), its capacity, and the workers that need it. Both runtimes ask this one
// object, through the supervision driver, whether a start gets through and when a dependency changes state.
// Not thread-safe: the driver's thread owns it.
class DependencyWorld
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    // A dependency went down (reason "outage" or "manual") or came back.
    struct Change
    {
        int dependency = -1;
        bool down = false;
        QString reason;
        LifecycleEvent event() const;
    };

    // Why a start did not get through: a dependency that was down, or that turned the attempt away for capacity.
    // No dependency: it got through.
    struct Refusal
    {
        int dependency = -1;
        FailureKind kind = FailureKind::DependencyDown;
        bool refused() const { return dependency >= 0; }
    };

    explicit DependencyWorld(const SupervisorConfig &config);

    int count() const { return int(m_dependencies.size()); }
    QString name(int dependency) const { return m_dependencies.at(size_t(dependency)).spec.name; }
    bool isDown(int dependency) const { return m_dependencies.at(size_t(dependency)).down; }
    qint64 capacity(int dependency) const { return m_dependencies.at(size_t(dependency)).spec.capacity; }
    const std::vector<int> &dependents(int dependency) const
    {
        return m_dependencies.at(size_t(dependency)).dependents;
    }

    // A start of `worker` at `tUs` (not before the previous): if one of its dependencies is down (the first in its
    // depends_on order) it fails for that; else it reaches them in order, and the first that is full turns it away,
    // each one it reached before having counted the attempt against its capacity.
    Refusal admit(int worker, qint64 tUs);

    // When a dependency's state may next change on its own (its outage schedule); kNever if none will.
    qint64 nextChangeUs() const { return m_nextChangeUs; }
    // Every change due at or before `tUs`, in time order, each applied as it is returned.
    std::vector<Change> advanceTo(qint64 tUs);
    // By hand, at `tUs`: down until brought back; brought back, up until its next scheduled outage begins. Returns the
    // change, or none if the dependency already was in that state.
    std::vector<Change> takeDown(int dependency, qint64 tUs);
    std::vector<Change> bringBack(int dependency, qint64 tUs);
    void setCapacity(int dependency, qint64 capacity);

private:
    struct Dependency
    {
        DependencySpec spec;
        OutageSchedule schedule;
        CapacityWindow capacity;
        std::vector<int> dependents;
        bool down = false;
        bool manualDown = false;
        qint64 ignoreScheduleUntilUs = 0; // brought back during a scheduled outage: the rest of it is ignored
    };

    bool scheduledDownAt(const Dependency &dependency, qint64 tUs) const;
    qint64 nextScheduledChange(const Dependency &dependency, qint64 afterUs) const;
    void updateNextChange();

    std::vector<Dependency> m_dependencies;
    std::vector<QList<int>> m_dependsOn; // per worker
    qint64 m_nowUs = 0;
    qint64 m_nextChangeUs = kNever;
};

} // namespace SupervisorLab
