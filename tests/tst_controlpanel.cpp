#include "controlpanel.h"
#include "events/eventlog.h"
#include "io/scenariocatalog.h"
#include "parametereditor.h"
#include "patience.h"
#include "policy/parameterspec.h"
#include "runcontroller.h"
#include "testsettings.h"
#include "timeline/timelinemodel.h"

#include <QAbstractItemView>
#include <QAccessible>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

using Edit = std::pair<QString, QString>;

QList<Edit> editsOf(const QSignalSpy &spy)
{
    QList<Edit> edits;
    for (const QList<QVariant> &arguments : spy)
        edits << Edit { arguments.at(0).toString(), arguments.at(1).toString() };
    return edits;
}

QStringList visibleErrors(const ControlPanel &panel)
{
    QStringList errors;
    for (const QLabel *label : panel.findChildren<QLabel *>(u"parameterError"_s)) {
        if (!label->isHidden())
            errors << label->text();
    }
    return errors;
}

// Who an accessible object is, for a failure message: its object's name, or its class and the nearest named ancestor.
QString whoIs(const QAccessibleInterface *interface)
{
    const QObject *object = interface->object();
    if (!object)
        return u"(an object-less interface)"_s;
    if (!object->objectName().isEmpty())
        return object->objectName();
    QString who = QString::fromLatin1(object->metaObject()->className());
    for (const QObject *parent = object->parent(); parent; parent = parent->parent()) {
        if (!parent->objectName().isEmpty())
            return who + u" in "_s + parent->objectName();
    }
    return who;
}

// Walks the accessibility tree under `interface`: every control a person operates (a slider, a spin box, a box, a
// button, a check box, a text field) counts, and those an assistive technology could not name are listed.
void checkNames(QAccessibleInterface *interface, int *controls, QStringList *unnamed, int depth = 0)
{
    static const QList<QAccessible::Role> kControlRoles { QAccessible::Slider, QAccessible::SpinBox,
        QAccessible::ComboBox, QAccessible::PushButton, QAccessible::CheckBox, QAccessible::RadioButton,
        QAccessible::EditableText };
    if (kControlRoles.contains(interface->role())) {
        ++*controls;
        if (interface->text(QAccessible::Name).trimmed().isEmpty())
            *unnamed << whoIs(interface);
    }
    if (depth > 40)
        return;
    for (int i = 0; i < interface->childCount(); ++i) {
        if (QAccessibleInterface *child = interface->child(i))
            checkNames(child, controls, unnamed, depth + 1);
    }
}

} // namespace

class TestControlPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void everyParameterHasAnEditorWithItsOption_data();
    void everyParameterHasAnEditorWithItsOption();
    void setConfigShowsValuesAndEmitsNothing();
    void failureRateSliderEmitsCanonicalRate_data();
    void failureRateSliderEmitsCanonicalRate();
    void failureRateSliderFollowsKeys();
    void delaySliderEmitsDelay();
    void delayAboveTheSliderSurvives();
    void valuesFinerThanTheirEditorSurvive();
    void choiceEmitsCanonicalChoice();
    void restartListAcceptsTypedList();
    void typingInASpinBoxEmitsOnce();
    void limitEmitsUnlimited();
    void flagAndSeed();
    void invalidCombinationEmitsNothingAndShowsWhy();
    void invalidCombinationResolvesInEitherOrder();
    void setConfigDropsPendingChanges();
    void runningDisablesExactlyTheNonLiveParameters_data();
    void runningDisablesExactlyTheNonLiveParameters();
    void choosingAScenarioEmitsItsConfig();
    void editingShowsTheCustomState();
    void rejectionFromTheEngineIsShown();
    void theControlsEditOneWorkersSpecOrAll();
    void quickSliderMovesEmitTheValueTheSliderRestsOn();
    void aDragEmitsOnceAfterItsRelease();
    void quickMovesDuringARunRecordOneConfigChangeWithTheLastValue();
    void longScenarioNamesShowWholeInTheListAndElidedWhenClosed();
    void everyControlHasAnAccessibleName();
    void slidersAreDescribedWithTheirUnitAndRange();

