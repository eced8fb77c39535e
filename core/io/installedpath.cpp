#include "io/installedpath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString InstalledPath::find(const QString &underPrefix, const QString &inSources, const QString &probe)
{
    QStringList candidates;
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + u"/../"_s + underPrefix;
    candidates << inSources;
    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo found(probe.isEmpty() ? candidate : candidate + u'/' + probe);
        if (found.exists() && (probe.isEmpty() || found.isFile()))
            return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    }
    return {};
}

} // namespace SupervisorLab
