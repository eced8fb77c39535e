#pragma once

#include <QtGlobal>

#include <memory>

namespace SupervisorLab {

class EventLog;

// Where a replay stands in a recorded log: `shown()` holds the recording's events up to the position, so every
// view that follows a live run's log follows a replay the same way. Moving forward appends; moving back starts
// a fresh shown log, which the views then take up from its beginning. No clock: the caller says where to be.
// It begins at 0, showing the events of the run's first instant.
class ReplayCursor
{
public:
    explicit ReplayCursor(std::shared_ptr<const EventLog> recording);

    const std::shared_ptr<const EventLog> &recording() const { return m_recording; }
    std::shared_ptr<const EventLog> shown() const { return m_shown; }
    qint64 positionUs() const { return m_positionUs; }
    qint64 durationUs() const; // the time of the recording's last event
    bool atEnd() const;
    // The time of the first event not shown yet, or -1 if all are.
    qint64 nextEventUs() const;

    // Shows every event at or before `positionUs` (clamped to 0..duration). True if the shown log was replaced.
    bool moveTo(qint64 positionUs);

private:
    std::shared_ptr<const EventLog> m_recording;
    std::shared_ptr<EventLog> m_shown;
    qint64 m_positionUs = 0;
};

} // namespace SupervisorLab
