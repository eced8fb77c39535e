#include "parametereditor.h"

#include "events/readinglocale.h"

#include "policy/supervisorconfig.h"
#include "statecolors.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QValidator>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr int kMaxCount = 1'000'000;
constexpr int kMaxLimit = 1'000'000'000;

QString realText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

// Digits only, and never above the largest seed, so the line edit cannot hold a seed the config refuses.
class SeedValidator : public QValidator
{
public:
    using QValidator::QValidator;

    State validate(QString &input, int &) const override
    {
        const QString text = input.trimmed();
        if (text.isEmpty())
            return Intermediate;
        if (!std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); }))
            return Invalid;
        bool ok = false;
        const quint64 value = text.toULongLong(&ok);
        return ok && value <= SupervisorConfig::kMaxSeed ? Acceptable : Invalid;
    }
};

QColor mixed(const QColor &a, const QColor &b, double amountOfB)
{
    const auto mix = [amountOfB](double x, double y) { return x * (1 - amountOfB) + y * amountOfB; };
    return QColor::fromRgbF(
        float(mix(a.redF(), b.redF())), float(mix(a.greenF(), b.greenF())), float(mix(a.blueF(), b.blueF())));
}

} // namespace

ParameterEditor::ParameterEditor(const ParameterSpec &spec, const QString &labelText, QWidget *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_label(new QLabel(labelText, parent))
{
    createEditor(parent);
    m_editor->setObjectName(m_spec.key);
    m_label->setBuddy(m_input);
    updateToolTips();
    setAccessibleTexts(labelText);
}

ParameterEditor::ParameterEditor(
    const ParameterSpec &spec, const QString &labelText, const SliderRange &slider, QWidget *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_label(new QLabel(labelText, parent))
{
    if (m_spec.kind == ParameterKind::Rate || m_spec.kind == ParameterKind::Milliseconds)
        createSlider(slider, parent);
    else
        createEditor(parent);
    m_editor->setObjectName(m_spec.key);
    m_label->setBuddy(m_input);
    updateToolTips();
    setAccessibleTexts(labelText);
}

QString ParameterEditor::toolTipOf(const ParameterSpec &spec)
{
    QString option = u"--"_s + spec.optionName();
    if (!spec.valueName.isEmpty())
        option += u' ' + spec.valueName;
    //: %1 is the option that sets the parameter on the command line (--failure-rate P), not translated
    const QString commandLine = tr("Command line: %1").arg(u"<code>"_s + option.toHtmlEscaped() + u"</code>"_s);
    return u"<p>%1</p><p>%2</p>"_s.arg(spec.translatedDescription().toHtmlEscaped(), commandLine);
}

QString ParameterEditor::unitText(const ParameterSpec &spec, const QWidget *editor)
{
    const QLocale locale = readingLocale();
    if (const auto *slider = qobject_cast<const QSlider *>(editor)) {
        //: A slider's unit and range: %1 and %2 are its lowest and highest values
        return spec.kind == ParameterKind::Rate
            ? tr("In percent, from %1 to %2")
                  .arg(locale.toString(slider->minimum()), locale.toString(slider->maximum()))
            : tr("In milliseconds, from %1 to %2")
                  .arg(locale.toString(slider->minimum()), locale.toString(slider->maximum()));
    }
    switch (spec.kind) {
    case ParameterKind::Count:
        if (const auto *spinBox = qobject_cast<const QSpinBox *>(editor)) {
            return tr("A whole number from %1 to %2")
                .arg(locale.toString(spinBox->minimum()), locale.toString(spinBox->maximum()));
        }
        break;
    case ParameterKind::Milliseconds:
        return tr("In milliseconds, from %1 to %2").arg(locale.toString(spec.minimum), locale.toString(spec.maximum));
    case ParameterKind::Rate:
        return tr("A fraction from 0 to 1");
    case ParameterKind::Factor:
        return tr("A factor from 1 to 1000");
    case ParameterKind::Limit:
        //: %1 is the largest number that can be chosen
        return tr("A whole number up to %1; the lowest setting is unlimited").arg(locale.toString(kMaxLimit));
    case ParameterKind::Choice:
        //: %1 lists the choices as they are written on the command line (one_for_one, one_for_all…), not translated
        return tr("One of %1").arg(spec.choices.join(u", "_s));
    case ParameterKind::ChoiceList:
        //: %1 lists the choices as they are written on the command line (permanent, transient…), not translated
        return tr("One of %1, or one for each worker, separated by commas").arg(spec.choices.join(u", "_s));
    case ParameterKind::Seed:
        return tr("A whole number from 0 to %1").arg(QString::number(SupervisorConfig::kMaxSeed));
    case ParameterKind::Flag:
        break;
    }
    return {};
}

void ParameterEditor::setAccessibleTexts(const QString &labelText)
{
    QString name = labelText;
    name.remove(u'&');
    const QString unit = unitText(m_spec, m_editor);
    //: An editor's accessible description: %1 is what the parameter does, %2 its unit and range
    const QString spec = m_spec.translatedDescription();
    const QString description = unit.isEmpty() ? spec : spec.isEmpty() ? unit : tr("%1 %2.").arg(spec, unit);
    for (QWidget *widget : { m_editor, m_input }) {
        widget->setAccessibleName(name);
        widget->setAccessibleDescription(description);
    }
    // An editable box's text field and a spin box's are read out on their own when they have the focus.
    for (QLineEdit *field : m_editor->findChildren<QLineEdit *>()) {
        field->setAccessibleName(name);
        field->setAccessibleDescription(description);
    }
    if (m_valueLabel) {
        //: The accessible name of the text beside a slider that shows its value; %1 is the parameter
        m_valueLabel->setAccessibleName(tr("%1, value").arg(name));
    }
}

void ParameterEditor::createSlider(const SliderRange &range, QWidget *parent)
{
    auto *slider = new QSlider(Qt::Horizontal, parent);
    slider->setSingleStep(range.singleStep);
    slider->setPageStep(range.pageStep);
    m_valueLabel = new QLabel(parent);
    m_valueLabel->setObjectName(m_spec.key + u"_value"_s);
    m_valueLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_editor = m_input = slider;

    std::function<QString(int)> textOf;
    if (m_spec.kind == ParameterKind::Rate) {
        slider->setRange(0, range.maximum);
        m_show = [slider](const QString &text) { slider->setValue(qRound(text.toDouble() * 100)); };
        textOf = [](int percent) { return realText(percent / 100.0); };
    } else {
        const int minimum = int(std::min<qint64>(m_spec.minimum, range.maximum));
        slider->setRange(minimum, range.maximum);
        m_show = [slider, minimum, maximum = range.maximum](const QString &text) {
            slider->setValue(int(std::clamp<qint64>(text.toLongLong(), minimum, maximum)));
        };
        textOf = [](int ms) { return QString::number(ms); };
    }
    // Without tracking a drag changes the value once, on release; the label follows the handle meanwhile.
    slider->setTracking(false);
    connect(slider, &QSlider::sliderMoved, this, [this, textOf](int position) {
        if (!m_updating)
            showValueLabel(textOf(position));
    });
    connect(slider, &QSlider::valueChanged, this, [this, textOf](int value) { sliderMoved(textOf(value)); });
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] { userChanged(m_pendingText); });
    // Moving on to another control is a rest too.
    slider->installEventFilter(this);
}