private:
    std::unique_ptr<ControlPanel> m_panel;
    template<typename T> T *editor(const QString &key) const
    {
        auto *widget = m_panel->findChild<T *>(key);
        if (!widget)
            qFatal("no editor for %s", qPrintable(key));
        return widget;
    }
};

void TestControlPanel::init()
{
    m_panel = std::make_unique<ControlPanel>();
    m_panel->resize(300, 900);
}

void TestControlPanel::everyParameterHasAnEditorWithItsOption_data()
{
    QTest::addColumn<QString>("key");
    for (const ParameterSpec &spec : parameterSpecs())
        QTest::newRow(qPrintable(spec.key)) << spec.key;
}

void TestControlPanel::everyParameterHasAnEditorWithItsOption()
{
    QFETCH(QString, key);
    const ParameterSpec *spec = findParameter(key);
    const QList<QWidget *> editors = m_panel->findChildren<QWidget *>(key);
    QCOMPARE(editors.size(), 1);
    const QString toolTip = editors.first()->toolTip();
    QVERIFY2(toolTip.contains(u"--"_s + spec->optionName()), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(spec->description.toHtmlEscaped()), qPrintable(toolTip));
}

void TestControlPanel::setConfigShowsValuesAndEmitsNothing()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    QSignalSpy chosen(m_panel.get(), &ControlPanel::scenarioChosen);
    const SupervisorConfig config = withSettings(SupervisorConfig(),
        { u"workers=3"_s, u"failure_rate=0.25"_s, u"delay=1200"_s, u"work_min=100"_s, u"work_max=300"_s,
            u"strategy=one-for-all"_s, u"restart=permanent,transient"_s, u"backoff_factor=1.5"_s, u"max_restarts=5"_s,
            u"seed=42"_s, u"virtual_time=true"_s, u"duration=90000"_s });
    m_panel->setConfig(config);

    QCOMPARE(edited.count(), 0);
    QCOMPARE(chosen.count(), 0);
    QCOMPARE(m_panel->config(), config);
    QCOMPARE(editor<QSlider>(u"failure_rate"_s)->value(), 25);
    QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), u"25 %"_s);
    QCOMPARE(editor<QSlider>(u"delay"_s)->value(), 1200);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"1200 ms"_s);
    QCOMPARE(editor<QSpinBox>(u"workers"_s)->value(), 3);
    QCOMPARE(editor<QDoubleSpinBox>(u"work_max"_s)->value(), 300.0);
    QCOMPARE(editor<QDoubleSpinBox>(u"duration"_s)->value(), 90000.0);
    QCOMPARE(editor<QDoubleSpinBox>(u"backoff_factor"_s)->value(), 1.5);
    QCOMPARE(editor<QComboBox>(u"strategy"_s)->currentText(), u"one-for-all"_s);
    QCOMPARE(editor<QComboBox>(u"restart"_s)->currentText(), u"permanent,transient"_s);
    QCOMPARE(editor<QSpinBox>(u"max_restarts"_s)->value(), 5);
    QCOMPARE(editor<QWidget>(u"seed"_s)->findChild<QLineEdit *>()->text(), u"42"_s);
    QVERIFY(editor<QCheckBox>(u"virtual_time"_s)->isChecked());

    m_panel->setConfig(SupervisorConfig());
    QCOMPARE(edited.count(), 0);
    QCOMPARE(editor<QSpinBox>(u"max_restarts"_s)->text(), u"unlimited"_s);
    QCOMPARE(m_panel->config(), SupervisorConfig());
}

void TestControlPanel::failureRateSliderEmitsCanonicalRate_data()
{
    QTest::addColumn<int>("percent");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("quarter") << 25 << u"0.25"_s << u"25 %"_s;
    QTest::newRow("seven") << 7 << u"0.07"_s << u"7 %"_s;
    QTest::newRow("never") << 0 << u"0"_s << u"0 %"_s;
    QTest::newRow("always") << 100 << u"1"_s << u"100 %"_s;
}

