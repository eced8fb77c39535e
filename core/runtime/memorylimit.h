#pragma once

#include <QString>

namespace SupervisorLab {

// How much memory the lab's records may take: a run's events, an exploration's recovery times, a picture's index.
// Those grow with a run, and a valid run (a flood of restarts in virtual time, a thousand workers for a day) could
// otherwise take every byte there is. Whatever would grow past the limit ends with one clear line instead: a run is
// stopped there (with room left for its picture, if one is drawn), an exploration stops, a log too long to replay
// is refused. One limit for the process, 0 while none is set; the command line sets it from --memory-limit, or to
// defaultBytes().
class MemoryLimit
{
public:
    // What the process may still use, in bytes; 0 where there is no such bound.
    struct System
    {
        qint64 physicalBytes = 0; // the machine's memory (MemTotal)
        qint64 addressSpaceLeft = 0; // ulimit -v, less what the process has mapped already
        qint64 dataLeft = 0; // ulimit -d, less the process's data already
        qint64 cgroupLeft = 0; // the cgroup's memory limit (v2 memory.max, v1 memory.limit_in_bytes), less its use
    };

    static qint64 bytes();
    static void setBytes(qint64 bytes);

    // Half of the least the process may still use: the records are not all a process holds (Qt, threads, the
    // exports being written), and the rest of the machine goes on too. 0 if nothing is known.
    static qint64 defaultBytes(const System &system);
    static System readSystem();

    // "512 MB", "1.5 GB": the limit as messages show it.
    static QString text(qint64 bytes);
};

} // namespace SupervisorLab
