#include "analysis/replaycursor.h"

#include "events/eventlog.h"

#include <algorithm>

namespace SupervisorLab {

ReplayCursor::ReplayCursor(std::shared_ptr<const EventLog> recording)
    : m_recording(std::move(recording))
    , m_shown(std::make_shared<EventLog>())
{
    moveTo(0);
}

qint64 ReplayCursor::durationUs() const
{
    return m_recording->lastTimeUs();
}

bool ReplayCursor::atEnd() const
{
    return m_shown->size() == m_recording->size();
}

qint64 ReplayCursor::nextEventUs() const
{
    return atEnd() ? -1 : m_recording->timeAt(m_shown->size());
}

bool ReplayCursor::moveTo(qint64 positionUs)
{
    positionUs = std::clamp<qint64>(positionUs, 0, durationUs());
    const bool back = positionUs < m_positionUs;
    m_positionUs = positionUs;
    auto shown = back ? std::make_shared<EventLog>() : m_shown;
    for (qsizetype i = shown->size(); i < m_recording->size() && m_recording->timeAt(i) <= positionUs; ++i)
        shown->append(m_recording->at(i));
    const bool replaced = shown != m_shown;
    m_shown = std::move(shown);
    return replaced;
}

} // namespace SupervisorLab
