#pragma once

#include <QCoreApplication>
#include <QTextStream>

namespace SupervisorLab {

class PitfallComparison;
struct PitfallTally;

// The pitfalls lesson on standard output: the two transcripts side by side, the four pitfalls measured on both
// runs, what the lab's log checker finds, and how often each pitfall shows over many seeds.
class PitfallReport
{
    Q_DECLARE_TR_FUNCTIONS(PitfallReport)

public:
    static void write(QTextStream &out, const PitfallComparison &comparison, const PitfallTally &tally);
};

} // namespace SupervisorLab