void ParameterEditor::sliderMoved(const QString &text)
{
    if (m_updating)
        return;
    showValueLabel(text);
    m_pendingText = text;
    m_settle.start();
}

void ParameterEditor::commitPendingEdit()
{
    if (!m_settle.isActive())
        return;
    m_settle.stop();
    userChanged(m_pendingText);
}

void ParameterEditor::createEditor(QWidget *parent)
{
    switch (m_spec.kind) {
    case ParameterKind::Count: {
        auto *spinBox = new QSpinBox(parent);
        spinBox->setRange(
            int(m_spec.minimum), m_spec.key == u"workers" ? int(SupervisorConfig::kMaxWorkers) : kMaxCount);
        m_show = [spinBox](const QString &text) { spinBox->setValue(text.toInt()); };
        connect(spinBox, &QSpinBox::valueChanged, this, [this](int value) { userChanged(QString::number(value)); });
        m_editor = spinBox;
        break;
    }
    case ParameterKind::Milliseconds: {
        // A double spin box with no decimals: a QSpinBox's int would stop at 24 days, the config allows more.
        auto *spinBox = new QDoubleSpinBox(parent);
        spinBox->setDecimals(0);
        spinBox->setRange(double(m_spec.minimum), double(m_spec.maximum));
        spinBox->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
        //: The unit after a number of milliseconds in a spin box, with its leading space
        spinBox->setSuffix(tr(" ms"));
        // Wide enough for seven digits rather than the eleven of the largest value, so rows fit a narrow dock.
        const QFontMetrics metrics(spinBox->font());
        const int unusedWidth = metrics.horizontalAdvance(spinBox->textFromValue(spinBox->maximum()))
            - metrics.horizontalAdvance(u"9999999"_s);
        spinBox->setMinimumWidth(spinBox->minimumSizeHint().width() - std::max(0, unusedWidth));
        m_show = [spinBox](const QString &text) { spinBox->setValue(double(text.toLongLong())); };
        connect(spinBox, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { userChanged(QString::number(qint64(value))); });
        m_editor = spinBox;
        break;
    }
    case ParameterKind::Rate: {
        auto *spinBox = new QDoubleSpinBox(parent);
        spinBox->setDecimals(3);
        spinBox->setRange(0, 1);
        spinBox->setSingleStep(0.05);
        m_show = [spinBox](const QString &text) { spinBox->setValue(text.toDouble()); };
        connect(spinBox, &QDoubleSpinBox::valueChanged, this, [this](double value) { userChanged(realText(value)); });
        m_editor = spinBox;
        break;
    }
    case ParameterKind::Factor: {
        auto *spinBox = new QDoubleSpinBox(parent);
        spinBox->setDecimals(2);
        spinBox->setRange(1, 1000);
        spinBox->setSingleStep(0.1);
        //: Before a backoff factor in a spin box: "× 2.00"
        spinBox->setPrefix(tr("× "));
        m_show = [spinBox](const QString &text) { spinBox->setValue(text.toDouble()); };
        connect(spinBox, &QDoubleSpinBox::valueChanged, this, [this](double value) { userChanged(realText(value)); });
        m_editor = spinBox;
        break;
    }
    case ParameterKind::Limit: {
        auto *spinBox = new QSpinBox(parent);
        spinBox->setRange(int(SupervisorConfig::kUnlimited), kMaxLimit);
        spinBox->setSpecialValueText(tr("unlimited"));
        m_show = [spinBox](const QString &text) {
            spinBox->setValue(text == u"unlimited" ? int(SupervisorConfig::kUnlimited) : text.toInt());
        };
        connect(spinBox, &QSpinBox::valueChanged, this, [this](int value) {
            userChanged(value == SupervisorConfig::kUnlimited ? u"unlimited"_s : QString::number(value));
        });
        m_editor = spinBox;
        break;
    }
    case ParameterKind::Choice: {
        auto *comboBox = new QComboBox(parent);
        comboBox->addItems(m_spec.choices);
        m_show = [comboBox](const QString &text) { comboBox->setCurrentIndex(comboBox->findText(text)); };
        connect(comboBox, &QComboBox::currentTextChanged, this, &ParameterEditor::userChanged);
        m_editor = comboBox;
        break;
    }
    case ParameterKind::ChoiceList: {
        // Editable, so that one type per worker ("permanent,transient") can be typed as on the command line.
        auto *comboBox = new QComboBox(parent);
        comboBox->setEditable(true);
        comboBox->setInsertPolicy(QComboBox::NoInsert);
        comboBox->addItems(m_spec.choices);
        comboBox->setMinimumContentsLength(8);
        comboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_show = [comboBox](const QString &text) { comboBox->setEditText(text); };
        connect(comboBox, &QComboBox::textActivated, this, &ParameterEditor::userChanged);
        connect(comboBox->lineEdit(), &QLineEdit::editingFinished, this,
            [this, comboBox] { userChanged(comboBox->currentText().trimmed()); });
        m_editor = comboBox;
        break;
    }
    case ParameterKind::Seed: {
        auto *box = new QWidget(parent);
        auto *layout = new QHBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *lineEdit = new QLineEdit(box);
        lineEdit->setValidator(new SeedValidator(lineEdit));
        auto *newSeed = new QToolButton(box);
        //: A button that draws a new random seed
        newSeed->setText(tr("New"));
        newSeed->setToolTip(tr("Draw a fresh random seed"));
        newSeed->setObjectName(m_spec.key + u"_new"_s);
        newSeed->setAccessibleName(tr("New seed"));
        newSeed->setAccessibleDescription(tr("Draw a fresh random seed"));
        layout->addWidget(lineEdit, 1);
        layout->addWidget(newSeed);
        m_show = [lineEdit](const QString &text) { lineEdit->setText(text); };
        connect(lineEdit, &QLineEdit::editingFinished, this, [this, lineEdit] { userChanged(lineEdit->text()); });
        connect(newSeed, &QToolButton::clicked, this, [this, lineEdit] {
            const quint64 seed = QRandomGenerator::global()->generate64() & SupervisorConfig::kMaxSeed;
            lineEdit->setText(QString::number(seed));
            userChanged(lineEdit->text());
        });
        m_editor = box;
        m_input = lineEdit;
        break;
    }
    case ParameterKind::Flag: {
        auto *checkBox = new QCheckBox(parent);
        m_show = [checkBox](const QString &text) { checkBox->setChecked(text == u"true"); };
        connect(checkBox, &QCheckBox::toggled, this,
            [this](bool checked) { userChanged(checked ? u"true"_s : u"false"_s); });
        m_editor = checkBox;
        break;
    }
    }
    if (!m_input)
        m_input = m_editor;
    if (auto *spinBox = qobject_cast<QAbstractSpinBox *>(m_input))
        spinBox->setKeyboardTracking(false);
    ignoreWheelUnlessFocused(m_input);
}

