#include "analysis/explorationspec.h"

#include "io/regularfile.h"
#include "io/strictjson.h"
#include "policy/echoedtext.h"
#include "policy/parameterspec.h"

#include <QCoreApplication>
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
        //: What a spec file gave where it should not: "got an object"
        return QCoreApplication::translate("ExplorationSpec", "an object");
    case QJsonValue::Array:
        //: What a spec file gave where it should not: "got an array"
        return QCoreApplication::translate("ExplorationSpec", "an array");
    case QJsonValue::Null:
        return u"null"_s; // as JSON writes it
    case QJsonValue::Undefined:
        //: What a spec file gave where it should have given a value: "got nothing"
        return QCoreApplication::translate("ExplorationSpec", "nothing");
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
        //: %1 and %2 are the smallest and largest values allowed, %3 the value given ("2.5", "an object")
        return QCoreApplication::translate("ExplorationSpec", "must be a whole number from %1 to %2, got %3")
            .arg(QString::number(minimum), QString::number(maximum), shown(value));
    *out = qint64(real);
    return {};
}

// Why a parameter may not be set in a policy's config, or an empty string if it may.
QString notAPolicyParameter(const QString &key)
{
    if (ExplorationSpec::workloadKeys().contains(key) || ExplorationSpec::worldKeys().contains(key))
        //: %1 is a parameter's key as written in the file ("workers")
        return QCoreApplication::translate("ExplorationSpec", "%1 is part of the workload, which every policy shares")
            .arg(key);
    if (key == u"duration")
        //: duration, horizon: keys of the spec file, as written there
        return QCoreApplication::translate("ExplorationSpec", "duration is the exploration's horizon");
    if (key == u"seed")
        //: seed, seeds, first_seed: keys of the spec file, as written there
        return QCoreApplication::translate("ExplorationSpec", "seed is set by the exploration's seeds and first_seed");
    if (key == u"virtual_time")
        return QCoreApplication::translate("ExplorationSpec", "an exploration always runs in virtual time");
    return {};
}

