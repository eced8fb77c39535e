#include "teaching/dependencywords.h"

#include "teaching/durationtext.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QString dependentsText(int dependents)
{
    return dependents == 1 ? u"1 worker depends on it"_s : u"%1 workers depend on it"_s.arg(dependents);
}

} // namespace

QString DependencyWords::failure(const DependencyTracker &world, const LifecycleEvent &event)
{
    const int dependency = world.dependencyNamed(event.reason);
    if (dependency < 0)
        return {};
    const DependencyTracker::Figures &figures = world.figures(dependency);
    if (event.failure == FailureKind::Overloaded) {
        const DependencySpec &spec = world.config().dependencies.at(dependency);
        return u"%1 is overloaded: it takes %2 attempts per %3, and this start came on top"_s.arg(figures.name)
            .arg(spec.capacity)
            .arg(durationText(spec.capacityWindowMs));
    }
    if (!figures.down)
        return u"%1 is down"_s.arg(figures.name);
    const QString why = figures.downReason == u"manual" ? u"taken down by hand"_s : u"outage"_s;
    return u"%1 is down (%2 since %3)"_s.arg(figures.name, why, secondsText(figures.downSinceUs));
}

QString DependencyWords::change(const DependencyTracker &world, const LifecycleEvent &event)
{
    if (event.dependency < 0 || event.dependency >= world.count())
        return {};
    const DependencyTracker::Figures &figures = world.figures(event.dependency);
    if (event.kind == EventKind::DependencyDown) {
        const QString why = event.reason == u"manual" ? u"taken down by hand"_s : u"outage"_s;
        return u"%1 goes down (%2); %3"_s.arg(figures.name, why, dependentsText(figures.dependents));
    }
    return u"%1 is back after %2; %3"_s.arg(
        figures.name, secondsText(event.tUs - figures.downSinceUs), dependentsText(figures.dependents));
}

QString DependencyWords::recovery(const DependencyTracker &world, const DependencyTracker::Recovery &recovery)
{
    const DependencyTracker::Figures &figures = world.figures(recovery.dependency);
    QString model;
    for (int worker = 0; worker < world.config().workers && model.isEmpty(); ++worker) {
        if (world.config().dependsOn(worker, recovery.dependency))
            model = delayModelText(world.config().forWorker(worker));
    }
    const QString who = recovery.dependents == 1
        ? u"The worker that depends on %1 runs"_s.arg(figures.name)
        : u"All %1 workers that depend on %2 run"_s.arg(recovery.dependents).arg(figures.name);
    return u"%1 again from %2, %3 after it came back (%4)"_s.arg(
        who, secondsText(recovery.upUs + recovery.lagUs), secondsText(recovery.lagUs), model);
}

} // namespace SupervisorLab
