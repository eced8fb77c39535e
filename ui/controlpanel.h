#pragma once

#include "io/scenario.h"
#include "policy/supervisorconfig.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <utility>

class QComboBox;
class QLabel;

namespace SupervisorLab {

class ParameterEditor;

// The parameters of a run, built from parameterSpecs() so that a new parameter gets its control without code
// here: the failure rate and the restart delay as large sliders on top, the scenario chooser under them, then
// every other parameter in groups inside a scroll area (keys no group names go to "Other"). Values go in and
// come out only as SupervisorConfig::setValue() / valueText() texts. Each editor is named after its key, the
// slider value labels key + "_value", the scenario box "scenario", the error labels "parameterError".
//
// A user's change the config refuses (a value setValue() rejects, or a broken rule of validate() such as
// work_min above work_max) is neither emitted nor reverted: it stays in its editor, tinted, with the reason
// under its group, and is applied and emitted as soon as a later change makes it acceptable. So work_min and
// work_max can be raised together in either order, and the changes are emitted in an order in which each one
// is acceptable on its own, as the engine checks them. setConfig() drops such pending changes.
class ControlPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ControlPanel(QWidget *parent = nullptr);

    // Shows `config` and emits nothing; clears pending changes and messages.
    void setConfig(const SupervisorConfig &config);
    // The worker whose own spec the controls show and edit; -1: all workers.
    void setTargetWorker(int worker);
    int targetWorker() const { return m_target; }
    SupervisorConfig config() const { return m_config; }

    // While running, parameters that cannot change during a run (spec.live == false) are disabled.
    void setRunning(bool running);
    bool isRunning() const { return m_running; }

    // Shows which scenario is loaded. A name that is not built in shows as a custom state under that name.
    void setScenarioName(const QString &name);
    // Also for scenarios from files: shows their title and goal.
    void setScenario(const Scenario &scenario);
    // The loaded scenario's name; empty once the user has edited a parameter.
    QString scenarioName() const { return m_scenarioName; }

    // The scenario chooser's text as it is drawn when closed: the scenario's whole title if it fits, else elided with
    // "…" (its tooltip has the whole title). Its list shows every title whole.
    QString shownScenarioText() const;
    // Emits now the slider moves that wait for the slider to come to rest (ParameterEditor::kSettleMs).
    void commitPendingEdits();

    // Loads a scenario file (a .json as ScenarioCatalog::load reads it) as a choice of the user: scenarioChosen().
    // A file that cannot be loaded changes nothing: false, and `error` names the file and what is wrong with it.
    bool openScenarioFile(const QString &path, QString *error);
    // Saves the parameters shown as a scenario file (Scenario::save), with the loaded scenario's texts if they were
    // not edited since; the name is the file's. False, with `error` naming the file, if it cannot be written.
    bool saveScenarioFile(const QString &path, QString *error);

    // Shows an error the engine reported for `key` under that parameter's group, until the next edit. To also
    // show the value that is in effect, call setConfig() with the engine's config first: it clears messages.
    void showRejection(const QString &key, const QString &error);

signals:
    // Once per accepted user change, with the canonical text (SupervisorConfig::valueText).
    void parameterEdited(const QString &key, const QString &valueText);
    // A worker key changed for that worker alone (the Edit chooser names it).
    void workerParameterEdited(int worker, const QString &key, const QString &valueText);
    // The user picked a built-in scenario; loading its config is up to the receiver.
    void scenarioChosen(const SupervisorLab::Scenario &scenario);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createHeadline();
    QWidget *createScenarioChooser();
    QWidget *createGroups();
    ParameterEditor *editorOf(const QString &key) const;
    QString labelOf(const QString &key) const;
    void userEdited(const QString &key, const QString &text);
    QString pendingError(const QString &key, const QString &text) const;
    void showMessages(const QHash<QString, QStringList> &messagesByKey);
    void scenarioActivated(int index);
    void showCustomState();
    // The chooser's list as wide as its longest title, and the closed box's tooltip naming the scenario whole.
    void fitScenarioChooser();
    void colourErrorLabels();

    SupervisorConfig m_config;
    QList<ParameterEditor *> m_editors;
    QHash<QString, QLabel *> m_errorLabelOfKey;
    QList<QLabel *> m_errorLabels;
    QList<std::pair<QString, QString>> m_pending; // (key, text) in the order the user made them
    QComboBox *m_scenarioBox = nullptr;
    QLabel *m_goalLabel = nullptr;
    int m_customIndex = -1;
    QString m_scenarioName;
    QString m_scenarioTitle;
    Scenario m_scenario; // the one loaded last, for its texts
    bool m_running = false;
    void fillTargets();
    bool isTargeted(const QString &key) const;
    QString shownValue(const QString &key) const;
    QString applyTo(SupervisorConfig &config, const QString &key, const QString &text) const;
    QComboBox *m_targetBox = nullptr;
    int m_target = -1;
};

} // namespace SupervisorLab
