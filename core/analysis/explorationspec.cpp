#include "analysis/explorationspec.h"

#include "io/regularfile.h"
#include "io/strictjson.h"
#include "policy/echoedtext.h"
#include "policy/parameterspec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

const QString kDescription = u"description"_s;
const QString kHorizon = u"horizon"_s;
const QString kSeeds = u"seeds"_s;
const QString kFirstSeed = u"first_seed"_s;
const QString kWorkload = u"workload"_s;
const QString kPolicies = u"policies"_s;
const QString kName = u"name"_s;
const QString kConfig = u"config"_s;

// A value as the user wrote it, for error messages.
QString shown(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Undefined:
        return u"nothing"_s;
    case QJsonValue::String:
        return u"\"%1\""_s.arg(echoed(value.toString()));
    default:
        return SupervisorConfig::jsonValueText(value);
    }
}

QString wholeNumber(const QJsonValue &value, qint64 minimum, qint64 maximum, qint64 *out)
{
    const double real = value.toDouble(std::nan(""));
    if (!value.isDouble() || real != std::floor(real) || real < double(minimum) || real > double(maximum))
        return u"must be a whole number from %1 to %2, got %3"_s.arg(minimum).arg(maximum).arg(shown(value));
    *out = qint64(real);
    return {};
}

// Why a parameter may not be set in a policy's config, or an empty string if it may.
QString notAPolicyParameter(const QString &key)
{
    if (ExplorationSpec::workloadKeys().contains(key) || ExplorationSpec::worldKeys().contains(key))
        return u"%1 is part of the workload, which every policy shares"_s.arg(key);
    if (key == u"duration")
        return u"duration is the exploration's horizon"_s;
    if (key == u"seed")
        return u"seed is set by the exploration's seeds and first_seed"_s;
    if (key == u"virtual_time")
        return u"an exploration always runs in virtual time"_s;
    return {};
}

QString unknownKey(const QJsonObject &object, const QStringList &known, const QString &where)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return u"%1unknown key '%2' (expected %3)"_s.arg(where, echoed(it.key()), known.join(u", "_s));
    }
    return {};
}

} // namespace

const QStringList &ExplorationSpec::worldKeys()
{
    static const QStringList keys { u"dependencies"_s, u"tree"_s };
    return keys;
}

const QStringList &ExplorationSpec::workloadKeys()
{
    static const QStringList keys { u"workers"_s, u"failure_rate"_s, u"failure_mode"_s, u"work_min"_s, u"work_max"_s };
    return keys;
}

