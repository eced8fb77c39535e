#pragma once

#include <QString>

namespace SupervisorLab {

// Where the lab's example programs are (resources/examples: the flaky service the real-program lesson runs):
// installed, <prefix>/share/supervisor-lab/examples beside the program's bin/; in a build tree, the sources'.
// A built-in scenario's programs start there.
class ExamplesDirectory
{
public:
    // The first of the two that holds the examples; empty if neither does.
    static QString path();
};

} // namespace SupervisorLab