void TestControlPanel::failureRateSliderEmitsCanonicalRate()
{
    QFETCH(int, percent);
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    editor<QSlider>(u"failure_rate"_s)->setValue(percent);
    QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), shown); // at once; the edit once the slider rests
    QTRY_COMPARE_WITH_TIMEOUT(edited.count(), 1, kPatienceMs);
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"failure_rate"_s, text) });
    QCOMPARE(m_panel->config().valueText(u"failure_rate"_s), text);
    QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), shown);
}

void TestControlPanel::failureRateSliderFollowsKeys()
{
    m_panel->setConfig(withSettings(SupervisorConfig(), { u"failure_rate=0.24"_s }));
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *slider = editor<QSlider>(u"failure_rate"_s);
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_Right);
    QTest::keyClick(slider, Qt::Key_PageUp);
    QTest::keyClick(slider, Qt::Key_Left);
    QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), u"34 %"_s);
    // Three quick moves, one edit: the value the slider came to rest on.
    QVERIFY(edited.wait(kPatienceMs));
    QCOMPARE(editsOf(edited), (QList<Edit> { { u"failure_rate"_s, u"0.34"_s } }));
    QCOMPARE(m_panel->config().failureRate, 0.34);
}

void TestControlPanel::delaySliderEmitsDelay()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *slider = editor<QSlider>(u"delay"_s);
    QCOMPARE(slider->maximum(), 5000);
    slider->setValue(1230);
    QVERIFY(edited.wait(kPatienceMs));
    QTest::keyClick(slider, Qt::Key_Right);
    QTest::keyClick(slider, Qt::Key_PageUp);
    QVERIFY(edited.wait(kPatienceMs));
    QCOMPARE(editsOf(edited), (QList<Edit> { { u"delay"_s, u"1230"_s }, { u"delay"_s, u"1340"_s } }));
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"1340 ms"_s);
    QCOMPARE(m_panel->config().delayMs, 1340);
}

void TestControlPanel::delayAboveTheSliderSurvives()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    const SupervisorConfig config = withSettings(SupervisorConfig(), { u"delay=8000"_s });
    m_panel->setConfig(config);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"8000 ms"_s);
    QCOMPARE(editor<QSlider>(u"delay"_s)->value(), 5000);
    QCOMPARE(m_panel->config().delayMs, 8000);
    QCOMPARE(edited.count(), 0);

    // Another change, and Right at the pinned end, leave it as it is.
    editor<QSlider>(u"failure_rate"_s)->setValue(10);
    QTest::keyClick(editor<QSlider>(u"delay"_s), Qt::Key_Right);
    QVERIFY(edited.wait(kPatienceMs));
    m_panel->commitPendingEdits(); // nothing more waits
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"failure_rate"_s, u"0.1"_s) });
    QCOMPARE(m_panel->config().delayMs, 8000);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"8000 ms"_s);
}

void TestControlPanel::valuesFinerThanTheirEditorSurvive()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    const SupervisorConfig config
        = withSettings(SupervisorConfig(), { u"failure_rate=0.255"_s, u"backoff_factor=1.125"_s });
    m_panel->setConfig(config);
    QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), u"25.5 %"_s);
    QCOMPARE(editor<QDoubleSpinBox>(u"backoff_factor"_s)->value(), 1.13);
    QCOMPARE(edited.count(), 0);
    QCOMPARE(m_panel->config(), config);
}

void TestControlPanel::choiceEmitsCanonicalChoice()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    editor<QComboBox>(u"strategy"_s)->setCurrentIndex(2);
    editor<QComboBox>(u"jitter"_s)->setCurrentIndex(3);
    editor<QComboBox>(u"failure_mode"_s)->setCurrentIndex(1);
    QCOMPARE(editsOf(edited),
        (QList<Edit> { { u"strategy"_s, u"rest-for-one"_s }, { u"jitter"_s, u"decorrelated"_s },
            { u"failure_mode"_s, u"exception"_s } }));
    QCOMPARE(m_panel->config().strategy, Strategy::RestForOne);
    QCOMPARE(m_panel->config().jitter, Jitter::Decorrelated);
}