std::optional<ExplorationSpec> ExplorationSpec::fromJson(const QByteArray &json, const QString &origin, QString *error)
{
    const auto fail = [&](const QString &problem) {
        *error = origin + u": "_s + problem;
        return std::nullopt;
    };
    QString notJson;
    const std::optional<QJsonDocument> document = StrictJson::parse(json, StrictJson::Position::Byte, &notJson);
    if (!document)
        return fail(notJson);
    if (!document->isObject())
        return fail(u"expected an object with a \"policies\" array"_s);
    const QJsonObject object = document->object();
    if (const QString problem
        = unknownKey(object, { kDescription, kHorizon, kSeeds, kFirstSeed, kWorkload, kPolicies }, {});
        !problem.isEmpty())
        return fail(problem);

    ExplorationSpec spec;
    if (object.contains(kDescription)) {
        if (!object.value(kDescription).isString())
            return fail(u"description: expected a text, got %1"_s.arg(shown(object.value(kDescription))));
        spec.description = object.value(kDescription).toString();
    }
    if (object.contains(kHorizon)) {
        if (const QString problem = wholeNumber(object.value(kHorizon), 1, kMaxHorizonMs, &spec.horizonMs);
            !problem.isEmpty())
            return fail(u"horizon (milliseconds, at most 30 days): "_s + problem);
    }
    if (object.contains(kSeeds)) {
        qint64 seeds = 0;
        if (const QString problem = wholeNumber(object.value(kSeeds), 1, kMaxSeeds, &seeds); !problem.isEmpty())
            return fail(u"seeds: "_s + problem);
        spec.seeds = int(seeds);
    }
    if (object.contains(kFirstSeed)) {
        qint64 first = 0;
        if (const QString problem
            = wholeNumber(object.value(kFirstSeed), 0, qint64(SupervisorConfig::kMaxSeed), &first);
            !problem.isEmpty())
            return fail(u"first_seed: "_s + problem);
        spec.firstSeed = quint64(first);
    }
    if (spec.firstSeed + quint64(spec.seeds - 1) > SupervisorConfig::kMaxSeed)
        return fail(
            u"first_seed: the last seed (first_seed + seeds - 1) must be at most %1"_s.arg(SupervisorConfig::kMaxSeed));

    SupervisorConfig base;
    if (object.contains(kWorkload)) {
        if (!object.value(kWorkload).isObject())
            return fail(u"workload: expected an object with %1"_s.arg(workloadKeys().join(u", "_s)));
        const QJsonObject workload = object.value(kWorkload).toObject();
        for (auto it = workload.begin(); it != workload.end(); ++it) {
            if (findParameter(it.key()) && !workloadKeys().contains(it.key()))
                return fail(u"workload: %1 is not part of the workload (%2)"_s.arg(
                    echoed(it.key()), workloadKeys().join(u", "_s)));
        }
        QString problem = base.applyJson(workload);
        base.virtualTime = true; // the rule that keeps real programs out of virtual time
        if (problem.isEmpty())
            problem = base.validate();
        base.virtualTime = false;
        if (!problem.isEmpty())
            return fail(u"workload: "_s + problem);
    }
    const QJsonObject baseJson = base.toJson();
    for (const QString &key : workloadKeys())
        spec.workload.insert(key, baseJson.value(key));
    for (const QString &key : worldKeys()) {
        if (baseJson.contains(key)) // the tree form's parts only when the workload has them
            spec.workload.insert(key, baseJson.value(key));
    }

    const QJsonValue policies = object.value(kPolicies);
    if (!policies.isArray())
        return fail(
            u"policies: expected an array of 1 to %1 policies, each with a name and a config"_s.arg(kMaxPolicies));
    const QJsonArray list = policies.toArray();
    if (list.isEmpty() || list.size() > kMaxPolicies)
        return fail(u"policies: an exploration compares 1 to %1 policies, got %2"_s.arg(kMaxPolicies).arg(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = u"policies[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            return fail(where + u": expected an object with a name and a config, got "_s + shown(list.at(i)));
        const QJsonObject entry = list.at(i).toObject();
        if (const QString problem = unknownKey(entry, { kName, kConfig }, where + u": "_s); !problem.isEmpty())
            return fail(problem);
        Policy policy;
        policy.name = entry.value(kName).toString().trimmed();
        if (!entry.value(kName).isString() || policy.name.isEmpty())
            return fail(where + u": name: expected a non-empty text, got "_s + shown(entry.value(kName)));
        for (qsizetype j = 0; j < i; ++j) {
            if (spec.policies.at(j).name == policy.name)
                return fail(u"%1: name: \"%2\" is already the name of policies[%3]"_s.arg(
                    where, policy.name, QString::number(j)));
        }
        const QString named = u"policy \"%1\": config: "_s.arg(echoed(policy.name));
        if (entry.contains(kConfig) && !entry.value(kConfig).isObject())
            return fail(named + u"expected an object, got "_s + shown(entry.value(kConfig)));
        policy.config = entry.value(kConfig).toObject();
        for (auto it = policy.config.begin(); it != policy.config.end(); ++it) {
            if (const QString problem = notAPolicyParameter(it.key()); !problem.isEmpty())
                return fail(named + problem);
        }
        SupervisorConfig config = base;
        QString problem = config.applyJson(policy.config);
        if (problem.isEmpty())
            problem = config.validate();
        if (!problem.isEmpty())
            return fail(named + problem);
        spec.policies << policy;
    }
    return spec;
}

std::optional<ExplorationSpec> ExplorationSpec::load(const QString &path, QString *error)
{
    if (const QString problem = RegularFile::problemWithInput(path); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        *error = u"%1: too large for an exploration spec (%2 bytes)"_s.arg(path).arg(file.size());
        return std::nullopt;
    }
    return fromJson(file.read(kMaxFileBytes), path, error);
}

QJsonObject ExplorationSpec::toJson() const
{
    QJsonObject object;
    if (!description.isEmpty())
        object.insert(kDescription, description);
    object.insert(kHorizon, horizonMs);
    object.insert(kSeeds, seeds);
    object.insert(kFirstSeed, qint64(firstSeed));
    object.insert(kWorkload, workload);
    QJsonArray list;
    for (const Policy &policy : policies)
        list.append(QJsonObject { { kName, policy.name }, { kConfig, policy.config } });
    object.insert(kPolicies, list);
    return object;
}

SupervisorConfig ExplorationSpec::configFor(int policyIndex, quint64 seed) const
{
    SupervisorConfig config;
    config.applyJson(workload); // both checked when the spec was read
    config.applyJson(policies.at(policyIndex).config);
    config.durationMs = horizonMs;
    config.seed = seed;
    config.virtualTime = true;
    return config;
}

} // namespace SupervisorLab
