#pragma once

class QCoreApplication;

namespace SupervisorLab {

// The languages the program speaks: the lab's words and Qt's own in the user's language, over the English plural
// forms ("1 restart", "2 restarts"); with SUPERVISOR_LAB_PSEUDO_LOCALE=1, the pseudo-locale instead, which shows
// what escapes translation and which layouts break when words grow.
class Translations
{
public:
    static void install(QCoreApplication *application);
};

} // namespace SupervisorLab
