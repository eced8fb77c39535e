#pragma once

#include "teaching/transcriptline.h"

#include <QList>
#include <QString>

#include <array>

namespace SupervisorLab {

class EventLog;

enum class Pitfall
{
    CompletionsCalledFailures,
    WorkersNeverEnding,
    RestartsMiscounted,
    StartsAfterStop,
};
inline constexpr std::array kPitfalls { Pitfall::CompletionsCalledFailures, Pitfall::WorkersNeverEnding,
    Pitfall::RestartsMiscounted, Pitfall::StartsAfterStop };
QString pitfallTitle(Pitfall pitfall); // "restarts reported / made"
QString pitfallExplanation(Pitfall pitfall); // what the article's supervisor does wrong

// The article's four pitfalls, measured the same way on any supervisor's log and transcript.
struct PitfallMeasures
{
    int completionsCalledFailures = 0; // restarts after a completion that the supervisor said were failures
    int leakedWorkers = 0; // incarnations that never ended
    qint64 reportedRestarts = 0; // as the supervisor's final count said
    qint64 actualRestarts = 0; // worker_started with incarnation > 1
    int startsAfterStop = 0; // worker_started after supervisor_stopping

    static PitfallMeasures of(const EventLog &log, const QList<TranscriptLine> &transcript);

    bool miscounted() const { return reportedRestarts != actualRestarts; }
    bool shows(Pitfall pitfall) const;
    // How much of it this run showed: a count, or for the restart count "reported<outOf>made".
    QString figure(Pitfall pitfall, const QString &outOf) const;
    friend bool operator==(const PitfallMeasures &, const PitfallMeasures &) = default;
};

} // namespace SupervisorLab
