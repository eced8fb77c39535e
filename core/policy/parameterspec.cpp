#include "policy/parameterspec.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ParameterSpec::optionName() const
{
    QString name = key;
    return name.replace(u'_', u'-');
}

QString ParameterSpec::translatedDescription() const
{
    return QCoreApplication::translate("ParameterSpec", description.toUtf8().constData());
}

const QList<ParameterSpec> &parameterSpecs()
{
    using K = ParameterKind;
    static const QList<ParameterSpec> specs {
        { .key = u"workers"_s,
            .kind = K::Count,
            .valueName = u"N"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Number of supervised workers (1..1024).")),
            .minimum = 1,
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"failure_rate"_s,
            .kind = K::Rate,
            .valueName = u"P"_s,
            .description = QString::fromUtf8(
                QT_TRANSLATE_NOOP("ParameterSpec", "Probability that a worker's run ends in failure (0..1).")) },
        { .key = u"work_min"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Shortest work time of a worker run.")) },
        { .key = u"work_max"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Longest work time of a worker run.")) },
        { .key = u"delay"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(
                QT_TRANSLATE_NOOP("ParameterSpec", "Restart delay (the base delay when backing off).")) },
        { .key = u"strategy"_s,
            .kind = K::Choice,
            .valueName = u"NAME"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Which workers restart when one fails.")),
            .choices = { u"one-for-one"_s, u"one-for-all"_s, u"rest-for-one"_s },
            .scope = ParameterScope::Supervisor },
        { .key = u"restart"_s,
            .kind = K::ChoiceList,
            .valueName = u"TYPE"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec",
                "When a worker is restarted; a comma-separated list gives one type per worker, "
                "the last repeating.")),
            .choices = { u"permanent"_s, u"transient"_s, u"temporary"_s } },
        { .key = u"backoff"_s,
            .kind = K::Choice,
            .valueName = u"KIND"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Restart delay model.")),
            .choices = { u"fixed"_s, u"exponential"_s } },
        { .key = u"backoff_factor"_s,
            .kind = K::Factor,
            .valueName = u"F"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP(
                "ParameterSpec", "Growth of the exponential delay per consecutive restart (>= 1).")) },
        { .key = u"max_delay"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Cap of the restart delay.")) },
        { .key = u"jitter"_s,
            .kind = K::Choice,
            .valueName = u"KIND"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Randomisation of the restart delay.")),
            .choices = { u"none"_s, u"full"_s, u"equal"_s, u"decorrelated"_s } },
        { .key = u"reset_after"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP(
                "ParameterSpec", "A run this long counts as clean: backoff resets and a half-open circuit closes.")) },
        { .key = u"max_restarts"_s,
            .kind = K::Limit,
            .valueName = u"R"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec",
                "Restart intensity: give up after more than R restarts within the --within window "
                "(a number or 'unlimited').")),
            .scope = ParameterScope::Supervisor },
        { .key = u"within"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Window of the restart intensity limit.")),
            .minimum = 1,
            .scope = ParameterScope::Supervisor },
        { .key = u"heartbeat_timeout"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec",
                "A worker silent this long is declared hung and failed (0: no heartbeat check; at most "
                "3600000, an hour).")),
            .maximum = ParameterSpec::kMaxTimeoutMs },
        { .key = u"failure_mode"_s,
            .kind = K::Choice,
            .valueName = u"MODE"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "How a failing worker fails.")),
            .choices = { u"error"_s, u"exception"_s, u"hang"_s, u"mixed"_s } },
        { .key = u"shutdown_timeout"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec",
                "How long a stopping worker may take before it is abandoned (at most 3600000, an hour).")),
            .maximum = ParameterSpec::kMaxTimeoutMs },
        { .key = u"breaker_threshold"_s,
            .kind = K::Count,
            .valueName = u"K"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec",
                "Circuit breaker: K failures within the breaker window open the circuit "
                "(0: no breaker).")) },
        { .key = u"breaker_window"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Window in which the breaker counts failures.")),
            .minimum = 1 },
        { .key = u"breaker_cooldown"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(QT_TRANSLATE_NOOP(
                "ParameterSpec", "How long an open circuit allows no restart before one half-open trial.")) },
        { .key = u"duration"_s,
            .kind = K::Milliseconds,
            .valueName = u"MS"_s,
            .description = QString::fromUtf8(
                QT_TRANSLATE_NOOP("ParameterSpec", "Stop the run after this long (0: run until stopped).")),
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"seed"_s,
            .kind = K::Seed,
            .valueName = u"N"_s,
            .description = QString::fromUtf8(
                QT_TRANSLATE_NOOP("ParameterSpec", "Seed of the run's random draws (default: a fresh one).")),
            .live = false,
            .scope = ParameterScope::Run },
        { .key = u"virtual_time"_s,
            .kind = K::Flag,
            .description
            = QString::fromUtf8(QT_TRANSLATE_NOOP("ParameterSpec", "Run in virtual time, as fast as the CPU allows.")),
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
