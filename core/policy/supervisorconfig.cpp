#include "policy/supervisorconfig.h"

#include "events/eventlog.h"
#include "policy/childtree.h"
#include "policy/echoedtext.h"
#include "policy/parameterspec.h"

#include <QJsonValue>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

static_assert(SupervisorConfig::kMaxWorkers <= EventLog::kMaxCauseWorker, "a restart's cause is stored in 16 bits");

namespace {

template<typename Enum> QString choiceText(const QString &key, Enum value)
{
    return findParameter(key)->choices.value(int(value));
}

template<typename Enum> QString parseChoice(const ParameterSpec &spec, const QString &text, Enum *out)
{
    const auto index = spec.choices.indexOf(text);
    if (index < 0)
        return u"expects one of %1, got '%2'"_s.arg(spec.choices.join(u", "_s), echoed(text));
    *out = Enum(index);
    return {};
}

QString realText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString parseInteger(const QString &text, qint64 minimum, qint64 maximum, qint64 *out)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok)
        return u"expects a whole number, got '%1'"_s.arg(echoed(text));
    if (value < 0 && minimum >= 0)
        return u"must not be negative, got %1"_s.arg(value);
    if (value < minimum)
        return u"must be at least %1, got %2"_s.arg(minimum).arg(value);
    if (value > maximum)
        return u"must be at most %1, got %2"_s.arg(maximum).arg(value);
    *out = value;
    return {};
}

QString parseReal(const QString &text, double minimum, double maximum, double *out)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return u"expects a number, got '%1'"_s.arg(echoed(text));
    if (value < minimum || value > maximum)
        return u"must be between %1 and %2, got %3"_s.arg(realText(minimum), realText(maximum), echoed(text.trimmed()));
    *out = value;
    return {};
}

struct MillisecondField
{
    QStringView key;
    qint64 SupervisorConfig::*field;
};

constexpr MillisecondField kMillisecondFields[] = {
    { u"work_min", &SupervisorConfig::workMinMs },
    { u"work_max", &SupervisorConfig::workMaxMs },
    { u"delay", &SupervisorConfig::delayMs },
    { u"max_delay", &SupervisorConfig::maxDelayMs },
    { u"reset_after", &SupervisorConfig::resetAfterMs },
    { u"within", &SupervisorConfig::withinMs },
    { u"heartbeat_timeout", &SupervisorConfig::heartbeatTimeoutMs },
    { u"shutdown_timeout", &SupervisorConfig::shutdownTimeoutMs },
    { u"breaker_window", &SupervisorConfig::breakerWindowMs },
    { u"breaker_cooldown", &SupervisorConfig::breakerCooldownMs },
    { u"duration", &SupervisorConfig::durationMs },
};

qint64 SupervisorConfig::*millisecondField(const QString &key)
{
    for (const auto &entry : kMillisecondFields) {
        if (entry.key == key)
            return entry.field;
    }
    return nullptr;
}

// In JSON a parameter's value has its kind's type, in every file alike: a number is a number, not the text "3".
QString jsonTypeProblem(const ParameterSpec &spec, const QJsonValue &value)
{
    const auto shown = [&] {
        switch (value.type()) {
        case QJsonValue::String:
            return u"the text \"%1\""_s.arg(echoed(value.toString()));
        case QJsonValue::Bool:
            return value.toBool() ? u"true"_s : u"false"_s;
        case QJsonValue::Double:
            return u"the number %1"_s.arg(SupervisorConfig::jsonValueText(value));
        case QJsonValue::Array:
            return u"an array"_s;
        case QJsonValue::Object:
            return u"an object"_s;
        default:
            return u"null"_s;
        }
    };
    switch (spec.kind) {
    case ParameterKind::Count:
    case ParameterKind::Rate:
    case ParameterKind::Milliseconds:
    case ParameterKind::Factor:
    case ParameterKind::Seed:
        return value.isDouble() ? QString() : u"expects a number, got %1"_s.arg(shown());
    case ParameterKind::Limit:
        return value.isDouble() || value == QJsonValue(u"unlimited"_s)
            ? QString()
            : u"expects a number or \"unlimited\", got %1"_s.arg(shown());
    case ParameterKind::Flag:
        return value.isBool() ? QString() : u"expects true or false, got %1"_s.arg(shown());
    case ParameterKind::Choice:
    case ParameterKind::ChoiceList:
        return value.isString() ? QString() : u"expects one of %1, got %2"_s.arg(spec.choices.join(u", "_s), shown());
    }
    return {};
}

