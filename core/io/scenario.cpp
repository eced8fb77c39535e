#include "io/scenario.h"

#include "io/atomicfile.h"
#include "io/strictjson.h"
#include "policy/echoedtext.h"
#include "policy/supervisorconfig.h"

#include <QDir>
#include <QIODevice>
#include <QJsonArray>

#include <algorithm>

#include <QJsonDocument>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

// Makes each relative `cwd` of the config and of the tree's nodes absolute, from `directory`.
void resolveWorkingDirectories(QJsonObject *node, const QDir &directory)
{
    const QJsonValue cwd = node->value(u"cwd"_s);
    if (cwd.isString() && !cwd.toString().isEmpty() && QDir::isRelativePath(cwd.toString()))
        node->insert(u"cwd"_s, QDir::cleanPath(directory.absoluteFilePath(cwd.toString())));
    for (const QString &key : { u"tree"_s, u"children"_s }) {
        const QJsonValue child = node->value(key);
        if (child.isObject()) {
            QJsonObject object = child.toObject();
            resolveWorkingDirectories(&object, directory);
            node->insert(key, object);
        } else if (child.isArray() && key == u"children") {
            QJsonArray children = child.toArray();
            for (qsizetype i = 0; i < children.size(); ++i) {
                if (!children.at(i).isObject())
                    continue;
                QJsonObject object = children.at(i).toObject();
                resolveWorkingDirectories(&object, directory);
                children.replace(i, object);
            }
            node->insert(key, children);
        }
    }
}

} // namespace

std::optional<Scenario> Scenario::fromJson(
    const QByteArray &json, const QString &origin, QString *error, const QString &programDirectory)
{
    const auto fail = [&](const QString &problem) {
        //: %1 names the scenario (its file), %2 what is wrong with it
        *error = tr("%1: %2").arg(origin, problem);
        return std::nullopt;
    };
    QString problem;
    const std::optional<QJsonDocument> document = StrictJson::parse(json, StrictJson::Position::Byte, &problem);
    if (!document)
        return fail(problem);
    if (!document->isObject() || !document->object().value(u"config"_s).isObject())
        //: "config" is a key of the file, as written there
        return fail(tr("expected an object with a \"config\" object"));
    const QJsonObject object = document->object();
    // Every key is known, as in the config object and in exploration specs: a misspelt one is said, not ignored.
    static const QStringList texts { u"name"_s, u"title"_s, u"goal"_s, u"description"_s, u"watch"_s,
        u"compare_with"_s };
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"config" || it.key() == u"tree" || it.key() == u"dependencies")
            continue;
        if (!texts.contains(it.key()))
            //: %1 is the key as the file has it, %2 the keys of the scenario's texts; config, dependencies and tree
            //: are keys too
            return fail(tr("unknown key '%1' (expected %2, config, dependencies, tree)")
                            .arg(echoed(it.key()), texts.join(u", "_s)));
        if (!it.value().isString())
            //: %1 is a key of the file ("title")
            return fail(tr("%1: expected a text").arg(it.key()));
    }
    Scenario scenario;
    scenario.name = object.value(u"name"_s).toString();
    scenario.title = object.value(u"title"_s).toString();
    scenario.goal = object.value(u"goal"_s).toString();
    scenario.description = object.value(u"description"_s).toString();
    scenario.watch = object.value(u"watch"_s).toString();
    scenario.config = object.value(u"config"_s).toObject();
    // The tree form's parts sit beside the config in a scenario file, and inside it in a log's run_started.
    for (const QString &key : { u"dependencies"_s, u"tree"_s }) {
        if (!object.contains(key))
            continue;
        if (scenario.config.contains(key))
            //: %1 is a key of the file (dependencies, tree); config is one too
            return fail(tr("%1 is given twice, beside config and inside it").arg(key));
        scenario.config.insert(key, object.value(key));
    }
    scenario.compareWith = object.value(u"compare_with"_s).toString();
    if (!scenario.compareWith.isEmpty() && scenario.compareWith != u"article")
        //: compare_with and "article" are as the file has them; %1 is the value given
        return fail(tr("compare_with must be \"article\", not \"%1\"").arg(echoed(scenario.compareWith)));

    SupervisorConfig check;
    if (problem = check.applyJson(scenario.config); !problem.isEmpty())
        return fail(problem);
    if (check.hasPrograms()) {
        if (programDirectory.isEmpty())
            //: command is a key of the file, as written there
            return fail(tr("it runs programs (command), but the lab's examples directory, where a built-in "
                           "scenario's programs start, was not found"));
        resolveWorkingDirectories(&scenario.config, QDir(programDirectory));
        if (!scenario.config.contains(u"cwd"_s))
            scenario.config.insert(u"cwd"_s, QDir::cleanPath(programDirectory));
        check = SupervisorConfig();
        if (problem = check.applyJson(scenario.config); !problem.isEmpty())
            return fail(problem);
        for (int worker = 0; worker < check.workers; ++worker) {
            const ProgramSpec program = check.programOf(worker);
            if (!program.isProgram())
                continue;
            const QString line = program.commandLine();
            if (!std::any_of(scenario.programs.cbegin(), scenario.programs.cend(),
                    [&](const QString &known) { return known.endsWith(u": "_s + line); }))
                scenario.programs << check.workerName(worker) + u": "_s + line;
        }
    }
    return scenario;
}

Scenario Scenario::of(const SupervisorConfig &config, const QString &name, const QString &title)
{
    Scenario scenario;
    scenario.name = name;
    scenario.title = title;
    scenario.config = config.toJson();
    return scenario;
}

QByteArray Scenario::toJson() const
{
    QJsonObject object;
    const std::pair<QString, const QString *> texts[] { { u"name"_s, &name }, { u"title"_s, &title },
        { u"goal"_s, &goal }, { u"description"_s, &description }, { u"watch"_s, &watch },
        { u"compare_with"_s, &compareWith } };
    for (const auto &[key, text] : texts) {
        if (!text->isEmpty())
            object.insert(key, *text);
    }
    QJsonObject parameters = config;
    // The tree form's parts sit beside the config in a scenario file (in a log's run_started they are inside it).
    for (const QString &key : { u"dependencies"_s, u"tree"_s }) {
        if (parameters.contains(key))
            object.insert(key, parameters.take(key));
    }
    object.insert(u"config"_s, parameters);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

bool Scenario::save(const QString &path, QString *error) const
{
    const QByteArray json = toJson();
    return AtomicFile::write(
        path, [&](QIODevice &device) { return device.write(json) == json.size(); }, error);
}

} // namespace SupervisorLab
