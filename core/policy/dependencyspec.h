#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace SupervisorLab {

// A fixed outage: the dependency is down in [atMs, atMs + forMs).
struct OutageWindow
{
    qint64 atMs = 0;
    qint64 forMs = 0;
    friend bool operator==(const OutageWindow &, const OutageWindow &) = default;
};

// A shared dependency of a run's workers, as a scenario's `dependencies` list describes it: when it is down (fixed
// windows, and random outages of the given mean up and down times) and how many connection attempts it accepts per
// sliding window. Plain data: the world (core/world) makes it behave.
struct DependencySpec
{
    static constexpr qint64 kMaxCapacity = 1'000'000;
    // Random outages shorter than this on average would flood the log with state changes.
    static constexpr qint64 kMinMeanMs = 100;

    QString name;
    QList<OutageWindow> outages;
    qint64 meanUpMs = 0; // 0 (with meanDownMs 0): no random outages
    qint64 meanDownMs = 0;
    qint64 capacity = 0; // 0: unlimited
    qint64 capacityWindowMs = 1000;

    bool hasRandomOutages() const { return meanUpMs > 0 && meanDownMs > 0; }

    QJsonObject toJson() const;
    // Reads one entry of `dependencies`; on a mistake returns one line naming the dependency (`where` when it has
    // no name yet) and the key, and leaves `out` as it was.
    static QString fromJson(const QJsonValue &value, const QString &where, DependencySpec *out);

    friend bool operator==(const DependencySpec &, const DependencySpec &) = default;
};

} // namespace SupervisorLab
