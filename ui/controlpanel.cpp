#include "controlpanel.h"

#include "io/scenariocatalog.h"
#include "parametereditor.h"
#include "policy/parameterspec.h"
#include "statecolors.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSet>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

struct Headline
{
    QString key;
    const char *label; // translated where shown
    ParameterEditor::SliderRange range;
};

const QList<Headline> &headlines()
{
    static const QList<Headline> list {
        { u"failure_rate"_s, QT_TRANSLATE_NOOP("ControlPanel", "Failure rate"),
            { .maximum = 100, .singleStep = 1, .pageStep = 10 } },
        { u"delay"_s, QT_TRANSLATE_NOOP("ControlPanel", "Restart delay"),
            { .maximum = 5000, .singleStep = 10, .pageStep = 100 } },
    };
    return list;
}

struct Group
{
    const char *title; // a QGroupBox title: "&&" shows an ampersand; translated where shown
    const char *caption; // translated where shown; nullptr for none
    QStringList keys;
};

const QList<Group> &groups()
{
    static const QList<Group> list {
        { QT_TRANSLATE_NOOP("ControlPanel", "Workers && work"), nullptr,
            { u"workers"_s, u"work_min"_s, u"work_max"_s, u"failure_mode"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Restart policy"), nullptr, { u"strategy"_s, u"restart"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Backoff"), nullptr,
            { u"backoff"_s, u"backoff_factor"_s, u"max_delay"_s, u"jitter"_s, u"reset_after"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Restart intensity"),
            QT_TRANSLATE_NOOP("ControlPanel",
                "At most R restarts in T ms: one more and the supervisor stops every worker and gives up."),
            { u"max_restarts"_s, u"within"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Health && shutdown"), nullptr,
            { u"heartbeat_timeout"_s, u"shutdown_timeout"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Circuit breaker"),
            QT_TRANSLATE_NOOP("ControlPanel",
                "K failures within the window open the circuit: no restarts during the cooldown, then one trial."),
            { u"breaker_threshold"_s, u"breaker_window"_s, u"breaker_cooldown"_s } },
        { QT_TRANSLATE_NOOP("ControlPanel", "Run"), nullptr, { u"duration"_s, u"seed"_s, u"virtual_time"_s } },
    };
    return list;
}

// The label of each parameter, translated where shown.
const QHash<QString, const char *> &labels()
{
    static const QHash<QString, const char *> hash {
        { u"workers"_s, QT_TRANSLATE_NOOP("ControlPanel", "Workers") },
        { u"work_min"_s, QT_TRANSLATE_NOOP("ControlPanel", "Work time, min") },
        { u"work_max"_s, QT_TRANSLATE_NOOP("ControlPanel", "Work time, max") },
        { u"failure_mode"_s, QT_TRANSLATE_NOOP("ControlPanel", "Failure mode") },
        { u"strategy"_s, QT_TRANSLATE_NOOP("ControlPanel", "Strategy") },
        { u"restart"_s, QT_TRANSLATE_NOOP("ControlPanel", "Restart type") },
        { u"backoff"_s, QT_TRANSLATE_NOOP("ControlPanel", "Delay model") },
        { u"backoff_factor"_s, QT_TRANSLATE_NOOP("ControlPanel", "Factor") },
        { u"max_delay"_s, QT_TRANSLATE_NOOP("ControlPanel", "Max delay") },
        { u"jitter"_s, QT_TRANSLATE_NOOP("ControlPanel", "Jitter") },
        { u"reset_after"_s, QT_TRANSLATE_NOOP("ControlPanel", "Reset after") },
        { u"max_restarts"_s, QT_TRANSLATE_NOOP("ControlPanel", "R, restarts") },
        { u"within"_s, QT_TRANSLATE_NOOP("ControlPanel", "T, within") },
        { u"heartbeat_timeout"_s, QT_TRANSLATE_NOOP("ControlPanel", "Heartbeat timeout") },
        { u"shutdown_timeout"_s, QT_TRANSLATE_NOOP("ControlPanel", "Shutdown timeout") },
        { u"breaker_threshold"_s, QT_TRANSLATE_NOOP("ControlPanel", "K, failures") },
        { u"breaker_window"_s, QT_TRANSLATE_NOOP("ControlPanel", "Window") },
        { u"breaker_cooldown"_s, QT_TRANSLATE_NOOP("ControlPanel", "Cooldown") },
        { u"duration"_s, QT_TRANSLATE_NOOP("ControlPanel", "Duration") },
        { u"seed"_s, QT_TRANSLATE_NOOP("ControlPanel", "Seed") },
        { u"virtual_time"_s, QT_TRANSLATE_NOOP("ControlPanel", "Virtual time") },
    };
    return hash;
}

QString customText()
{
    return QCoreApplication::translate("ControlPanel", "Custom settings");
}

QFont headlineFont(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 1.15);
    font.setBold(true);
    return font;
}

// "Workers: workers cannot change during a run": a parameter's label and what is wrong with its value.
QString problemText(const QString &label, const QString &problem)
{
    //: %1 is a parameter's label, %2 what is wrong with the value given to it
    return QCoreApplication::translate("ControlPanel", "%1: %2").arg(label, problem);
}

QLabel *createErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(u"parameterError"_s);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    return label;
}

// A combo box that draws its current text elided ("One flaky worker, restar…") when the box is narrower than the
// text, rather than cut at the frame. The list it pops up is sized by fitScenarioChooser().
class ElidingComboBox : public QComboBox
{
public:
    using QComboBox::QComboBox;

    QString shownText() const
    {
        QStyleOptionComboBox option;
        initStyleOption(&option);
        const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, this);
        // CE_ComboBoxLabel draws the text one pixel in from each side of the field.
        return fontMetrics().elidedText(currentText(), Qt::ElideRight, std::max(0, field.width() - 2));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QStylePainter painter(this);
        painter.setPen(palette().color(QPalette::Text));
        QStyleOptionComboBox option;
        initStyleOption(&option);
        painter.drawComplexControl(QStyle::CC_ComboBox, option);
        option.currentText = shownText();
        painter.drawControl(QStyle::CE_ComboBoxLabel, option);
    }
};

} // namespace

