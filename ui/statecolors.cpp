#include "statecolors.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

bool StateColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor StateColors::color(StateColor state, const QPalette &palette)
{
    const bool dark = isDark(palette);
    // { light theme, dark theme }: darker ink on light backgrounds, brighter on dark ones.
    const auto pick = [dark](QRgb light, QRgb onDark) { return QColor::fromRgb(dark ? onDark : light); };
    switch (state) {
    case StateColor::Running:
        return pick(0x3a9b4f, 0x4fbf68);
    case StateColor::Waiting:
        return pick(0xe0a526, 0xf0bc45);
    case StateColor::Stopping:
        return pick(0x8fb9a0, 0x5d8a6d);
    case StateColor::Completed:
        return pick(0x2f6fc4, 0x6aa6f0);
    case StateColor::FailedError:
        return pick(0xd0312d, 0xff5a52);
    case StateColor::FailedException:
        return pick(0xe06a10, 0xff9438);
    case StateColor::FailedHang:
        return pick(0x8e3fc4, 0xc07cf5);
    case StateColor::FailedDependency:
        return pick(0x795548, 0xc49a84);
    case StateColor::FailedOverloaded:
        return pick(0xc2185b, 0xf06292);
    case StateColor::Stopped:
        return pick(0x6e6e6e, 0xb0b0b0);
    case StateColor::Abandoned:
        return pick(0x2b2b2b, 0xe8e8e8);
    case StateColor::GaveUp:
        return pick(0x8b0000, 0xff3b6b);
    case StateColor::CircuitOpen: {
        QColor open = pick(0xd0312d, 0xff5a52);
        open.setAlphaF(dark ? 0.35f : 0.22f);
        return open;
    }
    case StateColor::IntensityWindow: {
        QColor window = pick(0x2f6fc4, 0x6aa6f0);
        window.setAlphaF(dark ? 0.30f : 0.18f);
        return window;
    }
    case StateColor::ConfigChanged:
        return pick(0x00838f, 0x4dd0e1);
    case StateColor::DependencyDown:
        return pick(0x455a64, 0x90a4ae);
    }
    Q_UNREACHABLE();
    return {};
}

QString StateColors::label(StateColor state)
{
    switch (state) {
    case StateColor::Running:
        return tr("running");
    case StateColor::Waiting:
        return tr("waiting to restart");
    case StateColor::Stopping:
        return tr("stopping");
    case StateColor::Completed:
        return tr("completed");
    case StateColor::FailedError:
        return tr("failed (error)");
    case StateColor::FailedException:
        return tr("failed (exception)");
    case StateColor::FailedHang:
        return tr("failed (hang)");
    case StateColor::FailedDependency:
        return tr("failed (dependency down)");
    case StateColor::FailedOverloaded:
        return tr("failed (overloaded)");
    case StateColor::Stopped:
        return tr("stopped");
    case StateColor::Abandoned:
        return tr("abandoned");
    case StateColor::GaveUp:
        return tr("gave up");
    case StateColor::CircuitOpen:
        return tr("circuit open");
    case StateColor::IntensityWindow:
        return tr("intensity window");
    case StateColor::ConfigChanged:
        return tr("config changed");
    case StateColor::DependencyDown:
        return tr("dependency down");
    }
    Q_UNREACHABLE();
    return {};
}

StateColor StateColors::ofFailure(FailureKind kind)
{
    switch (kind) {
    case FailureKind::Error:
    case FailureKind::ExitStatus: // a program's error, said with its exit status
    case FailureKind::CannotStart:
        return StateColor::FailedError;
    case FailureKind::Exception:
    case FailureKind::Signal: // a program's crash
        return StateColor::FailedException;
    case FailureKind::Hang:
        return StateColor::FailedHang;
    case FailureKind::DependencyDown:
        return StateColor::FailedDependency;
    case FailureKind::Overloaded:
        return StateColor::FailedOverloaded;
    }
    Q_UNREACHABLE();
    return StateColor::FailedError;
}

StateColor StateColors::ofBarEnd(BarEnd end)
{
    switch (end) {
    case BarEnd::Running:
        return StateColor::Running;
    case BarEnd::Completed:
        return StateColor::Completed;
    case BarEnd::FailedError:
        return ofFailure(FailureKind::Error);
    case BarEnd::FailedException:
        return ofFailure(FailureKind::Exception);
    case BarEnd::FailedHang:
        return ofFailure(FailureKind::Hang);
    case BarEnd::FailedDependency:
        return ofFailure(FailureKind::DependencyDown);
    case BarEnd::FailedOverloaded:
        return ofFailure(FailureKind::Overloaded);
    case BarEnd::Stopped:
        return StateColor::Stopped;
    case BarEnd::Abandoned:
        return StateColor::Abandoned;
    case BarEnd::GaveUp:
        return StateColor::GaveUp;
    }
    return StateColor::Running;
}

QList<StateColor> StateColors::legendOrder()
{
    return { StateColor::Running, StateColor::Waiting, StateColor::Stopping, StateColor::Completed,
        StateColor::FailedError, StateColor::FailedException, StateColor::FailedHang, StateColor::FailedDependency,
        StateColor::FailedOverloaded, StateColor::Stopped, StateColor::Abandoned, StateColor::GaveUp,
        StateColor::CircuitOpen, StateColor::IntensityWindow, StateColor::ConfigChanged, StateColor::DependencyDown };
}

} // namespace SupervisorLab
