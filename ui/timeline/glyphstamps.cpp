#include "timeline/glyphstamps.h"

#include "timeline/timelineglyphs.h"

#include <QPainter>

#include <cmath>

namespace SupervisorLab {

namespace {
constexpr int kMarginPx = 2; // room for antialiased and stroked edges outside the box
}

GlyphStamps::GlyphStamps(const QPalette &palette, qreal devicePixelRatio)
    : m_palette(palette)
    , m_devicePixelRatio(devicePixelRatio)
{
}

void GlyphStamps::paint(QPainter &painter, StateColor state, const QRectF &box)
{
    const double left = std::round(box.left());
    const double top = std::floor(box.top());
    // The vertical fraction is kept (lanes put marks on half pixels); the horizontal one is not, or every
    // position would need its own stamp.
    const int topQuarter = int(std::lround((box.top() - top) * 4)) % 4;
    const Key key { state, int(std::ceil(box.width())), int(std::ceil(box.height())), topQuarter };
    auto stamp = m_stamps.find(key);
    if (stamp == m_stamps.end()) {
        const QSize size(std::get<1>(key) + 2 * kMarginPx, std::get<2>(key) + 2 * kMarginPx + 1);
        QPixmap pixmap(size * m_devicePixelRatio);
        pixmap.setDevicePixelRatio(m_devicePixelRatio);
        pixmap.fill(Qt::transparent);
        QPainter stampPainter(&pixmap);
        TimelineGlyphs::paint(
            stampPainter, state, QRectF(kMarginPx, kMarginPx + topQuarter / 4.0, box.width(), box.height()), m_palette);
        stampPainter.end();
        stamp = m_stamps.emplace(key, pixmap).first;
    }
    painter.drawPixmap(QPointF(left - kMarginPx, top - kMarginPx), stamp->second);
}

} // namespace SupervisorLab