ControlPanel::ControlPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createHeadline());
    layout->addWidget(createScenarioChooser());
    layout->addWidget(createGroups(), 1);
    colourErrorLabels();
    setConfig(SupervisorConfig());
}

QWidget *ControlPanel::createHeadline()
{
    auto *box = new QWidget(this);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    auto *errorLabel = createErrorLabel(box);
    m_errorLabels << errorLabel;
    int row = 0;
    for (const Headline &headline : headlines()) {
        const ParameterSpec *spec = findParameter(headline.key);
        if (!spec)
            continue;
        auto *editor = new ParameterEditor(*spec, tr(headline.label), headline.range, box);
        editor->label()->setFont(headlineFont(editor->label()->font()));
        editor->valueLabel()->setFont(headlineFont(editor->valueLabel()->font()));
        grid->addWidget(editor->label(), row, 0);
        grid->addWidget(editor->valueLabel(), row, 1);
        grid->addWidget(editor->editor(), row + 1, 0, 1, 2);
        row += 2;
        m_editors << editor;
        m_errorLabelOfKey.insert(spec->key, errorLabel);
        connect(editor, &ParameterEditor::edited, this,
            [this, key = spec->key](const QString &text) { userEdited(key, text); });
    }
    grid->addWidget(errorLabel, row, 0, 1, 2);
    return box;
}

