#include "policy/childtree.h"

#include "policy/echoedtext.h"
#include "policy/parameterspec.h"
#include "policy/supervisorconfig.h"

#include <QSet>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

const QString kName = u"name"_s;
const QString kChildren = u"children"_s;
const QString kCount = u"count"_s;
const QString kDependsOn = u"depends_on"_s;

QStringList keysOfScope(ParameterScope scope)
{
    QStringList keys;
    for (const ParameterSpec &spec : parameterSpecs()) {
        if (spec.scope == scope)
            keys << spec.key;
    }
    if (scope == ParameterScope::Worker)
        keys << u"command"_s << u"env"_s << u"cwd"_s; // a real program's (ProgramSpec)
    return keys;
}

struct Reader
{
    SupervisorConfig *config;
    QSet<QString> names; // of every node so far
    QList<WorkerSpec> specs;
    QList<SupervisorSpec> supervisors;

    // Checks one worker key's value by setting it on a copy, and returns it in the config object's spelling.
    QString readWorkerKey(const QString &who, const QString &key, const QJsonValue &value, QJsonObject *settings)
    {
        SupervisorConfig check = *config;
        check.workerSpecs.clear();
        if (key == u"restart" && value.isString() && value.toString().contains(u','))
            return u"%1: restart: a worker has one restart type, got '%2'"_s.arg(who, echoed(value.toString()));
        QJsonObject single { { key, value } };
        if (QString problem = check.applyJson(single); !problem.isEmpty())
            return who + u": "_s + problem;
        settings->insert(key, check.toJson().value(key));
        return {};
    }

    QString readDependsOn(const QString &who, const QJsonValue &value, QList<int> *out)
    {
        QStringList known;
        for (const DependencySpec &dependency : config->dependencies)
            known << dependency.name;
        if (!value.isArray())
            return u"%1: depends_on: expects a list of dependency names"_s.arg(who);
        QList<int> indices;
        for (const QJsonValue &name : value.toArray()) {
            const qsizetype index = known.indexOf(name.toString());
            if (!name.isString() || index < 0)
                return u"%1: depends_on: \"%2\" is not a dependency (%3)"_s.arg(who, echoed(name.toString()),
                    known.isEmpty() ? u"the run has none"_s : u"dependencies: "_s + known.join(u", "_s));
            if (!indices.contains(int(index)))
                indices << int(index);
        }
        *out = indices;
        return {};
    }

    QString claimName(const QString &who, const QString &name)
    {
        if (names.contains(name))
            return u"%1: name: \"%2\" is already the name of another node"_s.arg(who, echoed(name));
        names.insert(name);
        return {};
    }

    QString readNodeName(const QJsonObject &node, const QString &path, QString *name)
    {
        const QJsonValue value = node.value(kName);
        if (!value.isString() || value.toString().trimmed().isEmpty())
            return u"%1: \"name\" is missing (every node has a name)"_s.arg(path);
        *name = value.toString();
        return {};
    }

    QString readNode(const QJsonValue &value, const QString &path, const WorkerSpec &inherited, int parent, int depth,
        TreeChild *read)
    {
        if (!value.isObject())
            return u"%1: expected an object (a worker or a supervisor)"_s.arg(path);
        if (value.toObject().contains(kChildren)) {
            if (depth >= SupervisorConfig::kMaxTreeDepth)
                return u"%1: the tree is more than %2 supervisors deep"_s.arg(path).arg(
                    SupervisorConfig::kMaxTreeDepth);
            read->supervisor = true;
            return readSupervisor(value.toObject(), path, inherited, parent, depth + 1, &read->index);
        }
        read->supervisor = false;
        read->index = int(specs.size());
        return readWorker(value.toObject(), path, inherited, parent);
    }