// `where` names the object ("policies[2]"), or is empty for the spec itself.
QString unknownKey(const QJsonObject &object, const QStringList &known, const QString &where)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        if (where.isEmpty())
            //: %1 is the key as the file has it, %2 the keys allowed there
            return QCoreApplication::translate("ExplorationSpec", "unknown key '%1' (expected %2)")
                .arg(echoed(it.key()), known.join(u", "_s));
        //: %1 names the object in the file ("policies[2]"), %2 the key as the file has it, %3 the keys allowed
        return QCoreApplication::translate("ExplorationSpec", "%1: unknown key '%2' (expected %3)")
            .arg(where, echoed(it.key()), known.join(u", "_s));
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
        //: %1 names the spec (its file), %2 what is wrong with it
        *error = tr("%1: %2").arg(origin, problem);
        return std::nullopt;
    };
    QString notJson;
    const std::optional<QJsonDocument> document = StrictJson::parse(json, StrictJson::Position::Byte, &notJson);
    if (!document)
        return fail(notJson);
    if (!document->isObject())
        //: "policies" is a key of the file, as written there
        return fail(tr("expected an object with a \"policies\" array"));
    const QJsonObject object = document->object();
    if (const QString problem
        = unknownKey(object, { kDescription, kHorizon, kSeeds, kFirstSeed, kWorkload, kPolicies }, {});
        !problem.isEmpty())
        return fail(problem);

    ExplorationSpec spec;
    if (object.contains(kDescription)) {
        if (!object.value(kDescription).isString())
            //: %1 is what the file gave ("an object", "42")
            return fail(tr("description: expected a text, got %1").arg(shown(object.value(kDescription))));
        spec.description = object.value(kDescription).toString();
    }
    if (object.contains(kHorizon)) {
        if (const QString problem = wholeNumber(object.value(kHorizon), 1, kMaxHorizonMs, &spec.horizonMs);
            !problem.isEmpty())
            //: %1 says what is wrong with the value ("must be a whole number from 1 to 2592000000, got 0")
            return fail(tr("horizon (milliseconds, at most 30 days): %1").arg(problem));
    }
    if (object.contains(kSeeds)) {
        qint64 seeds = 0;
        if (const QString problem = wholeNumber(object.value(kSeeds), 1, kMaxSeeds, &seeds); !problem.isEmpty())
            return fail(tr("seeds: %1").arg(problem));
        spec.seeds = int(seeds);
    }
    if (object.contains(kFirstSeed)) {
        qint64 first = 0;
        if (const QString problem
            = wholeNumber(object.value(kFirstSeed), 0, qint64(SupervisorConfig::kMaxSeed), &first);
            !problem.isEmpty())
            return fail(tr("first_seed: %1").arg(problem));
        spec.firstSeed = quint64(first);
    }
    if (spec.firstSeed + quint64(spec.seeds - 1) > SupervisorConfig::kMaxSeed)
        return fail(tr("first_seed: the last seed (first_seed + seeds - 1) must be at most %1")
                        .arg(QString::number(SupervisorConfig::kMaxSeed)));

    SupervisorConfig base;
    if (object.contains(kWorkload)) {
        if (!object.value(kWorkload).isObject())
            //: %1 lists the workload's keys, as written in the file
            return fail(tr("workload: expected an object with %1").arg(workloadKeys().join(u", "_s)));
        const QJsonObject workload = object.value(kWorkload).toObject();
        for (auto it = workload.begin(); it != workload.end(); ++it) {
            if (findParameter(it.key()) && !workloadKeys().contains(it.key()))
                //: %1 is a parameter's key, %2 lists the workload's keys, as written in the file
                return fail(tr("workload: %1 is not part of the workload (%2)")
                                .arg(echoed(it.key()), workloadKeys().join(u", "_s)));
        }
        QString problem = base.applyJson(workload);
        base.virtualTime = true; // the rule that keeps real programs out of virtual time
        if (problem.isEmpty())
            problem = base.validate();
        base.virtualTime = false;
        if (!problem.isEmpty())
            return fail(tr("workload: %1").arg(problem));
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
        //: %1 is the most policies an exploration compares (4)
        return fail(
            tr("policies: expected an array of 1 to %1 policies, each with a name and a config").arg(kMaxPolicies));
    const QJsonArray list = policies.toArray();
    if (list.isEmpty() || list.size() > kMaxPolicies)
        //: %1 is the most policies an exploration compares (4), %2 how many the file has
        return fail(tr("policies: an exploration compares 1 to %1 policies, got %2")
                        .arg(QString::number(kMaxPolicies), QString::number(list.size())));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = u"policies[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            //: %1 names the entry ("policies[2]"), %2 is what the file gave ("an array", "42")
            return fail(tr("%1: expected an object with a name and a config, got %2").arg(where, shown(list.at(i))));
        const QJsonObject entry = list.at(i).toObject();
        if (const QString problem = unknownKey(entry, { kName, kConfig }, where); !problem.isEmpty())
            return fail(problem);
        Policy policy;
        policy.name = entry.value(kName).toString().trimmed();
        if (!entry.value(kName).isString() || policy.name.isEmpty())
            //: %1 names the entry ("policies[2]"), %2 is what the file gave ("nothing", "42")
            return fail(tr("%1: name: expected a non-empty text, got %2").arg(where, shown(entry.value(kName))));
        for (qsizetype j = 0; j < i; ++j) {
            if (spec.policies.at(j).name == policy.name)
                //: %1 names the entry ("policies[2]"), %2 is the policy's name, %3 the index of the policy named so
                return fail(tr("%1: name: \"%2\" is already the name of policies[%3]")
                                .arg(where, policy.name, QString::number(j)));
        }
        const QString name = echoed(policy.name);
        if (entry.contains(kConfig) && !entry.value(kConfig).isObject())
            //: %1 is the policy's name, %2 what the file gave ("an array", "42")
            return fail(tr("policy \"%1\": config: expected an object, got %2").arg(name, shown(entry.value(kConfig))));
        policy.config = entry.value(kConfig).toObject();
        for (auto it = policy.config.begin(); it != policy.config.end(); ++it) {
            if (const QString problem = notAPolicyParameter(it.key()); !problem.isEmpty())
                //: %1 is the policy's name, %2 what is wrong with its config
                return fail(tr("policy \"%1\": config: %2").arg(name, problem));
        }
        SupervisorConfig config = base;
        QString problem = config.applyJson(policy.config);
        if (problem.isEmpty())
            problem = config.validate();
        if (!problem.isEmpty())
            return fail(tr("policy \"%1\": config: %2").arg(name, problem));
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
        //: %1 is the file's path, %2 why it cannot be read
        *error = tr("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        //: %1 is the file's path, %2 its size
        *error = tr("%1: too large for an exploration spec (%2 bytes)").arg(path, QString::number(file.size()));
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