QString restartListText(const QList<RestartType> &types)
{
    QStringList words;
    for (const RestartType type : types)
        words << nameOf(type);
    return words.join(u',');
}

} // namespace

QString nameOf(Strategy strategy)
{
    return choiceText(u"strategy"_s, strategy);
}
QString nameOf(RestartType type)
{
    return choiceText(u"restart"_s, type);
}
QString nameOf(BackoffKind kind)
{
    return choiceText(u"backoff"_s, kind);
}
QString nameOf(Jitter jitter)
{
    return choiceText(u"jitter"_s, jitter);
}
QString nameOf(FailureMode mode)
{
    return choiceText(u"failure_mode"_s, mode);
}

RestartType SupervisorConfig::restartTypeOf(int worker) const
{
    if (isTree()) {
        const QJsonValue own = workerSpecs.value(worker).settings.value(u"restart"_s);
        const qsizetype index = own.isString() ? findParameter(u"restart"_s)->choices.indexOf(own.toString()) : -1;
        if (index >= 0)
            return RestartType(index);
    }
    if (restart.isEmpty())
        return RestartType::Permanent;
    return restart.at(std::clamp<qsizetype>(worker, 0, restart.size() - 1));
}

QString SupervisorConfig::workerName(int worker) const
{
    if (isTree() && worker >= 0 && worker < workerSpecs.size())
        return workerSpecs.at(worker).name;
    return u"worker %1"_s.arg(worker);
}

QString SupervisorConfig::supervisorName(int supervisor) const
{
    if (isTree() && supervisor >= 0 && supervisor < supervisorSpecs.size())
        return supervisorSpecs.at(supervisor).name;
    return u"supervisor"_s;
}

int SupervisorConfig::supervisorOf(int worker) const
{
    return isTree() && worker >= 0 && worker < workerSpecs.size() ? workerSpecs.at(worker).supervisor : 0;
}

QList<TreeChild> SupervisorConfig::childrenOf(int supervisor) const
{
    if (isTree())
        return supervisorSpecs.value(supervisor).children;
    QList<TreeChild> children;
    for (int worker = 0; supervisor == 0 && worker < workers; ++worker)
        children.append(TreeChild { false, worker });
    return children;
}

SupervisorConfig SupervisorConfig::forSupervisor(int supervisor) const
{
    SupervisorConfig own = *this;
    own.supervisorSpecs.clear();
    own.workerSpecs.clear();
    own.dependencies.clear();
    own.restart = { RestartType::Permanent };
    if (supervisor <= 0 || supervisor >= supervisorSpecs.size())
        return own;
    const QJsonObject &settings = supervisorSpecs.at(supervisor).settings;
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!ProgramSpec::isProgramKey(it.key()))
            own.setValue(it.key(), jsonValueText(it.value())); // checked when the tree was read
    }
    return own;
}

SupervisorConfig SupervisorConfig::forWorker(int worker) const
{
    SupervisorConfig own = *this;
    own.supervisorSpecs.clear();
    own.workerSpecs.clear();
    own.dependencies.clear();
    own.restart = { restartTypeOf(worker) };
    if (!isTree() || worker < 0 || worker >= workerSpecs.size())
        return own;
    const QJsonObject &settings = workerSpecs.at(worker).settings;
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (ProgramSpec::isProgramKey(it.key()))
            own.program.read(it.key(), it.value()); // checked when the tree was read
        else if (it.key() != u"restart")
            own.setValue(it.key(), jsonValueText(it.value()));
    }
    return own;
}

