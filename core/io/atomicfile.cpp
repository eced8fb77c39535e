#include "io/atomicfile.h"

#include "io/regularfile.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// Why the system would not take the file's bytes ("No space left on device", "File too large"), or nothing if it
// cannot tell. Qt forgets the system's reason when a write stops partway, so one more byte at the end of the
// temporary file, which is discarded anyway, asks the system again.
QString systemReason(QSaveFile &file)
{
    const QString said = file.error() == QFileDevice::NoError ? QString() : file.errorString();
    if (!said.isEmpty() && said != u"Unknown error")
        return said;
    const int handle = file.handle();
    if (handle < 0 || ::lseek(handle, 0, SEEK_END) < 0)
        return {};
    if (::write(handle, "", 1) < 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    return {};
}

} // namespace

bool AtomicFile::write(const QString &path, const std::function<bool(QIODevice &)> &write, QString *error)
{
    if (const QString problem = RegularFile::problemWithOutput(path); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QCoreApplication::translate("AtomicFile", "%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    if (write(file) && file.flush() && file.commit())
        return true;
    if (error) {
        const QString reason = systemReason(file);
        *error = reason.isEmpty() ? QCoreApplication::translate("AtomicFile", "%1: write failed").arg(path)
                                  : QCoreApplication::translate("AtomicFile", "%1: write failed: %2").arg(path, reason);
    }
    file.cancelWriting();
    return false;
}

} // namespace SupervisorLab
