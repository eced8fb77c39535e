#pragma once

#include <QString>

namespace SupervisorLab {

// The lab reads and writes regular files only. A named pipe would hang a reader that waits for a writer, and an
// export replaces its target with a new file (AtomicFile), which must never happen to a device, a pipe or a
// socket, however a symbolic link leads there. Like coreutils' install, which will not write over a device.
class RegularFile
{
public:
    // Why `path` must not be read: it is not a regular file (after following links); empty if it is one or does not
    // exist (opening it then says why).
    static QString problemWithInput(const QString &path);
    // Why `path` must not be written: it exists and is not a regular file (after following links); empty if it
    // may be written. A path that does not exist yet may be.
    static QString problemWithOutput(const QString &path);
};

} // namespace SupervisorLab
