#pragma once

#include <QtGlobal>

namespace SupervisorLab {

// Independent random streams of one worker incarnation.
enum class DrawStream : quint64
{
    WorkTime = 1,
    FailureRoll,
    FailureKind,
    FailureMessage,
    Jitter
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
    // Uniform in [0, 1).
    double unit(int worker, quint32 incarnation, DrawStream stream) const;
    // Uniform integer in [low, high]; high < low yields low.
    static qint64 between(double unit, qint64 low, qint64 high);

private:
    quint64 m_seed;
};

} // namespace SupervisorLab
