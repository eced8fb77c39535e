#pragma once

#include <QtGlobal>

#include <algorithm>
#include <deque>
#include <limits>

namespace SupervisorLab {

// The sliding window OTP's restart intensity counts in: what happened in (now − T, now]. The policy's intensity, the
// teaching warnings and the timeline's counts all ask this one rule.
class RestartWindow
{
public:
    static bool contains(qint64 tUs, qint64 nowUs, qint64 windowUs) { return tUs > nowUs - windowUs && tUs <= nowUs; }

    // How many of a range sorted by time lie in the window; `timeOf` reads an element's time.
    template<typename Iterator, typename TimeOf>
    static int countIn(Iterator first, Iterator last, qint64 nowUs, qint64 windowUs, TimeOf timeOf)
    {
        const auto end = std::partition_point(first, last, [&](const auto &item) { return timeOf(item) <= nowUs; });
        const auto begin
            = std::partition_point(first, end, [&](const auto &item) { return timeOf(item) <= nowUs - windowUs; });
        return int(end - begin);
    }

    // Times must be recorded in order.
    void record(qint64 tUs) { m_timesUs.push_back(tUs); }
    void clear() { m_timesUs.clear(); }
    // Drops the times that have left the window ending at `nowUs`.
    void forgetBefore(qint64 nowUs, qint64 windowUs)
    {
        while (!m_timesUs.empty() && !contains(m_timesUs.front(), nowUs, windowUs))
            m_timesUs.pop_front();
    }
    int count(qint64 nowUs, qint64 windowUs) const
    {
        return countIn(m_timesUs.begin(), m_timesUs.end(), nowUs, windowUs, [](qint64 t) { return t; });
    }
    int size() const { return int(m_timesUs.size()); }
    // Until when, with nothing more recorded, at least `count` of the times stay within the window; the lowest
    // time there is if they never were.
    qint64 holdsUntilUs(int count, qint64 windowUs) const
    {
        if (count <= 0 || size() < count)
            return std::numeric_limits<qint64>::min();
        return m_timesUs[m_timesUs.size() - size_t(count)] + windowUs;
    }

private:
    std::deque<qint64> m_timesUs;
};

} // namespace SupervisorLab
