#pragma once

#include "analysis/timelineindex.h"
#include "events/lifecycleevent.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QPalette>
#include <QString>

namespace SupervisorLab {

// The stable colour of each state the window shows, in every view that shows it (timeline, legend, event log,
// statistics). Hues are fixed so a state is recognised at a glance; lightness follows the palette so each
// reads well on light and dark themes.
enum class StateColor
{
    Running,
    Waiting, // between a failure and the restart it caused
    Stopping,
    Completed,
    FailedError,
    FailedException,
    FailedHang,
    FailedDependency,
    FailedOverloaded,
    Stopped,
    Abandoned,
    GaveUp,
    CircuitOpen,
    IntensityWindow,
    ConfigChanged,
    DependencyDown, // a dependency's outage, on its lane
};

struct StateColors
{
    static QColor color(StateColor state, const QPalette &palette);
    static QString label(StateColor state); // as in the legend: "running", "failed (hang)"
    // The state a failure of `kind` is shown in, and the state an incarnation that ended as `end` is shown in.
    static StateColor ofFailure(FailureKind kind);
    static StateColor ofBarEnd(BarEnd end);
    static QList<StateColor> legendOrder();
    static bool isDark(const QPalette &palette);

    Q_DECLARE_TR_FUNCTIONS(StateColors)
};

} // namespace SupervisorLab
