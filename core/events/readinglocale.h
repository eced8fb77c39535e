#pragma once

#include <QLocale>

namespace SupervisorLab {

// How the lab writes a number for a person to read: in `locale` (the user's, by default), with its digits and decimal
// point, and without group separators, as spin boxes show numbers: "1250 ms", not "1,250 ms", so a figure reads as it
// would be typed and keeps its column's width. Files and anything parsed back use QLocale::c() instead.
QLocale readingLocale(QLocale locale = QLocale());

} // namespace SupervisorLab
