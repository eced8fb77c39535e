#pragma once

namespace SupervisorLab {

// How long a test waits for something that must happen. It is reached only when something is wrong, so it is
// generous: a slow machine, loaded by other work, under the sanitizers, still gets there long before it. No test
// bounds how long something takes.
constexpr int kPatienceMs = 120'000;

} // namespace SupervisorLab