void TestControlPanel::restartListAcceptsTypedList()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *comboBox = editor<QComboBox>(u"restart"_s);
    comboBox->lineEdit()->setText(u"permanent , transient"_s);
    QTest::keyClick(comboBox->lineEdit(), Qt::Key_Return);
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"restart"_s, u"permanent,transient"_s) });
    QCOMPARE(comboBox->currentText(), u"permanent,transient"_s);

    comboBox->lineEdit()->setText(u"permanent,sometimes"_s);
    QTest::keyClick(comboBox->lineEdit(), Qt::Key_Return);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(visibleErrors(*m_panel).size(), 1);
    QVERIFY2(visibleErrors(*m_panel).first().contains(u"sometimes"_s), qPrintable(visibleErrors(*m_panel).first()));
    QCOMPARE(m_panel->config().valueText(u"restart"_s), u"permanent,transient"_s);

    emit comboBox->textActivated(u"temporary"_s);
    QCOMPARE(editsOf(edited).last(), Edit(u"restart"_s, u"temporary"_s));
    QVERIFY(visibleErrors(*m_panel).isEmpty());
}

void TestControlPanel::typingInASpinBoxEmitsOnce()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *spinBox = editor<QDoubleSpinBox>(u"within"_s);
    spinBox->selectAll();
    QTest::keyClicks(spinBox, u"1500"_s);
    QCOMPARE(edited.count(), 0);
    QTest::keyClick(spinBox, Qt::Key_Return);
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"within"_s, u"1500"_s) });
}

void TestControlPanel::limitEmitsUnlimited()
{
    m_panel->setConfig(withSettings(SupervisorConfig(), { u"max_restarts=1"_s }));
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *spinBox = editor<QSpinBox>(u"max_restarts"_s);
    spinBox->stepDown();
    spinBox->stepDown();
    spinBox->stepUp();
    QCOMPARE(editsOf(edited),
        (QList<Edit> {
            { u"max_restarts"_s, u"0"_s }, { u"max_restarts"_s, u"unlimited"_s }, { u"max_restarts"_s, u"0"_s } }));
}

void TestControlPanel::flagAndSeed()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    editor<QCheckBox>(u"virtual_time"_s)->setChecked(true);
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"virtual_time"_s, u"true"_s) });

    auto *seed = editor<QWidget>(u"seed"_s);
    auto *lineEdit = seed->findChild<QLineEdit *>();
    QString tooLarge = u"9007199254740992"_s; // 2^53
    int position = 0;
    QCOMPARE(lineEdit->validator()->validate(tooLarge, position), QValidator::Invalid);
    QString largest = QString::number(SupervisorConfig::kMaxSeed);
    QCOMPARE(lineEdit->validator()->validate(largest, position), QValidator::Acceptable);
    QString negative = u"-1"_s;
    QCOMPARE(lineEdit->validator()->validate(negative, position), QValidator::Invalid);

    lineEdit->setText(u"0042"_s);
    QTest::keyClick(lineEdit, Qt::Key_Return);
    QCOMPARE(editsOf(edited).last(), Edit(u"seed"_s, u"42"_s));
    QCOMPARE(lineEdit->text(), u"42"_s);

    seed->findChild<QToolButton *>()->click();
    QCOMPARE(edited.count(), 3);
    QCOMPARE(editsOf(edited).last().first, u"seed"_s);
    QCOMPARE(editsOf(edited).last().second, QString::number(m_panel->config().seed));
}

void TestControlPanel::invalidCombinationEmitsNothingAndShowsWhy()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *workMin = editor<QDoubleSpinBox>(u"work_min"_s);
    workMin->setValue(2000); // above work_max 1600
    QCOMPARE(edited.count(), 0);
    QCOMPARE(m_panel->config().workMinMs, 400);
    QCOMPARE(workMin->value(), 2000.0);
    const QStringList errors = visibleErrors(*m_panel);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(u"work_min"_s), qPrintable(errors.first()));

    // Back to an acceptable value: nothing to emit (it is the value in effect), and the message goes.
    workMin->setValue(400);
    QCOMPARE(edited.count(), 0);
    QVERIFY(visibleErrors(*m_panel).isEmpty());
}

