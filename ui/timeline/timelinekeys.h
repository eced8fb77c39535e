#pragma once

#include <QCoreApplication>
#include <QKeyCombination>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

class QKeyEvent;

namespace SupervisorLab {

// What a key does on the focused timeline.
enum class TimelineCommand
{
    ZoomIn,
    ZoomOut,
    PanLeft,
    PanRight,
    PreviousLane,
    NextLane,
    GoToStart,
    GoToEnd,
    NextFailure,
    PreviousFailure,
    ZoomToRange,
    ClearSelection,
    ActivateEvent,
    ContextMenu,
};

// The timeline's keys, as Perfetto's: W/S zoom, A/D pan; arrows, +/- and Home/End as KDE and GNOME views have them.
// One table serves the view and the help that lists them, so the two cannot disagree.
class TimelineKeys
{
    Q_DECLARE_TR_FUNCTIONS(TimelineKeys)

public:
    // The command a key press asks for, if any. Shift does not matter for keys typed as symbols ("+" is Shift+= on
    // many layouts), nor the keypad.
    static std::optional<TimelineCommand> commandFor(const QKeyEvent &event);
    static std::optional<TimelineCommand> commandFor(QKeyCombination key);
    // Every key and mouse gesture of the timeline with what it does, in the order a help dialog lists them:
    // { "W, +", "Zoom in around the selection, or the middle" }.
    static QList<std::pair<QString, QString>> shortcuts();
};

} // namespace SupervisorLab
