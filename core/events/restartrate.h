#pragma once

#include "events/lifecycleevent.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace SupervisorLab {

// What the program counts as a restart, and how fast restarts come: one rule each, for every view and format.
//
// A restart is counted when it is done: a worker_started with incarnation > 1, as run_finished's `restarts` counts
// it. The supervisor *decides* a restart earlier (restart_scheduled), and that decision is what the restart
// intensity counts, a group restart once; a decision the supervisor cancels (it stopped, or gave up) is never done.
// The status bar, the statistics, the tree, the worker pane, the narration and run_finished count restarts done; the
// timeline's intensity label counts decisions in its window and says so ("restart decisions in the last 5 s").
//
// This lives with the events, not in analysis, because the Chrome trace writer (io, a layer before analysis) draws
// the restart rate too, and the rule is written once.
inline bool isRestart(EventKind kind, quint32 incarnation)
{
    return kind == EventKind::WorkerStarted && incarnation > 1;
}

inline bool isRestart(const LifecycleEvent &event)
{
    return isRestart(event.kind, event.incarnation);
}

// The restart rate: restarts per second over a window of one second that moves in steps of 100 ms. At run time t it
// is the restarts in the 100 ms step holding t and in the nine steps before it, divided by 1 s; so one restart
// reads 1/s for one second, never 10/s. Why steps: the counts are kept per step that holds restarts, so memory grows
// with the restarts (not with the run time, nor with each restart's exact time) and any range costs two binary
// searches; a whole second makes the figure whole restarts per second and keeps "now" from jumping at every step.
// A restart counts from the beginning of its step, up to 100 ms before it happens.
//
// Every figure derives from at(): the statistics' "now" is at(now), the chart's bar is the mean of at() over the
// bar (meanOver), the Chrome trace's counter track steps where at() changes (forEachChange).
class RestartRate
{
public:
    static constexpr qint64 kStepUs = 100'000;
    static constexpr qint64 kWindowUs = 1'000'000;
    static constexpr qint64 kStepsPerWindow = kWindowUs / kStepUs;

    // Counts a restart done at `tUs`. Times must not decrease (a log's never do); an earlier one is counted in the
    // latest step.
    void add(qint64 tUs)
    {
        const qint64 step = std::max<qint64>(tUs, 0) / kStepUs;
        const qint64 last = m_steps.empty() ? -1 : m_steps.back().step;
        if (step > last) {
            const Held before = m_steps.empty() ? Held {} : m_steps.back();
            m_steps.push_back({ step, before.through, before.stepSumThrough });
        }
        Held &held = m_steps.back();
        ++held.through;
        held.stepSumThrough += held.step;
    }
    void clear() { m_steps.clear(); }

    qint64 total() const { return m_steps.empty() ? 0 : m_steps.back().through; }
    // Restarts whose time falls in [fromUs, toUs), both rounded down to a whole step.
    qint64 between(qint64 fromUs, qint64 toUs) const { return countBefore(stepOf(toUs)) - countBefore(stepOf(fromUs)); }
    // Restarts per second at `tUs` (see the class comment).
    double at(qint64 tUs) const
    {
        const qint64 step = stepOf(tUs);
        return double(countBefore(step + 1) - countBefore(step + 1 - kStepsPerWindow)) * kPerSecond;
    }
    // The mean of at() over the steps from the one holding `fromUs` up to, not including, the one holding `toUs` (at
    // least one step). Constant time: a chart's bar costs the same however many steps it spans.
    double meanOver(qint64 fromUs, qint64 toUs) const
    {
        const qint64 a = stepOf(fromUs);
        const qint64 b = std::max(stepOf(toUs), a + 1);
        // Sum over steps j in [a, b) of (C(j + 1) - C(j + 1 - window)), C(x) = restarts in steps before x.
        const qint64 entered = sumOfCounts(b + 1) - sumOfCounts(a + 1);
        const qint64 left = sumOfCounts(b + 1 - kStepsPerWindow) - sumOfCounts(a + 1 - kStepsPerWindow);
        const qint64 sum = entered - left;
        return double(sum) / double(b - a) * kPerSecond;
    }
    // Calls `f(tUs, rate)` at every time up to `untilUs` where at() changes, in order: at the beginning of a step
    // that holds restarts, and a window later, where they leave it. Costs a step per step that holds restarts.
    template<typename F> void forEachChange(qint64 untilUs, F f) const
    {
        size_t entering = 0;
        size_t leaving = 0;
        double previous = 0;
        while (entering < m_steps.size() || leaving < m_steps.size()) {
            const qint64 in = entering < m_steps.size() ? m_steps[entering].step : std::numeric_limits<qint64>::max();
            const qint64 out = m_steps[leaving].step + kStepsPerWindow;
            const qint64 step = std::min(in, out);
            if (step == in)
                ++entering;
            if (step == out)
                ++leaving;
            if (step * kStepUs > untilUs)
                return;
            const double rate = at(step * kStepUs);
            if (rate != previous)
                f(step * kStepUs, rate);
            previous = rate;
        }
    }

private:
    static constexpr double kPerSecond = 1'000'000.0 / double(kWindowUs); // a count in the window, per second

    struct Held
    {
        qint64 step = -1; // a step of run time that holds restarts
        qint64 through = 0; // restarts in steps 0..step
        qint64 stepSumThrough = 0; // the sum of the steps of those restarts, one term per restart
    };

    static qint64 stepOf(qint64 tUs) { return std::max<qint64>(tUs, 0) / kStepUs; }

    // The last held step before `step`, or null.
    const Held *lastBefore(qint64 step) const
    {
        const auto it = std::lower_bound(
            m_steps.cbegin(), m_steps.cend(), step, [](const Held &held, qint64 value) { return held.step < value; });
        return it == m_steps.cbegin() ? nullptr : &*std::prev(it);
    }
    // C(step): restarts in the steps before `step`.
    qint64 countBefore(qint64 step) const
    {
        const Held *held = lastBefore(step);
        return held ? held->through : 0;
    }
    // S(x) = C(0) + ... + C(x - 1): each restart in step s adds x - 1 - s for every s < x - 1.
    qint64 sumOfCounts(qint64 x) const
    {
        const Held *held = lastBefore(x - 1);
        return held ? (x - 1) * held->through - held->stepSumThrough : 0;
    }

    std::vector<Held> m_steps; // in step order
};

} // namespace SupervisorLab