ProgramSpec SupervisorConfig::programOf(int worker) const
{
    if (!isTree() || worker < 0 || worker >= workerSpecs.size())
        return program;
    ProgramSpec own = program;
    const QJsonObject &settings = workerSpecs.at(worker).settings;
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (ProgramSpec::isProgramKey(it.key()))
            own.read(it.key(), it.value());
    }
    return own;
}

bool SupervisorConfig::hasPrograms() const
{
    if (!isTree())
        return program.isProgram();
    for (int worker = 0; worker < workerSpecs.size(); ++worker) {
        if (programOf(worker).isProgram())
            return true;
    }
    return false;
}

bool SupervisorConfig::dependsOn(int worker, int dependency) const
{
    return isTree() && worker >= 0 && worker < workerSpecs.size()
        && workerSpecs.at(worker).dependsOn.contains(dependency);
}

QString SupervisorConfig::valueText(const QString &key) const
{
    if (const auto field = millisecondField(key))
        return QString::number(this->*field);
    if (key == u"workers")
        return QString::number(workers);
    if (key == u"failure_rate")
        return realText(failureRate);
    if (key == u"strategy")
        return nameOf(strategy);
    if (key == u"restart")
        return restartListText(restart);
    if (key == u"backoff")
        return nameOf(backoff);
    if (key == u"backoff_factor")
        return realText(backoffFactor);
    if (key == u"jitter")
        return nameOf(jitter);
    if (key == u"max_restarts")
        return maxRestarts == kUnlimited ? u"unlimited"_s : QString::number(maxRestarts);
    if (key == u"failure_mode")
        return nameOf(failureMode);
    if (key == u"breaker_threshold")
        return QString::number(breakerThreshold);
    if (key == u"seed")
        return QString::number(seed);
    if (key == u"virtual_time")
        return virtualTime ? u"true"_s : u"false"_s;
    return {};
}

QString SupervisorConfig::setValue(const QString &key, const QString &text)
{
    const ParameterSpec *spec = findParameter(key);
    if (!spec)
        return u"is not a parameter"_s;
    if (isTree() && key == u"workers") {
        if (text.trimmed() == QString::number(workers))
            return {};
        return u"the tree decides the number of workers (%1 here)"_s.arg(workers);
    }
    if (isTree() && spec->scope == ParameterScope::Worker) {
        QString problem = setFlatValue(*spec, key, text);
        if (problem.isEmpty()) {
            for (WorkerSpec &worker : workerSpecs)
                worker.settings.remove(key);
            for (qsizetype supervisor = 1; supervisor < supervisorSpecs.size(); ++supervisor)
                supervisorSpecs[supervisor].settings.remove(key);
        }
        return problem;
    }
    return setFlatValue(*spec, key, text);
}

QString SupervisorConfig::setWorkerValue(int worker, const QString &key, const QString &text)
{
    const ParameterSpec *spec = findParameter(key);
    if (!spec)
        return u"is not a parameter"_s;
    if (spec->scope != ParameterScope::Worker)
        return u"is not a worker key: it applies to the %1"_s.arg(
            spec->scope == ParameterScope::Run ? u"whole run"_s : u"supervisor"_s);
    if (worker < 0 || worker >= workers)
        return u"there is no worker %1"_s.arg(worker);
    if (key == u"restart" && text.contains(u','))
        return u"a worker has one restart type, got '%1'"_s.arg(echoed(text));
    SupervisorConfig own = forWorker(worker);
    if (QString problem = own.setFlatValue(*spec, key, text); !problem.isEmpty())
        return problem;
    if (QString problem = own.validate(); !problem.isEmpty())
        return problem;
    becomeTree();
    workerSpecs[worker].settings.insert(key, own.toJson().value(key));
    return {};
}

void SupervisorConfig::becomeTree()
{
    if (isTree())
        return;
    // The flat form's workers become the root's children, each its own node with its own restart type.
    SupervisorSpec root { u"supervisor"_s, -1, {}, childrenOf(0) };
    for (int i = 0; i < workers; ++i)
        workerSpecs.append(WorkerSpec { u"worker-%1"_s.arg(i), { { u"restart"_s, nameOf(restartTypeOf(i)) } }, {}, 0 });
    supervisorSpecs = { root };
}

