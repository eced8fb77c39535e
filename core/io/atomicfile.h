#pragma once

#include <QString>

#include <functional>

class QIODevice;

namespace SupervisorLab {

// Writes a file whole or not at all, through QSaveFile: readers never see part of it, and a file that was there
// before survives a failed write untouched. It writes only regular files: a path that leads to a device, a pipe
// or a socket is refused, never replaced (RegularFile). Every export of the lab (logs, pictures, explorations)
// goes through here, so they fail alike, with one line naming the file.
class AtomicFile
{
public:
    // `write` fills the device and says whether every byte was taken. The flush is checked before the commit:
    // QSaveFile::commit() does not notice a flush that failed, and would replace the old file with part of a new one.
    static bool write(const QString &path, const std::function<bool(QIODevice &)> &write, QString *error);
};

} // namespace SupervisorLab
