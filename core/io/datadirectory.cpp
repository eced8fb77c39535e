#include "io/examplesdirectory.h"

#include "io/installedpath.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ExamplesDirectory::path()
{
    return InstalledPath::find(
        u"share/supervisor-lab/examples"_s, QStringLiteral(SUPERVISORLAB_SOURCE_EXAMPLES), u"flaky-service.sh"_s);
}

} // namespace SupervisorLab
