#include "atomicfile.h"

#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

bool AtomicFile::write(const QString &path, const std::function<bool(QIODevice &)> &write, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = u"%1: cannot write: %2"_s.arg(path, file.errorString());
        return false;
    }
    if (write(file) && file.flush() && file.commit())
        return true;
    if (error)
        *error = u"%1: write failed: %2"_s.arg(path, file.errorString());
    file.cancelWriting();
    return false;
}

} // namespace SupervisorLab
