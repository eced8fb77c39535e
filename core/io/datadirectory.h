#pragma once

#include <QString>

namespace SupervisorLab {

// The folders of data the lab ships with: installed, <prefix>/share/supervisor-lab/<folder>; run from a build tree,
// the sources' resources/<folder>. Empty when neither holds the folder's marker file.
class DataDirectory
{
public:
    static QString scenarios();
    static QString explorations();
    // The example programs the built-in lessons run.
    static QString examples();
};

} // namespace SupervisorLab