// In a scrolling panel the wheel should scroll, not change whichever value happens to be under the pointer.
void ParameterEditor::ignoreWheelUnlessFocused(QWidget *widget)
{
    if (qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QComboBox *>(widget)) {
        widget->setFocusPolicy(Qt::StrongFocus);
        widget->installEventFilter(this);
    }
}

bool ParameterEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusOut && watched == m_input && m_settle.isActive())
        commitPendingEdit();
    if (event->type() == QEvent::Wheel && watched == m_input && !m_input->hasFocus()) {
        event->ignore(); // ignored and filtered: Qt passes the wheel on to the scroll area
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void ParameterEditor::setValueText(const QString &text)
{
    m_settle.stop(); // the value shown now replaces a move not yet emitted
    const bool wasUpdating = std::exchange(m_updating, true);
    m_show(text);
    m_updating = wasUpdating;
    showValueLabel(text);
}

void ParameterEditor::userChanged(const QString &text)
{
    if (m_updating)
        return;
    showValueLabel(text);
    emit edited(text);
}

void ParameterEditor::showValueLabel(const QString &text)
{
    if (!m_valueLabel)
        return;
    const QLocale locale = readingLocale();
    if (m_spec.kind == ParameterKind::Rate) {
        //: A rate in percent beside its slider: "25 %"
        m_valueLabel->setText(tr("%1 %").arg(locale.toString(text.toDouble() * 100, 'g', 6)));
    } else {
        //: Milliseconds beside their slider: "1200 ms"
        m_valueLabel->setText(tr("%1 ms").arg(locale.toString(text.toLongLong())));
    }
}

void ParameterEditor::setMarked(bool marked)
{
    if (marked == m_marked)
        return;
    m_marked = marked;
    if (!marked) {
        m_input->setPalette(QPalette());
        if (m_valueLabel)
            m_valueLabel->setPalette(QPalette());
        return;
    }
    QPalette palette = m_input->palette();
    const QColor error = StateColors::color(StateColor::FailedError, palette);
    palette.setColor(QPalette::Base, mixed(palette.color(QPalette::Base), error, 0.3));
    palette.setColor(QPalette::Button, mixed(palette.color(QPalette::Button), error, 0.3));
    m_input->setPalette(palette);
    if (m_valueLabel) {
        QPalette labelPalette = m_valueLabel->palette();
        labelPalette.setColor(QPalette::WindowText, error);
        m_valueLabel->setPalette(labelPalette);
    }
}

void ParameterEditor::setLocked(bool locked)
{
    if (locked == m_locked)
        return;
    m_locked = locked;
    m_label->setEnabled(!locked);
    m_editor->setEnabled(!locked);
    if (m_valueLabel)
        m_valueLabel->setEnabled(!locked);
    updateToolTips();
}

void ParameterEditor::updateToolTips()
{
    QString toolTip = toolTipOf(m_spec);
    if (m_locked)
        toolTip
            += u"<p><i>"_s + tr("Fixed while a run is going on: a change applies from the next run.") + u"</i></p>"_s;
    m_label->setToolTip(toolTip);
    m_editor->setToolTip(toolTip);
    if (m_valueLabel)
        m_valueLabel->setToolTip(toolTip);
}

} // namespace SupervisorLab
