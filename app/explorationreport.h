#pragma once

#include <QTextStream>

namespace SupervisorLab {

struct ExplorationResult;

// An exploration on standard output: a one-line header (the workload, the horizon, the seeds, and how long it
// took on how many threads), then a table with one column per policy and one row per measure.
class ExplorationReport
{
public:
    // Figures are written as ExplorationFigures writes them, as in the window.
    static void write(QTextStream &out, const ExplorationResult &result);
};

} // namespace SupervisorLab
