#include "controlpanel.h"
#include "io/scenario.h"
#include "io/scenariocatalog.h"
#include "mainwindow.h"
#include "patience.h"
#include "runcontroller.h"
#include "testsettings.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

// Answers every message box the window puts up, and keeps what each said.
class MessageBoxes
{
public:
    MessageBoxes()
    {
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || !box->isVisible())
                return;
            texts << box->text();
            box->accept();
        });
        m_timer.start(10);
    }
    QStringList texts;

private:
    QTimer m_timer;
};

SupervisorConfig configOf(const QJsonObject &json)
{
    SupervisorConfig config;
    const QString error = config.applyJson(json);
    if (!error.isEmpty())
        qFatal("bad test config: %s", qPrintable(error));
    return config;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QAction *actionNamed(const MainWindow &window, const QString &name)
{
    auto *action = window.findChild<QAction *>(name);
    if (!action)
        qFatal("no action %s", qPrintable(name));
    return action;
}

} // namespace

class TestScenarioFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aSavedConfigLoadsBackTheSame_data();
    void aSavedConfigLoadsBackTheSame();
    void theFileHasTheTreeFormBesideTheConfig();
    void aFileThatCannotBeWrittenIsNamed();
    void theWindowHasBothActionsInItsFileMenu();
    void theWindowOpensAScenarioFileIntoTheControls();
    void aBadScenarioFileGetsOneMessageAndChangesNothing();
    void theWindowSavesTheCurrentParameters();
};

void TestScenarioFile::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The offscreen platform cannot propagate size hints; a desktop's can.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.contains(u"does not support propagateSizeHints"_s))
            defaultHandler(type, context, message);
    });
}

void TestScenarioFile::init()
{
    QSettings().clear();
}

void TestScenarioFile::aSavedConfigLoadsBackTheSame_data()
{
    QTest::addColumn<SupervisorConfig>("config");
    QTest::newRow("the defaults") << SupervisorConfig();
    QTest::newRow("every flat parameter") << withSettings(SupervisorConfig(),
        { u"workers=3"_s, u"failure_rate=0.35"_s, u"work_min=120"_s, u"work_max=900"_s, u"delay=250"_s,
            u"strategy=rest-for-one"_s, u"restart=permanent,transient,temporary"_s, u"backoff=exponential"_s,
            u"backoff_factor=1.5"_s, u"max_delay=8000"_s, u"jitter=decorrelated"_s, u"reset_after=3000"_s,
            u"max_restarts=7"_s, u"within=4000"_s, u"heartbeat_timeout=700"_s, u"failure_mode=mixed"_s,
            u"shutdown_timeout=1500"_s, u"breaker_threshold=3"_s, u"breaker_window=2000"_s, u"breaker_cooldown=6000"_s,
            u"duration=90000"_s, u"seed=5000000000"_s, u"virtual_time=true"_s });
    QTest::newRow("one worker's own values") << [] {
        SupervisorConfig config = withSettings(SupervisorConfig(), { u"workers=3"_s });
        config.setWorkerValue(1, u"delay"_s, u"2500"_s);
        return config;
    }();
    for (const QString &name : { u"escalation"_s, u"error-kernel"_s, u"backoff"_s, u"circuit-breaker"_s })
        QTest::newRow(qPrintable(name)) << configOf(ScenarioCatalog::find(name)->config);
}

void TestScenarioFile::aSavedConfigLoadsBackTheSame()
{
    QFETCH(SupervisorConfig, config);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"saved.json"_s);
    QString error;
    QVERIFY2(Scenario::of(config, u"saved"_s, u"Saved from the window"_s).save(path, &error), qPrintable(error));

    const std::optional<Scenario> loaded = ScenarioCatalog::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->name, u"saved"_s);
    QCOMPARE(loaded->title, u"Saved from the window"_s);
    QCOMPARE(configOf(loaded->config), config);
}

void TestScenarioFile::theFileHasTheTreeFormBesideTheConfig()
{
    const Scenario builtIn = *ScenarioCatalog::find(u"backoff"_s);
    Scenario scenario = Scenario::of(configOf(builtIn.config), u"mine"_s);
    scenario.goal = u"See it"_s;
    const QJsonObject file = QJsonDocument::fromJson(scenario.toJson()).object();
    QVERIFY(file.value(u"config"_s).isObject());
    QVERIFY(file.value(u"dependencies"_s).isArray());
    QVERIFY(!file.value(u"config"_s).toObject().contains(u"dependencies"_s));
    QCOMPARE(file.value(u"goal"_s).toString(), u"See it"_s);
    QVERIFY(!file.contains(u"description"_s)); // empty texts are left out
    QCOMPARE(file.value(u"config"_s).toObject().value(u"delay"_s).toInteger(), configOf(builtIn.config).delayMs);
}

