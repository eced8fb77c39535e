#pragma once

#include <QString>
#include <QStringView>

// A program's last lines of output (LifecycleEvent::output) as the window shows them: always as plain text, whatever
// the program wrote. Terminal control sequences (colours, cursor moves), carriage returns, bells and the other
// control characters are taken out, and so are the characters that reorder text (bidirectional overrides), so that
// what is shown is what was written, read left to right. The engine already bounds the lines and their length.
namespace SupervisorLab::ProgramOutput {

// The whole output, cleaned, each line ending in a newline as it came.
QString readable(QStringView output);
// Its last `lines` lines for a tooltip, each indented by two spaces and cut at `width` characters, after a line
// saying how many earlier ones are left out; empty if the program wrote nothing.
QString tail(QStringView output, int lines, int width);

} // namespace SupervisorLab::ProgramOutput