QWidget *ControlPanel::createScenarioChooser()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *title = new QLabel(tr("Scenario"), box);
    title->setFont(headlineFont(title->font()));
    m_scenarioBox = new ElidingComboBox(box);
    m_scenarioBox->setObjectName(u"scenario"_s);
    m_scenarioBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scenarioBox->setMinimumContentsLength(16);
    m_scenarioBox->view()->setTextElideMode(Qt::ElideNone);
    m_scenarioBox->setAccessibleName(tr("Scenario"));
    m_scenarioBox->setAccessibleDescription(tr("Loads a preset's parameters and goal, and starts over"));
    title->setBuddy(m_scenarioBox);
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        m_scenarioBox->addItem(scenario.title, scenario.name);
        m_scenarioBox->setItemData(m_scenarioBox->count() - 1,
            u"<p>%1</p><p>%2</p>"_s.arg(scenario.description.toHtmlEscaped(),
                //: %1 is the option that loads the scenario (--scenario NAME), not translated
                tr("Command line: %1").arg(u"<code>--scenario "_s + scenario.name.toHtmlEscaped() + u"</code>"_s)),
            Qt::ToolTipRole);
    }
    // The custom state is shown by the box but is not a choice: picking it would load nothing.
    m_customIndex = m_scenarioBox->count();
    m_scenarioBox->addItem(customText());
    if (auto *model = qobject_cast<QStandardItemModel *>(m_scenarioBox->model()))
        model->item(m_customIndex)->setEnabled(false);
    m_goalLabel = new QLabel(box);
    m_goalLabel->setObjectName(u"scenarioGoal"_s);
    m_goalLabel->setWordWrap(true);
    m_goalLabel->setTextFormat(Qt::PlainText);
    m_goalLabel->setAccessibleName(tr("Scenario goal"));
    layout->addWidget(title);
    layout->addWidget(m_scenarioBox);
    layout->addWidget(m_goalLabel);

    // Whose parameters the controls below show and change: every worker's, or one worker's own spec.
    auto *targetRow = new QHBoxLayout;
    auto *targetLabel = new QLabel(tr("&Edit:"), box);
    m_targetBox = new QComboBox(box);
    m_targetBox->setObjectName(u"targetWorker"_s);
    m_targetBox->setAccessibleName(tr("Workers the controls edit"));
    const QString targetText = tr("Whose parameters the controls show and change: all workers at once, or one "
                                  "worker's own spec (its workload, timeouts, delays and breaker). Run parameters "
                                  "and the supervisor's (strategy, restart intensity) are the same for all.");
    m_targetBox->setToolTip(u"<p>"_s + targetText.toHtmlEscaped() + u"</p>"_s);
    m_targetBox->setAccessibleDescription(targetText);
    m_targetBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_targetBox->setMinimumContentsLength(12);
    targetLabel->setBuddy(m_targetBox);
    targetRow->addWidget(targetLabel);
    targetRow->addWidget(m_targetBox, 1);
    layout->addLayout(targetRow);
    connect(m_targetBox, &QComboBox::activated, this, [this](int index) { setTargetWorker(index - 1); });
    connect(m_scenarioBox, &QComboBox::activated, this, &ControlPanel::scenarioActivated);
    connect(m_scenarioBox, &QComboBox::currentIndexChanged, this, &ControlPanel::fitScenarioChooser);
    m_scenarioBox->setCurrentIndex(m_customIndex);
    m_goalLabel->setText(tr("Choose a scenario to load its parameters and its goal."));
    fitScenarioChooser();
    return box;
}

QWidget *ControlPanel::createGroups()
{
    auto *scrollArea = new QScrollArea(this);
    scrollArea->setAccessibleName(tr("Parameters"));
    scrollArea->setAccessibleDescription(tr("Every parameter of a run, in groups"));
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Otherwise an error message that makes the content taller takes width away and rows jump as they re-wrap.
    scrollArea->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    auto *content = new QWidget(scrollArea);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);

    QSet<QString> placed;
    for (const Headline &headline : headlines())
        placed << headline.key;
    QList<Group> all;
    for (const Group &group : groups()) {
        Group present = group;
        present.keys.clear();
        for (const QString &key : group.keys) {
            if (findParameter(key)) {
                present.keys << key;
                placed << key;
            }
        }
        all << present;
    }
    Group other { QT_TRANSLATE_NOOP("ControlPanel", "Other"), nullptr, {} };
    for (const ParameterSpec &spec : parameterSpecs()) {
        if (!placed.contains(spec.key))
            other.keys << spec.key;
    }
    all << other;

    for (const Group &group : std::as_const(all)) {
        if (group.keys.isEmpty())
            continue;
        auto *box = new QGroupBox(tr(group.title), content);
        auto *form = new QFormLayout(box);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        if (group.caption) {
            auto *caption = new QLabel(tr(group.caption), box);
            caption->setWordWrap(true);
            form->addRow(caption);
        }
        auto *errorLabel = createErrorLabel(box);
        m_errorLabels << errorLabel;
        for (const QString &key : group.keys) {
            auto *editor = new ParameterEditor(*findParameter(key), labelOf(key), box);
            form->addRow(editor->label(), editor->editor());
            m_editors << editor;
            m_errorLabelOfKey.insert(key, errorLabel);
            connect(
                editor, &ParameterEditor::edited, this, [this, key](const QString &text) { userEdited(key, text); });
        }
        form->addRow(errorLabel);
        layout->addWidget(box);
    }
    // One label width for every group, so that the editors line up down the whole panel.
    int labelWidth = 0;
    for (const ParameterEditor *editor : std::as_const(m_editors)) {
        if (!editor->valueLabel())
            labelWidth = std::max(labelWidth, editor->label()->sizeHint().width());
    }
    for (const ParameterEditor *editor : std::as_const(m_editors)) {
        if (!editor->valueLabel())
            editor->label()->setMinimumWidth(labelWidth);
    }
    layout->addStretch(1);
    scrollArea->setWidget(content);
    return scrollArea;
}