void TestControlPanel::invalidCombinationResolvesInEitherOrder()
{
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    editor<QDoubleSpinBox>(u"work_min"_s)->setValue(2000);
    editor<QSlider>(u"failure_rate"_s)->setValue(30); // unrelated changes still go through
    QVERIFY(edited.wait(kPatienceMs)); // once the slider rests
    editor<QDoubleSpinBox>(u"work_max"_s)->setValue(3000);
    // In an order in which each change is acceptable on its own, as the engine applies them one by one.
    QCOMPARE(editsOf(edited),
        (QList<Edit> { { u"failure_rate"_s, u"0.3"_s }, { u"work_max"_s, u"3000"_s }, { u"work_min"_s, u"2000"_s } }));
    QCOMPARE(m_panel->config().workMinMs, 2000);
    QCOMPARE(m_panel->config().workMaxMs, 3000);
    QVERIFY(visibleErrors(*m_panel).isEmpty());
    QCOMPARE(m_panel->config().validate(), QString());
}

void TestControlPanel::setConfigDropsPendingChanges()
{
    editor<QDoubleSpinBox>(u"work_min"_s)->setValue(2000);
    QCOMPARE(visibleErrors(*m_panel).size(), 1);
    m_panel->setConfig(SupervisorConfig());
    QVERIFY(visibleErrors(*m_panel).isEmpty());
    QCOMPARE(editor<QDoubleSpinBox>(u"work_min"_s)->value(), 400.0);

    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    editor<QDoubleSpinBox>(u"work_max"_s)->setValue(3000);
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"work_max"_s, u"3000"_s) });
}

void TestControlPanel::runningDisablesExactlyTheNonLiveParameters_data()
{
    everyParameterHasAnEditorWithItsOption_data();
}

void TestControlPanel::runningDisablesExactlyTheNonLiveParameters()
{
    QFETCH(QString, key);
    const ParameterSpec *spec = findParameter(key);
    auto *widget = editor<QWidget>(key);
    QVERIFY(widget->isEnabled());

    m_panel->setRunning(true);
    QCOMPARE(widget->isEnabled(), spec->live);
    QCOMPARE(widget->toolTip().contains(u"next run"_s), !spec->live);
    QVERIFY(widget->toolTip().contains(u"--"_s + spec->optionName()));

    m_panel->setRunning(false);
    QVERIFY(widget->isEnabled());
    QVERIFY(!widget->toolTip().contains(u"next run"_s));
}

void TestControlPanel::choosingAScenarioEmitsItsConfig()
{
    const QList<Scenario> &scenarios = ScenarioCatalog::builtIn();
    QVERIFY(scenarios.size() >= 2);
    QSignalSpy chosen(m_panel.get(), &ControlPanel::scenarioChosen);
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    m_panel->setScenarioName(scenarios.at(0).name);
    auto *comboBox = editor<QComboBox>(u"scenario"_s);
    QCOMPARE(comboBox->currentIndex(), 0);
    QCOMPARE(chosen.count(), 0);

    QTest::keyClick(comboBox, Qt::Key_Down);
    QCOMPARE(chosen.count(), 1);
    const auto scenario = chosen.first().first().value<Scenario>();
    QCOMPARE(scenario.name, scenarios.at(1).name);
    QCOMPARE(scenario.config, scenarios.at(1).config);
    QCOMPARE(m_panel->scenarioName(), scenarios.at(1).name);
    QCOMPARE(m_panel->findChild<QLabel *>(u"scenarioGoal"_s)->text(), scenarios.at(1).goal);
    QCOMPARE(edited.count(), 0);

    // The custom entry is shown, never chosen.
    QTest::keyClick(comboBox, Qt::Key_End);
    QCOMPARE(chosen.last().first().value<Scenario>().name, scenarios.last().name);
    QTest::keyClick(comboBox, Qt::Key_Down);
    QCOMPARE(chosen.count(), 2);
}

