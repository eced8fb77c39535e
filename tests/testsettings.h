#pragma once

#include "policy/supervisorconfig.h"

#include <QStringList>

namespace SupervisorLab {

// Applies "key=value" settings to `config`; a setting the config refuses aborts the test program, since it is
// a mistake in the test, not a finding.
SupervisorConfig withSettings(SupervisorConfig config, const QStringList &settings);

} // namespace SupervisorLab
