#include "translations.h"

#include "pseudotranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

void Translations::install(QCoreApplication *application)
{
    if (qEnvironmentVariableIntValue("SUPERVISOR_LAB_PSEUDO_LOCALE") == 1) {
        application->installTranslator(new PseudoTranslator(application));
        return;
    }
    // Installed first, asked last: the English plural forms answer whatever the user's language leaves open.
    const auto installIfFound = [application](bool found, QTranslator *translator) {
        if (found)
            application->installTranslator(translator);
        else
            delete translator;
    };
    auto *english = new QTranslator(application);
    installIfFound(english->load(u":/i18n/supervisor-lab_en.qm"_s), english);
    const QLocale locale;
    auto *qt = new QTranslator(application);
    installIfFound(qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)), qt);
    auto *lab = new QTranslator(application);
    installIfFound(lab->load(locale, u"supervisor-lab"_s, u"_"_s, u":/i18n"_s), lab);
}

} // namespace SupervisorLab
