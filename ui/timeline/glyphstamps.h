#pragma once

#include "statecolors.h"

#include <QPalette>
#include <QPixmap>

#include <map>
#include <tuple>

class QPainter;
class QRectF;

namespace SupervisorLab {

// The timeline's marks drawn once into small pixmaps and stamped from there: a dense stretch of a run holds
// thousands of failure marks per frame, and copying a pixmap costs a fraction of rasterising an antialiased
// polygon. A stamp lands on whole pixels horizontally, so it may sit up to half a pixel from where the glyph
// itself would be drawn. For raster painting; vector output (SVG) draws TimelineGlyphs itself.
class GlyphStamps
{
public:
    GlyphStamps(const QPalette &palette, qreal devicePixelRatio);

    // What TimelineGlyphs::paint() draws for `state` in `box`.
    void paint(QPainter &painter, StateColor state, const QRectF &box);

private:
    using Key = std::tuple<StateColor, int, int, int>; // state, width and height in pixels, height's quarter pixel

    QPalette m_palette;
    qreal m_devicePixelRatio;
    std::map<Key, QPixmap> m_stamps;
};

} // namespace SupervisorLab
