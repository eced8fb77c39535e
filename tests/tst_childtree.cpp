#include "policy/supervisorconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

// The contract's example, with the nesting that comes with supervision trees left out.
const char *const kCheckout = R"({
    "delay": 500, "duration": 60000,
    "dependencies": [
        { "name": "db", "outages": [ { "at": 3000, "for": 8000 } ], "capacity": 4, "capacity_window": 1000 },
        { "name": "cache", "mean_up": 60000, "mean_down": 5000 }
    ],
    "tree": { "name": "app", "strategy": "one-for-all", "max_restarts": 3, "within": 5000, "failure_rate": 0.2,
        "children": [
            { "name": "conn", "count": 4, "depends_on": ["db"], "delay": 100 },
            { "name": "web", "failure_rate": 0.1, "restart": "transient", "depends_on": ["db", "cache"] }
        ] }
})";

} // namespace

class TestChildTree : public QObject
{
    Q_OBJECT

private slots:
    void readsTheTreeForm();
    void readsNestedSupervisors();
    void valuesComeFromTheNodeThenItsAncestorsThenConfig();
    void theEffectiveTreeGoesToTheLogAndBack();
    void mistakesNameTheNodeAndTheKey_data();
    void mistakesNameTheNodeAndTheKey();
    void aWorkerValueSetForAllReplacesEachOwnValue();
    void programKeysFollowTheTreeAndGoToTheLogAndBack();
    void commandLinesSplitAsAShellWould_data();
    void commandLinesSplitAsAShellWould();
    void oneWorkersValueChangesThatWorkerAlone();
};

void TestChildTree::readsTheTreeForm()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(kCheckout)), QString());
    QVERIFY(config.isTree());
    QCOMPARE(config.workers, 5);
    QCOMPARE(config.supervisorName(0), u"app"_s);
    QStringList names;
    for (int worker = 0; worker < config.workers; ++worker)
        names << config.workerName(worker);
    QCOMPARE(names, (QStringList { u"conn-1"_s, u"conn-2"_s, u"conn-3"_s, u"conn-4"_s, u"web"_s }));
    QCOMPARE(config.strategy, Strategy::OneForAll);
    QCOMPARE(config.maxRestarts, 3);
    QCOMPARE(config.dependencies.size(), 2);
    QCOMPARE(config.dependencies.at(0).outages, (QList<OutageWindow> { { 3000, 8000 } }));
    QCOMPARE(config.dependencies.at(0).capacity, 4);
    QCOMPARE(config.dependencies.at(1).meanUpMs, 60000);
    QVERIFY(config.dependsOn(0, 0) && !config.dependsOn(0, 1));
    QVERIFY(config.dependsOn(4, 0) && config.dependsOn(4, 1));
}

// The contract's example as it stands: a pool supervisor under the root.
void TestChildTree::readsNestedSupervisors()
{
    const char *const checkout = R"({
        "delay": 500, "duration": 60000,
        "dependencies": [ { "name": "db" }, { "name": "cache" } ],
        "tree": { "name": "app", "strategy": "one-for-one", "max_restarts": 3, "within": 5000, "children": [
            { "name": "pool", "strategy": "one-for-all", "delay": 50, "children": [
                { "name": "conn", "count": 4, "depends_on": ["db"] } ] },
            { "name": "web", "failure_rate": 0.1, "restart": "transient", "depends_on": ["db", "cache"] }
        ] }
    })";
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(checkout)), QString());
    QCOMPARE(config.supervisorCount(), 2);
    QCOMPARE(config.supervisorName(0), u"app"_s);
    QCOMPARE(config.supervisorName(1), u"pool"_s);
    QVERIFY(config.isNested());
    // Workers depth-first: the pool's four, then web; supervisors the same way, the root 0.
    QCOMPARE(config.workerName(0), u"conn-1"_s);
    QCOMPARE(config.workerName(4), u"web"_s);
    QCOMPARE(config.supervisorOf(3), 1);
    QCOMPARE(config.supervisorOf(4), 0);
    QCOMPARE(config.childrenOf(0), (QList<TreeChild> { { true, 1 }, { false, 4 } }));
    QCOMPARE(config.childrenOf(1), (QList<TreeChild> { { false, 0 }, { false, 1 }, { false, 2 }, { false, 3 } }));
    // A node's value: its own, else its nearest ancestor's, else config's.
    const SupervisorConfig pool = config.forSupervisor(1);
    QCOMPARE(pool.strategy, Strategy::OneForAll); // its own
    QCOMPARE(pool.maxRestarts, 3); // the root's
    QCOMPARE(pool.delayMs, 50); // its own restart delay as a child of app
    QCOMPARE(config.forWorker(0).delayMs, 50); // the pool's, for its workers
    QCOMPARE(config.forWorker(4).delayMs, 500); // config's
    QCOMPARE(config.forSupervisor(0).strategy, Strategy::OneForOne);
    // The effective tree goes to the log and reads back the same.
    SupervisorConfig back;
    QCOMPARE(back.applyJson(config.toJson()), QString());
    QCOMPARE(back, config);
    const QJsonObject written = config.toJson().value(u"tree"_s).toObject();
    const QJsonObject poolNode = written.value(u"children"_s).toArray().at(0).toObject();
    QCOMPARE(poolNode.value(u"name"_s).toString(), u"pool"_s);
    QCOMPARE(poolNode.value(u"max_restarts"_s).toInt(), 3);
    QCOMPARE(poolNode.value(u"children"_s).toArray().size(), 4);
}