QString ControlPanel::labelOf(const QString &key) const
{
    if (const auto it = labels().find(key); it != labels().end())
        return tr(*it);
    QString label = key;
    label.replace(u'_', u' ');
    label[0] = label[0].toUpper();
    return label;
}

ParameterEditor *ControlPanel::editorOf(const QString &key) const
{
    for (ParameterEditor *editor : m_editors) {
        if (editor->key() == key)
            return editor;
    }
    return nullptr;
}

void ControlPanel::setConfig(const SupervisorConfig &config)
{
    m_config = config;
    m_pending.clear();
    fillTargets();
    for (ParameterEditor *editor : std::as_const(m_editors)) {
        editor->setValueText(shownValue(editor->key()));
        editor->setMarked(false);
    }
    showMessages({});
}

void ControlPanel::fillTargets()
{
    QStringList names { tr("All workers") };
    for (int worker = 0; worker < m_config.workers; ++worker)
        names << (m_config.isTree() ? m_config.workerName(worker) : tr("Worker %1").arg(worker));
    QStringList shown;
    for (int i = 0; i < m_targetBox->count(); ++i)
        shown << m_targetBox->itemText(i);
    if (shown == names)
        return;
    const QSignalBlocker quiet(m_targetBox);
    m_targetBox->clear();
    m_targetBox->addItems(names);
    if (m_target >= m_config.workers)
        m_target = -1;
    m_targetBox->setCurrentIndex(m_target + 1);
}

void ControlPanel::setTargetWorker(int worker)
{
    m_target = worker >= 0 && worker < m_config.workers ? worker : -1;
    const QSignalBlocker quiet(m_targetBox);
    m_targetBox->setCurrentIndex(m_target + 1);
    m_pending.clear();
    for (ParameterEditor *editor : std::as_const(m_editors)) {
        editor->setValueText(shownValue(editor->key()));
        editor->setMarked(false);
    }
    showMessages({});
}

bool ControlPanel::isTargeted(const QString &key) const
{
    const ParameterSpec *spec = findParameter(key);
    return m_target >= 0 && spec && spec->scope == ParameterScope::Worker;
}

QString ControlPanel::shownValue(const QString &key) const
{
    return isTargeted(key) ? m_config.forWorker(m_target).valueText(key) : m_config.valueText(key);
}

QString ControlPanel::applyTo(SupervisorConfig &config, const QString &key, const QString &text) const
{
    return isTargeted(key) ? config.setWorkerValue(m_target, key, text) : config.setValue(key, text);
}

void ControlPanel::setRunning(bool running)
{
    m_running = running;
    for (ParameterEditor *editor : std::as_const(m_editors))
        editor->setLocked(running && !editor->spec().live);
}

QString ControlPanel::pendingError(const QString &key, const QString &text) const
{
    SupervisorConfig candidate = m_config;
    if (const QString error = applyTo(candidate, key, text); !error.isEmpty())
        return problemText(labelOf(key), error);
    return candidate.validate();
}

