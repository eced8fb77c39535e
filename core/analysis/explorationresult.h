#pragma once

#include "analysis/explorationspec.h"
#include "analysis/policysummary.h"
#include "analysis/seedoutcome.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace SupervisorLab {

// What an exploration found: for each policy, every seed's outcome in seed order and their summary.
struct ExplorationResult
{
    struct Policy
    {
        QString name;
        PolicySummary summary;
        QList<SeedOutcome> outcomes; // one per seed, in seed order
        friend bool operator==(const Policy &, const Policy &) = default;
    };

    ExplorationSpec spec;
    QList<Policy> policies;
    // How the results were obtained; they do not depend on it.
    int threads = 0;
    qint64 elapsedMs = 0;

    // Groups outcomes given in run order (the first policy's seeds in order, then the next policy's) and
    // summarises each policy.
    static ExplorationResult of(const ExplorationSpec &spec, const QList<SeedOutcome> &outcomes);

    // Equal results: the same spec, outcomes and summaries, whatever the threads and the time it took.
    friend bool operator==(const ExplorationResult &a, const ExplorationResult &b)
    {
        return a.spec == b.spec && a.policies == b.policies;
    }
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(SupervisorLab::ExplorationResult)
