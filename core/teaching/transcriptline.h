#pragma once

#include <QString>

namespace SupervisorLab {

// One line a supervisor printed about an event of its log.
struct TranscriptLine
{
    qint64 tUs = 0;
    qsizetype event = -1; // index in the log
    QString text;
};

// Two transcripts side by side: a line both printed at the same time, or a line only one of them printed.
struct TranscriptRow
{
    qint64 tUs = 0;
    QString article; // empty where only the lab printed
    QString lab; // empty where only the article printed
    bool parted() const { return article != lab; }
};

} // namespace SupervisorLab
