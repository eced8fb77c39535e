#pragma once

#include "events/eventlog.h"
#include "policy/supervisorconfig.h"
#include "teaching/transcriptline.h"

#include <QList>

#include <memory>

namespace SupervisorLab {

// The seed article's supervisor, pitfalls included, simulated in virtual time with the lab's worker plans, so that
// a run with the same seed meets exactly the same worker fates as the lab's own supervisor. It logs what really
// happens in the lab's vocabulary and prints what the article's program prints:
// - every exit counts as a failure: "Worker failed, restarting..." after a completion too;
// - the restart delay is a sleep that stop cannot interrupt, so a worker can start after stop was requested;
// - on stop it returns without waiting: the worker's last message finds no receiver and the worker never ends;
// - its final count of restarts is one short.
// Only the lessons use it: it shows what the lab's own supervisor avoids.
class ArticleSupervisor
{
public:
    // `config` as PitfallComparison::comparable() makes it: the article's one worker, failing with errors.
    explicit ArticleSupervisor(const SupervisorConfig &config);

    void run();

    const std::shared_ptr<EventLog> &log() const { return m_log; }
    const QList<TranscriptLine> &transcript() const { return m_transcript; }

private:
    qsizetype record(const LifecycleEvent &event, qint64 tUs);
    void print(qint64 tUs, qsizetype event, const QString &text);

    SupervisorConfig m_config;
    std::shared_ptr<EventLog> m_log = std::make_shared<EventLog>();
    QList<TranscriptLine> m_transcript;
};

} // namespace SupervisorLab
