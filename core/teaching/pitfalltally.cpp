#include "teaching/pitfalltally.h"

#include "teaching/pitfallcomparison.h"

namespace SupervisorLab {
namespace {

void count(const PitfallMeasures &measures, PitfallTally::Counts &counts)
{
    for (const Pitfall pitfall : kPitfalls)
        counts.of(pitfall) += measures.shows(pitfall);
}

} // namespace

int &PitfallTally::Counts::of(Pitfall pitfall)
{
    switch (pitfall) {
    case Pitfall::CompletionsCalledFailures:
        return completionsCalledFailures;
    case Pitfall::WorkersNeverEnding:
        return leakedWorkers;
    case Pitfall::RestartsMiscounted:
        return miscounted;
    case Pitfall::StartsAfterStop:
        break;
    }
    return startsAfterStop;
}

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