    // A supervisor's own keys: supervisor keys are its own; worker keys are the default of every node below it and,
    // for a nested supervisor, its own as a child (restart type, shutdown timeout, restart delay).
    QString readSupervisor(
        const QJsonObject &node, const QString &path, WorkerSpec inherited, int parent, int depth, int *index)
    {
        QString name;
        if (QString problem = readNodeName(node, path, &name); !problem.isEmpty())
            return problem;
        const QString who = u"tree: node \"%1\""_s.arg(echoed(name));
        if (QString problem = claimName(who, name); !problem.isEmpty())
            return problem;
        if (supervisors.size() >= SupervisorConfig::kMaxSupervisors)
            return u"%1: the tree would have more than %2 supervisors"_s.arg(who).arg(
                SupervisorConfig::kMaxSupervisors);
        if (!node.value(kChildren).isArray() || node.value(kChildren).toArray().isEmpty())
            return u"%1: children: a supervisor needs a list of one or more children"_s.arg(who);
        *index = int(supervisors.size());
        supervisors.append(SupervisorSpec { name, parent, {}, {} });
        const bool root = parent < 0;
        static const QStringList workerKeys = keysOfScope(ParameterScope::Worker);
        static const QStringList supervisorKeys = keysOfScope(ParameterScope::Supervisor);
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString &key = it.key();
            if (key == kName || key == kChildren)
                continue;
            if (supervisorKeys.contains(key)) {
                // The root's are the run's; a nested supervisor's are its own and its nested supervisors' default.
                SupervisorConfig *target = config;
                SupervisorConfig nested = *config;
                if (!root)
                    target = &nested;
                if (QString problem = target->applyJson(QJsonObject { { key, it.value() } }); !problem.isEmpty())
                    return who + u": "_s + problem;
                if (!root)
                    inherited.settings.insert(key, nested.toJson().value(key));
            } else if (key == kDependsOn) {
                if (QString problem = readDependsOn(who, it.value(), &inherited.dependsOn); !problem.isEmpty())
                    return problem;
            } else if (workerKeys.contains(key)) {
                if (QString problem = readWorkerKey(who, key, it.value(), &inherited.settings); !problem.isEmpty())
                    return problem;
            } else {
                return wrongKey(who, key, u"a supervisor"_s);
            }
        }
        if (!root) {
            // Its supervisor keys resolved now: a nested supervisor keeps them when the root's change live.
            SupervisorConfig own = *config;
            for (auto it = inherited.settings.begin(); it != inherited.settings.end(); ++it)
                own.setValue(it.key(), SupervisorConfig::jsonValueText(it.value()));
            QJsonObject settings = inherited.settings;
            const QJsonObject resolved = own.toJson();
            for (const QString &key : supervisorKeys)
                settings.insert(key, resolved.value(key));
            supervisors[*index].settings = settings;
        }
        const QJsonArray children = node.value(kChildren).toArray();
        for (qsizetype i = 0; i < children.size(); ++i) {
            const auto firstWorker = int(specs.size());
            TreeChild child;
            if (QString problem
                = readNode(children.at(i), u"%1.children[%2]"_s.arg(path).arg(i), inherited, *index, depth, &child);
                !problem.isEmpty())
                return problem;
            if (child.supervisor)
                supervisors[*index].children.append(child);
            for (int worker = firstWorker; !child.supervisor && worker < specs.size(); ++worker)
                supervisors[*index].children.append(TreeChild { false, worker }); // `count` of them
        }
        return {};
    }

    QString readWorker(const QJsonObject &node, const QString &path, const WorkerSpec &inherited, int parent)
    {
        QString name;
        if (QString problem = readNodeName(node, path, &name); !problem.isEmpty())
            return problem;
        const QString who = u"tree: node \"%1\""_s.arg(echoed(name));
        WorkerSpec spec = inherited;
        spec.supervisor = parent;
        static const QStringList supervisorKeys = keysOfScope(ParameterScope::Supervisor);
        for (const QString &key : supervisorKeys)
            spec.settings.remove(key); // a nested supervisor's, passed down to its nested supervisors only
        qint64 count = 1;
        static const QStringList workerKeys = keysOfScope(ParameterScope::Worker);
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString &key = it.key();
            if (key == kName)
                continue;
            if (key == kCount) {
                const double number = it.value().toDouble(std::nan(""));
                if (!it.value().isDouble() || number != std::floor(number) || number < 1
                    || number > SupervisorConfig::kMaxWorkers)
                    return u"%1: count: expects a whole number from 1 to %2"_s.arg(who).arg(
                        SupervisorConfig::kMaxWorkers);
                count = qint64(number);
            } else if (key == kDependsOn) {
                if (QString problem = readDependsOn(who, it.value(), &spec.dependsOn); !problem.isEmpty())
                    return problem;
            } else if (workerKeys.contains(key)) {
                if (QString problem = readWorkerKey(who, key, it.value(), &spec.settings); !problem.isEmpty())
                    return problem;
            } else {
                return wrongKey(who, key, u"a worker"_s);
            }
        }
        if (specs.size() + count > SupervisorConfig::kMaxWorkers)
            return u"%1: count: the tree would have more than %2 workers"_s.arg(who).arg(SupervisorConfig::kMaxWorkers);
        for (qint64 i = 1; i <= count; ++i) {
            spec.name = count == 1 ? name : u"%1-%2"_s.arg(name).arg(i);
            if (QString problem = claimName(who, spec.name); !problem.isEmpty())
                return problem;
            specs.append(spec);
        }
        return {};
    }

    static QString wrongKey(const QString &who, const QString &key, const QString &kind)
    {
        const ParameterSpec *spec = findParameter(key);
        if (spec && spec->scope == ParameterScope::Run)
            return u"%1: '%2' applies to the whole run; set it in \"config\""_s.arg(who, key);
        if (spec && spec->scope == ParameterScope::Supervisor)
            return u"%1: '%2' does not apply to %3 (supervisor keys: %4)"_s.arg(
                who, key, kind, keysOfScope(ParameterScope::Supervisor).join(u", "_s));
        if (key == kCount)
            return u"%1: 'count' does not apply to %2; it repeats a worker"_s.arg(who, kind);
        return u"%1: unknown key '%2'"_s.arg(who, echoed(key));
    }
};

} // namespace

