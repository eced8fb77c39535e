#include "io/datadirectory.h"

#include "io/installedpath.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QString find(const QString &folder, const QString &marker)
{
    return InstalledPath::find(
        u"share/supervisor-lab/"_s + folder, QStringLiteral(SUPERVISORLAB_SOURCE_RESOURCES) + u'/' + folder, marker);
}

} // namespace

QString DataDirectory::scenarios()
{
    return find(u"scenarios"_s, u"seed.json"_s);
}

QString DataDirectory::explorations()
{
    return find(u"explorations"_s, u"outages.json"_s);
}

QString DataDirectory::examples()
{
    return find(u"examples"_s, u"flaky-service.sh"_s);
}

} // namespace SupervisorLab
