#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace SupervisorLab {

class EventLog;

// Checks the invariants every run's log must keep (see the README, "The event log", last paragraph).
class LogInvariants
{
    Q_DECLARE_TR_FUNCTIONS(LogInvariants)

public:
    // Returns one line per broken rule, naming the event (0-based index) where it broke; empty if all hold.
    static QStringList check(const EventLog &log);
};

} // namespace SupervisorLab
