#pragma once

#include "policy/parameterspec.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QLabel;
class QWidget;

namespace SupervisorLab {

// The label and the editor of one parameter, chosen by its ParameterKind. It speaks value texts only: it shows
// a text without emitting anything, and emits edited() with the editor's text when the user changes it. Parsing
// and checking stay with SupervisorConfig.
//
// A slider emits edited() for the value it comes to rest on, not for every value it passes: a drag emits once, after
// its release, and a quick run of moves (keys, wheel, clicks on the groove, a drag) once, kSettleMs after the last of
// them. Its value label follows every move at once. Each edited() of a live parameter becomes a config_changed in
// the run's log, so the log, and the timeline's marker, hold the value the user chose, not the first one passed.
class ParameterEditor : public QObject
{
    Q_OBJECT

public:
    // A slider instead of the kind's usual editor, with the value shown in valueLabel(). Units are percent for
    // a Rate and milliseconds for Milliseconds; other kinds ignore it. A value above the maximum pins the
    // slider at its end while the value label still shows it.
    struct SliderRange
    {
        int maximum = 100;
        int singleStep = 1;
        int pageStep = 10;
    };

    ParameterEditor(const ParameterSpec &spec, const QString &labelText, QWidget *parent);
    ParameterEditor(const ParameterSpec &spec, const QString &labelText, const SliderRange &slider, QWidget *parent);

    const ParameterSpec &spec() const { return m_spec; }
    const QString &key() const { return m_spec.key; }
    QLabel *label() const { return m_label; }
    // Named after the key, so that findChild<QWidget *>(key) finds it.
    QWidget *editor() const { return m_editor; }
    QLabel *valueLabel() const { return m_valueLabel; } // only with a slider; named key + "_value"

    void setValueText(const QString &text);
    // A value the config refused stays in the editor, tinted, until it is accepted or replaced.
    void setMarked(bool marked);
    bool isMarked() const { return m_marked; }
    // Disabled, and saying so in the tooltip: the parameter cannot change while a run is going on.
    void setLocked(bool locked);

    // How long a slider waits after a move for the next before it emits edited().
    static constexpr int kSettleMs = 250;
    // A slider's value not yet emitted (moves within the settling time); emits it now.
    bool hasPendingEdit() const { return m_settle.isActive(); }
    void commitPendingEdit();

    // The description and the command-line spelling: "... Command line: --failure-rate P".
    static QString toolTipOf(const ParameterSpec &spec);
    // The unit and range of the value `editor` (the one made for `spec`) takes, as a person reads it; empty for a flag.
    static QString unitText(const ParameterSpec &spec, const QWidget *editor);

signals:
    void edited(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createEditor(QWidget *parent);
    void createSlider(const SliderRange &range, QWidget *parent);
    void userChanged(const QString &text);
    // A slider's move: shown at once, emitted once the slider rests.
    void sliderMoved(const QString &text);
    void showValueLabel(const QString &text);
    void updateToolTips();
    // Names the editor (and its text field) after its label, and describes it with the unit and range it takes.
    void setAccessibleTexts(const QString &labelText);
    void ignoreWheelUnlessFocused(QWidget *widget);

    ParameterSpec m_spec;
    QLabel *m_label = nullptr;
    QWidget *m_editor = nullptr;
    QWidget *m_input = nullptr; // the part that takes the value; the editor itself unless it is composite
    QLabel *m_valueLabel = nullptr;
    std::function<void(const QString &)> m_show;
    bool m_updating = false;
    bool m_marked = false;
    bool m_locked = false;
    QTimer m_settle; // a slider's: restarted by each move, emits m_pendingText when it runs out
    QString m_pendingText;
};

} // namespace SupervisorLab
