#include "analysis/explorationresult.h"

namespace SupervisorLab {

ExplorationResult ExplorationResult::of(const ExplorationSpec &spec, const QList<SeedOutcome> &outcomes)
{
    Q_ASSERT(outcomes.size() == spec.runCount());
    ExplorationResult result;
    result.spec = spec;
    for (qsizetype i = 0; i < spec.policies.size(); ++i) {
        Policy policy;
        policy.name = spec.policies.at(i).name;
        policy.outcomes = outcomes.mid(i * spec.seeds, spec.seeds);
        policy.summary = PolicySummary::of(policy.outcomes);
        result.policies << policy;
    }
    return result;
}

} // namespace SupervisorLab