void ControlPanel::userEdited(const QString &key, const QString &text)
{
    m_pending.removeIf([&](const auto &entry) { return entry.first == key; });
    m_pending.append({ key, text });

    // Applies whatever has become acceptable, one change at a time, until nothing more is.
    QStringList applied;
    for (bool progressed = true; progressed;) {
        progressed = false;
        for (qsizetype i = 0; i < m_pending.size(); ++i) {
            const auto &[pendingKey, pendingText] = m_pending.at(i);
            if (!pendingError(pendingKey, pendingText).isEmpty())
                continue;
            SupervisorConfig updated = m_config;
            applyTo(updated, pendingKey, pendingText);
            if (!(updated == m_config)) {
                m_config = updated;
                applied << pendingKey;
            }
            m_pending.removeAt(i);
            progressed = true;
            break;
        }
    }

    QHash<QString, QStringList> messages;
    for (const auto &[pendingKey, pendingText] : std::as_const(m_pending))
        messages[pendingKey] << pendingError(pendingKey, pendingText);
    for (ParameterEditor *editor : std::as_const(m_editors)) {
        const bool pending = messages.contains(editor->key());
        if (!pending && editor->isMarked())
            editor->setValueText(shownValue(editor->key()));
        editor->setMarked(pending);
    }
    for (const QString &appliedKey : std::as_const(applied))
        editorOf(appliedKey)->setValueText(shownValue(appliedKey));
    showMessages(messages);

    if (applied.isEmpty())
        return;
    showCustomState();
    for (const QString &appliedKey : std::as_const(applied)) {
        if (isTargeted(appliedKey))
            emit workerParameterEdited(m_target, appliedKey, shownValue(appliedKey));
        else
            emit parameterEdited(appliedKey, m_config.valueText(appliedKey));
    }
}

void ControlPanel::showMessages(const QHash<QString, QStringList> &messagesByKey)
{
    QHash<QLabel *, QStringList> lines;
    for (auto it = messagesByKey.begin(); it != messagesByKey.end(); ++it)
        lines[m_errorLabelOfKey.value(it.key(), m_errorLabels.first())] << it.value();
    for (QLabel *label : std::as_const(m_errorLabels)) {
        const QStringList text = lines.value(label);
        label->setText(text.join(u'\n'));
        label->setVisible(!text.isEmpty());
    }
}

void ControlPanel::showRejection(const QString &key, const QString &error)
{
    QLabel *label = m_errorLabelOfKey.value(key, m_errorLabels.first());
    const QString message = error.startsWith(key + u':') ? error : problemText(labelOf(key), error);
    label->setText(label->text().isEmpty() ? message : label->text() + u'\n' + message);
    label->show();
}

void ControlPanel::setScenarioName(const QString &name)
{
    if (const auto scenario = ScenarioCatalog::find(name)) {
        setScenario(*scenario);
        return;
    }
    Scenario unknown;
    unknown.name = name;
    setScenario(unknown);
}

bool ControlPanel::openScenarioFile(const QString &path, QString *error)
{
    if (!path.endsWith(u".json"_s, Qt::CaseInsensitive)) {
        //: %1 is the file's path
        *error = tr("%1: not a scenario file: a scenario file's name ends in .json").arg(path);
        return false;
    }
    const std::optional<Scenario> scenario = ScenarioCatalog::load(path, error);
    if (!scenario)
        return false;
    setScenario(*scenario);
    emit scenarioChosen(*scenario);
    return true;
}

bool ControlPanel::saveScenarioFile(const QString &path, QString *error)
{
    if (!path.endsWith(u".json"_s, Qt::CaseInsensitive)) {
        //: %1 is the file's path
        *error = tr("%1: a scenario file's name ends in .json, so that it can be opened again").arg(path);
        return false;
    }
    commitPendingEdits();
    const QString name = QFileInfo(path).completeBaseName();
    Scenario scenario = Scenario::of(m_config, name);
    if (!m_scenarioName.isEmpty() && m_scenario.name == m_scenarioName) {
        // Unchanged since it was loaded: it keeps what it says about itself.
        scenario.title = m_scenario.title;
        scenario.goal = m_scenario.goal;
        scenario.description = m_scenario.description;
        scenario.watch = m_scenario.watch;
        scenario.compareWith = m_scenario.compareWith;
    } else if (!m_scenarioTitle.isEmpty()) {
        //: The title a changed scenario is saved under; %1 is the title of the scenario it started from
        scenario.title = tr("%1, changed").arg(m_scenarioTitle);
    }
    return scenario.save(path, error);
}

