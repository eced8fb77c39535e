#include "policy/parameterspec.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ParameterSpec::optionName() const
{
    QString name = key;
    return name.replace(u'_', u'-');
}

const QList<ParameterSpec> &parameterSpecs()
{
    using K = ParameterKind;
    static const QList<ParameterSpec> specs {
        { .key = u"workers"_s,
            .kind = K::Count,
            .valueName = u"N"_s,
            .description = u"Number of supervised workers (1..1024)."_s,
            .minimum = 1,
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"failure_rate"_s,
            .kind = K::Rate,
            .valueName = u"P"_s,
            .description = u"Probability that a worker's run ends in failure (0..1)."_s },
        { .key = u"work_min"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Shortest work time of a worker run."_s },
        { .key = u"work_max"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Longest work time of a worker run."_s },
        { .key = u"delay"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Restart delay (the base delay when backing off)."_s },
        { .key = u"strategy"_s,
            .kind = K::Choice,
            .valueName = u"NAME"_s,
            .description = u"Which workers restart when one fails."_s,
            .choices = { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s },
            .scope = ParameterScope::Supervisor },
        { .key = u"restart"_s,
            .kind = K::ChoiceList,
            .valueName = u"TYPE"_s,
            .description = u"When a worker is restarted; a comma-separated list gives one type per worker, "
                           "the last repeating."_s,
            .choices = { u"permanent"_s, u"transient"_s, u"temporary"_s } },
        { .key = u"backoff"_s,
            .kind = K::Choice,
            .valueName = u"KIND"_s,
            .description = u"Restart delay model."_s,
            .choices = { u"fixed"_s, u"exponential"_s } },
        { .key = u"backoff_factor"_s,
            .kind = K::Factor,
            .valueName = u"F"_s,
            .description = u"Growth of the exponential delay per consecutive restart (>= 1)."_s },
        { .key = u"max_delay"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Cap of the restart delay."_s },
        { .key = u"jitter"_s,
            .kind = K::Choice,
            .valueName = u"KIND"_s,
            .description = u"Randomisation of the restart delay."_s,
            .choices = { u"none"_s, u"full"_s, u"equal"_s, u"decorrelated"_s } },
        { .key = u"reset_after"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"A run this long counts as clean: backoff resets and a half-open circuit closes."_s },
        { .key = u"max_restarts"_s,
            .kind = K::Limit,
            .valueName = u"R"_s,
            .description = u"Restart intensity: give up after more than R restarts within the --within window "
                           "(a number or 'unlimited')."_s,
            .scope = ParameterScope::Supervisor },
        { .key = u"within"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Window of the restart intensity limit."_s,
            .minimum = 1,
            .scope = ParameterScope::Supervisor },
        { .key = u"heartbeat_timeout"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"A worker silent this long is declared hung and failed (0: no heartbeat check; at most "
                           "3600000, an hour)."_s,
            .maximum = ParameterSpec::kMaxTimeoutMs },
        { .key = u"failure_mode"_s,
            .kind = K::Choice,
            .valueName = u"MODE"_s,
            .description = u"How a failing worker fails."_s,
            .choices = { u"error"_s, u"exception"_s, u"hang"_s, u"mixed"_s } },
        { .key = u"shutdown_timeout"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"How long a stopping worker may take before it is abandoned (at most 3600000, an hour)."_s,
            .maximum = ParameterSpec::kMaxTimeoutMs },
        { .key = u"breaker_threshold"_s,
            .kind = K::Count,
            .valueName = u"K"_s,
            .description = u"Circuit breaker: K failures within the breaker window open the circuit "
                           "(0: no breaker)."_s },
        { .key = u"breaker_window"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Window in which the breaker counts failures."_s,
            .minimum = 1 },
        { .key = u"breaker_cooldown"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"How long an open circuit allows no restart before one half-open trial."_s },
        { .key = u"duration"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = u"Stop the run after this long (0: run until stopped)."_s,
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"seed"_s,
            .kind = K::Seed,
            .valueName = u"N"_s,
            .description = u"Seed of the run's random draws (default: a fresh one)."_s,
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"virtual_time"_s,
            .kind = K::Flag,
            .description = u"Run in virtual time, as fast as the CPU allows."_s,
            .live = false,
            .scope = ParameterScope::Run },
    };
    return specs;
}

const ParameterSpec *findParameter(const QString &key)
{
    const auto &specs = parameterSpecs();
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const ParameterSpec &s) { return s.key == key; });
    return it == specs.end() ? nullptr : &*it;
}

} // namespace SupervisorLab