void TestControlPanel::editingShowsTheCustomState()
{
    m_panel->setScenarioName(u"seed"_s);
    QCOMPARE(m_panel->scenarioName(), u"seed"_s);
    editor<QSpinBox>(u"workers"_s)->setValue(2);
    QCOMPARE(m_panel->scenarioName(), QString());
    QCOMPARE(editor<QComboBox>(u"scenario"_s)->currentText(), u"Custom settings"_s);
    QVERIFY(m_panel->findChild<QLabel *>(u"scenarioGoal"_s)->text().contains(ScenarioCatalog::find(u"seed"_s)->title));

    m_panel->setScenarioName(u"my-own"_s);
    QCOMPARE(m_panel->scenarioName(), u"my-own"_s);
    QCOMPARE(editor<QComboBox>(u"scenario"_s)->currentText(), u"my-own"_s);

    m_panel->setScenario(Scenario());
    QCOMPARE(m_panel->scenarioName(), QString());
    QCOMPARE(editor<QComboBox>(u"scenario"_s)->currentText(), u"Custom settings"_s);
}

void TestControlPanel::rejectionFromTheEngineIsShown()
{
    m_panel->showRejection(u"workers"_s, u"workers cannot change during a run"_s);
    QCOMPARE(visibleErrors(*m_panel), QStringList { u"Workers: workers cannot change during a run"_s });
    m_panel->setConfig(SupervisorConfig());
    QVERIFY(visibleErrors(*m_panel).isEmpty());
    m_panel->showRejection(u"delay"_s, u"delay: max_delay (100 ms) is below delay (500 ms)"_s);
    QCOMPARE(visibleErrors(*m_panel), QStringList { u"delay: max_delay (100 ms) is below delay (500 ms)"_s });
}

void TestControlPanel::theControlsEditOneWorkersSpecOrAll()
{
    SupervisorConfig config;
    config.workers = 3;
    QCOMPARE(config.setWorkerValue(2, u"delay"_s, u"3000"_s), QString()); // worker 2 has its own delay
    m_panel->setConfig(config);
    auto *target = m_panel->findChild<QComboBox *>(u"targetWorker"_s);
    QVERIFY(target);
    QCOMPARE(target->count(), 4); // all workers, then each of the three
    QCOMPARE(target->itemText(3), u"worker-2"_s);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"500 ms"_s); // the value for all

    // One worker: the controls show its own spec, and a move changes it alone.
    QSignalSpy forAll(m_panel.get(), &ControlPanel::parameterEdited);
    QSignalSpy forOne(m_panel.get(), &ControlPanel::workerParameterEdited);
    m_panel->setTargetWorker(2);
    QCOMPARE(target->currentIndex(), 3);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"3000 ms"_s);
    editor<QSlider>(u"delay"_s)->setValue(1200);
    QVERIFY(forOne.wait(kPatienceMs));
    QCOMPARE(forAll.count(), 0);
    QCOMPARE(forOne.count(), 1);
    QCOMPARE(forOne.first().at(0).toInt(), 2);
    QCOMPARE(forOne.first().at(1).toString(), u"delay"_s);
    QCOMPARE(forOne.first().at(2).toString(), u"1200"_s);
    QCOMPARE(m_panel->config().forWorker(2).delayMs, 1200);
    QCOMPARE(m_panel->config().forWorker(0).delayMs, 500);

    // A supervisor parameter is everyone's even then.
    editor<QComboBox>(u"strategy"_s)->setCurrentIndex(1);
    QCOMPARE(forAll.count(), 1);
    QCOMPARE(forAll.first().at(0).toString(), u"strategy"_s);

    // Back to all workers: the value for all again.
    m_panel->setTargetWorker(-1);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"500 ms"_s);
}

void TestControlPanel::quickSliderMovesEmitTheValueTheSliderRestsOn()
{
    m_panel->setConfig(withSettings(SupervisorConfig(), { u"delay=500"_s }));
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *slider = editor<QSlider>(u"delay"_s);
    // Moves that come quicker than the slider settles: a wheel or keys held down, clicks on the groove.
    for (const int ms : { 600, 900, 1500, 1450, 2000 })
        slider->setValue(ms);
    QTest::keyClick(slider, Qt::Key_PageDown);
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->text(), u"1900 ms"_s);
    QCOMPARE(edited.count(), 0);
    QVERIFY(edited.wait(kPatienceMs));
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"delay"_s, u"1900"_s) });
    QCOMPARE(m_panel->config().delayMs, 1900);

    // The next move is emitted when the slider rests again; leaving the slider is resting too.
    slider->setValue(700);
    QCOMPARE(edited.count(), 1); // not at once
    m_panel->commitPendingEdits();
    QCOMPARE(editsOf(edited).last(), Edit(u"delay"_s, u"700"_s));
    QCOMPARE(edited.count(), 2);

    // A config shown meanwhile replaces a move not yet emitted.
    slider->setValue(3000);
    m_panel->setConfig(withSettings(SupervisorConfig(), { u"delay=800"_s }));
    m_panel->commitPendingEdits();
    QCOMPARE(edited.count(), 2);
    QCOMPARE(slider->value(), 800);
}

