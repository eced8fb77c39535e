#include "timeline/timelinekeys.h"

#include <QCoreApplication>
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
    const char *what; // translated where shown
};

const QList<Binding> &bindings()
{
    static const QList<Binding> table {
        { TimelineCommand::ZoomIn, { Qt::Key_W, Qt::Key_Plus, Qt::Key_Equal },
            QT_TRANSLATE_NOOP("TimelineKeys",
                "Zoom in, around the selected event or the middle (the live edge while following it)") },
        { TimelineCommand::ZoomOut, { Qt::Key_S, Qt::Key_Minus }, QT_TRANSLATE_NOOP("TimelineKeys", "Zoom out") },
        { TimelineCommand::PanLeft, { Qt::Key_A, Qt::Key_Left },
            QT_TRANSLATE_NOOP("TimelineKeys", "Pan towards the start") },
        { TimelineCommand::PanRight, { Qt::Key_D, Qt::Key_Right },
            QT_TRANSLATE_NOOP("TimelineKeys", "Pan towards the end") },
        { TimelineCommand::PreviousLane, { Qt::Key_Up }, QT_TRANSLATE_NOOP("TimelineKeys", "Select the lane above") },
        { TimelineCommand::NextLane, { Qt::Key_Down }, QT_TRANSLATE_NOOP("TimelineKeys", "Select the lane below") },
        { TimelineCommand::GoToStart, { Qt::Key_Home },
            QT_TRANSLATE_NOOP("TimelineKeys", "Go to the start of the run") },
        { TimelineCommand::GoToEnd, { Qt::Key_End },
            QT_TRANSLATE_NOOP("TimelineKeys", "Go to the end of the run and follow it live") },
        { TimelineCommand::NextFailure, { Qt::Key_N },
            QT_TRANSLATE_NOOP("TimelineKeys", "Select the next failure (of the selected worker, or of any)") },
        { TimelineCommand::PreviousFailure, { Qt::Key_P },
            QT_TRANSLATE_NOOP("TimelineKeys", "Select the previous failure") },
        { TimelineCommand::ZoomToRange, { Qt::Key_Z },
            QT_TRANSLATE_NOOP("TimelineKeys", "Zoom to the selected time range") },
        { TimelineCommand::ClearSelection, { Qt::Key_Escape },
            QT_TRANSLATE_NOOP("TimelineKeys", "Clear the selected time range, then the selected event") },
        { TimelineCommand::ActivateEvent, { Qt::Key_Return, Qt::Key_Enter },
            QT_TRANSLATE_NOOP("TimelineKeys", "Show the selected event in the event log and the other panels") },
        { TimelineCommand::ContextMenu, { Qt::Key_Menu, QKeyCombination(Qt::ShiftModifier, Qt::Key_F10) },
            QT_TRANSLATE_NOOP("TimelineKeys", "Open the selected lane's menu (Fail now, Stop, ...)") },
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
        list.append({ keys.join(u", "_s), QCoreApplication::translate("TimelineKeys", binding.what) });
    }
    list.append({ tr("Shift+drag, or drag on the time axis"),
        tr("Select a time range and measure it: its length, restarts, failures, availability") });
    list.append({ tr("Double-click a range"), tr("Zoom to it") });
    list.append({ tr("Drag"), tr("Pan") });
    list.append({ tr("Ctrl+wheel"), tr("Zoom around the cursor") });
    list.append({ tr("Shift+wheel"), tr("Scroll in time") });
    list.append({ tr("Tab, Shift+Tab"), tr("Move the keyboard focus to the next or previous panel") });
    return list;
}

} // namespace SupervisorLab