QString ChildTree::applyDependencies(const QJsonValue &dependencies, SupervisorConfig *config)
{
    if (!dependencies.isArray())
        return u"dependencies: expects a list of dependencies"_s;
    QList<DependencySpec> specs;
    QSet<QString> names;
    const QJsonArray list = dependencies.toArray();
    if (list.size() > SupervisorConfig::kMaxDependencies)
        return u"dependencies: at most %1 dependencies, got %2"_s.arg(SupervisorConfig::kMaxDependencies)
            .arg(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        DependencySpec spec;
        if (QString problem = DependencySpec::fromJson(list.at(i), u"dependencies[%1]"_s.arg(i), &spec);
            !problem.isEmpty())
            return problem;
        if (names.contains(spec.name))
            return u"dependency \"%1\": name: another dependency has this name"_s.arg(echoed(spec.name));
        names.insert(spec.name);
        specs.append(spec);
    }
    config->dependencies = specs;
    return {};
}

QString ChildTree::applyTree(const QJsonValue &tree, SupervisorConfig *config)
{
    if (!tree.isObject())
        return u"tree: expected an object: the root supervisor"_s;
    SupervisorConfig updated = *config;
    updated.workerSpecs.clear();
    updated.supervisorSpecs.clear();
    Reader reader { &updated, {}, {}, {} };
    int root = 0;
    if (QString problem = reader.readSupervisor(tree.toObject(), u"tree"_s, {}, -1, 1, &root); !problem.isEmpty())
        return problem;
    updated.supervisorSpecs = reader.supervisors;
    updated.workerSpecs = reader.specs;
    updated.workers = int(reader.specs.size());
    if (QString problem = updated.validate(); !problem.isEmpty())
        return u"tree: "_s + problem;
    *config = updated;
    return {};
}

namespace {

QJsonObject workerJson(const SupervisorConfig &config, int worker)
{
    const WorkerSpec &spec = config.workerSpecs.at(worker);
    QJsonObject node = spec.settings;
    node.insert(kName, spec.name);
    if (!spec.dependsOn.isEmpty()) {
        QJsonArray names;
        for (const int dependency : spec.dependsOn)
            names.append(config.dependencies.value(dependency).name);
        node.insert(kDependsOn, names);
    }
    return node;
}

QJsonObject supervisorJson(const SupervisorConfig &config, int supervisor)
{
    const SupervisorSpec &spec = config.supervisorSpecs.at(supervisor);
    QJsonObject node = spec.settings;
    node.insert(kName, spec.name);
    if (supervisor == 0) { // the root's supervisor keys are the run's
        SupervisorConfig run = config;
        run.workerSpecs.clear();
        run.supervisorSpecs.clear();
        run.dependencies.clear();
        const QJsonObject flat = run.toJson();
        for (const ParameterSpec &parameter : parameterSpecs()) {
            if (parameter.scope == ParameterScope::Supervisor)
                node.insert(parameter.key, flat.value(parameter.key));
        }
    }
    QJsonArray children;
    for (const TreeChild &child : spec.children)
        children.append(child.supervisor ? supervisorJson(config, child.index) : workerJson(config, child.index));
    node.insert(kChildren, children);
    return node;
}

} // namespace

QJsonObject ChildTree::treeJson(const SupervisorConfig &config)
{
    if (config.supervisorSpecs.isEmpty())
        return {};
    return supervisorJson(config, 0);
}

QJsonArray ChildTree::dependenciesJson(const SupervisorConfig &config)
{
    QJsonArray list;
    for (const DependencySpec &dependency : config.dependencies)
        list.append(dependency.toJson());
    return list;
}

} // namespace SupervisorLab
