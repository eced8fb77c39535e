#include "teaching/pitfallmeasures.h"

#include "events/eventlog.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString pitfallTitle(Pitfall pitfall)
{
    switch (pitfall) {
    case Pitfall::CompletionsCalledFailures:
        return u"completions called failures"_s;
    case Pitfall::WorkersNeverEnding:
        return u"workers that never end (leaked)"_s;
    case Pitfall::RestartsMiscounted:
        return u"restarts reported / made"_s;
    case Pitfall::StartsAfterStop:
        return u"workers started after stop"_s;
    }
    return {};
}

QString pitfallExplanation(Pitfall pitfall)
{
    switch (pitfall) {
    case Pitfall::CompletionsCalledFailures:
        return u"It says \"Worker failed, restarting...\" after every exit, finished jobs included"_s;
    case Pitfall::WorkersNeverEnding:
        return u"It returns on stop without waiting: the worker's last message has no receiver, so it never ends"_s;
    case Pitfall::RestartsMiscounted:
        return u"Its final count leaves out one restart"_s;
    case Pitfall::StartsAfterStop:
        return u"Its restart delay is a sleep that stop cannot cut short: one more worker starts after stop"_s;
    }
    return {};
}

bool PitfallMeasures::shows(Pitfall pitfall) const
{
    switch (pitfall) {
    case Pitfall::CompletionsCalledFailures:
        return completionsCalledFailures > 0;
    case Pitfall::WorkersNeverEnding:
        return leakedWorkers > 0;
    case Pitfall::RestartsMiscounted:
        return miscounted();
    case Pitfall::StartsAfterStop:
        return startsAfterStop > 0;
    }
    return false;
}

QString PitfallMeasures::figure(Pitfall pitfall, const QString &outOf) const
{
    switch (pitfall) {
    case Pitfall::CompletionsCalledFailures:
        return QString::number(completionsCalledFailures);
    case Pitfall::WorkersNeverEnding:
        return QString::number(leakedWorkers);
    case Pitfall::RestartsMiscounted:
        return QString::number(reportedRestarts) + outOf + QString::number(actualRestarts);
    case Pitfall::StartsAfterStop:
        break;
    }
    return QString::number(startsAfterStop);
}

PitfallMeasures PitfallMeasures::of(const EventLog &log, const QList<TranscriptLine> &transcript)
{
    QHash<qsizetype, QString> said;
    for (const TranscriptLine &line : transcript)
        said.insert(line.event, line.text);

    PitfallMeasures measures;
    QHash<int, EventKind> lastEnd;
    QSet<std::pair<int, quint32>> running;
    bool stopping = false;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        switch (event.kind) {
        case EventKind::WorkerStarted:
            running.insert({ event.worker, event.incarnation });
            if (event.incarnation > 1)
                ++measures.actualRestarts;
            if (stopping)
                ++measures.startsAfterStop;
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned:
            running.remove({ event.worker, event.incarnation });
            lastEnd.insert(event.worker, event.kind);
            break;
        case EventKind::RestartScheduled:
            if (lastEnd.value(event.worker) == EventKind::WorkerCompleted
                && said.value(i).contains(u"failed"_s, Qt::CaseInsensitive))
                ++measures.completionsCalledFailures;
            break;
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp:
            stopping = true;
            break;
        case EventKind::RunFinished:
            measures.reportedRestarts = event.counts.restarts;
            break;
        default:
            break;
        }
    }
    measures.leakedWorkers = int(running.size());
    return measures;
}

} // namespace SupervisorLab
