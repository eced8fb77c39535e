#pragma once

#include "statecolors.h"

#include <QPainter>
#include <QRectF>

namespace SupervisorLab {

// The marks of the timeline, drawn the same way on the lanes and in the legend: a state is recognised by
// its shape as well as its colour, so error, exception and hang failures differ even to colour-blind eyes.
namespace TimelineGlyphs {

// Draws the mark of `state` centred in `box` (markers), or filling it (bars, gaps, bands).
void paint(QPainter &painter, StateColor state, const QRectF &box, const QPalette &palette);
// Fills a restart gap: a light wash with hatching, visibly unlike a running bar.
void paintGap(QPainter &painter, const QRectF &box, const QPalette &palette);
// The same wash and hatching as one tiled brush: a raster painter fills a gap with it in one go, where
// paintGap() takes two fills and builds the hatching's texture for each.
QBrush gapBrush(const QPalette &palette);
// Goes over a running bar where a hung worker had already fallen silent: the bar fades under the hang's hatching.
void paintSilent(QPainter &painter, const QRectF &box, const QPalette &palette);
// The text colour that reads on top of `fill`.
QColor textOn(const QColor &fill);

} // namespace TimelineGlyphs

} // namespace SupervisorLab
