#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace SupervisorLab {

// What kind of value a parameter holds; decides how it is parsed, validated and written to JSON.
enum class ParameterKind
{
    Count, // non-negative integer
    Rate, // real number in 0..1
    Milliseconds, // non-negative integer time
    Factor, // real number >= 1
    Choice, // one word from a fixed list
    ChoiceList, // comma-separated words from a fixed list, one per worker
    Limit, // non-negative integer or "unlimited"
    Seed, // integer in 0..2^53-1
    Flag, // true/false
};

// Where a parameter may be set in a scenario's tree: on the run alone (`config`), on a supervisor node, or on a
// worker node (and on a supervisor node as the default of the workers under it).
enum class ParameterScope
{
    Run,
    Supervisor,
    Worker,
};

// One supervisor parameter: the single description that the command line, scenario files,
// the log's config object, config_changed events and the window's controls all share.
struct ParameterSpec
{
    static constexpr qint64 kMaxMilliseconds = 10'000'000'000; // 115 days: keeps microseconds far from overflow
    // A timeout is waited out for real, and nothing should wait on a worker for longer than an hour.
    static constexpr qint64 kMaxTimeoutMs = 3'600'000;

    QString key {}; // config object key: "failure_rate"
    ParameterKind kind = ParameterKind::Count;
    QString valueName {}; // shown in --help: "P"
    QString description {}; // the English source text; translatedDescription() is what people read
    QStringList choices {}; // for Choice and ChoiceList
    qint64 minimum = 0; // for Count, Milliseconds and Limit
    qint64 maximum = kMaxMilliseconds; // for Milliseconds
    bool live = true; // may change while a run is going on
    ParameterScope scope = ParameterScope::Worker;

    QString optionName() const; // command-line spelling: "failure-rate"
    QString translatedDescription() const; // description in the user's language
};

const QList<ParameterSpec> &parameterSpecs();
const ParameterSpec *findParameter(const QString &key);

} // namespace SupervisorLab