void TestChildTree::valuesComeFromTheNodeThenItsAncestorsThenConfig()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(kCheckout)), QString());
    const SupervisorConfig conn = config.forWorker(1);
    const SupervisorConfig web = config.forWorker(4);
    QCOMPARE(conn.delayMs, 100); // its own
    QCOMPARE(web.delayMs, 500); // config's
    QCOMPARE(conn.failureRate, 0.2); // the root's
    QCOMPARE(web.failureRate, 0.1); // its own over the root's
    QCOMPARE(conn.workMaxMs, SupervisorConfig().workMaxMs); // the default
    QCOMPARE(config.restartTypeOf(1), RestartType::Permanent);
    QCOMPARE(config.restartTypeOf(4), RestartType::Transient);
}

void TestChildTree::theEffectiveTreeGoesToTheLogAndBack()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(kCheckout)), QString());
    const QJsonObject written = config.toJson();
    const QJsonArray children = written.value(u"tree"_s).toObject().value(u"children"_s).toArray();
    QCOMPARE(children.size(), 5); // every node named, count expanded
    QCOMPARE(children.at(4).toObject().value(u"name"_s).toString(), u"web"_s);
    QCOMPARE(children.at(0).toObject().value(u"failure_rate"_s).toDouble(), 0.2); // the inherited value, resolved
    SupervisorConfig back;
    QCOMPARE(back.applyJson(written), QString());
    QCOMPARE(back, config);
    QCOMPARE(back.toJson(), written);

    // A flat config writes neither part: first-wave logs do not change.
    QVERIFY(!SupervisorConfig().toJson().contains(u"tree"_s));
    QVERIFY(!SupervisorConfig().toJson().contains(u"dependencies"_s));
}