void ControlPanel::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_scenarioName = scenario.name;
    m_scenarioTitle = scenario.title.isEmpty() ? scenario.name : scenario.title;
    const int index = m_scenarioBox->findData(scenario.name);
    if (index >= 0 && index != m_customIndex) {
        m_scenarioBox->setItemText(m_customIndex, customText());
        m_scenarioBox->setCurrentIndex(index);
    } else {
        m_scenarioBox->setItemText(m_customIndex, m_scenarioTitle.isEmpty() ? customText() : m_scenarioTitle);
        m_scenarioBox->setCurrentIndex(m_customIndex);
    }
    fitScenarioChooser();
    m_goalLabel->setText(scenario.goal);
    m_goalLabel->setVisible(!scenario.goal.isEmpty());
    QString toolTip = u"<p>%1</p>"_s.arg(scenario.description.toHtmlEscaped());
    if (!scenario.watch.isEmpty()) {
        //: %1 is what to watch for in the scenario's run
        toolTip += u"<p>"_s + tr("<b>Watch:</b> %1").arg(scenario.watch.toHtmlEscaped()) + u"</p>"_s;
    }
    m_goalLabel->setToolTip(scenario.description.isEmpty() ? QString() : toolTip);
}

void ControlPanel::scenarioActivated(int index)
{
    const QList<Scenario> &scenarios = ScenarioCatalog::builtIn();
    if (index < 0 || index >= scenarios.size())
        return;
    const Scenario scenario = scenarios.at(index);
    setScenario(scenario);
    emit scenarioChosen(scenario);
}

QString ControlPanel::shownScenarioText() const
{
    return static_cast<const ElidingComboBox *>(m_scenarioBox)->shownText();
}

void ControlPanel::commitPendingEdits()
{
    for (ParameterEditor *editor : std::as_const(m_editors))
        editor->commitPendingEdit();
}

void ControlPanel::fitScenarioChooser()
{
    QAbstractItemView *list = m_scenarioBox->view();
    const QFontMetrics metrics(list->font());
    int widest = 0;
    for (int i = 0; i < m_scenarioBox->count(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(m_scenarioBox->itemText(i)));
    // The item's margins (a style's are a few pixels a side), the frame, and a scroll bar if the list scrolls.
    const int margins = 4 * metrics.averageCharWidth() + 2 * list->frameWidth()
        + list->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, list);
    list->setMinimumWidth(widest + margins);

    const QString title = m_scenarioBox->currentText();
    m_scenarioBox->setToolTip(
        u"<p><b>%1</b></p><p>%2</p><p>%3</p>"_s.arg(title.toHtmlEscaped(), tr("Loads a preset and starts over."),
            //: %1 is the option that loads a scenario, not translated
            tr("Command line: %1").arg(u"<code>--scenario NAME</code>"_s)));
}

void ControlPanel::showCustomState()
{
    m_scenarioName.clear();
    m_scenarioBox->setItemText(m_customIndex, customText());
    m_scenarioBox->setCurrentIndex(m_customIndex);
    fitScenarioChooser();
    m_goalLabel->setText(m_scenarioTitle.isEmpty() ? tr("Your own settings.")
                                                   //: %1 is the title of the scenario the settings started from
                                                   : tr("Your own settings, starting from “%1”.").arg(m_scenarioTitle));
    m_goalLabel->setToolTip({});
    m_goalLabel->show();
}

void ControlPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourErrorLabels();
}

void ControlPanel::colourErrorLabels()
{
    for (QLabel *label : std::as_const(m_errorLabels)) {
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, StateColors::color(StateColor::FailedError, this->palette()));
        label->setPalette(palette);
    }
}

} // namespace SupervisorLab
