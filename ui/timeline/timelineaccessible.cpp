#include "timeline/timelineaccessible.h"

#include "statecolors.h"

#include "analysis/timeaxis.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepainter.h"
#include "timeline/timelineview.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

QAccessibleInterface *timelineInterface(const QString &key, QObject *object)
{
    if (key == QLatin1StringView(TimelineView::staticMetaObject.className()))
        return new TimelineAccessible(static_cast<TimelineView *>(object));
    return nullptr;
}

} // namespace

TimelineAccessible::TimelineAccessible(TimelineView *view)
    : QAccessibleWidget(view, QAccessible::Chart)
{
}

void TimelineAccessible::install()
{
    static const bool installed = [] {
        QAccessible::installFactory(&timelineInterface);
        return true;
    }();
    Q_UNUSED(installed);
}

const TimelineView &TimelineAccessible::view() const
{
    return *static_cast<const TimelineView *>(widget());
}

QString TimelineAccessible::text(QAccessible::Text t) const
{
    switch (t) {
    case QAccessible::Name:
        return widget()->accessibleName().isEmpty() ? tr("Timeline") : widget()->accessibleName();
    case QAccessible::Description:
        return describe(view());
    case QAccessible::Value:
        return describeSelection(view());
    default:
        return QAccessibleWidget::text(t);
    }
}

QString TimelineAccessible::describeSelection(const TimelineView &view)
{
    const TimelineModel *model = view.model();
    if (!model)
        return {};
    if (const QString event = view.describeEvent(view.selectedEvent()); !event.isEmpty()) {
        //: What a screen reader says of the timeline's selected event: "worker_failed · Worker 2 #1 at 2.0 s; ..."
        return tr("Selected: %1.").arg(event);
    }
    if (const std::optional<TreeChild> node = view.selectedNode()) {
        const QString name = node->supervisor ? model->supervisorName(node->index) : model->workerName(node->index);
        return tr("Selected lane: %1.").arg(name);
    }
    return {};
}

QString TimelineAccessible::describe(const TimelineView &view)
{
    const TimelineModel *model = view.model();
    if (!model || model->eventCount() == 0)
        return TimelineView::emptyHint().replace(u'\n', u' ');
    QStringList sentences;
    if (const QString selection = describeSelection(view); !selection.isEmpty())
        sentences << selection;

    const TimeAxis &axis = view.axis();
    const qint64 runEndUs = view.runEndUs();
    const qint64 stepUs = TimeAxis::tickStepUs(axis.usPerPixel, 90); // as many digits as the axis's labels
    const QString from = TimeAxis::formatTime(std::max<qint64>(0, axis.startUs), stepUs);
    const QString to = TimeAxis::formatTime(axis.endUs(), stepUs);
    const QString length = TimeAxis::formatDuration(runEndUs);
    //: What a screen reader says of the timeline: %1 and %2 the times at its edges, %3 the run's length so far
    sentences << (view.followsLive() ? tr("Showing %1 to %2 of a run %3 long, following it live.")
                                     : tr("Showing %1 to %2 of a run %3 long."))
                     .arg(from, to, length);
    if (const auto range = view.selectedRange()) {
        //: %1 is a measured range's length and ends: "Δ 500 ms, from 1.0 s to 1.5 s"
        sentences << tr("Measured: %1.")
                         .arg(TimelineView::describeRange(range->first, range->second, view.rangeSummary())
                                  .section(u'\n', 0, 0));
    }

    // Each lane's state where the view ends, or at the run's end if the view reaches past it.
    const qint64 edgeUs = std::min(axis.endUs(), runEndUs);
    const QList<int> rows = view.visibleRows();
    for (qsizetype i = 0; i < std::min<qsizetype>(rows.size(), kLanesRead); ++i) {
        const TimelineLane &lane = model->lane(rows.at(i));
        const QString name = model->laneName(lane);
        if (const std::optional<StateColor> state = TimelinePainter::laneState(lane, edgeUs)) {
            //: A lane and its state at the timeline's right edge: "Worker 2: failed (hang)."
            sentences << tr("%1: %2.").arg(name, StateColors::label(*state));
        } else if (rows.at(i) != TimelineIndex::kSupervisorLane) { // a log may not tell the root's start
            sentences << tr("%1: not started.").arg(name);
        }
    }
    if (rows.size() > kLanesRead)
        sentences << tr("And %n more lane(s).", nullptr, int(rows.size() - kLanesRead));
    return sentences.join(u' ');
}

} // namespace SupervisorLab