QString SupervisorConfig::setFlatValue(const ParameterSpec &parameter, const QString &key, const QString &text)
{
    const ParameterSpec *spec = &parameter;

    qint64 integer = 0;
    double real = 0;
    QString error;
    switch (spec->kind) {
    case ParameterKind::Count: {
        const qint64 maximum = key == u"workers" ? kMaxWorkers : 1'000'000;
        if (!(error = parseInteger(text, spec->minimum, maximum, &integer)).isEmpty())
            return error;
        (key == u"workers" ? workers : breakerThreshold) = int(integer);
        return {};
    }
    case ParameterKind::Milliseconds: {
        if (!(error = parseInteger(text, spec->minimum, spec->maximum, &integer)).isEmpty())
            return error;
        this->*millisecondField(key) = integer;
        return {};
    }
    case ParameterKind::Rate:
        if (!(error = parseReal(text, 0.0, 1.0, &real)).isEmpty())
            return error;
        failureRate = real;
        return {};
    case ParameterKind::Factor:
        if (!(error = parseReal(text, 1.0, 1000.0, &real)).isEmpty())
            return error;
        backoffFactor = real;
        return {};
    case ParameterKind::Limit:
        if (text.trimmed() == u"unlimited") {
            maxRestarts = kUnlimited;
            return {};
        }
        if (!(error = parseInteger(text, 0, 1'000'000'000, &integer)).isEmpty())
            return error + u" (or 'unlimited')"_s;
        maxRestarts = integer;
        return {};
    case ParameterKind::Seed: {
        bool ok = false;
        const quint64 value = text.trimmed().toULongLong(&ok);
        if (!ok || text.trimmed().startsWith(u'-'))
            return u"expects a whole number from 0 to %1, got '%2'"_s.arg(kMaxSeed).arg(echoed(text));
        if (value > kMaxSeed)
            return u"must be at most %1, got %2"_s.arg(kMaxSeed).arg(echoed(text.trimmed()));
        seed = value;
        return {};
    }
    case ParameterKind::Flag: {
        const QString word = text.trimmed().toLower();
        if (word != u"true" && word != u"false" && word != u"1" && word != u"0")
            return u"expects true or false, got '%1'"_s.arg(echoed(text));
        virtualTime = word == u"true" || word == u"1";
        return {};
    }
    case ParameterKind::Choice:
        if (key == u"strategy")
            return parseChoice(*spec, text, &strategy);
        if (key == u"backoff")
            return parseChoice(*spec, text, &backoff);
        if (key == u"jitter")
            return parseChoice(*spec, text, &jitter);
        return parseChoice(*spec, text, &failureMode);
    case ParameterKind::ChoiceList: {
        QList<RestartType> types;
        for (const QString &word : text.split(u',')) {
            RestartType type {};
            if (!(error = parseChoice(*spec, word.trimmed(), &type)).isEmpty())
                return error;
            types << type;
        }
        restart = types;
        return {};
    }
    }
    return u"is not a parameter"_s;
}

QString SupervisorConfig::validate() const
{
    if (workers < 1)
        return u"workers must be at least 1"_s;
    if (isTree()) {
        for (int worker = 0; worker < workerSpecs.size(); ++worker) {
            if (QString problem = forWorker(worker).validate(); !problem.isEmpty())
                return u"node \"%1\": %2"_s.arg(workerSpecs.at(worker).name, problem);
        }
        for (int supervisor = 1; supervisor < supervisorSpecs.size(); ++supervisor) {
            if (QString problem = forSupervisor(supervisor).validate(); !problem.isEmpty())
                return u"node \"%1\": %2"_s.arg(supervisorSpecs.at(supervisor).name, problem);
        }
    }
    if (workMinMs > workMaxMs)
        return u"work_min (%1 ms) is above work_max (%2 ms)"_s.arg(workMinMs).arg(workMaxMs);
    if (backoff == BackoffKind::Exponential && maxDelayMs < delayMs)
        return u"max_delay (%1 ms) is below delay (%2 ms)"_s.arg(maxDelayMs).arg(delayMs);
    if (virtualTime && durationMs == 0)
        return u"a virtual-time run needs a duration above 0"_s;
    if (virtualTime && hasPrograms())
        return u"virtual time cannot run real programs (command): they take the time they take; run in real "
               "time"_s;
    return {};
}

QJsonObject SupervisorConfig::toJson() const
{
    QJsonObject object;
    for (const ParameterSpec &spec : parameterSpecs()) {
        const QString text = valueText(spec.key);
        switch (spec.kind) {
        case ParameterKind::Count:
        case ParameterKind::Milliseconds:
            object.insert(spec.key, text.toLongLong());
            break;
        case ParameterKind::Seed:
            object.insert(spec.key, qint64(seed));
            break;
        case ParameterKind::Rate:
        case ParameterKind::Factor:
            object.insert(spec.key, text.toDouble());
            break;
        case ParameterKind::Limit:
            object.insert(spec.key, maxRestarts == kUnlimited ? QJsonValue(text) : QJsonValue(maxRestarts));
            break;
        case ParameterKind::Flag:
            object.insert(spec.key, virtualTime);
            break;
        case ParameterKind::Choice:
        case ParameterKind::ChoiceList:
            object.insert(spec.key, text);
            break;
        }
    }
    program.writeJson(&object);
    if (!dependencies.isEmpty())
        object.insert(u"dependencies"_s, ChildTree::dependenciesJson(*this));
    if (isTree())
        object.insert(u"tree"_s, ChildTree::treeJson(*this));
    return object;
}

QString SupervisorConfig::jsonValueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        // A whole number is kept exact, digit for digit (a seed of 2^53 + 1 is not rounded to 2^53).
        const double real = value.toDouble();
        if (std::abs(real) < 9.2e18 && real == std::floor(real))
            return QString::number(value.toInteger(qint64(real)));
        return realText(real);
    }
    case QJsonValue::String:
        return value.toString();
    default:
        return {};
    }
}

