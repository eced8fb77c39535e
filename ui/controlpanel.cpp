#include "controlpanel.h"

#include "io/scenariocatalog.h"
#include "parametereditor.h"
#include "policy/parameterspec.h"
#include "statecolors.h"

#include <QAbstractItemView>
#include <QComboBox>
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
    QString label;
    ParameterEditor::SliderRange range;
};

const QList<Headline> &headlines()
{
    static const QList<Headline> list {
        { u"failure_rate"_s, u"Failure rate"_s, { .maximum = 100, .singleStep = 1, .pageStep = 10 } },
        { u"delay"_s, u"Restart delay"_s, { .maximum = 5000, .singleStep = 10, .pageStep = 100 } },
    };
    return list;
}

struct Group
{
    QString title; // a QGroupBox title: "&&" shows an ampersand
    QString caption;
    QStringList keys;
};

const QList<Group> &groups()
{
    static const QList<Group> list {
        { u"Workers && work"_s, {}, { u"workers"_s, u"work_min"_s, u"work_max"_s, u"failure_mode"_s } },
        { u"Restart policy"_s, {}, { u"strategy"_s, u"restart"_s } },
        { u"Backoff"_s, {}, { u"backoff"_s, u"backoff_factor"_s, u"max_delay"_s, u"jitter"_s, u"reset_after"_s } },
        { u"Restart intensity"_s,
            u"At most R restarts in T ms: one more and the supervisor stops every worker and gives up."_s,
            { u"max_restarts"_s, u"within"_s } },
        { u"Health && shutdown"_s, {}, { u"heartbeat_timeout"_s, u"shutdown_timeout"_s } },
        { u"Circuit breaker"_s,
            u"K failures within the window open the circuit: no restarts during the cooldown, then one trial."_s,
            { u"breaker_threshold"_s, u"breaker_window"_s, u"breaker_cooldown"_s } },
        { u"Run"_s, {}, { u"duration"_s, u"seed"_s, u"virtual_time"_s } },
    };
    return list;
}

const QHash<QString, QString> &labels()
{
    static const QHash<QString, QString> hash {
        { u"workers"_s, u"Workers"_s },
        { u"work_min"_s, u"Work time, min"_s },
        { u"work_max"_s, u"Work time, max"_s },
        { u"failure_mode"_s, u"Failure mode"_s },
        { u"strategy"_s, u"Strategy"_s },
        { u"restart"_s, u"Restart type"_s },
        { u"backoff"_s, u"Delay model"_s },
        { u"backoff_factor"_s, u"Factor"_s },
        { u"max_delay"_s, u"Max delay"_s },
        { u"jitter"_s, u"Jitter"_s },
        { u"reset_after"_s, u"Reset after"_s },
        { u"max_restarts"_s, u"R, restarts"_s },
        { u"within"_s, u"T, within"_s },
        { u"heartbeat_timeout"_s, u"Heartbeat timeout"_s },
        { u"shutdown_timeout"_s, u"Shutdown timeout"_s },
        { u"breaker_threshold"_s, u"K, failures"_s },
        { u"breaker_window"_s, u"Window"_s },
        { u"breaker_cooldown"_s, u"Cooldown"_s },
        { u"duration"_s, u"Duration"_s },
        { u"seed"_s, u"Seed"_s },
        { u"virtual_time"_s, u"Virtual time"_s },
    };
    return hash;
}

QString customText()
{
    return u"Custom settings"_s;
}

QFont headlineFont(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 1.15);
    font.setBold(true);
    return font;
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
        auto *editor = new ParameterEditor(*spec, headline.label, headline.range, box);
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
    auto *title = new QLabel(u"Scenario"_s, box);
    title->setFont(headlineFont(title->font()));
    m_scenarioBox = new ElidingComboBox(box);
    m_scenarioBox->setObjectName(u"scenario"_s);
    m_scenarioBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scenarioBox->setMinimumContentsLength(16);
    m_scenarioBox->view()->setTextElideMode(Qt::ElideNone);
    title->setBuddy(m_scenarioBox);
    for (const Scenario &scenario : ScenarioCatalog::builtIn()) {
        m_scenarioBox->addItem(scenario.title, scenario.name);
        m_scenarioBox->setItemData(m_scenarioBox->count() - 1,
            u"<p>%1</p><p>Command line: <code>--scenario %2</code></p>"_s.arg(
                scenario.description.toHtmlEscaped(), scenario.name.toHtmlEscaped()),
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
    layout->addWidget(title);
    layout->addWidget(m_scenarioBox);
    layout->addWidget(m_goalLabel);

    // Whose parameters the controls below show and change: every worker's, or one worker's own spec.
    auto *targetRow = new QHBoxLayout;
    auto *targetLabel = new QLabel(u"&Edit:"_s, box);
    m_targetBox = new QComboBox(box);
    m_targetBox->setObjectName(u"targetWorker"_s);
    m_targetBox->setAccessibleName(u"Workers the controls edit"_s);
    m_targetBox->setToolTip(u"<p>Whose parameters the controls show and change: all workers at once, or one "
                            "worker's own spec (its workload, timeouts, delays and breaker). Run parameters and "
                            "the supervisor's (strategy, restart intensity) are the same for all.</p>"_s);
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
    m_goalLabel->setText(u"Choose a scenario to load its parameters and its goal."_s);
    fitScenarioChooser();
    return box;
}

QWidget *ControlPanel::createGroups()
{
    auto *scrollArea = new QScrollArea(this);
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
    Group other { u"Other"_s, {}, {} };
    for (const ParameterSpec &spec : parameterSpecs()) {
        if (!placed.contains(spec.key))
            other.keys << spec.key;
    }
    all << other;

    for (const Group &group : std::as_const(all)) {
        if (group.keys.isEmpty())
            continue;
        auto *box = new QGroupBox(group.title, content);
        auto *form = new QFormLayout(box);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        if (!group.caption.isEmpty()) {
            auto *caption = new QLabel(group.caption, box);
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
        return *it;
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
    QStringList names { u"All workers"_s };
    for (int worker = 0; worker < m_config.workers; ++worker)
        names << (m_config.isTree() ? m_config.workerName(worker) : u"Worker %1"_s.arg(worker));
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
        return labelOf(key) + u": "_s + error;
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
    const QString message = error.startsWith(key + u':') ? error : labelOf(key) + u": "_s + error;
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
        *error = u"%1: not a scenario file: a scenario file's name ends in .json"_s.arg(path);
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
        *error = u"%1: a scenario file's name ends in .json, so that it can be opened again"_s.arg(path);
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
        scenario.title = u"%1, changed"_s.arg(m_scenarioTitle);
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
    if (!scenario.watch.isEmpty())
        toolTip += u"<p><b>Watch:</b> %1</p>"_s.arg(scenario.watch.toHtmlEscaped());
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
    m_scenarioBox->setToolTip(u"<p><b>%1</b></p><p>Loads a preset and starts over.</p>"
                              "<p>Command line: <code>--scenario NAME</code></p>"_s.arg(title.toHtmlEscaped()));
}

void ControlPanel::showCustomState()
{
    m_scenarioName.clear();
    m_scenarioBox->setItemText(m_customIndex, customText());
    m_scenarioBox->setCurrentIndex(m_customIndex);
    fitScenarioChooser();
    m_goalLabel->setText(m_scenarioTitle.isEmpty() ? u"Your own settings."_s
                                                   : u"Your own settings, starting from “%1”."_s.arg(m_scenarioTitle));
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
