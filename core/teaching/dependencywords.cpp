#include "teaching/dependencywords.h"

#include "teaching/durationtext.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QString dependentsText(int dependents)
{
    return QCoreApplication::translate("DependencyWords", "%n worker(s) depend(s) on it", nullptr, dependents);
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
        //: %1 is the dependency's name ("db"), %2 its capacity's window ("1 s").
        return QCoreApplication::translate("DependencyWords",
            "%1 is overloaded: it takes %n attempts per %2, and this start came on top", nullptr, int(spec.capacity))
            .arg(figures.name, durationText(spec.capacityWindowMs));
    }
    if (!figures.down)
        //: %1 is the dependency's name ("db").
        return QCoreApplication::translate("DependencyWords", "%1 is down").arg(figures.name);
    //: %1 is the dependency's name ("db"), %2 since when ("3.0 s").
    return (figures.downReason == u"manual"
            ? QCoreApplication::translate("DependencyWords", "%1 is down (taken down by hand since %2)")
            : QCoreApplication::translate("DependencyWords", "%1 is down (outage since %2)"))
        .arg(figures.name, secondsText(figures.downSinceUs));
}

QString DependencyWords::change(const DependencyTracker &world, const LifecycleEvent &event)
{
    if (event.dependency < 0 || event.dependency >= world.count())
        return {};
    const DependencyTracker::Figures &figures = world.figures(event.dependency);
    if (event.kind == EventKind::DependencyDown) {
        //: %1 is the dependency's name ("db"), %2 "4 worker(s) depend(s) on it".
        return (event.reason == u"manual"
                ? QCoreApplication::translate("DependencyWords", "%1 goes down (taken down by hand); %2")
                : QCoreApplication::translate("DependencyWords", "%1 goes down (outage); %2"))
            .arg(figures.name, dependentsText(figures.dependents));
    }
    //: %1 is the dependency's name ("db"), %2 how long it was down ("8.0 s"), %3 "4 worker(s) depend(s) on it".
    return QCoreApplication::translate("DependencyWords", "%1 is back after %2; %3")
        .arg(figures.name, secondsText(event.tUs - figures.downSinceUs), dependentsText(figures.dependents));
}

QString DependencyWords::recovery(const DependencyTracker &world, const DependencyTracker::Recovery &recovery)
{
    const DependencyTracker::Figures &figures = world.figures(recovery.dependency);
    QString model;
    for (int worker = 0; worker < world.config().workers && model.isEmpty(); ++worker) {
        if (world.config().dependsOn(worker, recovery.dependency))
            model = delayModelText(world.config().forWorker(worker));
    }
    const QString again = secondsText(recovery.upUs + recovery.lagUs);
    const QString lag = secondsText(recovery.lagUs);
    if (recovery.dependents == 1)
        //: %1 is the dependency's name ("db"), %2 when the worker runs again ("33.5 s"), %3 how long after it came
        //: back ("11.5 s"), %4 how restarts are delayed ("exponential backoff").
        return QCoreApplication::translate(
            "DependencyWords", "The worker that depends on %1 runs again from %2, %3 after it came back (%4)")
            .arg(figures.name, again, lag, model);
    //: %n is two or more; %1 is the dependency's name ("db"), %2 when the workers run again ("33.5 s"), %3 how long
    //: after it came back ("11.5 s"), %4 how restarts are delayed ("exponential backoff").
    return QCoreApplication::translate("DependencyWords",
        "All %n workers that depend on %1 run again from %2, %3 after it came back (%4)", nullptr, recovery.dependents)
        .arg(figures.name, again, lag, model);
}

} // namespace SupervisorLab
