#pragma once

#include "policy/dependencyspec.h"

#include <QString>

#include <limits>
#include <vector>

namespace SupervisorLab {

// When one dependency of a run is down: its fixed outage windows, and random outages whose up and down times are
// drawn from exponential distributions of the given means (both > 0, else none) from the run's seed and the
// dependency's index alone, so that both runtimes, and every run with that seed, see the same outages. Down
// intervals are half-open, [start, end): a dependency is up again at the instant its outage ends. Overlapping
// outages merge into one. Random outages are drawn as far as they are asked for.
class OutageSchedule
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    OutageSchedule(std::vector<OutageWindow> fixed, qint64 meanUpMs, qint64 meanDownMs, quint64 seed, int dependency);

    bool isDownAt(qint64 tUs) const;
    // The first moment after `tUs` at which the dependency's state differs from its state at `tUs`; kNever if it
    // never changes again.
    qint64 nextChangeAfter(qint64 tUs) const;
    // When the outage covering `tUs` began; -1 if the dependency is up then.
    qint64 outageStartAt(qint64 tUs) const;

private:
    struct Interval
    {
        qint64 fromUs;
        qint64 untilUs;
    };
    // Draws random outages until they reach past `tUs`.
    void drawUntil(qint64 tUs) const;
    // The merged down interval covering `tUs`, if any.
    bool coveringInterval(qint64 tUs, Interval *merged) const;

    std::vector<Interval> m_fixed; // sorted by start
    qint64 m_meanUpUs;
    qint64 m_meanDownUs;
    quint64 m_seed;
    int m_dependency;
    mutable std::vector<Interval> m_random; // drawn so far, in order, disjoint
    mutable qint64 m_drawnUntilUs = 0; // the end of the last up time drawn: nothing random before it is unknown
};

} // namespace SupervisorLab
