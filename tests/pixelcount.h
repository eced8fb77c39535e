#pragma once

#include <QColor>
#include <QImage>
#include <QRect>

namespace SupervisorLab {

// How many pixels of `area` have exactly `colour`: what a test of a painted picture counts.
inline int countColour(const QImage &image, const QRect &area, const QColor &colour)
{
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            count += image.pixelColor(x, y).rgb() == colour.rgb();
    }
    return count;
}

} // namespace SupervisorLab
