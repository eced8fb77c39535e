#include "world/outageschedule.h"

#include "world/seededdraws.h"

#include <algorithm>
#include <cmath>

namespace SupervisorLab {
namespace {

constexpr qint64 kUsPerMs = 1000;

// An exponential draw of mean `meanUs` from a uniform draw in [0, 1), at least 1 µs.
qint64 exponentialUs(double unit, qint64 meanUs)
{
    const double drawn = -std::log1p(-unit) * double(meanUs);
    return std::max<qint64>(1, qint64(std::min(drawn, 1e15)));
}

} // namespace

OutageSchedule::OutageSchedule(
    std::vector<OutageWindow> fixed, qint64 meanUpMs, qint64 meanDownMs, quint64 seed, int dependency)
    : m_meanUpUs(meanUpMs > 0 && meanDownMs > 0 ? meanUpMs * kUsPerMs : 0)
    , m_meanDownUs(meanUpMs > 0 && meanDownMs > 0 ? meanDownMs * kUsPerMs : 0)
    , m_seed(seed)
    , m_dependency(dependency)
{
    for (const OutageWindow &window : fixed) {
        if (window.forMs > 0)
            m_fixed.push_back({ window.atMs * kUsPerMs, (window.atMs + window.forMs) * kUsPerMs });
    }
    std::sort(m_fixed.begin(), m_fixed.end(), [](const Interval &a, const Interval &b) { return a.fromUs < b.fromUs; });
}

void OutageSchedule::drawUntil(qint64 tUs) const
{
    if (m_meanUpUs <= 0)
        return;
    const SeededDraws draws(m_seed);
    while (m_drawnUntilUs <= tUs && m_drawnUntilUs < kNever / 2) {
        const auto n = quint32(m_random.size());
        const qint64 upUs = exponentialUs(draws.unit(m_dependency, n, DrawStream::OutageUp), m_meanUpUs);
        const qint64 downUs = exponentialUs(draws.unit(m_dependency, n, DrawStream::OutageDown), m_meanDownUs);
        const qint64 fromUs = m_drawnUntilUs + upUs;
        m_random.push_back({ fromUs, fromUs + downUs });
        m_drawnUntilUs = fromUs + downUs;
    }
}

bool OutageSchedule::coveringInterval(qint64 tUs, Interval *merged) const
{
    drawUntil(tUs);
    // Grow the interval covering tUs through every outage that overlaps or touches it, fixed or random.
    bool found = false;
    Interval span { tUs, tUs };
    for (bool grew = true; grew;) {
        grew = false;
        const auto absorb = [&](const Interval &outage) {
            const bool covers = found ? outage.fromUs <= span.untilUs && outage.untilUs >= span.fromUs
                                      : outage.fromUs <= tUs && tUs < outage.untilUs;
            if (!covers)
                return;
            if (!found || outage.fromUs < span.fromUs || outage.untilUs > span.untilUs) {
                span = found ? Interval { std::min(span.fromUs, outage.fromUs), std::max(span.untilUs, outage.untilUs) }
                             : outage;
                found = true;
                grew = true;
            }
        };
        for (const Interval &outage : m_fixed)
            absorb(outage);
        if (found)
            drawUntil(span.untilUs);
        // Random outages are sorted and disjoint: only those from the first that ends at or after the span can
        // touch it.
        const qint64 from = found ? span.fromUs : tUs;
        const qint64 until = found ? span.untilUs : tUs;
        auto outage = std::partition_point(
            m_random.begin(), m_random.end(), [from](const Interval &drawn) { return drawn.untilUs < from; });
        for (; outage != m_random.end() && outage->fromUs <= until; ++outage)
            absorb(*outage);
    }
    if (found && merged)
        *merged = span;
    return found;
}

bool OutageSchedule::isDownAt(qint64 tUs) const
{
    return coveringInterval(tUs, nullptr);
}

qint64 OutageSchedule::outageStartAt(qint64 tUs) const
{
    Interval span {};
    return coveringInterval(tUs, &span) ? span.fromUs : -1;
}

qint64 OutageSchedule::nextChangeAfter(qint64 tUs) const
{
    Interval span {};
    if (coveringInterval(tUs, &span))
        return span.untilUs;
    // Up now: the next outage to begin, fixed or random.
    qint64 next = kNever;
    for (const Interval &outage : m_fixed) {
        if (outage.fromUs > tUs) {
            next = outage.fromUs;
            break;
        }
    }
    if (m_meanUpUs > 0) {
        drawUntil(tUs);
        const auto later = std::partition_point(
            m_random.begin(), m_random.end(), [tUs](const Interval &outage) { return outage.fromUs <= tUs; });
        if (later != m_random.end()) // always: the outages drawn reach past tUs, and tUs is in none of them
            next = std::min(next, later->fromUs);
    }
    return next;
}

} // namespace SupervisorLab
