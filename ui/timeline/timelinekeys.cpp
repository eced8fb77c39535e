#include "timeline/timelinekeys.h"

#include <QKeyEvent>
#include <QKeySequence>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

struct Binding
{
    TimelineCommand command;
    QList<QKeyCombination> keys;
    QString what;
};

const QList<Binding> &bindings()
{
    static const QList<Binding> table {
        { TimelineCommand::ZoomIn, { Qt::Key_W, Qt::Key_Plus, Qt::Key_Equal },
            u"Zoom in, around the selected event or the middle (the live edge while following it)"_s },
        { TimelineCommand::ZoomOut, { Qt::Key_S, Qt::Key_Minus }, u"Zoom out"_s },
        { TimelineCommand::PanLeft, { Qt::Key_A, Qt::Key_Left }, u"Pan towards the start"_s },
        { TimelineCommand::PanRight, { Qt::Key_D, Qt::Key_Right }, u"Pan towards the end"_s },
        { TimelineCommand::PreviousLane, { Qt::Key_Up }, u"Select the lane above"_s },
        { TimelineCommand::NextLane, { Qt::Key_Down }, u"Select the lane below"_s },
        { TimelineCommand::GoToStart, { Qt::Key_Home }, u"Go to the start of the run"_s },
        { TimelineCommand::GoToEnd, { Qt::Key_End }, u"Go to the end of the run and follow it live"_s },
        { TimelineCommand::NextFailure, { Qt::Key_N },
            u"Select the next failure (of the selected worker, or of any)"_s },
        { TimelineCommand::PreviousFailure, { Qt::Key_P }, u"Select the previous failure"_s },
        { TimelineCommand::ZoomToRange, { Qt::Key_Z }, u"Zoom to the selected time range"_s },
        { TimelineCommand::ClearSelection, { Qt::Key_Escape },
            u"Clear the selected time range, then the selected event"_s },
        { TimelineCommand::ActivateEvent, { Qt::Key_Return, Qt::Key_Enter },
            u"Show the selected event in the event log and the other panels"_s },
        { TimelineCommand::ContextMenu, { Qt::Key_Menu, QKeyCombination(Qt::ShiftModifier, Qt::Key_F10) },
            u"Open the selected lane's menu (Fail now, Stop, ...)"_s },
    };
    return table;
}

bool isTypedSymbol(Qt::Key key)
{
    return key >= Qt::Key_Space && key <= Qt::Key_AsciiTilde && !(key >= Qt::Key_A && key <= Qt::Key_Z)
        && !(key >= Qt::Key_0 && key <= Qt::Key_9);
}

} // namespace

std::optional<TimelineCommand> TimelineKeys::commandFor(QKeyCombination key)
{
    Qt::KeyboardModifiers modifiers = key.keyboardModifiers() & ~Qt::KeypadModifier;
    if (isTypedSymbol(key.key()))
        modifiers &= ~Qt::ShiftModifier;
    const QKeyCombination pressed(modifiers, key.key());
    for (const Binding &binding : bindings()) {
        if (binding.keys.contains(pressed))
            return binding.command;
    }
    return std::nullopt;
}

std::optional<TimelineCommand> TimelineKeys::commandFor(const QKeyEvent &event)
{
    return commandFor(event.keyCombination());
}

QList<std::pair<QString, QString>> TimelineKeys::shortcuts()
{
    QList<std::pair<QString, QString>> list;
    for (const Binding &binding : bindings()) {
        QStringList keys;
        for (const QKeyCombination key : binding.keys) {
            if (key.key() != Qt::Key_Enter) // the keypad's Enter goes without saying
                keys << QKeySequence(key).toString(QKeySequence::NativeText);
        }
        list.append({ keys.join(u", "_s), binding.what });
    }
    list.append({ u"Shift+drag, or drag on the time axis"_s,
        u"Select a time range and measure it: its length, restarts, failures, availability"_s });
    list.append({ u"Double-click a range"_s, u"Zoom to it"_s });
    list.append({ u"Drag"_s, u"Pan"_s });
    list.append({ u"Ctrl+wheel"_s, u"Zoom around the cursor"_s });
    list.append({ u"Shift+wheel"_s, u"Scroll in time"_s });
    list.append({ u"Tab, Shift+Tab"_s, u"Move the keyboard focus to the next or previous panel"_s });
    return list;
}

} // namespace SupervisorLab
