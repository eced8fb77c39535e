#include "runtime/simulatedwork.h"

#include "runtime/incarnation.h"
#include "runtime/scaledclock.h"

#include <algorithm>
#include <stdexcept>

namespace SupervisorLab {
namespace {

// Long enough to cost nothing, short enough to notice a stop request or a speed change quickly.
constexpr qint64 kLongestSliceUs = 10'000;

} // namespace

WorkEnd SimulatedWork::run(Incarnation &incarnation, const ScaledClock &clock, const std::atomic<double> &failureRate,
    qint64 heartbeatTimeoutUs)
{
    const qint64 endUs = clock.nowUs() + incarnation.plan.workUs;
    // Several beats per heartbeat timeout, so that a working worker is never mistaken for a hung one.
    const qint64 beatEveryUs = heartbeatTimeoutUs > 0 ? std::max<qint64>(250, heartbeatTimeoutUs / 4) : kLongestSliceUs;
    for (;;) {
        const qint64 nowUs = clock.nowUs();
        incarnation.beat(nowUs);
        if (incarnation.isKilled())
            return WorkEnd::Killed;
        if (nowUs >= endUs)
            break; // work that is done ends the way its plan says, even if a stop request has just come in
        if (incarnation.isStopRequested())
            return WorkEnd::Stopped;
        if (incarnation.isFailureInjected())
            return WorkEnd::Failed;
        const qint64 untilEnd = clock.realUsUntil(endUs);
        const qint64 speedScaledBeat = qint64(double(beatEveryUs) / std::max(clock.speed(), 1e-3));
        qint64 sliceUs = std::min({ kLongestSliceUs, speedScaledBeat, untilEnd < 0 ? kLongestSliceUs : untilEnd });
        incarnation.sleep(std::chrono::microseconds(std::max<qint64>(sliceUs, 1)), false);
    }

    const WorkOutcome outcome = incarnation.plan.outcome(failureRate.load(std::memory_order_relaxed));
    switch (outcome) {
    case WorkOutcome::Complete:
        return WorkEnd::Completed;
    case WorkOutcome::Error:
        return WorkEnd::Failed;
    case WorkOutcome::Exception:
        throw std::runtime_error(incarnation.plan.exceptionMessage.toStdString());
    case WorkOutcome::Hang:
        while (!incarnation.isKilled())
            incarnation.sleep(std::chrono::microseconds(kLongestSliceUs), true);
        return WorkEnd::Killed;
    }
    return WorkEnd::Completed;
}

} // namespace SupervisorLab