QString SupervisorConfig::applyJson(const QJsonObject &object)
{
    SupervisorConfig updated = *this;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"tree" || it.key() == u"dependencies" || (it.key() == u"workers" && object.contains(u"tree")))
            continue;
        if (ProgramSpec::isProgramKey(it.key())) {
            if (QString problem = updated.program.read(it.key(), it.value()); !problem.isEmpty())
                return problem;
            continue;
        }
        const ParameterSpec *spec = findParameter(it.key());
        if (!spec)
            return u"unknown parameter '%1'"_s.arg(echoed(it.key()));
        const QJsonValue value = it.value();
        if (const QString wrongType = jsonTypeProblem(*spec, value); !wrongType.isEmpty())
            return it.key() + u": "_s + wrongType;
        const QString error = updated.setValue(it.key(), jsonValueText(value));
        if (!error.isEmpty())
            return it.key() + u": "_s + error;
    }
    if (object.contains(u"dependencies"_s)) {
        if (QString problem = ChildTree::applyDependencies(object.value(u"dependencies"_s), &updated);
            !problem.isEmpty())
            return problem;
        if (!object.contains(u"tree"_s) && updated.isTree()) { // the old tree's depends_on named the old ones
            for (const WorkerSpec &worker : std::as_const(updated.workerSpecs)) {
                if (std::any_of(worker.dependsOn.begin(), worker.dependsOn.end(),
                        [&](int d) { return d >= updated.dependencies.size(); }))
                    return u"dependencies: the tree depends on more dependencies than these"_s;
            }
        }
    }
    if (object.contains(u"tree"_s)) {
        if (QString problem = ChildTree::applyTree(object.value(u"tree"_s), &updated); !problem.isEmpty())
            return problem;
        const QJsonValue workers = object.value(u"workers"_s);
        if (!workers.isUndefined() && workers != QJsonValue(updated.workers))
            return u"workers: the tree has %1 workers, not %2; leave workers out"_s.arg(updated.workers)
                .arg(jsonValueText(workers));
    }
    *this = updated;
    return {};
}

} // namespace SupervisorLab
