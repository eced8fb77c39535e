#pragma once

#include <QString>

namespace SupervisorLab {

// The name an export is first offered under: what ran and with which seed ("one-for-all-seed-42.jsonl",
// "one-for-all-seed-42-timeline.png"), or the recording's own name for a replay ("run.csv" for run.jsonl). Safe on
// every file system: letters, digits, '.', '_' and '-' only.
class ExportFileName
{
public:
    // The name without its extension.
    static QString ofRun(const QString &scenarioName, quint64 seed);
    static QString ofReplay(const QString &recordingName);
};

} // namespace SupervisorLab
