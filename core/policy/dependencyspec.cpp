#include "policy/dependencyspec.h"

#include "policy/echoedtext.h"
#include "policy/parameterspec.h"

#include <QJsonArray>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// A whole number of milliseconds (or a count) in [minimum, maximum], or what is wrong with `value`.
QString readWhole(const QJsonValue &value, qint64 minimum, qint64 maximum, qint64 *out)
{
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || number != std::floor(number))
        return u"expects a whole number"_s;
    if (number < double(minimum) || number > double(maximum))
        return u"must be between %1 and %2, got %3"_s.arg(minimum).arg(maximum).arg(qint64(number));
    *out = qint64(number);
    return {};
}

} // namespace

QJsonObject DependencySpec::toJson() const
{
    QJsonObject object { { u"name"_s, name } };
    if (!outages.isEmpty()) {
        QJsonArray windows;
        for (const OutageWindow &window : outages)
            windows.append(QJsonObject { { u"at"_s, window.atMs }, { u"for"_s, window.forMs } });
        object.insert(u"outages"_s, windows);
    }
    if (hasRandomOutages()) {
        object.insert(u"mean_up"_s, meanUpMs);
        object.insert(u"mean_down"_s, meanDownMs);
    }
    object.insert(u"capacity"_s, capacity);
    object.insert(u"capacity_window"_s, capacityWindowMs);
    return object;
}

QString DependencySpec::fromJson(const QJsonValue &value, const QString &where, DependencySpec *out)
{
    if (!value.isObject())
        return u"%1: expected an object with a \"name\""_s.arg(where);
    const QJsonObject object = value.toObject();
    DependencySpec spec;
    spec.name = object.value(u"name"_s).toString();
    if (spec.name.trimmed().isEmpty())
        return u"%1: \"name\" is missing (a dependency needs a name to be depended on)"_s.arg(where);
    const QString who = u"dependency \"%1\""_s.arg(echoed(spec.name));
    const qint64 maxMs = ParameterSpec::kMaxMilliseconds;
    static const QStringList keys { u"name"_s, u"outages"_s, u"mean_up"_s, u"mean_down"_s, u"capacity"_s,
        u"capacity_window"_s };
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!keys.contains(it.key()))
            return u"%1: unknown key '%2' (expected %3)"_s.arg(who, echoed(it.key()), keys.join(u", "_s));
    }
    if (!object.value(u"name"_s).isString())
        return u"%1: name: expects a text"_s.arg(who);

    const QJsonValue outages = object.value(u"outages"_s);
    if (!outages.isUndefined() && !outages.isArray())
        return u"%1: outages: expects a list of {\"at\": MS, \"for\": MS}"_s.arg(who);
    const QJsonArray windows = outages.toArray();
    for (qsizetype i = 0; i < windows.size(); ++i) {
        const QString which = u"%1: outages[%2]"_s.arg(who).arg(i);
        const QJsonObject window = windows.at(i).toObject();
        if (!windows.at(i).isObject() || window.size() != 2 || !window.contains(u"at"_s) || !window.contains(u"for"_s))
            return u"%1: expects {\"at\": MS, \"for\": MS}"_s.arg(which);
        OutageWindow outage;
        if (QString problem = readWhole(window.value(u"at"_s), 0, maxMs, &outage.atMs); !problem.isEmpty())
            return u"%1: at: %2"_s.arg(which, problem);
        if (QString problem = readWhole(window.value(u"for"_s), 1, maxMs, &outage.forMs); !problem.isEmpty())
            return u"%1: for: %2"_s.arg(which, problem);
        spec.outages.append(outage);
    }

    const bool hasUp = object.contains(u"mean_up"_s);
    const bool hasDown = object.contains(u"mean_down"_s);
    if (hasUp != hasDown)
        return u"%1: %2: random outages need both mean_up and mean_down"_s.arg(
            who, hasUp ? u"mean_up"_s : u"mean_down"_s);
    if (hasUp) {
        if (QString problem = readWhole(object.value(u"mean_up"_s), kMinMeanMs, maxMs, &spec.meanUpMs);
            !problem.isEmpty())
            return u"%1: mean_up: %2"_s.arg(who, problem);
        if (QString problem = readWhole(object.value(u"mean_down"_s), kMinMeanMs, maxMs, &spec.meanDownMs);
            !problem.isEmpty())
            return u"%1: mean_down: %2"_s.arg(who, problem);
    }
    if (object.contains(u"capacity"_s)) {
        if (QString problem = readWhole(object.value(u"capacity"_s), 0, kMaxCapacity, &spec.capacity);
            !problem.isEmpty())
            return u"%1: capacity: %2"_s.arg(who, problem);
    }
    if (object.contains(u"capacity_window"_s)) {
        if (QString problem = readWhole(object.value(u"capacity_window"_s), 1, maxMs, &spec.capacityWindowMs);
            !problem.isEmpty())
            return u"%1: capacity_window: %2"_s.arg(who, problem);
    }
    *out = spec;
    return {};
}

} // namespace SupervisorLab