void TestChildTree::mistakesNameTheNodeAndTheKey_data()
{
    QTest::addColumn<QByteArray>("tree");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, const char *tree, const QString &expected) {
        QTest::newRow(name) << QByteArray(tree) << expected;
    };
    row("unknown key", R"({"tree": {"name": "app", "children": [ {"name": "web", "failur_rate": 0.1} ]}})",
        u"tree: node \"web\": unknown key 'failur_rate'"_s);
    row("supervisor key on a worker",
        R"({"tree": {"name": "app", "children": [ {"name": "web", "strategy": "one-for-all"} ]}})",
        u"tree: node \"web\": 'strategy' does not apply to a worker (supervisor keys: strategy, max_restarts, within)"_s);
    row("run key on a node", R"({"tree": {"name": "app", "duration": 5, "children": [ {"name": "web"} ]}})",
        u"tree: node \"app\": 'duration' applies to the whole run; set it in \"config\""_s);
    row("count on a supervisor", R"({"tree": {"name": "app", "count": 2, "children": [ {"name": "web"} ]}})",
        u"tree: node \"app\": 'count' does not apply to a supervisor; it repeats a worker"_s);
    row("unknown dependency",
        R"({"dependencies": [ { "name": "db" } ], "tree": {"name": "app", "children": [
            {"name": "web", "depends_on": ["redis"]} ]}})",
        u"tree: node \"web\": depends_on: \"redis\" is not a dependency (dependencies: db)"_s);
    row("duplicate name", R"({"tree": {"name": "app", "children": [ {"name": "web"}, {"name": "web"} ]}})",
        u"tree: node \"web\": name: \"web\" is already the name of another node"_s);
    row("a worker named as its supervisor", R"({"tree": {"name": "app", "children": [ {"name": "app"} ]}})",
        u"tree: node \"app\": name: \"app\" is already the name of another node"_s);
    row("a count that collides",
        R"({"tree": {"name": "app", "children": [ {"name": "w-2"}, {"name": "w", "count": 2} ]}})",
        u"tree: node \"w\": name: \"w-2\" is already the name of another node"_s);
    row("bad value", R"({"tree": {"name": "app", "children": [ {"name": "web", "failure_rate": 2} ]}})",
        u"tree: node \"web\": failure_rate: must be between 0 and 1, got 2"_s);
    row("two restart types for one worker",
        R"({"tree": {"name": "app", "children": [ {"name": "web", "restart": "permanent,transient"} ]}})",
        u"tree: node \"web\": restart: a worker has one restart type, got 'permanent,transient'"_s);
    row("no name", R"({"tree": {"name": "app", "children": [ {"failure_rate": 0.1} ]}})",
        u"tree.children[0]: \"name\" is missing (every node has a name)"_s);
    row("no children", R"({"tree": {"name": "app", "children": []}})",
        u"tree: node \"app\": children: a supervisor needs a list of one or more children"_s);
    row("a nested supervisor's bad strategy",
        R"({"tree": {"name": "app", "children": [ {"name": "pool", "strategy": "all-for-one", "children": [
            {"name": "c"} ]} ]}})",
        u"tree: node \"pool\": strategy: expects one of one-for-one, one-for-all, rest-for-one, got 'all-for-one'"_s);
    row("a nested supervisor with two restart types",
        R"({"tree": {"name": "app", "children": [ {"name": "pool", "restart": "permanent,temporary", "children": [
            {"name": "c"} ]} ]}})",
        u"tree: node \"pool\": restart: a worker has one restart type, got 'permanent,temporary'"_s);
    row("a nested supervisor without children",
        R"({"tree": {"name": "app", "children": [ {"name": "pool", "children": []} ]}})",
        u"tree: node \"pool\": children: a supervisor needs a list of one or more children"_s);
    row("a supervisor named as a worker elsewhere",
        R"({"tree": {"name": "app", "children": [ {"name": "c"}, {"name": "pool", "children": [
            {"name": "d"}, {"name": "x", "children": [ {"name": "c"} ]} ]} ]}})",
        u"tree: node \"c\": name: \"c\" is already the name of another node"_s);
    row("a tree too deep",
        R"({"tree": {"name": "s1", "children": [{"name": "s2", "children": [{"name": "s3", "children": [
            {"name": "s4", "children": [{"name": "s5", "children": [{"name": "s6", "children": [
            {"name": "s7", "children": [{"name": "s8", "children": [{"name": "s9", "children": [
            {"name": "s10", "children": [{"name": "s11", "children": [{"name": "s12", "children": [
            {"name": "s13", "children": [{"name": "s14", "children": [{"name": "s15", "children": [
            {"name": "s16", "children": [{"name": "s17", "children": [{"name": "w"}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}})",
        u"tree.children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0]"
        ".children[0].children[0].children[0].children[0].children[0].children[0].children[0].children[0]: the tree is "
        "more than 16 supervisors deep"_s);
    row("work range broken on one node",
        R"({"tree": {"name": "app", "children": [ {"name": "web", "work_min": 900, "work_max": 100} ]}})",
        u"tree: node \"web\": work_min (900 ms) is above work_max (100 ms)"_s);
    row("workers disagree with the tree", R"({"workers": 3, "tree": {"name": "app", "children": [ {"name": "web"} ]}})",
        u"workers: the tree has 1 workers, not 3; leave workers out"_s);
    row("a dependency without a name", R"({"dependencies": [ { "outages": [] } ]})",
        u"dependencies[0]: \"name\" is missing (a dependency needs a name to be depended on)"_s);
    row("two dependencies of one name", R"({"dependencies": [ { "name": "db" }, { "name": "db" } ]})",
        u"dependency \"db\": name: another dependency has this name"_s);
    row("an outage of no length", R"({"dependencies": [ { "name": "db", "outages": [ { "at": 5, "for": 0 } ] } ]})",
        u"dependency \"db\": outages[0]: for: must be between 1 and 10000000000, got 0"_s);
    row("half a random outage", R"({"dependencies": [ { "name": "db", "mean_up": 1000 } ]})",
        u"dependency \"db\": mean_up: random outages need both mean_up and mean_down"_s);
    row("random outages too short", R"({"dependencies": [ { "name": "db", "mean_up": 1000, "mean_down": 5 } ]})",
        u"dependency \"db\": mean_down: must be between 100 and 10000000000, got 5"_s);
    row("unknown dependency key", R"({"dependencies": [ { "name": "db", "capacty": 4 } ]})",
        u"dependency \"db\": unknown key 'capacty' (expected name, outages, mean_up, mean_down, capacity, capacity_window)"_s);
    row("negative capacity", R"({"dependencies": [ { "name": "db", "capacity": -1 } ]})",
        u"dependency \"db\": capacity: must be between 0 and 1000000, got -1"_s);
    // A real program's keys.
    row("command as a string", R"({"tree": {"name": "app", "children": [ {"name": "web", "command": "./web"} ]}})",
        u"tree: node \"web\": command: expects a list of strings, the program first: [\"./server\", \"--port\", "
        "\"8080\"]"_s);
    row("empty command", R"({"tree": {"name": "app", "children": [ {"name": "web", "command": []} ]}})",
        u"tree: node \"web\": command: expects a list of strings, the program first: [\"./server\", \"--port\", "
        "\"8080\"]"_s);
    row("a number among the words",
        R"({"tree": {"name": "app", "children": [ {"name": "web", "command": ["./web", 8080]} ]}})",
        u"tree: node \"web\": command: word 2 is not a string"_s);
    row("no program", R"({"tree": {"name": "app", "children": [ {"name": "web", "command": [" ", "x"]} ]}})",
        u"tree: node \"web\": command: the program (the first word) is empty"_s);
    row("a bad variable name",
        R"({"tree": {"name": "app", "children": [ {"name": "web", "command": ["w"], "env": {"1X": "y"}} ]}})",
        u"tree: node \"web\": env: '1X' is not a variable name (letters, digits and _, not starting with a digit)"_s);
    row("the lab's variable",
        R"({"tree": {"name": "app", "env": {"NOTIFY_SOCKET": "/tmp/s"}, "children": [ {"name": "web"} ]}})",
        u"tree: node \"app\": env: NOTIFY_SOCKET is the lab's: it sets it for every program it runs"_s);
    row("a number as a value", R"({"env": {"PORT": 8080}})", u"env: PORT: expects a string value"_s);
    row("an empty cwd", R"({"cwd": ""})", u"cwd: expects the path of a directory"_s);
}

void TestChildTree::mistakesNameTheNodeAndTheKey()
{
    QFETCH(QByteArray, tree);
    QFETCH(QString, expected);
    SupervisorConfig config;
    const SupervisorConfig before = config;
    QCOMPARE(config.applyJson(json(tree.constData())), expected);
    QCOMPARE(config, before); // nothing half-applied
    QVERIFY(!expected.contains(u'\n'));
}

void TestChildTree::programKeysFollowTheTreeAndGoToTheLogAndBack()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(R"({"cwd": "/srv", "tree": {"name": "app", "env": {"MODE": "prod"},
        "command": ["./worker"], "children": [
            {"name": "job", "count": 2},
            {"name": "web", "command": ["./web", "--port", "8080"], "env": {"PORT": "8080"}, "cwd": "/srv/web"},
            {"name": "sim", "command": ["true"]} ]}})")),
        QString());
    QVERIFY(config.hasPrograms());
    const ProgramSpec job = config.programOf(1);
    QCOMPARE(job.command, QStringList { u"./worker"_s }); // its supervisor's
    QCOMPARE(job.environment, (QList<std::pair<QString, QString>> { { u"MODE"_s, u"prod"_s } }));
    QCOMPARE(job.workingDirectory, u"/srv"_s); // config's
    const ProgramSpec web = config.programOf(2);
    QCOMPARE(web.command, (QStringList { u"./web"_s, u"--port"_s, u"8080"_s }));
    QCOMPARE(web.environment, (QList<std::pair<QString, QString>> { { u"PORT"_s, u"8080"_s } })); // replaced whole
    QCOMPARE(web.workingDirectory, u"/srv/web"_s);
    QCOMPARE(config.forWorker(2).program, web);
    const QJsonObject written = config.toJson();
    SupervisorConfig back;
    QCOMPARE(back.applyJson(written), QString());
    QCOMPARE(back, config);
    QCOMPARE(back.toJson(), written);
    QCOMPARE(web.commandLine(), u"./web --port 8080"_s);
    QVERIFY(!SupervisorConfig().hasPrograms());
    QVERIFY(!SupervisorConfig().toJson().contains(u"command"_s)); // first-wave logs do not change
    config.virtualTime = true;
    QCOMPARE(config.validate(),
        u"node \"job-1\": virtual time cannot run real programs (command): they take the time they take; run in "
        "real time"_s);
}

void TestChildTree::commandLinesSplitAsAShellWould_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("error");
    QTest::newRow("plain") << u"  ./web   --port 8080 "_s << QStringList { u"./web"_s, u"--port"_s, u"8080"_s }
                           << QString();
    QTest::newRow("single quotes") << u"sh -c 'echo \"$HOME\"; exit 3'"_s
                                   << QStringList { u"sh"_s, u"-c"_s, u"echo \"$HOME\"; exit 3"_s } << QString();
    QTest::newRow("double quotes and escapes")
        << u"printf \"a \\\"b\\\" \\\\ \\$x\" c\\ d"_s << QStringList { u"printf"_s, u"a \"b\" \\ $x"_s, u"c d"_s }
        << QString();
    QTest::newRow("empty quotes are a word")
        << u"prog '' \"\""_s << QStringList { u"prog"_s, QString(), QString() } << QString();
    QTest::newRow("open quote") << u"sh -c 'exit 3"_s << QStringList() << u"the command line leaves a ' quote open"_s;
    QTest::newRow("empty") << u" \t "_s << QStringList()
                           << u"the command line is empty; give the program to run, with its arguments"_s;
}

void TestChildTree::commandLinesSplitAsAShellWould()
{
    QFETCH(QString, line);
    QFETCH(QStringList, words);
    QFETCH(QString, error);
    QString problem;
    QCOMPARE(ProgramSpec::splitCommandLine(line, &problem), words);
    QCOMPARE(problem, error);
    if (words.isEmpty())
        return;
    // And back: the line it is shown as splits into the same words.
    ProgramSpec spec;
    spec.command = words;
    QCOMPARE(ProgramSpec::splitCommandLine(spec.commandLine(), &problem), words);
}

void TestChildTree::aWorkerValueSetForAllReplacesEachOwnValue()
{
    SupervisorConfig config;
    QCOMPARE(config.applyJson(json(kCheckout)), QString());
    QCOMPARE(config.setValue(u"failure_rate"_s, u"0.5"_s), QString());
    for (int worker = 0; worker < config.workers; ++worker)
        QCOMPARE(config.forWorker(worker).failureRate, 0.5);
    QVERIFY(!config.setValue(u"workers"_s, u"7"_s).isEmpty()); // the tree decides
    QCOMPARE(config.setValue(u"workers"_s, u"5"_s), QString());
}

void TestChildTree::oneWorkersValueChangesThatWorkerAlone()
{
    SupervisorConfig flat;
    flat.workers = 3;
    QCOMPARE(flat.setWorkerValue(1, u"delay"_s, u"2000"_s), QString());
    QVERIFY(flat.isTree()); // the flat form became a tree of the same workers
    QCOMPARE(flat.forWorker(1).delayMs, 2000);
    QCOMPARE(flat.forWorker(0).delayMs, SupervisorConfig().delayMs);
    QCOMPARE(flat.workers, 3);
    QVERIFY(!flat.setWorkerValue(1, u"strategy"_s, u"one-for-all"_s).isEmpty());
    QVERIFY(!flat.setWorkerValue(7, u"delay"_s, u"1"_s).isEmpty());
    QVERIFY(!flat.setWorkerValue(0, u"work_min"_s, u"999999"_s).isEmpty()); // above its work_max
}

QTEST_GUILESS_MAIN(TestChildTree)
#include "tst_childtree.moc"
