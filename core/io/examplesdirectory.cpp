#include "io/examplesdirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ExamplesDirectory::path()
{
    QStringList candidates;
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + u"/../share/supervisor-lab/examples"_s;
    candidates << QStringLiteral(SUPERVISORLAB_SOURCE_EXAMPLES);
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate + u"/flaky-service.sh"_s).isFile())
            return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    }
    return {};
}

} // namespace SupervisorLab
