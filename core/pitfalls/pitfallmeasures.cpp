#include "pitfallmeasures.h"

#include "eventlog.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

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
