#pragma once

#include "events/eventlog.h"
#include "policy/supervisorconfig.h"
#include "teaching/pitfallmeasures.h"
#include "teaching/transcriptline.h"

#include <QList>
#include <QStringList>

#include <memory>

namespace SupervisorLab {

// One supervisor's run in a comparison: its log, what it printed, and the pitfalls measured on them.
struct PitfallSide
{
    std::shared_ptr<EventLog> log;
    QList<TranscriptLine> transcript;
    PitfallMeasures measures;
    QStringList brokenRules; // what LogInvariants finds wrong with the log
};

// The article's supervisor and the lab's, run in virtual time on the same configuration and seed, so their
// workers meet the same fates until the pitfalls make the runs part.
class PitfallComparison
{
public:
    // The configuration both run: `config` with one worker whose failures are errors, in virtual time.
    static SupervisorConfig comparable(SupervisorConfig config);
    static PitfallComparison run(const SupervisorConfig &config);

    const SupervisorConfig &config() const { return m_config; }
    const PitfallSide &article() const { return m_article; }
    const PitfallSide &lab() const { return m_lab; }
    // The two transcripts aligned line by line: the lines they share in one row, the others in rows of their own.
    QList<TranscriptRow> sideBySide() const;

private:
    SupervisorConfig m_config;
    PitfallSide m_article;
    PitfallSide m_lab;
};

} // namespace SupervisorLab