void TestControlPanel::aDragEmitsOnceAfterItsRelease()
{
    m_panel->setConfig(withSettings(SupervisorConfig(), { u"failure_rate=0.6"_s }));
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QSignalSpy edited(m_panel.get(), &ControlPanel::parameterEdited);
    auto *slider = editor<QSlider>(u"failure_rate"_s);
    // What a drag does to the slider: down, the handle moved through values, up.
    slider->setSliderDown(true);
    for (const int percent : { 55, 40, 20, 10, 12 }) {
        slider->setSliderPosition(percent);
        QCOMPARE(editor<QLabel>(u"failure_rate_value"_s)->text(), u"%1 %"_s.arg(percent)); // the label follows
    }
    QTest::qWait(ParameterEditor::kSettleMs * 2); // a pause in the drag is no rest: the slider is held
    QCOMPARE(edited.count(), 0);
    slider->setSliderDown(false);
    QVERIFY(edited.wait(kPatienceMs));
    QCOMPARE(editsOf(edited), QList<Edit> { Edit(u"failure_rate"_s, u"0.12"_s) });
    QCOMPARE(m_panel->config().failureRate, 0.12);
}

// The issue: several quick moves of a slider during a run left one config_changed marker, with the first value. Each
// move was recorded, close together; the timeline shows one marker where they overlap, the first. Now the value the
// slider rests on is the one recorded and shown.
void TestControlPanel::quickMovesDuringARunRecordOneConfigChangeWithTheLastValue()
{
    RunController controller;
    connect(m_panel.get(), &ControlPanel::parameterEdited, &controller, &RunController::setParameter);
    controller.setConfig(withSettings(SupervisorConfig(),
        { u"workers=1"_s, u"failure_rate=0"_s, u"work_min=60000"_s, u"work_max=60000"_s, u"duration=0"_s,
            u"seed=5"_s }));
    m_panel->setConfig(controller.config());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    controller.start();
    const auto log = controller.log();
    QTRY_VERIFY_WITH_TIMEOUT(log->count(EventKind::WorkerStarted) == 1, kPatienceMs);

    auto *slider = editor<QSlider>(u"failure_rate"_s);
    slider->setFocus();
    slider->setValue(20);
    QTest::keyClick(slider, Qt::Key_PageUp); // 30
    QTest::keyClick(slider, Qt::Key_Right); // 31
    slider->setValue(45);
    QTest::keyClick(slider, Qt::Key_Left); // 44
    QTRY_VERIFY_WITH_TIMEOUT(log->count(EventKind::ConfigChanged) >= 1, kPatienceMs);
    controller.stop();
    QTRY_COMPARE_WITH_TIMEOUT(controller.state(), RunController::State::Finished, kPatienceMs);

    QList<LifecycleEvent> changes;
    for (qsizetype i = 0; i < log->size(); ++i) {
        if (log->at(i).kind == EventKind::ConfigChanged)
            changes << log->at(i);
    }
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().key, u"failure_rate"_s);
    QCOMPARE(changes.first().value, u"0.44"_s);
    QCOMPARE(controller.config().failureRate, 0.44);

    TimelineModel model;
    model.setLog(log);
    model.refresh();
    const TimelineLane &supervisor = model.lane(0);
    QStringList markers;
    for (std::size_t i = 0; i < supervisor.marks.size(); ++i) {
        const TimelineMark &mark = supervisor.marks[i];
        if (mark.kind == EventKind::ConfigChanged)
            markers << model.event(mark.event).key + u'=' + model.event(mark.event).value;
    }
    QCOMPARE(markers, QStringList { u"failure_rate=0.44"_s });
}

