#pragma once

#include <QtGlobal>

#include <functional>

namespace SupervisorLab {

// Independent random streams of one worker incarnation.
enum class DrawStream : quint64
{
    WorkTime = 1,
    FailureRoll,
    FailureKind,
    FailureMessage,
    Jitter,
    OutageUp, // a dependency's time up before its next random outage (the "worker" is the dependency's index)
    OutageDown, // ... and that outage's length
};

// Draws derived from (seed, worker, incarnation, stream) alone, so a seeded run repeats exactly however
// its threads interleave: nothing is consumed from a shared generator.
class SeededDraws
{
public:
    explicit SeededDraws(quint64 seed)
        : m_seed(seed)
    {
    }

    quint64 bits(int worker, quint32 incarnation, DrawStream stream) const;
    // Uniform in [0, 1); uniformDraw() makes it a whole number in a range.
    double unit(int worker, quint32 incarnation, DrawStream stream) const;
    // The jitter stream, as the supervisor's policy takes its randomness (SupervisorPolicy::JitterDraw).
    std::function<double(int worker, quint32 incarnation)> jitter() const;

private:
    quint64 m_seed;
};

} // namespace SupervisorLab
