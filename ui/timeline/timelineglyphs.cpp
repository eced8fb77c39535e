#include "timeline/timelineglyphs.h"

#include <QPainterPath>
#include <QPolygonF>

namespace SupervisorLab::TimelineGlyphs {

namespace {

QPolygonF triangleDown(const QRectF &box)
{
    return QPolygonF({ box.topLeft(), box.topRight(), QPointF(box.center().x(), box.bottom()) });
}

QPolygonF diamond(const QRectF &box)
{
    const QPointF c = box.center();
    return QPolygonF({ QPointF(c.x(), box.top()), QPointF(box.right(), c.y()), QPointF(c.x(), box.bottom()),
        QPointF(box.left(), c.y()) });
}

QPolygonF octagon(const QRectF &box)
{
    const qreal dx = box.width() * 0.29;
    const qreal dy = box.height() * 0.29;
    return QPolygonF({ QPointF(box.left() + dx, box.top()), QPointF(box.right() - dx, box.top()),
        QPointF(box.right(), box.top() + dy), QPointF(box.right(), box.bottom() - dy),
        QPointF(box.right() - dx, box.bottom()), QPointF(box.left() + dx, box.bottom()),
        QPointF(box.left(), box.bottom() - dy), QPointF(box.left(), box.top() + dy) });
}

QRectF square(const QRectF &box)
{
    const qreal side = std::min(box.width(), box.height());
    return { box.center().x() - side / 2, box.center().y() - side / 2, side, side };
}

} // namespace

QColor textOn(const QColor &fill)
{
    return fill.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}

void paintGap(QPainter &painter, const QRectF &box, const QPalette &palette)
{
    const QColor waiting = StateColors::color(StateColor::Waiting, palette);
    QColor wash = waiting;
    wash.setAlphaF(0.25f);
    painter.fillRect(box, wash);
    painter.fillRect(box, QBrush(waiting, Qt::BDiagPattern));
}

void paintSilent(QPainter &painter, const QRectF &box, const QPalette &palette)
{
    QColor fade = palette.color(QPalette::Base);
    fade.setAlphaF(0.55f);
    painter.fillRect(box, fade);
    painter.fillRect(box, QBrush(StateColors::color(StateColor::FailedHang, palette), Qt::FDiagPattern));
}

QBrush gapBrush(const QPalette &palette)
{
    // Qt's hatch patterns repeat every 8 pixels from the brush origin, and so does a texture.
    QImage tile(8, 8, QImage::Format_ARGB32_Premultiplied);
    tile.fill(Qt::transparent);
    QPainter painter(&tile);
    paintGap(painter, tile.rect(), palette);
    painter.end();
    return QBrush(tile);
}

void paint(QPainter &painter, StateColor state, const QRectF &box, const QPalette &palette)
{
    const QColor color = StateColors::color(state, palette);
    const QRectF mark = square(box);
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    switch (state) {
    case StateColor::Running:
    case StateColor::Stopping:
    case StateColor::CircuitOpen:
    case StateColor::IntensityWindow:
        painter.fillRect(box, color);
        break;
    case StateColor::Waiting:
        paintGap(painter, box, palette);
        break;
    case StateColor::Completed:
        painter.fillRect(QRectF(mark.center().x() - 1.5, box.top(), 3, box.height()), color);
        break;
    case StateColor::FailedError:
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawPolygon(triangleDown(mark));
        break;
    case StateColor::FailedException:
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawPolygon(diamond(mark));
        break;
    case StateColor::FailedHang: {
        // An hourglass: the worker stopped making progress.
        painter.setRenderHint(QPainter::Antialiasing);
        const QPointF c = mark.center();
        painter.drawPolygon(QPolygonF({ mark.topLeft(), mark.topRight(), c }));
        painter.drawPolygon(QPolygonF({ mark.bottomLeft(), mark.bottomRight(), c }));
        break;
    }
    case StateColor::FailedDependency:
        // Pointing up: the failure came from above the worker, from what it depends on.
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawPolygon(
            QPolygonF({ mark.bottomLeft(), mark.bottomRight(), QPointF(mark.center().x(), mark.top()) }));
        break;
    case StateColor::FailedOverloaded: {
        // A no-entry sign: turned away at the door.
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF disc = mark.adjusted(1, 1, -1, -1);
        painter.drawEllipse(disc);
        painter.fillRect(QRectF(disc.left() + disc.width() * 0.2, disc.center().y() - disc.height() * 0.12,
                             disc.width() * 0.6, disc.height() * 0.24),
            textOn(color));
        break;
    }
    case StateColor::DependencyDown:
        painter.fillRect(box, color);
        painter.fillRect(box, QBrush(textOn(color), Qt::FDiagPattern));
        break;
    case StateColor::Stopped:
        painter.drawRect(mark.adjusted(1, 1, -1, -1));
        break;
    case StateColor::Abandoned: {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(color, std::max(2.0, mark.width() / 4), Qt::SolidLine, Qt::RoundCap));
        const QRectF cross = mark.adjusted(1, 1, -1, -1);
        painter.drawLine(cross.topLeft(), cross.bottomRight());
        painter.drawLine(cross.topRight(), cross.bottomLeft());
        break;
    }
    case StateColor::GaveUp:
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawPolygon(octagon(mark));
        painter.setPen(QPen(textOn(color), std::max(1.5, mark.width() / 6)));
        painter.drawLine(QPointF(mark.left() + mark.width() * 0.3, mark.center().y()),
            QPointF(mark.right() - mark.width() * 0.3, mark.center().y()));
        break;
    case StateColor::ConfigChanged:
        painter.setRenderHint(QPainter::Antialiasing);
        painter.drawEllipse(mark.adjusted(1, 1, -1, -1));
        break;
    }
    painter.restore();
}

} // namespace SupervisorLab::TimelineGlyphs
