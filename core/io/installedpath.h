#pragma once

#include <QString>

namespace SupervisorLab {

// Where a file the lab ships with is: installed, under the prefix the program's bin/ is in; run from a build tree, in
// the sources it was built from. One rule for every such file (the examples, the manual).
class InstalledPath
{
public:
    // The first of <prefix>/`underPrefix` and `inSources` that exists (and, given a `probe`, holds that file inside
    // it), as an absolute clean path; empty if neither does.
    static QString find(const QString &underPrefix, const QString &inSources, const QString &probe = {});
};

} // namespace SupervisorLab
