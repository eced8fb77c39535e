#include "pitfalltally.h"

#include "pitfallcomparison.h"

namespace SupervisorLab {
namespace {

void count(const PitfallMeasures &measures, PitfallTally::Counts &counts)
{
    counts.completionsCalledFailures += measures.completionsCalledFailures > 0;
    counts.leakedWorkers += measures.leakedWorkers > 0;
    counts.miscounted += measures.miscounted();
    counts.startsAfterStop += measures.startsAfterStop > 0;
}

} // namespace

PitfallTally PitfallTally::over(const SupervisorConfig &config, int runs)
{
    PitfallTally tally;
    SupervisorConfig seeded = config;
    for (int run = 0; run < runs; ++run, ++seeded.seed) {
        const PitfallComparison comparison = PitfallComparison::run(seeded);
        count(comparison.article().measures, tally.article);
        count(comparison.lab().measures, tally.lab);
        ++tally.runs;
    }
    return tally;
}

} // namespace SupervisorLab