void TestControlPanel::longScenarioNamesShowWholeInTheListAndElidedWhenClosed()
{
    Scenario longOne;
    longOne.name = u"long"_s;
    longOne.title = u"A scenario whose title is far longer than the narrow chooser of the controls can show"_s;
    m_panel->resize(260, 700);
    m_panel->setScenario(longOne);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    auto *box = editor<QComboBox>(u"scenario"_s);
    QCOMPARE(box->currentText(), longOne.title);

    // Closed: elided, with the whole title in the tooltip.
    const QString shown = m_panel->shownScenarioText();
    QVERIFY2(shown.endsWith(u"…"_s) && shown.size() < longOne.title.size(), qPrintable(shown));
    QVERIFY(longOne.title.startsWith(shown.chopped(1)));
    QVERIFY2(box->toolTip().contains(longOne.title.toHtmlEscaped()), qPrintable(box->toolTip()));

    // Open: every title whole, the built-in ones and this one.
    box->showPopup();
    QAbstractItemView *list = box->view();
    QTRY_VERIFY_WITH_TIMEOUT(list->isVisible(), kPatienceMs);
    for (int row = 0; row < box->count(); ++row) {
        const QModelIndex index = box->model()->index(row, 0);
        const int needed = list->fontMetrics().horizontalAdvance(box->itemText(row));
        QVERIFY2(list->visualRect(index).width() >= needed,
            qPrintable(u"%1: %2 < %3"_s.arg(box->itemText(row)).arg(list->visualRect(index).width()).arg(needed)));
    }
    QVERIFY(list->viewport()->width() > box->width());
    box->hidePopup();

    // A title that fits is shown as it is.
    m_panel->resize(900, 700);
    m_panel->setScenarioName(u"seed"_s);
    QTRY_VERIFY_WITH_TIMEOUT(box->width() > 400, kPatienceMs);
    QCOMPARE(m_panel->shownScenarioText(), ScenarioCatalog::find(u"seed"_s)->title);
    QVERIFY(box->toolTip().contains(ScenarioCatalog::find(u"seed"_s)->title.toHtmlEscaped()));
}

void TestControlPanel::everyControlHasAnAccessibleName()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QAccessibleInterface *panel = QAccessible::queryAccessibleInterface(m_panel.get());
    QVERIFY(panel);
    int controls = 0;
    QStringList unnamed;
    checkNames(panel, &controls, &unnamed);
    QVERIFY2(unnamed.isEmpty(), qPrintable(u"controls without an accessible name: "_s + unnamed.join(u", "_s)));
    QVERIFY2(controls >= parameterSpecs().size(), qPrintable(QString::number(controls))); // the walk reached them

    // The walk finds a control nobody named.
    auto *stray = new QSlider(m_panel.get());
    stray->setObjectName(u"strayControl"_s);
    stray->show();
    controls = 0;
    unnamed.clear();
    checkNames(panel, &controls, &unnamed);
    QCOMPARE(unnamed, QStringList { u"strayControl"_s });
}

void TestControlPanel::slidersAreDescribedWithTheirUnitAndRange()
{
    auto *rate = editor<QSlider>(u"failure_rate"_s);
    QCOMPARE(rate->accessibleName(), u"Failure rate"_s);
    QVERIFY2(rate->accessibleDescription().contains(u"In percent, from 0 to 100"_s),
        qPrintable(rate->accessibleDescription()));
    auto *delay = editor<QSlider>(u"delay"_s);
    QCOMPARE(delay->accessibleName(), u"Restart delay"_s);
    QVERIFY2(delay->accessibleDescription().contains(u"In milliseconds"_s), qPrintable(delay->accessibleDescription()));
    QCOMPARE(editor<QLabel>(u"delay_value"_s)->accessibleName(), u"Restart delay, value"_s);
    QCOMPARE(editor<QSpinBox>(u"workers"_s)->accessibleName(), u"Workers"_s);
    QCOMPARE(editor<QToolButton>(u"seed_new"_s)->accessibleName(), u"New seed"_s);
}

QTEST_MAIN(TestControlPanel)
#include "tst_controlpanel.moc"
