#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace SupervisorLab {

// The colour of each policy of an exploration, the same in its table header, its results, its seeds and its
// distribution. Hues are fixed per position and far from one another, so up to four policies tell apart at a
// glance and in colour-blind eyes; lightness follows the palette, as the state colours do.
struct PolicyColors
{
    static QColor color(int policy, const QPalette &palette);
    // A light wash of the colour for cells that stand out, readable under text on either theme.
    static QColor tint(int policy, const QPalette &palette);
    // A small square of the colour, for headers and choosers.
    static QIcon swatch(int policy, const QPalette &palette);
};

} // namespace SupervisorLab
