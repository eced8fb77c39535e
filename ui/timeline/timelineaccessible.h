#pragma once

#include <QAccessibleWidget>
#include <QCoreApplication>

namespace SupervisorLab {

class TimelineView;

// What a screen reader gets from the custom-painted timeline: its name, and what it shows in a few sentences short
// enough to be read aloud: the selected event, the time in view and the run's length, and each lane in view with its
// state at the view's right edge (the first kLanesRead of them; the others counted). The view announces changes to
// it (DescriptionChanged): its selection at once, the live edge's moving at most twice a second.
class TimelineAccessible : public QAccessibleWidget
{
    Q_DECLARE_TR_FUNCTIONS(TimelineAccessible)

public:
    static constexpr int kLanesRead = 8;

    explicit TimelineAccessible(TimelineView *view);

    // Lets QAccessible make one for every TimelineView; once is enough, more calls do nothing.
    static void install();

    // Name: "Timeline"; Description: describe(); Value: the selected event, or nothing.
    QString text(QAccessible::Text t) const override;

    static QString describe(const TimelineView &view);
    // "Selected: worker_failed · Worker 2 #1 at 2.0 s; reason: heartbeat_timeout.", or the selected lane, or nothing.
    static QString describeSelection(const TimelineView &view);

private:
    const TimelineView &view() const;
};

} // namespace SupervisorLab
