#pragma once

#include <QString>
#include <QStringView>

namespace SupervisorLab {

// `text` with its line breaks and other control characters written as escapes (\n, \t, \u0001): an error message
// may quote what a user typed or a file held, and must still be one line.
QString onOneLine(QStringView text);

// A value a user gave, as an error message quotes it: on one line, and at most `limit` characters long (a longer
// one is cut with "…" and says how long it was), so that a 100 KB value cannot flood the message.
constexpr qsizetype kEchoedCharacters = 60;
QString echoed(QStringView text, qsizetype limit = kEchoedCharacters);

} // namespace SupervisorLab
