#include "events/readinglocale.h"

namespace SupervisorLab {

QLocale readingLocale(QLocale locale)
{
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator);
    return locale;
}

} // namespace SupervisorLab