void TestScenarioFile::aFileThatCannotBeWrittenIsNamed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no-such-folder/mine.json"_s);
    QString error;
    QVERIFY(!Scenario::of(SupervisorConfig(), u"mine"_s).save(path, &error));
    QVERIFY2(error.startsWith(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestScenarioFile::theWindowHasBothActionsInItsFileMenu()
{
    MainWindow window;
    QAction *open = actionNamed(window, u"openScenarioAction"_s);
    QAction *save = actionNamed(window, u"saveScenarioAction"_s);
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QCOMPARE(save->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    QCOMPARE(open->text(), u"Open &Scenario…"_s);
    QCOMPARE(save->text(), u"Save Scenario &As…"_s);
    QVERIFY(open->isEnabled());
}

void TestScenarioFile::theWindowOpensAScenarioFileIntoTheControls()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"from-a-file.json"_s);
    const SupervisorConfig wanted = withSettings(SupervisorConfig(),
        { u"workers=4"_s, u"delay=1200"_s, u"strategy=rest-for-one"_s, u"failure_rate=0.25"_s, u"seed=77"_s });
    Scenario scenario = Scenario::of(wanted, u"from-a-file"_s, u"Four workers, rest-for-one, from a file"_s);
    scenario.goal = u"Loaded from the File menu."_s;
    QString error;
    QVERIFY(scenario.save(path, &error));

    MainWindow window;
    window.show();
    MessageBoxes boxes;
    window.openScenarioFile(path);
    QCOMPARE(window.controller()->config(), wanted);
    QCOMPARE(window.controls()->config(), wanted);
    QCOMPARE(window.controls()->findChild<QComboBox *>(u"scenario"_s)->currentText(), scenario.title);
    QCOMPARE(window.controls()->scenarioName(), u"from-a-file"_s);
    QCOMPARE(boxes.texts, QStringList());
}

void TestScenarioFile::aBadScenarioFileGetsOneMessageAndChangesNothing()
{
    QTemporaryDir dir;
    const QString broken = dir.filePath(u"broken.json"_s);
    QVERIFY(writeFile(broken, R"({"config": {"workers": 3, "failure_rate": 1.5}})"));
    const QString missing = dir.filePath(u"missing.json"_s);

    MainWindow window;
    const SupervisorConfig before = withSettings(SupervisorConfig(), { u"workers=2"_s, u"delay=900"_s });
    window.setConfig(before, u"custom"_s);
    window.show();
    QSignalSpy chosen(window.controls(), &ControlPanel::scenarioChosen);
    for (const QString &path : { broken, missing }) {
        MessageBoxes boxes;
        window.openScenarioFile(path);
        QCOMPARE(boxes.texts.size(), 1);
        QVERIFY2(boxes.texts.first().contains(path), qPrintable(boxes.texts.first()));
        QCOMPARE(window.controller()->config(), before);
        QCOMPARE(window.controls()->config(), before);
    }
    QCOMPARE(chosen.count(), 0);

    // What was wrong is said: the key and its value.
    QString error;
    QVERIFY(!window.controls()->openScenarioFile(broken, &error));
    QVERIFY2(error.contains(u"failure_rate"_s) && error.contains(u"1.5"_s), qPrintable(error));
}

void TestScenarioFile::theWindowSavesTheCurrentParameters()
{
    QTemporaryDir dir;
    MainWindow window;
    const SupervisorConfig current
        = withSettings(SupervisorConfig(), { u"workers=3"_s, u"backoff=exponential"_s, u"jitter=full"_s });
    window.setConfig(current, u"custom"_s);
    window.show();
    {
        MessageBoxes boxes;
        window.saveScenarioAs(dir.filePath(u"mine"_s)); // the extension is added
        QCOMPARE(boxes.texts, QStringList());
    }
    QString error;
    const std::optional<Scenario> saved = ScenarioCatalog::load(dir.filePath(u"mine.json"_s), &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(configOf(saved->config), current);
    QCOMPARE(saved->name, u"mine"_s);

    // A built-in scenario left as it is keeps its texts.
    window.setConfig(configOf(ScenarioCatalog::find(u"seed"_s)->config), u"seed"_s);
    window.saveScenarioAs(dir.filePath(u"seed-copy.json"_s));
    const std::optional<Scenario> copy = ScenarioCatalog::load(dir.filePath(u"seed-copy.json"_s), &error);
    QVERIFY2(copy, qPrintable(error));
    QCOMPARE(copy->title, ScenarioCatalog::find(u"seed"_s)->title);
    QCOMPARE(copy->goal, ScenarioCatalog::find(u"seed"_s)->goal);

    // Where nothing can be written: one message naming the file.
    MessageBoxes boxes;
    const QString nowhere = dir.filePath(u"no-such-folder/mine.json"_s);
    window.saveScenarioAs(nowhere);
    QCOMPARE(boxes.texts.size(), 1);
    QVERIFY2(boxes.texts.first().contains(nowhere), qPrintable(boxes.texts.first()));
}

QTEST_MAIN(TestScenarioFile)
#include "tst_scenariofile.moc"
