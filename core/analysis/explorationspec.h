#pragma once

#include "policy/supervisorconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace SupervisorLab {

// What an exploration compares: one workload run under one to four restart policies, each over the same seeds,
// every run in virtual time for the horizon. A run is a pure function of its configuration, so configFor()
// gives back any single run of the exploration exactly.
//
// The file form (keys as in the log's config object, times in milliseconds):
//   { "horizon": 3600000, "seeds": 1000, "first_seed": 1, "description": "...",
//     "workload": { "workers": 4, "failure_rate": 0.3, "failure_mode": "error", "work_min": 200, "work_max": 2000,
//                   "dependencies": [...], "tree": {...} },   (the tree form of a scenario; both optional)
//     "policies": [ { "name": "fixed 500 ms", "config": { "delay": 500 } }, ... ] }
// Only "policies" is required; a workload key left out takes the program's default.
struct ExplorationSpec
{
    Q_DECLARE_TR_FUNCTIONS(ExplorationSpec)

public:
    static constexpr int kMaxPolicies = 4;
    static constexpr int kMaxSeeds = 1'000'000;
    static constexpr qint64 kMaxHorizonMs = 30LL * 24 * 3600 * 1000; // 30 days
    static constexpr qint64 kMaxFileBytes = 1 << 20;

    struct Policy
    {
        QString name;
        QJsonObject config; // policy parameters only, as given
        friend bool operator==(const Policy &, const Policy &) = default;
    };

    QString description;
    qint64 horizonMs = 3'600'000;
    int seeds = 100;
    quint64 firstSeed = 1;
    QJsonObject workload; // always holds every workload key, with the value the runs use
    QList<Policy> policies;

    // The parameters that make up the workload; every other one, except those the exploration sets itself
    // (duration, seed, virtual_time), belongs to a policy.
    static const QStringList &workloadKeys();
    // The tree form's parts, which a workload may have too: the workers as child specs, and their dependencies.
    static const QStringList &worldKeys();

    // Parses and checks a spec; every error names `origin` and the key at fault.
    static std::optional<ExplorationSpec> fromJson(const QByteArray &json, const QString &origin, QString *error);
    // Reads a spec file; the error names the file.
    static std::optional<ExplorationSpec> load(const QString &path, QString *error);
    QJsonObject toJson() const;

    int runCount() const { return int(policies.size()) * seeds; }
    quint64 seedAt(int index) const { return firstSeed + quint64(index); }
    qint64 horizonUs() const { return horizonMs * 1000; }
    // The exact configuration of one run: the defaults, then the workload, then the policy; the horizon as its
    // duration, `seed`, and virtual time.
    SupervisorConfig configFor(int policyIndex, quint64 seed) const;

    friend bool operator==(const ExplorationSpec &, const ExplorationSpec &) = default;
};

} // namespace SupervisorLab
