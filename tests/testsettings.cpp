#include "testsettings.h"

namespace SupervisorLab {

SupervisorConfig withSettings(SupervisorConfig config, const QStringList &settings)
{
    for (const QString &setting : settings) {
        const QString key = setting.section(u'=', 0, 0);
        const QString error = config.setValue(key, setting.section(u'=', 1));
        if (!error.isEmpty())
            qFatal("bad test setting %s: %s", qPrintable(setting), qPrintable(error));
    }
    return config;
}

} // namespace SupervisorLab
