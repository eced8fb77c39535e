#pragma once

#include "policy/supervisorconfig.h"
#include "teaching/pitfallmeasures.h"

namespace SupervisorLab {

// In how many runs of a range of seeds each pitfall showed, for the article's supervisor and for the lab's.
struct PitfallTally
{
    struct Counts
    {
        int completionsCalledFailures = 0;
        int leakedWorkers = 0;
        int miscounted = 0;
        int startsAfterStop = 0;
        int of(Pitfall pitfall) const { return Counts(*this).of(pitfall); }
        int &of(Pitfall pitfall);
        friend bool operator==(const Counts &, const Counts &) = default;
    };

    int runs = 0;
    Counts article;
    Counts lab;

    // Compares `runs` runs of `config`, with seeds from config.seed on.
    static PitfallTally over(const SupervisorConfig &config, int runs);
};

} // namespace SupervisorLab
